package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
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
		return fmt.Sprintf("%d\t%s\t%s\t%s", c.ID, c.DisplayName(), c.Email, c.Phone)
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
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	seq := client.Tickets.All(ctx, &syncro.TicketListOptions{Status: *status, CustomerID: *customer})
	if *asJSON {
		return listJSON(e.stdout, seq)
	}
	return listTable(e.stdout, seq, "ID\tNUMBER\tSTATUS\tORGANIZATION\tSUBJECT", func(t *syncro.Ticket) string {
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s", t.ID, t.Number, t.Status, t.CustomerName(), oneLine(t.Subject))
	})
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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func portalLinks(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("portal links", e)
	customer := fs.Int64("customer", 0, "the organization `ID` (required)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	if *customer <= 0 {
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
	fmt.Fprintf(e.stdout, "organization:   %s (%d)\n", links.Organization, c.ID)
	fmt.Fprintf(e.stdout, "login page:     %s\n", links.Login)
	if links.Portal != "" {
		fmt.Fprintf(e.stdout, "portal link:    %s\n", links.Portal)
	} else {
		fmt.Fprintf(e.stdout, "portal link:    none (%s)\n", links.PortalError)
	}
	fmt.Fprintf(e.stdout, "embed (HTML):   %s\n", links.LoginLink)
	return exitOK, nil
}

func check(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("check", e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage, err
	}
	required := make([]syncro.Permission, len(pos))
	for i, p := range pos {
		required[i] = syncro.Permission(p)
	}
	client, done, err := connect(e)
	if err != nil {
		return exitUsage, err
	}
	defer done()
	me, err := client.Users.CheckToken(ctx, required...)
	var ce *syncro.ConnectionError
	if err != nil && !errors.As(err, &ce) {
		var ve *syncro.ValidationError
		if errors.As(err, &ve) {
			return exitUsage, &usageError{err.Error()}
		}
		return exitFailed, err
	}
	if err != nil {
		fmt.Fprintf(e.stdout, "FAILED: %v\n", err)
		return exitFailed, nil
	}
	fmt.Fprintf(e.stdout, "OK: %s.syncromsp.com, token of %s <%s>", me.Subdomain, me.UserName, me.UserEmail)
	if me.Admin {
		fmt.Fprint(e.stdout, " (admin)")
	}
	fmt.Fprintln(e.stdout)
	for _, p := range required {
		fmt.Fprintf(e.stdout, "  granted: %s (%s)\n", p, p.Describe())
	}
	return exitOK, nil
}
