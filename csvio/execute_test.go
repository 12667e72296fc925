package csvio

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// execFixture is an organization with two end users and a file that
// creates two, updates one, leaves one alone, skips a blank row and refuses
// a bad one: every kind of line.
type execFixture struct {
	srv    *syncrotest.Server
	client *syncro.Client
	org    int64
	jane   int64
	bob    int64
	rows   []*ContactRow
}

func newExecFixture(t *testing.T, opts ...syncrotest.ServerOption) *execFixture {
	t.Helper()
	srv, client := newFake(t, opts...)
	f := &execFixture{srv: srv, client: client}
	f.org = srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	f.jane = srv.AddContact(syncrotest.ContactData{CustomerID: f.org, Name: "Jane", Email: "jane@acme.example"})
	f.bob = srv.AddContact(syncrotest.ContactData{CustomerID: f.org, Name: "Bob", Email: "bob@acme.example"})
	tb := newTable(ContactTemplate)
	org := fmt.Sprint(f.org)
	tb.add(t, "customer_id", org, "name", "New One", "email", "one@acme.example")                                 // line 2: create
	tb.add(t, "customer_id", org, "contact_id", fmt.Sprint(f.jane), "name", "Jane", "email", "jane@acme.example") // line 3: unchanged
	tb.add(t, "customer_id", org, "contact_id", fmt.Sprint(f.bob), "name", "Robert", "email", "bob@acme.example") // line 4: update
	tb.add(t)                                                                                                     // line 5: blank
	tb.add(t, "customer_id", org, "email", "broken")                                                              // line 6: invalid
	tb.add(t, "customer_id", org, "name", "New Two")                                                              // line 7: create
	rows, err := ReadContacts(bytes.NewReader(tb.bytes(t)))
	require.NoError(t, err)
	f.rows = rows
	return f
}

func (f *execFixture) plan(t *testing.T) *Plan {
	t.Helper()
	plan, err := PlanContacts(context.Background(), f.client, f.rows, nil)
	require.NoError(t, err)
	return plan
}

// run executes the plan with a report written to memory and reads the
// report back.
func (f *execFixture) run(t *testing.T, ctx context.Context, client *syncro.Client, plan *Plan, opts ExecOptions) (Summary, error, *Report, string) {
	t.Helper()
	var buf bytes.Buffer
	rw, err := NewReportWriter(&buf, ContactTemplate)
	require.NoError(t, err)
	opts.Report = rw
	sum, runErr := Execute(ctx, client, plan, &opts)
	require.NoError(t, rw.Close())
	rep, err := ReadReport(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	return sum, runErr, rep, buf.String()
}

func entry(t *testing.T, rep *Report, line int) ReportEntry {
	t.Helper()
	e, ok := rep.Entry(line)
	require.True(t, ok, "line %d is in the report", line)
	return e
}

func TestExecuteReportsEveryLine(t *testing.T) {
	t.Parallel()
	f := newExecFixture(t)
	plan := f.plan(t)
	f.srv.ResetRequests()
	var progress []int
	sum, err, rep, raw := f.run(t, context.Background(), f.client, plan, ExecOptions{Progress: func(done, total int) {
		assert.Equal(t, 6, total)
		progress = append(progress, done)
	}})
	require.NoError(t, err)
	assert.Equal(t, Summary{Created: 2, Updated: 1, Unchanged: 1, Skipped: 1, Failed: 1}, sum)
	assert.False(t, sum.OK())
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, progress)
	assert.Equal(t, map[string]int{http.MethodPost: 2, http.MethodPut: 1}, writes(f.srv))

	// One report row per input line, in order.
	lines := strings.Split(strings.TrimSpace(raw), "\n")
	require.Len(t, lines, 8, raw)
	assert.Equal(t, "line,action,customer_id,contact_id,name,email,error,note,sent_at,max_id_before,check", lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "0,report,"), "the report's own row: %s", lines[1])
	require.Equal(t, 6, rep.Len())

	created := map[int]int64{}
	for _, line := range []int{2, 7} {
		e := entry(t, rep, line)
		assert.Equal(t, OutcomeCreated, e.Action)
		require.NotZero(t, e.ID, "the new id of a created end user is in the report")
		assert.Equal(t, f.org, e.CustomerID)
		created[line] = e.ID
	}
	c, err := f.client.Contacts.Get(context.Background(), created[2])
	require.NoError(t, err)
	assert.Equal(t, "New One", c.Name)
	c, err = f.client.Contacts.Get(context.Background(), created[7])
	require.NoError(t, err)
	assert.Equal(t, "New Two", c.Name)

	assert.Equal(t, ReportEntry{Line: 3, Action: OutcomeUnchanged, CustomerID: f.org, ID: f.jane, Name: "Jane", Email: "jane@acme.example"}, entry(t, rep, 3))
	upd := entry(t, rep, 4)
	assert.Equal(t, OutcomeUpdated, upd.Action)
	assert.Equal(t, f.bob, upd.ID)
	assert.Equal(t, "changed: name", upd.Note)
	assert.Equal(t, OutcomeSkipped, entry(t, rep, 5).Action)
	bad := entry(t, rep, 6)
	assert.Equal(t, OutcomeFailed, bad.Action)
	assert.Contains(t, bad.Error, `line 6: email: "broken" is not an email address`)
}

func TestExecuteDryRunSendsNothing(t *testing.T) {
	t.Parallel()
	f := newExecFixture(t)
	plan := f.plan(t)
	f.srv.ResetRequests()
	sum, err, rep, _ := f.run(t, context.Background(), f.client, plan, ExecOptions{DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, f.srv.Requests(), "a dry run sends no request at all")
	assert.Equal(t, Summary{WouldCreate: 2, WouldUpdate: 1, Unchanged: 1, Skipped: 1, Failed: 1}, sum)
	assert.Equal(t, OutcomeWouldCreate, entry(t, rep, 2).Action)
	assert.Zero(t, entry(t, rep, 2).ID)
	assert.Equal(t, OutcomeWouldUpdate, entry(t, rep, 4).Action)
	assert.Equal(t, "changed: name", entry(t, rep, 4).Note)
	assert.Equal(t, OutcomeWouldCreate, entry(t, rep, 7).Action)
}

func TestExecuteWithoutAPlan(t *testing.T) {
	t.Parallel()
	sum, err := Execute(context.Background(), nil, nil, nil)
	require.ErrorContains(t, err, "no plan given")
	assert.Zero(t, sum)
}

func TestExecuteStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	f := newExecFixture(t)
	plan := f.plan(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.srv.ResetRequests()
	sum, err, rep, _ := f.run(t, ctx, f.client, plan, ExecOptions{Progress: func(done, _ int) {
		if done == 2 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, Summary{Created: 1, Unchanged: 1, Skipped: 4}, sum)
	assert.Equal(t, map[string]int{http.MethodPost: 1}, writes(f.srv), "nothing is sent after the context ended")
	require.Equal(t, 6, rep.Len(), "the rows not reached are in the report too")
	for line := 4; line <= 7; line++ {
		e := entry(t, rep, line)
		assert.Equal(t, OutcomeSkipped, e.Action, "line %d", line)
		assert.Contains(t, e.Error, "not done: the run was stopped", "line %d", line)
	}
}

func TestExecuteErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  syncrotest.FaultRule
		line   int
		want   Outcome
		errHas []string
	}{
		{
			name:   "5xx on a create: unknown",
			fault:  syncrotest.OnRoute("POST /contacts", syncrotest.StatusFault(http.StatusInternalServerError)),
			line:   2,
			want:   OutcomeUnknown,
			errHas: []string{"500", "may have been created", "re-run with this report"},
		},
		{
			name:   "answer cut on a create: unknown",
			fault:  syncrotest.OnRoute("POST /contacts", syncrotest.TruncateFault()),
			line:   2,
			want:   OutcomeUnknown,
			errHas: []string{"may have been created"},
		},
		{
			name:   "5xx on an update, every retry: failed",
			fault:  syncrotest.OnRoute("PUT /contacts/{id}", syncrotest.StatusFault(http.StatusBadGateway)),
			line:   4,
			want:   OutcomeFailed,
			errHas: []string{"502"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newExecFixture(t)
			plan := f.plan(t)
			f.srv.InjectFault(tt.fault)
			sum, err, rep, _ := f.run(t, context.Background(), f.client, plan, ExecOptions{})
			require.NoError(t, err, "a failed row does not stop the run")
			assert.False(t, sum.OK())
			e := entry(t, rep, tt.line)
			assert.Equal(t, tt.want, e.Action)
			for _, s := range tt.errHas {
				assert.Contains(t, e.Error, s)
			}
			assert.NotContains(t, e.Error, f.srv.Token(), "no token in the report")
		})
	}
}

// Syncro's 422 messages reach the report as Syncro wrote them.
func TestExecuteValidationErrorIsFailedWithSyncrosMessage(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t, syncrotest.WithRequiredCustomerFields("business_name", "properties.Region"))
	tb := newTable(CustomerTemplate)
	tb.add(t, "firstname", "Pat", "lastname", "Solo", "email", "pat@solo.example")
	tb.add(t, "business_name", "Fine Co", "custom_fields", `{"Region":"EU"}`)
	var buf bytes.Buffer
	rw, err := NewReportWriter(&buf, CustomerTemplate)
	require.NoError(t, err)
	rows, err := ReadCustomers(bytes.NewReader(tb.bytes(t)))
	require.NoError(t, err)
	plan, err := PlanCustomers(context.Background(), client, rows, nil)
	require.NoError(t, err)
	sum, err := Execute(context.Background(), client, plan, &ExecOptions{Report: rw})
	require.NoError(t, err)
	assert.Equal(t, Summary{Failed: 1, Created: 1}, sum)
	assert.Equal(t, 1, srv.Stats().Created["customers"])
	rep, err := ReadReport(&buf)
	require.NoError(t, err)
	e := entry(t, rep, 2)
	assert.Equal(t, OutcomeFailed, e.Action, "a 422 was not carried out: failed, not unknown")
	assert.Equal(t, "Syncro refused it (422): Business name can't be blank; Region can't be blank", e.Error)
	assert.Zero(t, e.ID)
}

// A record removed between planning and executing fails that row only.
func TestExecuteUpdateOfARecordGoneMeanwhile(t *testing.T) {
	t.Parallel()
	f := newExecFixture(t)
	plan := f.plan(t)
	err := f.client.Contacts.Delete(context.Background(), f.bob)
	require.NoError(t, err)
	sum, err, rep, _ := f.run(t, context.Background(), f.client, plan, ExecOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Failed, "the update and the invalid row")
	e := entry(t, rep, 4)
	assert.Equal(t, OutcomeFailed, e.Action)
	assert.Equal(t, f.bob, e.ID)
	assert.Contains(t, strings.ToLower(e.Error), "not found")
}
