package csvio

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// The usual way to finish an import: read the report, fix the refused
// rows, run the same file again with the same report. Lines whose earlier
// run created nothing may have changed; lines that created a record are
// still held to it.
func TestRerunAfterFixingRefusedRows(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := fmt.Sprint(srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"}))
	tb := newTable(ContactTemplate)
	tb.add(t, "customer_id", org, "name", "Ann", "email", "ann(at)acme.example") // refused: bad email
	tb.add(t, "customer_id", org, "name", "Bob", "email", "bob@acme.example")
	tb.add(t, "customer_id", "999999", "name", "Cat") // refused: no such organization
	path := filepath.Join(t.TempDir(), "people.results.csv")

	run := func(data []byte) (Summary, *Plan) {
		t.Helper()
		prev, rw, err := OpenReport(path, ContactTemplate)
		require.NoError(t, err)
		plan, sum, err := importContacts(t, context.Background(), client, data, &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
		require.NoError(t, err)
		require.NoError(t, rw.Close())
		return sum, plan
	}
	sum, _ := run(tb.bytes(t))
	assert.Equal(t, Summary{Created: 1, Failed: 2}, sum)

	tb.rows[0][tb.col(t, "email")] = "ann@acme.example"
	tb.rows[2][tb.col(t, "customer_id")] = org
	sum, plan := run(tb.bytes(t))
	assert.Equal(t, Summary{Created: 2, Unchanged: 1}, sum, "%v / %v", plan.Items[0].Err, plan.Items[2].Err)
	assert.Equal(t, 3, srv.Counts().Contacts)

	// A line that did create someone and now reads differently is not
	// silently taken for someone else: the message says which record the
	// report holds for it.
	tb.rows[1][tb.col(t, "name")] = "Robert"
	_, plan = run(tb.bytes(t))
	require.Equal(t, ActionError, plan.Items[1].Action)
	bob := entry(t, mustReadReport(t, path), 3).ID
	assert.Contains(t, plan.Items[1].Err.Error(), fmt.Sprint(bob))
	assert.Equal(t, 3, srv.Counts().Contacts)
}

// Whatever happens to a line in later runs (stopped before it, refused
// because of an edit), the report keeps the record the line created, so a
// later run never creates it again. The rows have names only: nothing
// else could find the record.
func TestReportNeverForgetsACreatedRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// between runs the file (or the run) differently once.
		between func(t *testing.T, tb *table, org string) (context.Context, [][]string)
	}{
		{"a re-run stopped before it reached the rows", func(t *testing.T, tb *table, org string) (context.Context, [][]string) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, tb.rows
		}},
		{"a re-run of an edit that made the rows invalid", func(t *testing.T, tb *table, org string) (context.Context, [][]string) {
			rows := cloneRows(tb.rows)
			for _, r := range rows {
				r[tb.col(t, "email")] = "typo@"
			}
			return context.Background(), rows
		}},
		{"a re-run with a mistyped organization", func(t *testing.T, tb *table, org string) (context.Context, [][]string) {
			rows := cloneRows(tb.rows)
			for _, r := range rows {
				r[tb.col(t, "customer_id")] = "999999"
			}
			return context.Background(), rows
		}},
		{"a re-run with renamed rows", func(t *testing.T, tb *table, org string) (context.Context, [][]string) {
			rows := cloneRows(tb.rows)
			for _, r := range rows {
				r[tb.col(t, "name")] += " Jr."
			}
			return context.Background(), rows
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newFake(t)
			org := fmt.Sprint(srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"}))
			tb := newTable(ContactTemplate)
			for _, name := range []string{"Ann", "Bob", "Cat"} {
				tb.add(t, "customer_id", org, "name", name)
			}
			path := filepath.Join(t.TempDir(), "people.results.csv")
			run := func(ctx context.Context, data []byte) Summary {
				t.Helper()
				prev, rw, err := OpenReport(path, ContactTemplate)
				require.NoError(t, err)
				rows, err := ReadContacts(bytes.NewReader(data))
				require.NoError(t, err)
				plan, err := PlanContacts(context.Background(), client, rows, &PlanOptions{Previous: prev})
				require.NoError(t, err)
				sum, _ := Execute(ctx, client, plan, &ExecOptions{Report: rw}) // ctx may be ended
				require.NoError(t, rw.Close())
				return sum
			}
			assert.Equal(t, Summary{Created: 3}, run(context.Background(), tb.bytes(t)))

			ctx, rows := tt.between(t, tb, org)
			run(ctx, (&table{header: tb.header, rows: rows}).bytes(t))
			assert.Equal(t, 3, srv.Counts().Contacts)
			rep := mustReadReport(t, path)
			for line := 2; line <= 4; line++ {
				assert.NotZero(t, entry(t, rep, line).ID, "line %d: the report still holds the record", line)
			}

			assert.Equal(t, Summary{Unchanged: 3}, run(context.Background(), tb.bytes(t)))
			assert.Equal(t, 3, srv.Counts().Contacts, "nobody twice")
		})
	}
}

func cloneRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string(nil), r...)
	}
	return out
}

func TestReportNeverForgetsACreatedOrganization(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	tb := newTable(CustomerTemplate)
	tb.add(t, "business_name", "Only A Name")
	tb.add(t, "firstname", "Pat", "lastname", "Person")
	path := filepath.Join(t.TempDir(), "orgs.results.csv")
	run := func(ctx context.Context, data []byte) Summary {
		t.Helper()
		prev, rw, err := OpenReport(path, CustomerTemplate)
		require.NoError(t, err)
		rows, err := ReadCustomers(bytes.NewReader(data))
		require.NoError(t, err)
		plan, err := PlanCustomers(context.Background(), client, rows, &PlanOptions{Previous: prev})
		require.NoError(t, err)
		sum, _ := Execute(ctx, client, plan, &ExecOptions{Report: rw})
		require.NoError(t, rw.Close())
		return sum
	}
	assert.Equal(t, Summary{Created: 2}, run(context.Background(), tb.bytes(t)))
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Equal(t, Summary{Skipped: 2}, run(stopped, tb.bytes(t)))
	broken := &table{header: tb.header, rows: cloneRows(tb.rows)}
	for _, r := range broken.rows {
		r[tb.col(t, "email")] = "@nowhere"
	}
	assert.Equal(t, Summary{Failed: 2}, run(context.Background(), broken.bytes(t)))
	assert.Equal(t, Summary{Unchanged: 2}, run(context.Background(), tb.bytes(t)))
	assert.Equal(t, 2, srv.Counts().Customers, "nobody twice")
}
