package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/csvio"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestContactsExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 5, Organizations: 4, Contacts: 120}))
	file := c.path("people.csv")

	res := c.run(t, "contacts", "export", "-o", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "wrote 120 end users to "+file)
	assert.Empty(t, res.stdout)
	recs := readCSV(t, file)
	require.Len(t, recs, 121)
	assert.Equal(t, csvio.ContactColumns, recs[0])

	c.srv.ResetRequests()
	res = c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, c.writes(), "an unchanged export costs no write")
	assert.Contains(t, res.stderr, "plan: 0 to create, 0 to update, 120 unchanged")
	assert.Contains(t, res.stderr, "done: created 0, updated 0, unchanged 120, skipped 0, failed 0, unknown 0; report: "+c.path("people.results.csv"))
	rep := reportLines(t, c.path("people.results.csv"))
	assert.Len(t, rep, 120)
	assert.Equal(t, "unchanged", rep["2"]["action"])

	// Edit three rows, one of them with a phone number a spreadsheet would
	// take for a formula.
	h := recs[0]
	recs[1][colOf(t, h, "phone")] = "+1 555 0100"
	recs[2][colOf(t, h, "title")] = "=Head of IT"
	recs[3][colOf(t, h, "notes")] = "gate code 1234, ring twice\nback door"
	writeCSV(t, file, recs)
	c.srv.ResetRequests()
	res = c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, map[string]int{http.MethodPut: 3}, c.writes())
	assert.Contains(t, res.stderr, "done: created 0, updated 3, unchanged 117")
	rep = reportLines(t, c.path("people.results.csv"))
	assert.Len(t, rep, 120, "the report is compacted: one row per line")
	assert.Equal(t, "updated", rep["2"]["action"])
	assert.Equal(t, "changed: phone", rep["2"]["note"])

	client := c.srv.Client()
	id := func(row int) int64 {
		var n int64
		_, err := fmt.Sscan(recs[row][colOf(t, h, "contact_id")], &n)
		require.NoError(t, err)
		return n
	}
	got, err := client.Contacts.Get(context.Background(), id(1))
	require.NoError(t, err)
	assert.Equal(t, "+1 555 0100", got.Phone)
	got, err = client.Contacts.Get(context.Background(), id(2))
	require.NoError(t, err)
	assert.Equal(t, "=Head of IT", got.Title)

	// Exported again, the edited values come back guarded and unchanged.
	res = c.run(t, "contacts", "export", "-o", c.path("again.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	again := readCSV(t, c.path("again.csv"))
	assert.Equal(t, "'+1 555 0100", again[1][colOf(t, h, "phone")])
	assert.Equal(t, "'=Head of IT", again[2][colOf(t, h, "title")])
	c.srv.ResetRequests()
	res = c.run(t, "contacts", "import", c.path("again.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, c.writes())
}

func TestContactsExportOneOrganizationToStdout(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Solo Org"})
	c.srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Only One", Email: "one@solo.example"})
	res := c.run(t, "contacts", "export", "--customer", fmt.Sprint(org), "-o", "-")
	require.Equal(t, exitOK, res.code, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, strings.Join(csvio.ContactColumns, ","), lines[0])
	assert.Contains(t, lines[1], "Only One")

	res = c.run(t, "contacts", "export", "--customer", "424242", "-o", c.path("x.csv"))
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "404 Not Found")
	assert.Empty(t, listDir(t, c.dir), "no file for a failed export")
}

// peopleFile writes a new end-user file of the given rows (column=value
// pairs) and returns its path.
func (c *cli) peopleFile(t *testing.T, name string, rows ...[]string) string {
	t.Helper()
	recs := [][]string{csvio.ContactColumns}
	for _, pairs := range rows {
		rec := make([]string, len(csvio.ContactColumns))
		for i := 0; i < len(pairs); i += 2 {
			rec[colOf(t, csvio.ContactColumns, pairs[i])] = pairs[i+1]
		}
		recs = append(recs, rec)
	}
	path := c.path(name)
	writeCSV(t, path, recs)
	return path
}

func TestContactsImportBadRows(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := fmt.Sprint(c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"}))
	file := c.peopleFile(t, "mixed.csv",
		[]string{"customer_id", org, "name", "Good One", "email", "good@acme.example"},
		[]string{"customer_id", org, "name", "Bad Email", "email", "bad@"},
		[]string{"customer_id", "424242", "name", "No Org"},
		[]string{"customer_id", org, "name", "Bad Flag", "notification_billing", "sometimes"},
		[]string{"customer_id", org, "name", "Good Two"},
	)
	res := c.run(t, "contacts", "import", file)
	assert.Equal(t, exitFailed, res.code, "some rows failed")
	assert.Contains(t, res.stderr, "plan: 2 to create, 0 to update, 0 unchanged, 0 empty rows skipped, 3 refused")
	assert.Contains(t, res.stderr, "done: created 2, updated 0, unchanged 0, skipped 0, failed 3")
	assert.Equal(t, map[string]int{http.MethodPost: 2}, c.writes())

	rep := reportLines(t, c.path("mixed.results.csv"))
	require.Len(t, rep, 5)
	assert.Equal(t, "created", rep["2"]["action"])
	assert.NotEmpty(t, rep["2"]["contact_id"], "the new id")
	assert.Equal(t, "failed", rep["3"]["action"])
	assert.Contains(t, rep["3"]["error"], `line 3: email: "bad@" is not an email address`)
	assert.Equal(t, "failed", rep["4"]["action"])
	assert.Contains(t, rep["4"]["error"], "organization 424242 does not exist")
	assert.Equal(t, "failed", rep["5"]["action"])
	assert.Contains(t, rep["5"]["error"], `line 5: notification_billing: "sometimes"`)
	assert.Equal(t, "created", rep["6"]["action"])
}

func TestContactsImportUnusableFiles(t *testing.T) {
	t.Parallel()
	header := strings.Join(csvio.ContactColumns, ",")
	tests := []struct {
		name    string
		data    string // "" for no file at all
		errHas  []string
		noFile  bool
		extraOK bool
	}{
		{
			name:   "misspelled column",
			data:   strings.Replace(header, "email", "emial", 1) + "\n1,,Ann,,ann@x.example,,,,,,,,,,,,,,,,\n",
			errHas: []string{`unknown column "emial"`, `did you mean "email"?`, "nothing was imported"},
		},
		{
			name:   "semicolons",
			data:   strings.ReplaceAll(header, ",", ";") + "\n1;;Ann;;;;;;;;;;;;;;;;;;\n",
			errHas: []string{"separated by semicolons", "save it as comma-separated CSV (UTF-8)"},
		},
		{
			name:   "an organization file",
			data:   strings.Join(csvio.CustomerColumns, ",") + "\n",
			errHas: []string{"is a file of organizations", "import it with `syncro customers import "},
		},
		{
			name:   "missing file",
			noFile: true,
			errHas: []string{"no such file"},
		},
		{
			name:   "empty file",
			data:   "",
			errHas: []string{"the file is empty"},
		},
		{
			name:   "UTF-16",
			data:   "\xff\xfe" + header,
			errHas: []string{"UTF-16", "save it as CSV UTF-8"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			file := c.path("in.csv")
			if !tt.noFile {
				require.NoError(t, os.WriteFile(file, []byte(tt.data), 0o644))
			}
			res := c.run(t, "contacts", "import", file)
			assert.Equal(t, exitUsage, res.code, res.stderr)
			for _, s := range tt.errHas {
				assert.Contains(t, res.stderr, s)
			}
			assert.NotContains(t, res.stderr, "usage:", "the call was right: no usage line after a file error")
			assert.NotContains(t, res.stderr, "missing column", "one hint, not a clause per column")
			assert.Empty(t, c.writes(), "nothing imported")
			assert.Empty(t, c.srv.Requests(), "an unusable file costs no request")
			if tt.noFile {
				assert.Empty(t, listDir(t, c.dir))
			} else {
				assert.Equal(t, []string{"in.csv"}, listDir(t, c.dir), "no report for a file that was not imported")
			}
		})
	}
}

func TestContactsImportDryRun(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	orgID := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	org := fmt.Sprint(orgID)
	bob := fmt.Sprint(c.srv.AddContact(syncrotest.ContactData{CustomerID: orgID, Name: "Bob"}))
	file := c.peopleFile(t, "plan.csv",
		[]string{"customer_id", org, "name", "New Person"},
		[]string{"customer_id", org, "contact_id", bob, "name", "Robert"},
	)
	// Flags may follow the file.
	res := c.run(t, "contacts", "import", file, "--dry-run")
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Empty(t, c.writes(), "a dry run writes nothing")
	assert.Contains(t, res.stderr, "dry run: would create 1, would update 1")
	assert.Contains(t, res.stderr, "nothing was changed")
	recs, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 4, res.stdout)
	firstCols := func(rec []string) string { return strings.Join(rec[:8], ",") }
	assert.Equal(t, "line,action,customer_id,contact_id,name,email,error,note", firstCols(recs[0]))
	assert.Equal(t, "0,report", strings.Join(recs[1][:2], ","), "the report's own row")
	assert.Equal(t, "2,would create,"+org+",,New Person,,,", firstCols(recs[2]))
	assert.Equal(t, "3,would update,"+org+","+bob+",Robert,,,changed: name", firstCols(recs[3]))
	assert.Equal(t, []string{"plan.csv"}, listDir(t, c.dir), "a dry run writes no report file")
}

// A run broken by a lost answer is re-run the obvious way, the same command
// again: the default report next to the file makes it create nobody twice.
func TestContactsImportRerunAfterFault(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	var rows [][]string
	for i := 1; i <= 30; i++ {
		rows = append(rows, []string{"customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Person %02d", i), "email", fmt.Sprintf("p%02d@acme.example", i)})
	}
	for i := 31; i <= 40; i++ {
		rows = append(rows, []string{"customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Person %02d", i)})
	}
	file := c.peopleFile(t, "new people.csv", rows...)
	c.srv.InjectFault(
		syncrotest.FaultRule{Route: "POST /contacts", Nth: 10, Faults: []syncrotest.Fault{syncrotest.StatusFault(http.StatusBadGateway).AfterProcessing()}},
	)
	c.srv.InjectFault(
		syncrotest.FaultRule{Route: "POST /contacts", Nth: 35, Faults: []syncrotest.Fault{syncrotest.ResetFault().AfterProcessing()}},
	)
	res := c.run(t, "contacts", "import", file)
	assert.Equal(t, exitFailed, res.code, res.stderr)
	assert.Contains(t, res.stderr, "done: created 38, updated 0, unchanged 0, skipped 0, failed 0, unknown 2")
	report := c.path("new people.results.csv")
	rep := reportLines(t, report)
	assert.Equal(t, "unknown", rep["11"]["action"])
	assert.Contains(t, rep["11"]["error"], "re-run with this report")
	assert.Equal(t, "unknown", rep["36"]["action"])

	c.srv.ClearFaults()
	c.srv.ResetRequests()
	res = c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "re-run: "+report+" records an earlier run of 40 lines")
	assert.Contains(t, res.stderr, "done: created 0, updated 0, unchanged 40")
	assert.Empty(t, c.writes())

	names := map[string]int{}
	for ct, err := range c.srv.Client().Contacts.All(context.Background(), &syncro.ContactListOptions{CustomerID: org}) {
		require.NoError(t, err)
		names[ct.Name]++
	}
	assert.Len(t, names, 40)
	for n, k := range names {
		assert.Equal(t, 1, k, "%s exists %d times", n, k)
	}
	rep = reportLines(t, report)
	require.Len(t, rep, 40)
	for line, e := range rep {
		assert.NotEmpty(t, e["contact_id"], "line %s", line)
	}
}

// interruptAfter cancels the command's context (Ctrl-C) once n creates
// have been answered.
type interruptAfter struct {
	n      int32
	posts  atomic.Int32
	cancel context.CancelFunc
}

func (i *interruptAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.Method == http.MethodPost && i.posts.Add(1) == i.n {
		// The answer is in hand before Ctrl-C: read it all, so that the
		// cancelled context cannot cut its body.
		body, rerr := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		i.cancel()
	}
	return resp, err
}

// Ctrl-C during an import, then the same command again.
func TestContactsImportInterruptedThenRerun(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	var rows [][]string
	for i := 1; i <= 20; i++ {
		rows = append(rows, []string{"customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Walk-in %02d", i)})
	}
	file := c.peopleFile(t, "walkins.csv", rows...)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.ctx = ctx
	c.opts = []syncro.Option{syncro.WithHTTPClient(&http.Client{Transport: &interruptAfter{n: 5, cancel: cancel}})}
	res := c.run(t, "contacts", "import", file)
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "done: created 5, updated 0, unchanged 0, skipped 15")
	assert.Contains(t, res.stderr, "context canceled")
	assert.Equal(t, 5, c.srv.Counts().Contacts)
	rep := reportLines(t, c.path("walkins.results.csv"))
	require.Len(t, rep, 20)
	assert.Equal(t, "skipped", rep["7"]["action"])
	assert.Contains(t, rep["7"]["error"], "not done: the run was stopped")

	c.ctx, c.opts = context.Background(), nil
	res = c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "done: created 15, updated 0, unchanged 5")
	assert.Equal(t, 20, c.srv.Counts().Contacts, "nobody twice")
}

// On a terminal, planning shows the requests it sends (it reads the account
// first and was silent for minutes on a large one).
func TestContactsImportShowsPlanningProgress(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.term = true
	gen := c.srv.Generate(syncrotest.Generate{Seed: 5, Organizations: 8, Contacts: 16})
	var rows [][]string
	for _, org := range gen.Customers {
		rows = append(rows, []string{"customer_id", fmt.Sprint(org), "name", "Someone New"})
	}
	file := c.peopleFile(t, "many.csv", rows...)
	res := c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "\rplanning: 2/2 requests", "the pass over the account: one page of organizations, one of end users")
	assert.Contains(t, res.stderr, "\rimporting: 8/8 rows")
}

// A second import on the same report while one runs is refused, and sends
// nothing: both would create every row.
func TestContactsImportRefusedWhileAnotherUsesTheReport(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := fmt.Sprint(c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"}))
	file := c.peopleFile(t, "people.csv", []string{"customer_id", org, "name", "Ann"})
	_, running, err := csvio.OpenReport(c.path("people.results.csv"), csvio.ContactTemplate, csvio.ForInput(file))
	require.NoError(t, err)
	res := c.run(t, "contacts", "import", file)
	assert.NotEqual(t, exitOK, res.code)
	assert.Contains(t, res.stderr, "in use by another import")
	assert.Empty(t, c.writes())
	require.NoError(t, running.Close())

	res = c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, 1, c.srv.Counts().Contacts)
}

// A report edited after the run (an id pointed at another end user) is
// refused with a message saying so, and nothing is sent.
func TestContactsImportRefusesADamagedReport(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	orgID := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	other := c.srv.AddContact(syncrotest.ContactData{CustomerID: orgID, Name: "Someone Else"})
	file := c.peopleFile(t, "people.csv", []string{"customer_id", fmt.Sprint(orgID), "name", "Ann"})
	res := c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)

	report := c.path("people.results.csv")
	raw, err := os.ReadFile(report)
	require.NoError(t, err)
	ann := reportLines(t, report)["2"]["contact_id"]
	edited := strings.Replace(string(raw), ","+ann+",", fmt.Sprintf(",%d,", other), 1)
	require.NotEqual(t, string(raw), edited)
	require.NoError(t, os.WriteFile(report, []byte(edited), 0o644))

	c.srv.ResetRequests()
	res = c.run(t, "contacts", "import", file)
	assert.NotEqual(t, exitOK, res.code)
	assert.Contains(t, res.stderr, "the results report is damaged")
	assert.Empty(t, c.writes())
}
