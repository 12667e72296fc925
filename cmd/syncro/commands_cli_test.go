package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/csvio"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestCustomersExportImport(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData(), syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 9, Organizations: 30}))
	file := c.path("orgs.csv")
	res := c.run(t, "customers", "export", "-o", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	recs := readCSV(t, file)
	assert.Equal(t, csvio.CustomerColumns, recs[0])
	n := len(recs) - 1
	assert.Contains(t, res.stderr, fmt.Sprintf("wrote %d organizations to %s", n, file))

	c.srv.ResetRequests()
	res = c.run(t, "customers", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, c.writes())
	assert.Contains(t, res.stderr, fmt.Sprintf("done: created 0, updated 0, unchanged %d", n))

	// Edit one, add one new, and one without id that matches by email.
	h := recs[0]
	recs[1][colOf(t, h, "notes")] = "=2+2, as agreed"
	matched := recs[2]
	newRow := make([]string, len(h))
	newRow[colOf(t, h, "business_name")] = "Brand New LLC"
	newRow[colOf(t, h, "email")] = "hello@brandnew.example"
	byEmail := make([]string, len(h))
	byEmail[colOf(t, h, "business_name")] = matched[colOf(t, h, "business_name")]
	byEmail[colOf(t, h, "email")] = matched[colOf(t, h, "email")]
	byEmail[colOf(t, h, "city")] = "Reykjavík"
	edited := [][]string{h, recs[1], newRow, byEmail}
	writeCSV(t, c.path("edit.csv"), edited)

	c.srv.ResetRequests()
	res = c.run(t, "customers", "import", c.path("edit.csv"))
	assert.Equal(t, exitFailed, res.code, "the email match is a likely duplicate without --match-email")
	rep := reportLines(t, c.path("edit.results.csv"))
	assert.Equal(t, "updated", rep["2"]["action"])
	assert.Equal(t, "created", rep["3"]["action"])
	assert.NotEmpty(t, rep["3"]["id"])
	assert.Equal(t, "failed", rep["4"]["action"])
	assert.Contains(t, rep["4"]["error"], "likely duplicate: organization "+matched[colOf(t, h, "id")])

	c.srv.ResetRequests()
	res = c.run(t, "customers", "import", "--match-email", c.path("edit.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, map[string]int{http.MethodPut: 1}, c.writes(), "only the matched one changes; the created one is not created again")
	rep = reportLines(t, c.path("edit.results.csv"))
	assert.Equal(t, "updated", rep["4"]["action"])
	assert.Equal(t, matched[colOf(t, h, "id")], rep["4"]["id"])
	assert.Equal(t, "unchanged", rep["3"]["action"])
}

func TestCustomersListJSON(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData(), syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 1, Organizations: 120}))
	res := c.run(t, "customers", "list", "--include-disabled", "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var list []syncro.Customer
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &list), res.stdout[:min(len(res.stdout), 500)])
	assert.Equal(t, c.srv.Counts().Customers, len(list), "every page")
	seen := map[int64]bool{}
	disabled := 0
	for _, cu := range list {
		assert.False(t, seen[cu.ID], "organization %d listed twice", cu.ID)
		seen[cu.ID] = true
		if cu.Disabled {
			disabled++
		}
	}
	require.Positive(t, disabled, "the demo data has a disabled organization")

	res = c.run(t, "customers", "list", "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &list))
	assert.Len(t, list, len(seen)-disabled, "disabled organizations only when asked")

	res = c.run(t, "customers", "list", "--query", syncrotest.DemoCustomerName, "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &list))
	require.Len(t, list, 1)
	assert.Equal(t, syncrotest.DemoCustomerName, list[0].BusinessName)

	res = c.run(t, "customers", "list", "--query", "no such organization anywhere", "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, "[]\n", res.stdout, "an empty listing is an empty array")

	res = c.run(t, "customers", "list", "--query", syncrotest.DemoCustomerName)
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Len(t, lines, 2)
	assert.Regexp(t, `^ID\s+NAME\s+EMAIL\s+PHONE$`, lines[0])
	assert.Contains(t, lines[1], syncrotest.DemoCustomerName)
}

func TestTicketsListByStatus(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Ticket Co"})
	open := c.srv.AddTicket(syncrotest.TicketData{CustomerID: org, Subject: "Printer on fire", Status: "In Progress"})
	closed := c.srv.AddTicket(syncrotest.TicketData{CustomerID: org, Subject: "Old news", Status: "Resolved"})

	res := c.run(t, "tickets", "list", "--status", "Not Closed", "--customer", fmt.Sprint(org), "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var list []syncro.Ticket
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &list))
	require.Len(t, list, 1)
	assert.Equal(t, open, list[0].ID)
	assert.NotEqual(t, closed, list[0].ID)

	res = c.run(t, "tickets", "list", "--status", "Not Closed")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Regexp(t, `^ID\s+NUMBER\s+STATUS\s+ORGANIZATION\s+SUBJECT\n`, res.stdout)
	assert.Contains(t, res.stdout, "Printer on fire")
	assert.NotContains(t, res.stdout, "Old news")
	for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n")[1:] {
		assert.NotContains(t, line, "Resolved")
	}
}

func TestPortalLinks(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData(), syncrotest.WithSubdomain("acme"))
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Portal <Co>"})

	res := c.run(t, "portal", "links", "--customer", fmt.Sprint(org))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "organization:   Portal <Co> ("+fmt.Sprint(org)+")")
	// Against a fake the portal is the fake's own host, which serves the
	// portal pages and puts its online_profile_url links there.
	assert.Contains(t, res.stdout, "login page:     "+c.srv.URL()+"/my_profile/user_login")
	assert.Regexp(t, `portal link:    `+regexp.QuoteMeta(c.srv.URL())+`/my_profile/v2/index\?portal_key=\w+\n`, res.stdout)
	assert.NotContains(t, res.stdout, "/users/sign_in", "never the staff login")

	res = c.run(t, "portal", "links", "--customer", fmt.Sprint(org), "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var links map[string]string
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &links))
	assert.Equal(t, c.srv.URL()+"/my_profile/user_login", links["login_url"])
	assert.True(t, strings.HasPrefix(links["portal_url"], c.srv.URL()+"/my_profile/v2/index?portal_key="), links["portal_url"])
	assert.Empty(t, links["portal_error"])
	assert.NotContains(t, links["login_link_html"], "<Co>", "no markup from data")

	res = c.run(t, "portal", "links")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "--customer ID is required")

	res = c.run(t, "portal", "links", "--customer", "424242")
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "404")
}

func TestCheck(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	res := c.run(t, "check")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Regexp(t, `^OK: syncrotest\.syncromsp\.com, token of .+ <.+@.+>`, res.stdout)
	assert.NotContains(t, res.stdout+res.stderr, c.srv.Token())

	// Permissions as Syncro's token editor shows them, in any case.
	res = c.run(t, "check", "Tickets - Create", "customers - list/search")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stdout, "granted: Tickets - Create\n")
	assert.Contains(t, res.stdout, "granted: Customers - List/Search\n")

	limited := "T0123456789abcdef-0123456789abcdef0123"
	c.srv.AddToken(limited, syncrotest.PermCustomersList, syncrotest.PermTicketsList)
	c.token = limited
	res = c.run(t, "check", "Tickets - Create", "Tickets - List/Search")
	assert.Equal(t, exitFailed, res.code, res.stdout+res.stderr)
	assert.Contains(t, res.stdout, `FAILED: the API token for `)
	assert.Contains(t, res.stdout, `works but lacks "Tickets - Create": an admin can add it to the token under Admin > API - API Tokens`)
	assert.NotContains(t, res.stdout, "ticket.write", "an admin's words, not the SDK's")
	assert.NotContains(t, res.stdout, "List/Search", "what the token has is not listed as missing")
	assert.NotContains(t, res.stdout+res.stderr, limited)

	c.token = "T0000000000000000-00000000000000000000"
	res = c.run(t, "check")
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stdout, "refused the API token")

	c.token = c.srv.Token()
	c.srv.ResetRequests()
	for _, bad := range []string{"no.such.permission", "Tickets - Fly", "Tickets"} {
		res = c.run(t, "check", bad)
		assert.Equal(t, exitUsage, res.code, res.stdout+res.stderr)
		assert.Contains(t, res.stderr, "unknown permission")
		assert.NotContains(t, res.stderr, "Permission", "no Go constants")
	}
	assert.Empty(t, c.srv.Requests(), "an unknown permission costs no request")
}

// TestTicketsListStatusIsChecked: --status is checked against the
// account's statuses, in any case, and a wrong one says which exist.
func TestTicketsListStatusIsChecked(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Status Co"})
	id := c.srv.AddTicket(syncrotest.TicketData{CustomerID: org, Subject: "Waiting", Status: "Waiting on Customer"})

	res := c.run(t, "tickets", "list", "--status", "Open")
	assert.Equal(t, exitUsage, res.code, res.stderr)
	assert.Contains(t, res.stderr, `--status "Open": this account has no such ticket status; its statuses are "New", "In Progress"`)
	assert.Contains(t, res.stderr, `"Not Closed" lists every ticket that is not Resolved or Invoiced`)
	assert.Empty(t, res.stdout)

	res = c.run(t, "tickets", "list", "--status", "waiting on customer", "--customer", fmt.Sprint(org), "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	var list []syncro.Ticket
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &list))
	require.Len(t, list, 1, "the account's spelling is sent")
	assert.Equal(t, id, list[0].ID)
}

// TestServerTextIsEscapedOnTheTerminal: a ticket subject (from an email)
// or an organization name with terminal control sequences is printed with
// them escaped, never raw.
func TestServerTextIsEscapedOnTheTerminal(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Evil\x1b[2J Co"})
	c.srv.AddTicket(syncrotest.TicketData{CustomerID: org, Subject: "Invoice\x1b]0;owned\x07 \u202eexe.pdf\u009b31m", Status: "New"})

	for _, args := range [][]string{
		{"tickets", "list", "--customer", fmt.Sprint(org)},
		{"customers", "list", "--query", "Evil"},
		{"portal", "links", "--customer", fmt.Sprint(org)},
	} {
		res := c.run(t, args...)
		require.Equal(t, exitOK, res.code, res.stderr)
		assert.NotRegexp(t, "[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202e]", res.stdout, "%v: no raw control character", args)
		assert.Contains(t, res.stdout, `Evil\x1b[2J Co`, "%v", args)
	}
	res := c.run(t, "tickets", "list", "--customer", fmt.Sprint(org))
	assert.Contains(t, res.stdout, `Invoice\x1b]0;owned\x07 \u202eexe.pdf\x9b31m`)
}

func TestUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"help", []string{"-h"}, exitOK, []string{"usage: syncro <command>", "contacts import", "Exit codes: 0 success; 1 some rows failed"}, nil},
		{"long help", []string{"--help"}, exitOK, []string{"usage: syncro <command>"}, nil},
		{"no command", nil, exitUsage, nil, []string{"usage: syncro <command>"}},
		{"unknown command", []string{"contacts", "delete"}, exitUsage, nil, []string{`unknown command "contacts delete"`, "usage: syncro contacts <command>", "contacts import"}},
		{"unknown word", []string{"frobnicate"}, exitUsage, nil, []string{`unknown command "frobnicate": run ` + "`syncro --help`"}},
		{"group help", []string{"contacts", "--help"}, exitOK, []string{"contacts export", "contacts import"}, nil},
		{"help of a group", []string{"help", "customers"}, exitOK, []string{"customers export", "customers import", "customers list"}, nil},
		{"help of a command", []string{"help", "contacts", "import"}, exitOK, []string{"usage: syncro contacts import FILE", "-dry-run", "Examples:", "Exit codes:"}, nil},
		{"help of nothing known", []string{"help", "contacts", "delete"}, exitUsage, nil, []string{`unknown command "contacts delete"`}},
		{"version", []string{"version"}, exitOK, []string{"syncro "}, nil},
		{"negative id", []string{"contacts", "export", "--customer", "-5"}, exitUsage, nil, []string{"--customer -5: an id is a positive number"}},
		{"negative id in tickets", []string{"tickets", "list", "--customer", "-1"}, exitUsage, nil, []string{"--customer -1"}},
		{"negative id in portal links", []string{"portal", "links", "--customer", "-7"}, exitUsage, nil, []string{"--customer -7"}},
		{"unknown permission", []string{"check", "Tickets - Fly"}, exitUsage, nil, []string{`unknown permission "Tickets - Fly"`, "Tickets:   List/Search, View Details, Create, Edit, Delete"}},
		{"permission that cannot be checked", []string{"check", "Products - Edit"}, exitUsage, nil, []string{`"Products - Edit" cannot be checked`}},
		{"unknown flag", []string{"contacts", "export", "--bogus"}, exitUsage, nil, []string{"flag provided but not defined: -bogus", "usage: syncro contacts export"}},
		{"subcommand help", []string{"contacts", "import", "-h"}, exitOK, []string{"-dry-run", "-match-email", "-report FILE", "Examples:", "Exit codes: 0 every row done"}, nil},
		{"import without a file", []string{"contacts", "import"}, exitUsage, nil, []string{"give exactly one CSV file to import"}},
		{"import of two files", []string{"customers", "import", "a.csv", "b.csv"}, exitUsage, nil, []string{"give exactly one CSV file to import"}},
		{"export with an argument", []string{"customers", "export", "extra"}, exitUsage, nil, []string{`unexpected argument "extra"`}},
		{"bad number", []string{"contacts", "export", "--customer", "x"}, exitUsage, nil, []string{`invalid value "x" for flag -customer`}},
		{"fake server off loopback", []string{"fake-server", "--addr", "0.0.0.0:0"}, exitUsage, nil, []string{"listen on a loopback address"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := c.run(t, tt.args...)
			assert.Equal(t, tt.code, res.code, "stdout: %s\nstderr: %s", res.stdout, res.stderr)
			for _, s := range tt.stdout {
				assert.Contains(t, res.stdout, s)
			}
			for _, s := range tt.stderr {
				assert.Contains(t, res.stderr, s)
			}
		})
	}
	assert.Empty(t, c.srv.Requests(), "usage errors send nothing")
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		env    map[string]string
		code   int
		stderr string
	}{
		{"token without an account", map[string]string{syncro.EnvBaseURL: "", syncro.EnvToken: "T1"}, exitUsage, "set SYNCRO_SUBDOMAIN"},
		{"account without a token", map[string]string{syncro.EnvToken: ""}, exitUsage, "SYNCRO_API_TOKEN is not set"},
		{"a URL as subdomain", map[string]string{syncro.EnvBaseURL: "", syncro.EnvSubdomain: "https://acme.syncromsp.com"}, exitUsage, "subdomain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			c.env = tt.env
			res := c.run(t, "customers", "list")
			assert.Equal(t, tt.code, res.code, res.stderr)
			assert.Contains(t, res.stderr, tt.stderr)
		})
	}
}

// With no credentials at all the commands run against the built-in demo
// account, and say so.
func TestDemoModeWithoutCredentials(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.env = map[string]string{syncro.EnvBaseURL: "", syncro.EnvToken: ""}
	res := c.run(t, "customers", "list", "--json")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "no credentials set")
	assert.Contains(t, res.stderr, "built-in demo account")
	assert.Contains(t, res.stdout, syncrotest.DemoCustomerName)
	assert.Empty(t, c.srv.Requests(), "the test's server is not used")

	file := c.path("demo.csv")
	res = c.run(t, "contacts", "export", "-o", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "built-in demo account")
	assert.Contains(t, strings.Join(readCSV(t, file)[1][:3], ","), syncrotest.DemoContactName)
}

func TestFakeServerCommand(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // stop at once: the command prints how to use it, then returns
	c.ctx = ctx
	res := c.run(t, "fake-server", "--addr", "127.0.0.1:0", "--token", "Tfake")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Regexp(t, `fake Syncro listening on http://127\.0\.0\.1:\d+`, res.stdout)
	assert.Contains(t, res.stdout, "export SYNCRO_API_TOKEN=Tfake")
	assert.Contains(t, res.stdout, "stopped")
}

// A listing the token may not read fails with exit 1 and Syncro's
// message, and never leaves broken JSON on stdout.
func TestListingWithoutPermission(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData(), syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 4, Organizations: 2, Tickets: 120}))
	c.token = "T1111111111111111-11111111111111111111"
	c.srv.AddToken(c.token, syncrotest.PermCustomersList)

	res := c.run(t, "tickets", "list", "--json")
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "401")
	assert.Contains(t, res.stderr, "lacks a permission")
	assert.Empty(t, res.stdout, "no half of a JSON array")

	// Failing on a later page, the records printed so far are still one
	// valid JSON array.
	c.token = c.srv.Token()
	c.srv.InjectFault(syncrotest.FaultRule{Route: "GET /tickets", Nth: 2, Faults: []syncrotest.Fault{syncrotest.StatusFault(http.StatusForbidden)}})
	res = c.run(t, "tickets", "list", "--json")
	assert.Equal(t, exitFailed, res.code)
	var partial []syncro.Ticket
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &partial), "%q", res.stdout[:min(len(res.stdout), 200)])
	assert.NotEmpty(t, partial)

	// A table refused on its first page prints no header on its own.
	c.token = "T1111111111111111-11111111111111111111"
	res = c.run(t, "tickets", "list")
	assert.Equal(t, exitFailed, res.code)
	assert.Empty(t, res.stdout, "no stray table header")
	assert.Contains(t, res.stderr, "lacks a permission")
}
