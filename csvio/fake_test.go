package csvio

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// newFake starts a fake Syncro without its rate limit (these tests send a
// few thousand requests in a second) and returns it with a client whose
// retries wait a millisecond instead of seconds. Retries still follow the
// SDK's rules: a POST is never resent after the server may have seen it.
func newFake(t *testing.T, opts ...syncrotest.ServerOption) (*syncrotest.Server, *syncro.Client) {
	t.Helper()
	srv := syncrotest.NewServer(append([]syncrotest.ServerOption{syncrotest.WithRateLimit(0, 0)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv, srv.Client(syncro.WithRetry(fastRetry()))
}

func fastRetry() syncro.RetryPolicy {
	p := syncro.DefaultRetryPolicy()
	p.BaseDelay, p.MaxDelay = time.Millisecond, time.Millisecond
	return p
}

// writes counts the requests in the fake's log that are not reads, by
// method: what an import sent.
func writes(srv *syncrotest.Server) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			out[r.Method]++
		}
	}
	return out
}

// exportContactsCSV exports end users from the fake and returns the file.
func exportContactsCSV(t *testing.T, client *syncro.Client, opts *ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := ExportContacts(context.Background(), client, &buf, opts)
	require.NoError(t, err)
	return buf.Bytes()
}

func exportCustomersCSV(t *testing.T, client *syncro.Client) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := ExportCustomers(context.Background(), client, &buf, nil)
	require.NoError(t, err)
	return buf.Bytes()
}

// importContacts reads, plans and executes an end-user file.
func importContacts(t *testing.T, ctx context.Context, client *syncro.Client, data []byte, popts *PlanOptions, eopts *ExecOptions) (*Plan, Summary, error) {
	t.Helper()
	rows, err := ReadContacts(bytes.NewReader(data))
	require.NoError(t, err)
	plan, err := PlanContacts(ctx, client, rows, popts)
	require.NoError(t, err)
	sum, err := Execute(ctx, client, plan, eopts)
	return plan, sum, err
}

func importCustomers(t *testing.T, ctx context.Context, client *syncro.Client, data []byte, popts *PlanOptions, eopts *ExecOptions) (*Plan, Summary, error) {
	t.Helper()
	rows, err := ReadCustomers(bytes.NewReader(data))
	require.NoError(t, err)
	plan, err := PlanCustomers(ctx, client, rows, popts)
	require.NoError(t, err)
	sum, err := Execute(ctx, client, plan, eopts)
	return plan, sum, err
}

// table is a CSV file as cells, with the header first, for tests that edit
// a file the way a user would in a spreadsheet.
type table struct {
	header []string
	rows   [][]string
}

func parseTable(t *testing.T, data []byte) *table {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return &table{header: recs[0], rows: recs[1:]}
}

func (tb *table) col(t *testing.T, name string) int {
	t.Helper()
	for i, h := range tb.header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q", name)
	return -1
}

func (tb *table) bytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	require.NoError(t, w.Write(tb.header))
	require.NoError(t, w.WriteAll(tb.rows))
	return buf.Bytes()
}

// newTable returns an empty file of template tmpl.
func newTable(tmpl Template) *table {
	return &table{header: append([]string(nil), tmpl.Columns()...)}
}

// add appends a row from column=value pairs.
func (tb *table) add(t *testing.T, pairs ...string) {
	t.Helper()
	require.Zero(t, len(pairs)%2, "pairs")
	row := make([]string, len(tb.header))
	for i := 0; i < len(pairs); i += 2 {
		row[tb.col(t, pairs[i])] = pairs[i+1]
	}
	tb.rows = append(tb.rows, row)
}

// assertNoFormulaCells checks that no cell of a CSV file would run as a
// spreadsheet formula.
func assertNoFormulaCells(t *testing.T, data []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	require.NoError(t, err)
	for i, rec := range recs {
		for j, cell := range rec {
			if cell != "" {
				require.False(t, isFormulaStart(cell[0]), "record %d cell %d %q could run as a formula", i+1, j+1, cell)
			}
		}
	}
}
