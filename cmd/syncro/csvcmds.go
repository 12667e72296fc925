package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/csvio"
)

func contactsExport(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("contacts export", e)
	customer := fs.Int64("customer", 0, "export only the end users of this organization `ID`")
	out := fs.String("o", "", "output `FILE` (- for standard output); default <account id or business name>_<date>_<time>.csv")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	if err := checkID("--customer", *customer); err != nil {
		return exitUsage, err
	}
	if err := checkOutput(*out); err != nil {
		return exitUsage, err
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	prefix := ""
	if *customer > 0 {
		c, err := client.Customers.Get(ctx, *customer)
		if err != nil {
			return exitFailed, err
		}
		prefix = c.DisplayName()
	} else if *out == "" {
		if prefix, err = accountPrefix(ctx, client); err != nil {
			return exitFailed, err
		}
	}
	return export(ctx, e, *out, prefix, "end users", func(w io.Writer, progress func(int)) (int, error) {
		return csvio.ExportContacts(ctx, client, w, &csvio.ExportOptions{CustomerID: *customer, Progress: progress})
	})
}

func customersExport(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("customers export", e)
	out := fs.String("o", "", "output `FILE` (- for standard output); default <account id>_<date>_<time>.csv")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	if err := checkOutput(*out); err != nil {
		return exitUsage, err
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	prefix := ""
	if *out == "" {
		if prefix, err = accountPrefix(ctx, client); err != nil {
			return exitFailed, err
		}
	}
	return export(ctx, e, *out, prefix, "organizations", func(w io.Writer, progress func(int)) (int, error) {
		return csvio.ExportCustomers(ctx, client, w, &csvio.ExportOptions{Progress: progress})
	})
}

// export writes an export to standard output, or to a file that appears
// only once complete.
func export(ctx context.Context, e *env, out, prefix, what string, write func(io.Writer, func(int)) (int, error)) (int, error) {
	p := newProgress(e, "exporting "+what, 0)
	var n int
	var err error
	switch out {
	case "-":
		n, err = write(e.stdout, p.update)
	default:
		if out == "" {
			if out, err = unusedName(csvio.FileName(prefix, time.Now())); err != nil {
				return exitFailed, err
			}
		}
		err = csvio.WriteFileAtomic(out, func(w io.Writer) error {
			var werr error
			n, werr = write(w, p.update)
			return werr
		})
	}
	p.finish()
	if err != nil {
		switch {
		case ctx.Err() != nil && out == "-":
			return exitFailed, fmt.Errorf("stopped: the output is incomplete, %s written before the stop (%w)", count(n, what), ctx.Err())
		case ctx.Err() != nil:
			return exitFailed, fmt.Errorf("stopped: nothing was written (%w)", ctx.Err())
		}
		return exitFailed, err
	}
	if out != "-" {
		fmt.Fprintf(e.stderr, "wrote %s to %s\n", count(n, what), out)
	}
	return exitOK, nil
}

// count says "1 end user", "2 end users", "1 organization": what is the
// plural noun.
func count(n int, what string) string {
	if n == 1 {
		return "1 " + strings.TrimSuffix(what, "s")
	}
	return fmt.Sprintf("%d %s", n, what)
}

// checkOutput refuses an -o that is not a file to write: a directory, a
// device or a named pipe (- is standard output). It runs before any
// request.
func checkOutput(out string) error {
	if out == "" || out == "-" {
		return nil
	}
	st, err := os.Stat(out)
	if err != nil || st.Mode().IsRegular() {
		return nil // a new file, or one to replace
	}
	kind := "not a plain file"
	switch m := st.Mode(); {
	case m.IsDir():
		kind = "a directory"
	case m&os.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&os.ModeDevice != 0:
		kind = "a device"
	}
	return usagef("-o %s is %s: give the name of a file to write, or -o - for standard output", out, kind)
}

// unusedName returns name, or when a file of that name exists (two exports
// within one second: contacts then customers in a script), the first of
// name_2.csv, name_3.csv, ... that does not: a default name never replaces
// an earlier export. A directory it cannot look into is an error.
func unusedName(name string) (string, error) {
	base := strings.TrimSuffix(name, ".csv")
	for i := 2; i < 1000; i++ {
		_, err := os.Lstat(name)
		if errors.Is(err, os.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", fmt.Errorf("cannot choose a file name: %w; give one with -o FILE, or run in a directory you may write to", err)
		}
		name = fmt.Sprintf("%s_%d.csv", base, i)
	}
	return "", fmt.Errorf("cannot choose a file name: %s and 998 numbered names exist; give one with -o FILE", name)
}

// accountPrefix names an export after the account: the account id Syncro
// gives end users, else the subdomain. It costs one small request.
func accountPrefix(ctx context.Context, client *syncro.Client) (string, error) {
	p, err := client.Contacts.List(ctx, &syncro.ContactListOptions{ListOptions: syncro.ListOptions{Page: 1, PerPage: 1}})
	if err != nil {
		return "", err
	}
	if len(p.Items) > 0 && p.Items[0].AccountID > 0 {
		return fmt.Sprint(p.Items[0].AccountID), nil
	}
	if u, err := url.Parse(client.BaseURL()); err == nil && net.ParseIP(u.Hostname()) == nil && u.Hostname() != "localhost" {
		host, _, _ := strings.Cut(u.Hostname(), ".")
		return host, nil // the subdomain
	}
	return "export", nil
}

// importFlags are the flags both imports take.
type importFlags struct {
	file       string
	dryRun     bool
	report     string
	matchEmail bool
	allowDup   bool
}

func parseImportFlags(name string, e *env, args []string) (*importFlags, error) {
	fs := newFlags(name, e)
	f := &importFlags{}
	fs.BoolVar(&f.dryRun, "dry-run", false, "plan only: print what would be done as a report on standard output, change nothing")
	fs.StringVar(&f.report, "report", "", "results report `FILE`; default FILE's name with .results.csv. Re-running with the same report creates nobody twice")
	fs.BoolVar(&f.matchEmail, "match-email", false, "update the record whose email (or, for organizations, phone) matches a row without an id, instead of refusing the row as a likely duplicate")
	fs.BoolVar(&f.allowDup, "allow-duplicates", false, "create a row without an id even when a record of the same name exists, or when a re-run cannot prove whether an earlier run's lost create happened")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, usagef("give exactly one CSV file to import")
	}
	f.file = pos[0]
	if f.report == "" {
		f.report = strings.TrimSuffix(f.file, filepath.Ext(f.file)) + ".results.csv"
	}
	return f, nil
}

func contactsImport(ctx context.Context, e *env, args []string) (int, error) {
	f, err := parseImportFlags("contacts import", e, args)
	if err != nil {
		return exitUsage, err
	}
	return runImport(ctx, e, f, csvio.ContactTemplate, csvio.ReadContacts, csvio.PlanContacts)
}

func customersImport(ctx context.Context, e *env, args []string) (int, error) {
	f, err := parseImportFlags("customers import", e, args)
	if err != nil {
		return exitUsage, err
	}
	return runImport(ctx, e, f, csvio.CustomerTemplate, csvio.ReadCustomers, csvio.PlanCustomers)
}

// runImport reads, plans and carries out an import, keeping the results
// report as a journal so that a re-run creates nobody twice. The whole file
// is read and checked first: a file that cannot be used (a wrong header, a
// broken quote) costs no request and leaves no report behind.
func runImport[R any](ctx context.Context, e *env, f *importFlags, t csvio.Template,
	read func(io.Reader) ([]R, error),
	plan func(context.Context, *syncro.Client, []R, *csvio.PlanOptions) (*csvio.Plan, error)) (int, error) {
	in, err := os.Open(f.file)
	if err != nil {
		return exitUsage, &inputError{err}
	}
	rows, err := read(in)
	_ = in.Close()
	if err != nil {
		return exitUsage, fileError(f.file, err)
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()

	opts := &csvio.PlanOptions{MatchEmail: f.matchEmail, AllowDuplicates: f.allowDup}
	var report *csvio.ReportWriter
	if f.dryRun {
		if opts.Previous, err = readReportIfAny(f.report); err != nil {
			return exitUsage, &inputError{err}
		}
		if opts.Previous.Len() > 0 && e.demo {
			demoRerunNote(e)
		}
		if in := opts.Previous; in != nil && in.Input != "" && in.Input != filepath.Base(f.file) {
			return exitUsage, usagef("%s is the report of importing %s, not %s: give this import its own report (--report)", f.report, in.Input, filepath.Base(f.file))
		}
		if report, err = csvio.NewReportWriter(e.stdout, t); err != nil {
			return exitFailed, err
		}
	} else {
		prev, rw, err := csvio.OpenReport(f.report, t, csvio.ForInput(f.file))
		if err != nil {
			return exitUsage, &inputError{err}
		}
		opts.Previous, report = prev, rw
		defer func() {
			if err := rw.Close(); err != nil {
				e.errorf("closing the report %s: %v", f.report, err)
			}
		}()
		if prev.Len() > 0 {
			fmt.Fprintf(e.stderr, "re-run: %s records an earlier run of %s; what it created is updated, not created again\n", f.report, count(prev.Len(), "lines"))
			if e.demo {
				demoRerunNote(e)
			}
		}
	}

	planning := newProgress(e, "planning", 0)
	planning.unit = "requests"
	opts.Progress = func(done, total int) {
		planning.total = total
		planning.update(done)
	}
	p, err := plan(ctx, client, rows, opts)
	planning.finish()
	if err != nil {
		return exitFailed, err
	}
	fmt.Fprintf(e.stderr, "plan: %d to create, %d to update, %d unchanged, %d empty rows skipped, %d refused\n",
		p.Count(csvio.ActionCreate), p.Count(csvio.ActionUpdate), p.Count(csvio.ActionUnchanged), p.Count(csvio.ActionSkip), p.Count(csvio.ActionError))

	prog := newProgress(e, "importing", len(p.Items))
	// sends[i] is how many of the first i rows send a request: only those
	// take time, so only they count for the time left.
	sends := make([]int, len(p.Items)+1)
	for i, it := range p.Items {
		sends[i+1] = sends[i]
		if !f.dryRun && (it.Action == csvio.ActionCreate || it.Action == csvio.ActionUpdate) {
			sends[i+1]++
		}
	}
	prog.weighed, prog.work = true, sends[len(p.Items)]
	sum, err := csvio.Execute(ctx, client, p, &csvio.ExecOptions{DryRun: f.dryRun, Report: report, Progress: func(done, _ int) {
		prog.workDone = sends[done]
		prog.update(done)
	}})
	prog.finish()
	if f.dryRun {
		fmt.Fprintf(e.stderr, "dry run: would create %d, would update %d, unchanged %d, skipped %d, refused %d; nothing was changed\n",
			sum.WouldCreate, sum.WouldUpdate, sum.Unchanged, sum.Skipped, sum.Failed)
	} else {
		fmt.Fprintf(e.stderr, "done: created %d, updated %d, unchanged %d, skipped %d, failed %d, unknown %d; report: %s\n",
			sum.Created, sum.Updated, sum.Unchanged, sum.Skipped, sum.Failed, sum.Unknown, f.report)
	}
	if err != nil {
		return exitFailed, err
	}
	if !sum.OK() {
		return exitFailed, nil
	}
	return exitOK, nil
}

// fileError explains a file that cannot be imported. A file of the other
// template names the command that imports it.
func fileError(file string, err error) error {
	var he *csvio.HeaderError
	if errors.As(err, &he) && he.Other != "" {
		cmd := "contacts import"
		if he.Other == csvio.CustomerTemplate {
			cmd = "customers import"
		}
		return &inputError{fmt.Errorf("%s is a file of %ss (its header is the %s template): import it with `syncro %s %s`", file, he.Other, he.Other, cmd, file)}
	}
	return &inputError{fmt.Errorf("%s: %w", file, err)}
}

// demoRerunNote explains, in the built-in demo account, why the rows an
// earlier run created are gone.
func demoRerunNote(e *env) {
	fmt.Fprintln(e.stderr, "syncro: note: the built-in demo account is new on every run, so what the earlier run created is gone")
	fmt.Fprintln(e.stderr, "  and its rows cannot be found again. For an account that lasts between runs, start `syncro fake-server`")
	fmt.Fprintln(e.stderr, "  in another terminal and export the SYNCRO_BASE_URL and SYNCRO_API_TOKEN it prints.")
}

func readReportIfAny(path string) (*csvio.Report, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csvio.ReadReport(f)
}

// noPositional parses flags for a command that takes no arguments.
func noPositional(fs *flag.FlagSet, args []string) error {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}
