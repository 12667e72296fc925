// Command syncro works with a Syncro MSP account from the shell: end-user
// and organization CSV import and export, listings, End User Portal links,
// a token check, and a fake Syncro server for tools that are not written in
// Go.
//
// Credentials come from SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN, or
// SYNCRO_BASE_URL and SYNCRO_API_TOKEN for a fake server. With none set, the
// commands run against a built-in demo account held in memory, and say so.
//
// Exit codes: 0 success; 1 some rows failed (imports) or Syncro refused the
// work; 2 wrong usage or an unusable input file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/syncrokit/syncro"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // some rows failed, or Syncro refused the work
	exitUsage  = 2 // wrong usage, or an input file that cannot be used
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], &env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}))
}

// env is what a command may touch: the environment, the standard streams,
// and whether stderr is a terminal (for the progress line).
type env struct {
	getenv     func(string) string
	stdout     io.Writer
	stderr     io.Writer
	stdin      io.Reader
	stderrTerm bool
	// clientOptions are added to the client's options; tests use them to
	// turn off the client's pacing against a fake server.
	clientOptions []syncro.Option
}

func (e *env) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	// The SDK's errors start with "syncro: " too: say it once.
	msg = strings.Replace(msg, ": syncro: ", ": ", 1)
	fmt.Fprintln(e.stderr, "syncro: "+msg)
}

// usageError marks a mistake in how the command was called (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand.
type command struct {
	name    string // "contacts export"
	summary string
	run     func(ctx context.Context, e *env, args []string) (int, error)
}

func commands() []command {
	return []command{
		{"contacts export", "write end users as the end-user CSV template [--customer ID] [-o FILE]", contactsExport},
		{"contacts import", "import an end-user CSV FILE [--dry-run] [--report FILE] [--match-email]", contactsImport},
		{"customers export", "write organizations as the organization CSV template [-o FILE]", customersExport},
		{"customers import", "import an organization CSV FILE [--dry-run] [--report FILE] [--match-email]", customersImport},
		{"customers list", "list organizations [--query Q] [--json]", customersList},
		{"tickets list", "list tickets [--status S] [--customer ID] [--json]", ticketsList},
		{"portal links", "End User Portal links for an organization --customer ID [--json]", portalLinks},
		{"check", "check the subdomain, the token and (optionally) permissions like ticket.write", check},
		{"fake-server", "run a fake Syncro with demo data [--addr 127.0.0.1:8080] [--token T] [--orgs N]", fakeServer},
	}
}

func run(ctx context.Context, args []string, e *env) int {
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			e.stderrTerm = true
		}
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) < len(words) || strings.Join(args[:len(words)], " ") != c.name {
			continue
		}
		code, err := c.run(ctx, e, args[len(words):])
		var ue *usageError
		switch {
		case errors.As(err, &ue):
			e.errorf("%s: %v", c.name, err)
			fmt.Fprintf(e.stderr, "usage: syncro %s: %s\n", c.name, c.summary)
			return exitUsage
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case err != nil:
			e.errorf("%s: %v", c.name, err)
			if code == exitOK {
				code = exitFailed
			}
		}
		return code
	}
	e.errorf("unknown command %q", strings.Join(args, " "))
	printUsage(e.stderr)
	return exitUsage
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: syncro <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Credentials: SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN (or SYNCRO_BASE_URL for a fake server).")
	fmt.Fprintln(w, "With none set, commands use a built-in demo account held in memory.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 some rows failed, 2 usage or unusable input.")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("syncro "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses flags that may come before or after the positional
// arguments ("contacts import FILE --dry-run" works), and returns the
// positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// connect returns a client for the account in the environment, or for the
// built-in demo account when no credentials are set. done releases it.
func connect(e *env) (client *syncro.Client, done func(), err error) {
	sub := strings.TrimSpace(e.getenv(syncro.EnvSubdomain))
	base := strings.TrimSpace(e.getenv(syncro.EnvBaseURL))
	token := e.getenv(syncro.EnvToken)
	opts := append([]syncro.Option{syncro.WithUserAgent("syncro-cli")}, e.clientOptions...)
	if sub == "" && base == "" && strings.TrimSpace(token) == "" {
		client, done = demoClient(opts...)
		fmt.Fprintln(e.stderr, "syncro: no credentials set (SYNCRO_SUBDOMAIN, SYNCRO_API_TOKEN): using the built-in demo account, in memory")
		return client, done, nil
	}
	if strings.TrimSpace(token) == "" {
		return nil, nil, usagef("%s is not set: create a token under Admin > API - API Tokens and export it", syncro.EnvToken)
	}
	if sub == "" && base == "" {
		return nil, nil, usagef("set %s (just the subdomain, e.g. acme) or %s", syncro.EnvSubdomain, syncro.EnvBaseURL)
	}
	if base != "" {
		opts = append(opts, syncro.WithBaseURL(base))
	}
	client, err = syncro.NewClient(sub, token, opts...)
	if err != nil {
		return nil, nil, &usageError{err.Error()}
	}
	return client, func() {}, nil
}
