package csvio

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// dieAfter is a transport that, once n POSTs have been processed, stops the
// process the hard way: the results report's file is closed under it (so
// nothing more reaches the disk, as if the process died) and the answer is
// lost.
type dieAfter struct {
	next   http.RoundTripper
	n      int32
	posts  atomic.Int32
	report *os.File
	cancel context.CancelFunc
}

func (d *dieAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(r)
	if r.Method == http.MethodPost && d.posts.Add(1) == d.n {
		_ = d.report.Close()
		d.cancel()
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, context.Canceled
	}
	return resp, err
}

// A process that dies while a create is out has no chance to record the
// outcome. Rows without an email (a name alone is a valid row) cannot be
// caught by the likely-duplicate check, so the journal itself must say the
// create was sent.
func TestContactsImportProcessDiesMidCreate(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tb := newTable(ContactTemplate)
	for i := 1; i <= 100; i++ {
		tb.add(t, "customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Walk-in %03d", i))
	}
	data := tb.bytes(t)
	reportPath := filepath.Join(t.TempDir(), "walkins.results.csv")

	prev, rw, err := OpenReport(reportPath, ContactTemplate)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := &dieAfter{next: http.DefaultTransport, n: 41, report: rw.file, cancel: cancel}
	dying := srv.Client(syncro.WithRetry(fastRetry()), syncro.WithHTTPClient(&http.Client{Transport: tr}))
	_, _, err = importContacts(t, ctx, dying, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
	require.Error(t, err)
	require.Equal(t, 41, srv.Stats().Created["contacts"], "41 creates reached Syncro")

	prev, rw, err = OpenReport(reportPath, ContactTemplate)
	require.NoError(t, err)
	_, sum, err := importContacts(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	assert.Equal(t, 59, sum.Created)
	assert.Equal(t, 41, sum.Unchanged)

	names := map[string]int{}
	for c, err := range client.Contacts.All(context.Background(), &syncro.ContactListOptions{CustomerID: org}) {
		require.NoError(t, err)
		names[c.Name]++
	}
	assert.Len(t, names, 100)
	for name, n := range names {
		assert.Equal(t, 1, n, "%s created %d times", name, n)
	}
}

// Organizations created from a file whose run lost an answer are found
// again on the re-run, also when a row has neither email nor phone (a
// business name alone is a valid row).
func TestCustomersImportInterruptedThenRerun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  func(i int) []string
	}{
		{"with email and phone", func(i int) []string {
			return []string{"business_name", fmt.Sprintf("Client %03d", i), "email", fmt.Sprintf("c%03d@clients.example", i), "phone", fmt.Sprintf("555-1%03d", i)}
		}},
		{"business name only", func(i int) []string {
			return []string{"business_name", fmt.Sprintf("Client %03d", i)}
		}},
		{"person's name only", func(i int) []string {
			return []string{"firstname", "Pat", "lastname", fmt.Sprintf("Client %03d", i)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newFake(t)
			tb := newTable(CustomerTemplate)
			for i := 1; i <= 30; i++ {
				tb.add(t, tt.row(i)...)
			}
			data := tb.bytes(t)
			reportPath := filepath.Join(t.TempDir(), "clients.results.csv")

			prev, rw, err := OpenReport(reportPath, CustomerTemplate)
			require.NoError(t, err)
			srv.InjectFault(syncrotest.OnNth(2, syncrotest.StatusFault(http.StatusBadGateway).AfterProcessing()))
			// OnNth counts from now: the plan's one list request is the first.
			_, sum, err := importCustomers(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
			require.NoError(t, err)
			require.NoError(t, rw.Close())
			assert.Equal(t, Summary{Created: 29, Unknown: 1}, sum)
			require.Equal(t, 30, srv.Counts().Customers)

			prev, rw, err = OpenReport(reportPath, CustomerTemplate)
			require.NoError(t, err)
			srv.ResetRequests()
			plan, sum, err := importCustomers(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
			require.NoError(t, err)
			require.NoError(t, rw.Close())
			assert.Equal(t, Summary{Unchanged: 30}, sum, "%+v", plan.Items[0])
			assert.Empty(t, writes(srv))
			assert.Equal(t, 30, srv.Counts().Customers, "nobody twice")
		})
	}
}
