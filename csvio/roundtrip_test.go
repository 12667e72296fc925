package csvio

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// The round trip of issue 5's "How it is checked": export 1,000 end users,
// re-import unchanged (zero writes), edit 50 and re-import (exactly 50
// updates, the values exact), re-import again (zero writes).
func TestContactsRoundTrip(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t, syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 7, Organizations: 20, Contacts: 1000}))
	ctx := context.Background()

	data := exportContactsCSV(t, client, nil)
	tb := parseTable(t, data)
	require.Len(t, tb.rows, 1000)

	// Unchanged: every row is planned unchanged and nothing is written.
	srv.ResetRequests()
	plan, sum, err := importContacts(t, ctx, client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 1000, plan.Count(ActionUnchanged))
	assert.Equal(t, Summary{Unchanged: 1000}, sum)
	assert.Empty(t, writes(srv), "an unchanged file costs no write")

	// Edit 50 rows: values a spreadsheet would take for formulas or
	// numbers, written raw by some users and with the export's apostrophe
	// by others; both mean the same text.
	type want struct{ title, phone, notes string }
	edits := []struct {
		title, phone, notes string
		guarded             bool
	}{
		{title: "=SUM(A1)", phone: "+1 555 0100", notes: "a note, with a comma\nand a line break"},
		{title: "-5", phone: "+1 555 0100", notes: "@mention", guarded: true},
		{title: "Chief \"Fixer\"", phone: "-5", notes: "=HYPERLINK(\"http://x.example\")", guarded: true},
		{title: "'quoted", phone: "(555) 0100", notes: "\ttab first"},
		{title: "+1", phone: "555 0100 ext. 9", notes: "line one\r\nline two", guarded: true},
	}
	expected := map[int64]want{}
	cID, cTitle, cPhone, cNotes := tb.col(t, "contact_id"), tb.col(t, "title"), tb.col(t, "phone"), tb.col(t, "notes")
	for i := 0; i < 50; i++ {
		row := tb.rows[i*20+3]
		e := edits[i%len(edits)]
		id, err := strconv.ParseInt(row[cID], 10, 64)
		require.NoError(t, err)
		put := func(s string) string { return s }
		if e.guarded {
			put = guard
		}
		row[cTitle], row[cPhone], row[cNotes] = put(e.title), put(e.phone), put(e.notes)
		expected[id] = want{e.title, e.phone, e.notes}
	}
	edited := tb.bytes(t)

	srv.ResetRequests()
	plan, sum, err = importContacts(t, ctx, client, edited, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 50, plan.Count(ActionUpdate))
	assert.Equal(t, 950, plan.Count(ActionUnchanged))
	assert.Equal(t, Summary{Updated: 50, Unchanged: 950}, sum)
	assert.Equal(t, map[string]int{http.MethodPut: 50}, writes(srv), "exactly 50 updates, no creates")
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPut {
			id, err := strconv.ParseInt(filepath.Base(r.Path), 10, 64)
			require.NoError(t, err)
			assert.Contains(t, expected, id, "only edited end users are written")
		}
	}
	for id, w := range expected {
		c, err := client.Contacts.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, w.title, c.Title, "contact %d title", id)
		assert.Equal(t, w.phone, c.Phone, "contact %d phone", id)
		// A quoted CRLF reads back as LF: the file's own line end, not the
		// user's value, is what encoding/csv and Syncro's text areas differ on.
		assert.True(t, sameText(w.notes, c.Notes), "contact %d notes: want %q, have %q", id, w.notes, c.Notes)
	}

	// The same edited file again: nothing left to do.
	srv.ResetRequests()
	_, sum, err = importContacts(t, ctx, client, edited, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 1000}, sum)
	assert.Empty(t, writes(srv))

	// And a fresh export of the edited account re-imports as unchanged too.
	srv.ResetRequests()
	_, sum, err = importContacts(t, ctx, client, exportContactsCSV(t, client, nil), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 1000}, sum)
	assert.Empty(t, writes(srv))
}

// newPeople is a file of n new end users of one organization.
func newPeople(t *testing.T, customerID int64, n int) []byte {
	tb := newTable(ContactTemplate)
	for i := 1; i <= n; i++ {
		tb.add(t, "customer_id", fmt.Sprint(customerID), "name", fmt.Sprintf("New Person %03d", i),
			"email", fmt.Sprintf("new.person.%03d@acme.example", i), "phone", "+1 555 01"+fmt.Sprintf("%02d", i%100))
	}
	return tb.bytes(t)
}

// countPeople counts, by email, the end users of an organization whose
// email is one of newPeople's.
func countPeople(t *testing.T, client *syncro.Client, customerID int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for c, err := range client.Contacts.All(context.Background(), &syncro.ContactListOptions{CustomerID: customerID}) {
		require.NoError(t, err)
		out[c.Email]++
	}
	return out
}

func assertEveryoneOnce(t *testing.T, client *syncro.Client, customerID int64, n int) {
	t.Helper()
	seen := countPeople(t, client, customerID)
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("new.person.%03d@acme.example", i)
		assert.Equal(t, 1, seen[email], "%s must exist exactly once", email)
	}
	assert.Len(t, seen, n, "no other end users")
}

// cancelAfter is a transport that cancels the run's context once n POSTs
// have been answered, and hands the n-th answer back as lost: the create
// happened on the server, the client only sees its context end. That is a
// run stopped (Ctrl-C, a crash) at the worst moment.
type cancelAfter struct {
	next   http.RoundTripper
	n      int32
	posts  atomic.Int32
	cancel context.CancelFunc
}

func (c *cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if r.Method == http.MethodPost && c.posts.Add(1) == c.n {
		c.cancel()
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, context.Canceled
	}
	return resp, err
}

// Import 100 new end users, lose the run after 40 writes, re-run with the
// results report: 100 end users in the end, none twice.
func TestContactsImportInterruptedThenRerun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// interrupt breaks the first run after 40 writes; it returns the
		// client and context for that run.
		interrupt func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context)
		wantErr   error
		crash     bool // the report is never closed: the process died
		want      Summary
		// happened is 1 when the create whose answer was lost did reach
		// Syncro: the re-run must find it rather than create it.
		happened int
	}{
		{
			name: "answer lost after processing (502)",
			interrupt: func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context) {
				srv.InjectFault(syncrotest.OnNth(41, syncrotest.StatusFault(http.StatusBadGateway).AfterProcessing()))
				return srv.Client(syncro.WithRetry(fastRetry())), context.Background()
			},
			want:     Summary{Created: 99, Unknown: 1},
			happened: 1,
		},
		{
			name: "connection reset after processing",
			interrupt: func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context) {
				srv.InjectFault(syncrotest.OnNth(41, syncrotest.ResetFault().AfterProcessing()))
				return srv.Client(syncro.WithRetry(fastRetry())), context.Background()
			},
			want:     Summary{Created: 99, Unknown: 1},
			happened: 1,
		},
		{
			name: "refused before processing (503)",
			interrupt: func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context) {
				srv.InjectFault(syncrotest.OnNth(41, syncrotest.StatusFault(http.StatusServiceUnavailable)))
				return srv.Client(syncro.WithRetry(fastRetry())), context.Background()
			},
			want: Summary{Created: 99, Unknown: 1},
		},
		{
			name: "context cancelled with the 41st create in flight, report closed",
			interrupt: func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context) {
				ctx, cancel := context.WithCancel(context.Background())
				t.Cleanup(cancel)
				tr := &cancelAfter{next: http.DefaultTransport, n: 41, cancel: cancel}
				return srv.Client(syncro.WithRetry(fastRetry()), syncro.WithHTTPClient(&http.Client{Transport: tr})), ctx
			},
			wantErr:  context.Canceled,
			want:     Summary{Created: 40, Unknown: 1, Skipped: 59},
			happened: 1,
		},
		{
			name: "context cancelled with the 41st create in flight, process died",
			interrupt: func(t *testing.T, srv *syncrotest.Server) (*syncro.Client, context.Context) {
				ctx, cancel := context.WithCancel(context.Background())
				t.Cleanup(cancel)
				tr := &cancelAfter{next: http.DefaultTransport, n: 41, cancel: cancel}
				return srv.Client(syncro.WithRetry(fastRetry()), syncro.WithHTTPClient(&http.Client{Transport: tr})), ctx
			},
			wantErr:  context.Canceled,
			crash:    true,
			want:     Summary{Created: 40, Unknown: 1, Skipped: 59},
			happened: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newFake(t)
			org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
			data := newPeople(t, org, 100)
			reportPath := filepath.Join(t.TempDir(), "people.results.csv")

			// First run.
			prev, rw, err := OpenReport(reportPath, ContactTemplate)
			require.NoError(t, err)
			require.Nil(t, prev)
			rows, err := ReadContacts(bytes.NewReader(data))
			require.NoError(t, err)
			plan, err := PlanContacts(context.Background(), client, rows, nil)
			require.NoError(t, err)
			require.Equal(t, 100, plan.Count(ActionCreate))

			srv.ResetRequests()
			runClient, ctx := tt.interrupt(t, srv)
			sum, err := Execute(ctx, runClient, plan, &ExecOptions{Report: rw})
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, sum)
			if tt.crash {
				require.NoError(t, rw.file.Close()) // no compaction: the journal is all there is
			} else {
				require.NoError(t, rw.Close())
			}

			// The re-run, with the report of the first.
			prev, rw, err = OpenReport(reportPath, ContactTemplate)
			require.NoError(t, err)
			require.NotNil(t, prev)
			assert.Equal(t, 100, prev.Len(), "every line of the first run is in its report")
			srv.ClearFaults()
			srv.ResetRequests()
			_, sum2, err := importContacts(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
			require.NoError(t, err)
			require.NoError(t, rw.Close())
			assert.Zero(t, writes(srv)[http.MethodPut], "what the first run created is unchanged")
			assert.Equal(t, 100-sum.Created-tt.happened, sum2.Created, "only what never reached Syncro is created")
			assert.Zero(t, sum2.Failed+sum2.Unknown)
			assertEveryoneOnce(t, client, org, 100)

			// The report now says created or unchanged for every line, with an id.
			f, err := os.Open(reportPath)
			require.NoError(t, err)
			rep, err := ReadReport(f)
			require.NoError(t, f.Close())
			require.NoError(t, err)
			require.Equal(t, 100, rep.Len())
			for line := 2; line <= 101; line++ {
				e, ok := rep.Entry(line)
				require.True(t, ok, "line %d", line)
				assert.Contains(t, []Outcome{OutcomeCreated, OutcomeUnchanged}, e.Action, "line %d", line)
				assert.NotZero(t, e.ID, "line %d", line)
			}

			// A third run changes nothing.
			prev, rw, err = OpenReport(reportPath, ContactTemplate)
			require.NoError(t, err)
			srv.ResetRequests()
			_, sum3, err := importContacts(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
			require.NoError(t, err)
			require.NoError(t, rw.Close())
			assert.Equal(t, Summary{Unchanged: 100}, sum3)
			assert.Empty(t, writes(srv))
		})
	}
}
