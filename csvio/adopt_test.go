package csvio

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// journalRun plans and executes data with the report at path, as the CLI
// does, and closes the report.
func journalRun(t *testing.T, client *syncro.Client, tmpl Template, path string, data []byte, popts PlanOptions) (*Plan, Summary) {
	t.Helper()
	prev, rw, err := OpenReport(path, tmpl)
	require.NoError(t, err)
	popts.Previous = prev
	var plan *Plan
	var sum Summary
	if tmpl == ContactTemplate {
		plan, sum, err = importContacts(t, context.Background(), client, data, &popts, &ExecOptions{Report: rw})
	} else {
		plan, sum, err = importCustomers(t, context.Background(), client, data, &popts, &ExecOptions{Report: rw})
	}
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	return plan, sum
}

// A create whose answer was lost, and which did not happen, is not taken
// for an older end user of the same name (and the same empty email): that
// one is left alone, and the row is created.
func TestLostCreateIsNotAdoptedAsAnOlderNamesake(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	older := srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Ann", Title: "Accountant"})
	tb := newTable(ContactTemplate)
	tb.add(t, "customer_id", fmt.Sprint(org), "name", "Ann", "title", "Intern")
	path := filepath.Join(t.TempDir(), "people.results.csv")

	// The connection drops before Syncro processes the create: the client
	// cannot tell, so the outcome is unknown.
	srv.InjectFault(syncrotest.FaultRule{Route: "POST /contacts", Times: 1, Faults: []syncrotest.Fault{syncrotest.ResetFault()}})
	_, sum := journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{AllowDuplicates: true})
	require.Equal(t, Summary{Unknown: 1}, sum)
	require.Equal(t, 1, srv.Counts().Contacts, "the create did not happen")

	srv.ResetRequests()
	plan, sum := journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{AllowDuplicates: true})
	assert.Equal(t, Summary{Created: 1}, sum, "%+v", plan.Items[0])
	assert.Contains(t, plan.Items[0].Note, "the earlier run's create did not happen")
	assert.Equal(t, map[string]int{http.MethodPost: 1}, writes(srv), "the older Ann is not overwritten")
	c, err := client.Contacts.Get(context.Background(), older)
	require.NoError(t, err)
	assert.Equal(t, "Accountant", c.Title)
	assert.Equal(t, 2, srv.Counts().Contacts)
	assert.NotEqual(t, older, entry(t, mustReadReport(t, path), 2).ID)
}

// The same for organizations: an older organization with the row's
// business name (and no email or phone) is not the lost create's.
func TestLostCreateIsNotAdoptedAsAnOlderOrganization(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	older := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme", Address: "1 Old Road"})
	tb := newTable(CustomerTemplate)
	tb.add(t, "business_name", "Acme", "address", "2 New Street")
	path := filepath.Join(t.TempDir(), "orgs.results.csv")

	srv.InjectFault(syncrotest.FaultRule{Route: "POST /customers", Times: 1, Faults: []syncrotest.Fault{syncrotest.ResetFault()}})
	_, sum := journalRun(t, client, CustomerTemplate, path, tb.bytes(t), PlanOptions{AllowDuplicates: true})
	require.Equal(t, Summary{Unknown: 1}, sum)

	srv.ResetRequests()
	_, sum = journalRun(t, client, CustomerTemplate, path, tb.bytes(t), PlanOptions{AllowDuplicates: true})
	assert.Equal(t, Summary{Created: 1}, sum)
	assert.Equal(t, map[string]int{http.MethodPost: 1}, writes(srv))
	c, err := client.Customers.Get(context.Background(), older)
	require.NoError(t, err)
	assert.Equal(t, "1 Old Road", c.Address, "the older organization is not overwritten")
	assert.Equal(t, 2, srv.Counts().Customers)
}

// An organization's lost create is not turned into an update of another
// organization that shares its email.
func TestLostOrganizationCreateIsNotMatchedByEmail(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	tb := newTable(CustomerTemplate)
	tb.add(t, "business_name", "Acme East", "email", "office@acme.example")
	path := filepath.Join(t.TempDir(), "orgs.results.csv")
	srv.InjectFault(syncrotest.FaultRule{Route: "POST /customers", Times: 1, Faults: []syncrotest.Fault{syncrotest.ResetFault()}})
	_, sum := journalRun(t, client, CustomerTemplate, path, tb.bytes(t), PlanOptions{})
	require.Equal(t, Summary{Unknown: 1}, sum)
	// Meanwhile a colleague files Acme West long ago... with the same
	// email: it was there before the create was sent.
	other := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme West", Email: "office@acme.example", CreatedAt: time.Now().Add(-time.Hour)})

	srv.ResetRequests()
	plan, sum := journalRun(t, client, CustomerTemplate, path, tb.bytes(t), PlanOptions{})
	assert.Equal(t, Summary{Failed: 1}, sum)
	assert.Empty(t, writes(srv), "Acme West is not overwritten")
	assert.Contains(t, plan.Items[0].Err.Error(), fmt.Sprint(other))
}

// The lost create did happen, and the record is there with the row's
// values: it is adopted (no write). When it was edited since, or when two
// records made since match, nothing proves which is the row's: the row is
// refused with the ids, and nothing is written.
func TestLostCreateAdoptedOnlyWithProof(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		between func(srv *syncrotest.Server, org, made int64)
		want    Summary
		errHas  string
	}{
		{"the record is as created", func(*syncrotest.Server, int64, int64) {}, Summary{Unchanged: 1}, ""},
		{"the record was edited since", func(srv *syncrotest.Server, org, made int64) {
			c := srv.Client()
			title := "Chief"
			_, err := c.Contacts.Update(context.Background(), made, &syncro.ContactInput{Title: &title})
			if err != nil {
				panic(err)
			}
		}, Summary{Failed: 1}, "needs a decision"},
		{"a second record like it was made since", func(srv *syncrotest.Server, org, made int64) {
			srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Walk-in", Title: "Visitor"})
		}, Summary{Failed: 1}, "2 end users made since match it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newFake(t)
			org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
			tb := newTable(ContactTemplate)
			tb.add(t, "customer_id", fmt.Sprint(org), "name", "Walk-in", "title", "Visitor")
			path := filepath.Join(t.TempDir(), "people.results.csv")
			srv.InjectFault(syncrotest.FaultRule{Route: "POST /contacts", Times: 1, Faults: []syncrotest.Fault{syncrotest.ResetFault().AfterProcessing()}})
			_, sum := journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{})
			require.Equal(t, Summary{Unknown: 1}, sum)
			require.Equal(t, 1, srv.Counts().Contacts, "the create happened")
			var made int64
			for c, err := range client.Contacts.All(context.Background(), nil) {
				require.NoError(t, err)
				made = c.ID
			}
			tt.between(srv, org, made)
			before := srv.Counts().Contacts

			srv.ResetRequests()
			plan, sum := journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{})
			assert.Equal(t, tt.want, sum)
			assert.Empty(t, writes(srv))
			assert.Equal(t, before, srv.Counts().Contacts)
			if tt.errHas != "" {
				require.Error(t, plan.Items[0].Err)
				assert.Contains(t, plan.Items[0].Err.Error(), tt.errHas)
				assert.Contains(t, plan.Items[0].Err.Error(), fmt.Sprint(made), "the message names the record")
			} else {
				assert.Equal(t, made, plan.Items[0].ID)
			}
		})
	}
}

// noID is a transport whose answers to POST /contacts, processed by the
// server, come back as a success holding no usable id.
type noID struct{ next http.RoundTripper }

func (n noID) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := n.next.RoundTrip(r)
	if err != nil || r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/contacts") {
		return resp, err
	}
	_ = resp.Body.Close()
	body := `{"id":null,"name":"Walk-in"}`
	resp.Body = io.NopCloser(strings.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", fmt.Sprint(len(body)))
	return resp, nil
}

// A create answered with a success that holds no usable id is not a record
// made with id 0: the client reports it as syncro.ErrOutcomeUnknown (the
// one predicate csvio uses), the row is unknown, and the re-run adopts the
// record the create made. This needs the client's classification of such
// answers (the core branch); before it, the row was "created" with no id and
// the re-run created it again.
func TestCreateAnsweredWithoutAnIDIsUnknown(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tb := newTable(ContactTemplate)
	tb.add(t, "customer_id", fmt.Sprint(org), "name", "Walk-in")
	path := filepath.Join(t.TempDir(), "people.results.csv")
	broken := srv.Client(syncro.WithRetry(fastRetry()), syncro.WithHTTPClient(&http.Client{Transport: noID{http.DefaultTransport}}))

	_, sum := journalRun(t, broken, ContactTemplate, path, tb.bytes(t), PlanOptions{})
	require.Equal(t, Summary{Unknown: 1}, sum)
	e := entry(t, mustReadReport(t, path), 2)
	assert.Zero(t, e.ID)
	assert.Contains(t, e.Error, "may have been created")

	srv.ResetRequests()
	plan, sum := journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{})
	assert.Equal(t, Summary{Unchanged: 1}, sum, "%+v", plan.Items[0])
	assert.Empty(t, writes(srv))
	assert.Equal(t, 1, srv.Counts().Contacts)
}
