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
