package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// commandHelp is what `syncro help COMMAND` and `syncro COMMAND --help`
// print besides the flags.
type commandHelp struct {
	args     string   // what follows the command name: "FILE [flags]"
	about    string   // what the command does, in a few lines
	examples []string // command lines, each with a comment
	exits    string   // what the exit codes mean for this command
}

const (
	exitsDefault = "0 done; 1 Syncro refused or failed the work (the message says why); 2 wrong usage"
	exitsImport  = "0 every row done; 1 some rows failed or their outcome is unknown (see the report); 2 wrong usage, or a file that cannot be used (nothing was sent)"
)

// commandGroups are the first words of two-word commands: `syncro contacts`
// alone lists the contacts commands.
func commandGroups() map[string]string {
	return map[string]string{
		"contacts":  "end users (Syncro's contacts): CSV export and import",
		"customers": "organizations (Syncro's customers): CSV export and import, listing",
		"tickets":   "tickets: listing",
		"portal":    "End User Portal links",
	}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

// printUsage prints the list of commands.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "syncro works with a Syncro MSP account from the shell.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: syncro <command> [arguments] [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `syncro help <command>` or `syncro <command> --help` for a command's arguments, flags and examples.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Credentials: SYNCRO_SUBDOMAIN (just the subdomain: acme for acme.syncromsp.com) and")
	fmt.Fprintln(w, "SYNCRO_API_TOKEN (Admin > API - API Tokens), or SYNCRO_BASE_URL and SYNCRO_API_TOKEN for a")
	fmt.Fprintln(w, "fake server. With none set, commands use a built-in demo account held in memory, new on every run.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit codes: 0 success; 1 some rows failed, or Syncro refused or failed the work;")
	fmt.Fprintln(w, "2 wrong usage or an unusable input file (nothing was sent).")
}

// printGroup prints the commands that start with group.
func printGroup(w io.Writer, group string) {
	fmt.Fprintf(w, "syncro %s: %s\n\n", group, commandGroups()[group])
	fmt.Fprintf(w, "usage: syncro %s <command> [arguments] [flags]\n\n", group)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(w, "  %-18s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintf(w, "\nRun `syncro %s <command> --help` for its arguments, flags and examples.\n", group)
}

// printCommandHelp prints one command's help; fs holds its flags (nil for
// a command without flags).
func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	h := c.help
	fmt.Fprintf(w, "usage: syncro %s %s\n\n", c.name, h.args)
	fmt.Fprintln(w, strings.TrimSpace(h.about))
	if fs != nil {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n == 0 {
			fmt.Fprintln(w, "\nFlags: none.")
		} else {
			fmt.Fprintln(w, "\nFlags:")
			out := fs.Output()
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(out)
		}
	}
	if len(h.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, ex := range h.examples {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
	exits := h.exits
	if exits == "" {
		exits = exitsDefault
	}
	fmt.Fprintf(w, "\nExit codes: %s.\n", exits)
}

// version is the module version the binary was built from: a tag for
// `go install ...@v1.2.3`, else "(devel)" with the commit when known.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" && v == "(devel)" {
		v += fmt.Sprintf(" (commit %.12s%s)", rev, dirty)
	}
	return fmt.Sprintf("syncro %s, %s", v, bi.GoVersion)
}
