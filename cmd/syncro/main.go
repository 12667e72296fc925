// Command syncro works with a Syncro MSP account from the shell: end-user
// and organization CSV import and export, listings, End User Portal links,
// a token check, and a fake Syncro server for tools that are not written in
// Go.
//
// Credentials come from SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN, or
// SYNCRO_BASE_URL and SYNCRO_API_TOKEN for a fake server. With none set, the
// commands run against a built-in demo account held in memory, and say so.
//
// Every command has help: syncro help COMMAND, or syncro COMMAND --help.
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
	// demo is set by connect when the built-in demo account is used.
	demo bool
	// clientOptions are added to the client's options; tests use them to
	// turn off the client's pacing against a fake server.
	clientOptions []syncro.Option
}

func (e *env) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	// The SDK's errors start with "syncro: " too: say it once.
	msg = strings.Replace(msg, ": syncro: ", ": ", 1)
	// Messages may quote Syncro (and so email senders): escape control
	// characters, line by line.
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = termSafe(l)
	}
	fmt.Fprintln(e.stderr, "syncro: "+strings.Join(lines, "\n"))
}

// usageError marks a mistake in how the command was called (exit 2); the
// command's usage line follows its message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// inputError marks an input file that cannot be used (exit 2). The call was
// right, so no usage line follows: the message says what to fix in the file.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// command is one subcommand.
type command struct {
	name    string // "contacts export"
	summary string
	help    commandHelp
	run     func(ctx context.Context, e *env, args []string) (int, error)
}

func commands() []command {
	return []command{
		{"contacts export", "write end users as the end-user CSV template", commandHelp{
			args: "[--customer ID] [-o FILE]",
			about: `Writes every end user of the account (or of one organization) as Syncro's end-user
CSV template, ready to edit and import again. The file appears only once complete; an
interrupted export leaves no file. Without -o the file is named after the account (or the
organization) with the date and time, and never replaces an earlier export.`,
			examples: []string{
				"syncro contacts export -o contacts.csv           # every end user",
				"syncro contacts export --customer 31000001 -o -  # one organization, to standard output",
			},
		}, contactsExport},
		{"contacts import", "import an end-user CSV file", commandHelp{
			args: "FILE [--dry-run] [--report FILE] [--match-email]",
			about: `Creates and updates end users from FILE, a CSV file in Syncro's end-user template (as
contacts export writes it). The whole file is checked before anything is sent: a file
that cannot be used changes nothing. Every row's outcome goes to the results report
(FILE.results.csv unless --report says otherwise); run the same import again with the
same report and what the first run created is updated, never created twice.`,
			examples: []string{
				"syncro contacts import contacts.csv --dry-run   # see what would change",
				"syncro contacts import contacts.csv             # then do it",
			},
			exits: exitsImport,
		}, contactsImport},
		{"customers export", "write organizations as the organization CSV template", commandHelp{
			args: "[-o FILE]",
			about: `Writes every organization of the account, disabled ones included, as the organization
CSV template, ready to edit and import again. The file appears only once complete.`,
			examples: []string{"syncro customers export -o organizations.csv"},
		}, customersExport},
		{"customers import", "import an organization CSV file", commandHelp{
			args: "FILE [--dry-run] [--report FILE] [--match-email]",
			about: `Creates and updates organizations from FILE, a CSV file in the organization template
(as customers export writes it). The whole file is checked before anything is sent.
Every row's outcome goes to the results report (FILE.results.csv unless --report says
otherwise); a re-run with the same report creates nothing twice.`,
			examples: []string{
				"syncro customers import organizations.csv --dry-run",
				"syncro customers import organizations.csv --report organizations.results.csv",
			},
			exits: exitsImport,
		}, customersImport},
		{"customers list", "list organizations", commandHelp{
			args:     "[--query TEXT] [--include-disabled] [--json]",
			about:    `Lists the account's organizations: id, name, email and phone, or JSON.`,
			examples: []string{`syncro customers list --query "Acme"`, "syncro customers list --json > organizations.json"},
		}, customersList},
		{"tickets list", "list tickets", commandHelp{
			args: "[--status STATUS] [--customer ID] [--json]",
			about: `Lists tickets: id, number, status, organization and subject, or JSON. --status takes one
of the account's own statuses (the command says which exist), or "Not Closed" for every
ticket that is not Resolved or Invoiced.`,
			examples: []string{`syncro tickets list --status "Not Closed"`, "syncro tickets list --customer 31000001 --json"},
		}, ticketsList},
		{"portal links", "End User Portal links for an organization", commandHelp{
			args: "--customer ID [--json]",
			about: `Prints an organization's End User Portal links: the login page, its own portal
link, and an HTML login link to embed in a web page.`,
			examples: []string{"syncro portal links --customer 31000001"},
		}, portalLinks},
		{"check", "check the subdomain, the token and permissions", commandHelp{
			args: `["PERMISSION" ...]`,
			about: `Checks that the account answers at the subdomain and accepts the API token, and that the
token has each PERMISSION, named as Syncro's token editor shows it (Admin > API - API
Tokens > Custom Permissions), in quotes: "Tickets - Create". Syncro reports permissions
in groups, so a check of "Tickets - Create" confirms the token may create or edit
tickets. The permissions that can be checked:
  ` + permissionLines(),
			examples: []string{
				"syncro check",
				`syncro check "Customers - List/Search" "Tickets - Create"`,
			},
			exits: "0 the token works and has every PERMISSION; 1 it does not (the message says what to change); 2 wrong usage or an unknown permission",
		}, check},
		{"fake-server", "run a fake Syncro with demo data, for tools in other languages", commandHelp{
			args: "[--addr 127.0.0.1:8080] [--token TOKEN] [--orgs N] [--seed N] [--rate-limit N]",
			about: `Runs an in-memory fake Syncro (the SDK's syncrotest) on a loopback address until
interrupted, with demo data and, with --orgs, generated organizations, end users and
tickets. It prints its URL and the environment variables to use once the data is loaded.
Unlike the built-in demo account, its data lasts as long as it runs.`,
			examples: []string{
				"syncro fake-server --addr 127.0.0.1:8080",
				"syncro fake-server --orgs 1000 --rate-limit 0   # a big account, no rate limit",
			},
			exits: "0 stopped (Ctrl-C); 1 it could not listen (the address is in use); 2 wrong usage",
		}, fakeServer},
		{"version", "print the version of this program", commandHelp{
			about: "Prints the version of syncro and of Go it was built with.",
		}, versionCmd},
	}
}

func run(ctx context.Context, args []string, e *env) int {
	if f, ok := e.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			e.stderrTerm = true
		}
	}
	switch {
	case len(args) == 0:
		printUsage(e.stderr)
		return exitUsage
	case args[0] == "-h" || args[0] == "--help" || args[0] == "-help":
		printUsage(e.stdout)
		return exitOK
	case args[0] == "--version" || args[0] == "-version":
		args = []string{"version"}
	case args[0] == "help":
		return help(e, args[1:])
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) < len(words) || strings.Join(args[:len(words)], " ") != c.name {
			continue
		}
		code, err := c.run(ctx, e, args[len(words):])
		var ue *usageError
		var ie *inputError
		switch {
		case errors.As(err, &ue):
			e.errorf("%s: %v", c.name, err)
			fmt.Fprintf(e.stderr, "usage: syncro %s %s\n(run `syncro %s --help` for more)\n", c.name, c.help.args, c.name)
			return exitUsage
		case errors.As(err, &ie):
			e.errorf("%s: %v", c.name, err)
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
	if _, ok := commandGroups()[args[0]]; ok {
		if len(args) > 1 && (args[1] == "-h" || args[1] == "--help" || args[1] == "-help") {
			printGroup(e.stdout, args[0])
			return exitOK
		}
		if len(args) > 1 {
			e.errorf("unknown command %q", strings.Join(args[:2], " "))
		}
		printGroup(e.stderr, args[0])
		return exitUsage
	}
	e.errorf("unknown command %q: run `syncro --help` for the commands", args[0])
	return exitUsage
}

// help is `syncro help [COMMAND]`.
func help(e *env, args []string) int {
	name := strings.Join(args, " ")
	switch {
	case name == "" || name == "-h" || name == "--help" || name == "-help":
		printUsage(e.stdout)
		return exitOK
	case commandGroups()[name] != "":
		printGroup(e.stdout, name)
		return exitOK
	}
	c := findCommand(name)
	if c == nil {
		e.errorf("help: unknown command %q: run `syncro --help` for the commands", name)
		return exitUsage
	}
	// The command prints its own help, flags included.
	if _, err := c.run(context.Background(), e, []string{"--help"}); !errors.Is(err, flag.ErrHelp) {
		e.errorf("help: %s printed no help (%v)", name, err)
		return exitFailed
	}
	return exitOK
}

func versionCmd(_ context.Context, e *env, args []string) (int, error) {
	fs := newFlags("version", e)
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	fmt.Fprintln(e.stdout, version())
	return exitOK, nil
}

// newFlags returns a flag set that reports errors instead of exiting, and
// prints the command's whole help on standard output for -h and --help.
func newFlags(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("syncro "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors come back as usage errors
	fs.Usage = func() {
		if c := findCommand(name); c != nil {
			printCommandHelp(e.stdout, c, fs)
		}
	}
	return fs
}

// parseFlags parses flags that may come before or after the positional
// arguments ("contacts import FILE --dry-run" works), and returns the
// positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	printHelp := fs.Usage
	fs.Usage = func() {} // the flag package calls it on errors too
	defer func() { fs.Usage = printHelp }()
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp()
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
		e.demo = true
		fmt.Fprintln(e.stderr, "syncro: no credentials set (SYNCRO_SUBDOMAIN, SYNCRO_API_TOKEN): using the built-in demo account, in memory, new on every run")
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
