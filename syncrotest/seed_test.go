package syncrotest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestDemoData(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	counts := srv.Counts()
	assert.Equal(t, 3, counts.Users, "the owner and two technicians")
	assert.GreaterOrEqual(t, counts.Customers, 5)
	assert.GreaterOrEqual(t, counts.Tickets, 8)
	assert.Positive(t, counts.Assets)
	assert.Positive(t, counts.LineItems)
	assert.Positive(t, counts.Timers)
	assert.Empty(t, srv.Stats().Created, "seed data is not counted as created by requests")

	r := send(t, srv, http.MethodGet, "/tickets?per_page=100", nil)
	statuses := map[string]bool{}
	for _, it := range list(t, r.Object(t), "tickets") {
		statuses[object(t, it)["status"].(string)] = true
	}
	for _, s := range []string{"New", "In Progress", "Waiting on Customer", "Resolved", "Invoiced", "Customer Reply"} {
		assert.True(t, statuses[s], "a demo ticket is %s", s)
	}

	r = send(t, srv, http.MethodGet, "/customers?business_name=Acme+Tech", nil)
	acme := object(t, list(t, r.Object(t), "customers")[0])
	assert.Equal(t, syncrotest.DemoCustomerName, acme["business_name"])
	contacts := list(t, acme, "contacts")
	require.NotEmpty(t, contacts)
	assert.Equal(t, syncrotest.DemoContactName, object(t, contacts[0])["name"])

	r = send(t, srv, http.MethodGet, "/tickets/settings", nil)
	assert.Len(t, list(t, r.Object(t), "saved_searches"), 2)

	// A fixed clock gives the same data every time.
	again := newServer(t, syncrotest.WithDemoData())
	a := send(t, srv, http.MethodGet, "/tickets?per_page=100", nil)
	b := send(t, again, http.MethodGet, "/tickets?per_page=100", nil)
	assert.JSONEq(t, string(a.Body), string(b.Body))
}

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	g := syncrotest.Generate{Seed: 77, Organizations: 30, Contacts: 90, Tickets: 45}
	a := newServer(t, syncrotest.WithGeneratedData(g))
	b := newServer(t)
	gen := b.Generate(g)
	assert.Len(t, gen.Customers, 30)
	assert.Len(t, gen.Contacts, 90)
	assert.Len(t, gen.Tickets, 45)
	for _, path := range []string{"/contacts?per_page=100", "/tickets?per_page=100"} {
		assert.JSONEq(t, string(send(t, a, http.MethodGet, path, nil).Body), string(send(t, b, http.MethodGet, path, nil).Body), path)
	}
	names := map[string]bool{}
	r := send(t, a, http.MethodGet, "/customers", nil)
	for _, c := range list(t, r.Object(t), "customers") {
		name := object(t, c)["business_name"].(string)
		assert.False(t, names[name], "names are unique: %s", name)
		names[name] = true
	}
	other := newServer(t, syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 78, Organizations: 30}))
	assert.NotEqual(t, string(send(t, a, http.MethodGet, "/customers", nil).Body), string(send(t, other, http.MethodGet, "/customers", nil).Body))
}

func TestGenerateNegativeCountsAreZero(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	gen := srv.Generate(syncrotest.Generate{Organizations: -3, Contacts: 4, Tickets: -1})
	assert.Len(t, gen.Customers, 1, "end users need an organization: one is made, as for Organizations 0")
	assert.Len(t, gen.Contacts, 4)
	assert.Empty(t, gen.Tickets)
}

func TestTimeZone(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithTimeZone(time.FixedZone("EST", -5*60*60)))
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	r := send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil)
	assert.Equal(t, "2026-03-14T04:26:53.589-05:00", object(t, r.Object(t)["customer"])["created_at"])

	utc := newServer(t, syncrotest.WithTimeZone(time.UTC))
	id = utc.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	r = send(t, utc, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil)
	assert.Equal(t, "2026-03-14T09:26:53.589Z", object(t, r.Object(t)["customer"])["created_at"])
}

// TestConcurrentClients hits one server from several goroutines at once;
// run with -race it checks the fake's locking.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithRateLimit(0, 0))
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	client := srv.Client()
	ctx := context.Background()
	const workers, each = 6, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := client.Contacts.Create(ctx, &syncro.ContactInput{CustomerID: syncro.Ptr(cid), Name: syncro.Ptr(fmt.Sprintf("w%d-%d", w, i))}); err != nil {
					errs <- err
				}
				if _, err := client.Contacts.List(ctx, &syncro.ContactListOptions{CustomerID: cid}); err != nil {
					errs <- err
				}
				_ = srv.Requests()
				_ = srv.Stats()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, workers*each, srv.Counts().Contacts)
	assert.Equal(t, workers*each, srv.Stats().Created["contacts"])
	assert.Equal(t, 2*workers*each, len(srv.Requests()))
}
