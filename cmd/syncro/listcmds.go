package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/syncrokit/syncro"
)

func customersList(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("customers list", e)
	query := fs.String("query", "", "search `TEXT` (names, emails, phones)")
	disabled := fs.Bool("include-disabled", false, "include disabled organizations")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	seq := client.Customers.All(ctx, &syncro.CustomerListOptions{Query: *query, IncludeDisabled: *disabled})
	if *asJSON {
		return listJSON(e.stdout, seq)
	}
	return listTable(e.stdout, seq, "ID\tNAME\tEMAIL\tPHONE", func(c *syncro.Customer) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s", c.ID, cell(c.DisplayName()), cell(c.Email), cell(c.Phone))
	})
}

func ticketsList(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("tickets list", e)
	status := fs.String("status", "", `only tickets in this `+"`STATUS`"+` ("New", "In Progress", ... or "Not Closed")`)
	customer := fs.Int64("customer", 0, "only the tickets of this organization `ID`")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	if err := checkID("--customer", *customer); err != nil {
		return exitUsage, err
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	if *status != "" {
		if *status, err = accountStatus(ctx, client, *status); err != nil {
			var ue *usageError
			if errors.As(err, &ue) {
				return exitUsage, err
			}
			return exitFailed, err
		}
	}
	seq := client.Tickets.All(ctx, &syncro.TicketListOptions{Status: *status, CustomerID: *customer})
	if *asJSON {
		return listJSON(e.stdout, seq)
	}
	return listTable(e.stdout, seq, "ID\tNUMBER\tSTATUS\tORGANIZATION\tSUBJECT", func(t *syncro.Ticket) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s", t.ID, cell(t.Number), cell(t.Status), cell(t.CustomerName()), cell(t.Subject))
	})
}

// checkID refuses a negative id given to flag: ids are positive, and 0
// means the flag was not given.
func checkID(flag string, id int64) error {
	if id < 0 {
		return usagef("%s %d: an id is a positive number, as shown by `syncro customers list`", flag, id)
	}
	return nil
}

// accountStatus checks a --status against the account's own statuses
// (GET /tickets/settings) and returns it as the account spells it, or a
// usage error that lists the statuses there are.
func accountStatus(ctx context.Context, client *syncro.Client, status string) (string, error) {
	want := strings.Join(strings.Fields(status), " ")
	if strings.EqualFold(want, syncro.StatusNotClosed) {
		return syncro.StatusNotClosed, nil
	}
	settings, err := client.Tickets.Settings(ctx)
	if errors.Is(err, syncro.ErrForbidden) {
		return want, nil // a token that may not read the settings: send the status unchecked
	}
	if err != nil {
		return "", fmt.Errorf("reading the account's ticket statuses: %w", err)
	}
	for _, s := range settings.TicketStatusList {
		if strings.EqualFold(s, want) {
			return s, nil
		}
	}
	quoted := make([]string, len(settings.TicketStatusList))
	for i, s := range settings.TicketStatusList {
		quoted[i] = fmt.Sprintf("%q", termSafe(s))
	}
	return "", usagef("--status %q: this account has no such ticket status; its statuses are %s, and %q lists every ticket that is not Resolved or Invoiced",
		termSafe(status), strings.Join(quoted, ", "), syncro.StatusNotClosed)
}

// listTable prints records as an aligned table, as they come (the header
// is held back with the first rows, so a listing that fails at once prints
// no stray header).
func listTable[T any](w io.Writer, seq iter.Seq2[T, error], header string, row func(*T) string) (int, error) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	n := 0
	for rec, err := range seq {
		if err != nil {
			if n > 0 {
				_ = tw.Flush() // the rows printed so far; a failed first page prints nothing
			}
			return exitFailed, err
		}
		fmt.Fprintln(tw, row(&rec))
		n++
		if n%100 == 0 {
			_ = tw.Flush() // keep long listings streaming
		}
	}
	return exitOK, tw.Flush()
}

// listJSON prints records as one JSON array, streamed record by record. A
// listing that fails midway still leaves valid JSON: the records printed so
// far, or nothing when the first page failed.
func listJSON[T any](w io.Writer, seq iter.Seq2[T, error]) (int, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sep := "["
	for rec, err := range seq {
		if err != nil {
			if sep != "[" {
				fmt.Fprintln(w, "]")
			}
			return exitFailed, err
		}
		fmt.Fprint(w, sep)
		sep = ","
		if err := enc.Encode(rec); err != nil {
			return exitFailed, err
		}
	}
	if sep == "[" {
		fmt.Fprint(w, "[")
	}
	fmt.Fprintln(w, "]")
	return exitOK, nil
}

// cell makes Syncro's text one table cell: on one line, without tabs, and
// safe for a terminal (see termSafe).
func cell(s string) string { return termSafe(strings.Join(strings.Fields(s), " ")) }

func portalLinks(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("portal links", e)
	customer := fs.Int64("customer", 0, "the organization `ID` (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	if err := checkID("--customer", *customer); err != nil {
		return exitUsage, err
	}
	if *customer == 0 {
		return exitUsage, usagef("--customer ID is required")
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	portal, err := client.Portal(ctx)
	if err != nil {
		return exitFailed, err
	}
	c, err := client.Customers.Get(ctx, *customer)
	if err != nil {
		return exitFailed, err
	}
	links := struct {
		Organization string `json:"organization"`
		Login        string `json:"login_url"`
		Portal       string `json:"portal_url,omitempty"`
		PortalError  string `json:"portal_error,omitempty"`
		LoginLink    string `json:"login_link_html"`
	}{Organization: c.DisplayName(), Login: portal.LoginURL(), LoginLink: string(portal.LoginLink(""))}
	if u, err := portal.CustomerURL(c); err != nil {
		links.PortalError = err.Error()
	} else {
		links.Portal = u
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return exitOK, enc.Encode(links)
	}
	fmt.Fprintf(e.stdout, "organization:   %s (%d)\n", termSafe(links.Organization), c.ID)
	fmt.Fprintf(e.stdout, "login page:     %s\n", termSafe(links.Login))
	if links.Portal != "" {
		fmt.Fprintf(e.stdout, "portal link:    %s\n", termSafe(links.Portal))
	} else {
		fmt.Fprintf(e.stdout, "portal link:    none (%s)\n", termSafe(links.PortalError))
	}
	fmt.Fprintf(e.stdout, "embed (HTML):   %s\n", termSafe(links.LoginLink))
	return exitOK, nil
}

func check(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("check", e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage, err
	}
	names := make([]string, len(pos))
	required := make([]syncro.Permission, 0, len(pos))
	for i, arg := range pos {
		name, p, err := lookupPermission(arg)
		if err != nil {
			return exitUsage, err
		}
		names[i] = name
		if !slices.Contains(required, p) {
			required = append(required, p)
		}
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	me, err := client.Users.CheckToken(ctx, required...)
	var ce *syncro.ConnectionError
	switch {
	case err == nil:
	case errors.As(err, &ce) && ce.Problem == syncro.ConnectionMissingPermissions && len(ce.Missing) > 0:
		var lacking []string
		for _, name := range names {
			if q := fmt.Sprintf("%q", name); slices.Contains(ce.Missing, editorPermissions[name]) && !slices.Contains(lacking, q) {
				lacking = append(lacking, q)
			}
		}
		fmt.Fprintf(e.stdout, "FAILED: the API token for %s works but lacks %s: an admin can add %s to the token under Admin > API - API Tokens > Custom Permissions\n",
			ce.Host, strings.Join(lacking, ", "), plural(len(lacking), "it", "them"))
		return exitFailed, nil
	case errors.As(err, &ce):
		fmt.Fprintf(e.stdout, "FAILED: %s\n", termSafe(strings.TrimPrefix(ce.Error(), "syncro: test connection: ")))
		return exitFailed, nil
	default:
		return exitFailed, err
	}
	fmt.Fprintf(e.stdout, "OK: %s.syncromsp.com, token of %s <%s>", termSafe(me.Subdomain), termSafe(me.UserName), termSafe(me.UserEmail))
	if me.Admin {
		fmt.Fprint(e.stdout, " (admin)")
	}
	fmt.Fprintln(e.stdout)
	for _, name := range names {
		fmt.Fprintf(e.stdout, "  granted: %s\n", name)
	}
	return exitOK, nil
}

// plural picks the word for n things.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
