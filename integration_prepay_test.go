package syncro_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// demoIDs finds demo records by name.
type demoIDs struct {
	customers map[string]int64
	tickets   map[string]int64 // by subject
}

func findDemo(t *testing.T, client *syncro.Client) demoIDs {
	t.Helper()
	ctx := context.Background()
	d := demoIDs{customers: map[string]int64{}, tickets: map[string]int64{}}
	for c, err := range client.Customers.All(ctx, &syncro.CustomerListOptions{IncludeDisabled: true}) {
		require.NoError(t, err)
		d.customers[c.DisplayName()] = c.ID
	}
	for tk, err := range client.Tickets.All(ctx, nil) {
		require.NoError(t, err)
		d.tickets[tk.Subject] = tk.ID
	}
	return d
}

func balances(bs []syncro.PrepayBalance) map[string]string {
	out := map[string]string{}
	for _, b := range bs {
		v := "unknown"
		if b.Known() {
			v = b.Hours.String()
		}
		out[b.Name] = v
	}
	return out
}

func TestIntegrationPrepayBalance(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)
	northwind := d.customers[syncrotest.DemoPrepayCustomerName]
	require.NotZero(t, northwind)

	b, err := f.client.Customers.PrepayBalance(ctx, northwind)
	require.NoError(t, err)
	require.True(t, b.Known())
	assert.True(t, b.Hours.Equal(dec("12.5")), "read exactly: %s", b.Hours)
	assert.Equal(t, "Northwind Dental Group: 12.5 h", b.String())
	assert.Equal(t, northwind, b.CustomerID)

	f.srv.SetPrepayHours(northwind, "0.333333333333333333")
	b, err = f.client.Customers.PrepayBalance(ctx, northwind)
	require.NoError(t, err)
	assert.Equal(t, "0.333333333333333333", b.Hours.String(), "no float rounding on the way")

	_, err = f.client.Customers.PrepayBalance(ctx, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestIntegrationPrepayAtOrBelow(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()

	// Syncro reports 0 h for Acme, Bluebird and Sam Wilson, who never
	// bought hours: they are not low, they have no plan.
	f.srv.ResetRequests()
	low := collect(t, f.client.Customers.PrepayAtOrBelow(ctx, dec("2"), nil))
	assert.Equal(t, map[string]string{"Riverside Law Group": "1.5"}, balances(low))
	assert.Len(t, f.requestsTo("GET /customers"), 1, "one page of organizations")
	assert.Len(t, f.requestsTo("GET /line_items"), 1, "one page of invoice lines")
	assert.Empty(t, f.requestsTo("GET /invoices/{id}"), "no invoice read one by one when GET /line_items is allowed")

	tests := []struct {
		threshold string
		want      []string
	}{
		{"0", nil},
		{"1.5", []string{"Riverside Law Group"}},
		{"12.4", []string{"Riverside Law Group"}},
		{"12.5", []string{syncrotest.DemoPrepayCustomerName, "Riverside Law Group"}},
		{"1000", []string{syncrotest.DemoPrepayCustomerName, "Riverside Law Group"}},
		{"-1", nil},
	}
	for _, tt := range tests {
		var names []string
		for _, b := range collect(t, f.client.Customers.PrepayAtOrBelow(ctx, dec(tt.threshold), nil)) {
			names = append(names, b.Name)
		}
		assert.Equal(t, tt.want, names, "at or below %s, in list order", tt.threshold)
	}

	// Filters narrow the organizations looked at.
	only := collect(t, f.client.Customers.PrepayAtOrBelow(ctx, dec("100"), &syncro.CustomerListOptions{BusinessName: "Riverside"}))
	assert.Equal(t, map[string]string{"Riverside Law Group": "1.5"}, balances(only))
}

func TestIntegrationPrepayAtOrBelowStopsOnError(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()

	// A failure is yielded once, before any organization: the ledgers are
	// built first.
	f.srv.InjectFault(syncrotest.FaultRule{Route: "GET /invoices", Nth: 1, Faults: []syncrotest.Fault{syncrotest.StatusFault(http.StatusBadGateway)}})
	var errs []error
	n := 0
	for _, err := range f.client.Customers.PrepayAtOrBelow(ctx, dec("100"), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], syncro.ErrServer)
	assert.Zero(t, n)
}

func TestIntegrationProjectPrepay(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)
	northwind := d.customers[syncrotest.DemoPrepayCustomerName]

	// The demo's X-ray ticket has one uncharged hour of labor.
	xray := d.tickets["X-ray PC running slow"]
	require.NotZero(t, xray)
	f.srv.ResetRequests()
	p, err := f.client.Tickets.ProjectPrepay(ctx, xray, nil)
	require.NoError(t, err)
	assert.Equal(t, northwind, p.CustomerID)
	assert.Equal(t, xray, p.TicketID)
	assert.Equal(t, "12.5", p.Balance.String())
	require.Len(t, p.Timers, 1)
	assert.Equal(t, time.Hour, p.Uncharged)
	assert.Equal(t, "1", p.UnchargedHours.String())
	assert.Equal(t, "11.5", p.RemainingHours.String())
	assert.Equal(t, 11*time.Hour+30*time.Minute, p.Remaining)
	assert.False(t, p.Overdrawn())
	var routes []string
	for _, r := range f.srv.Requests() {
		routes = append(routes, r.Route)
	}
	assert.Equal(t, []string{"GET /tickets/{id}", "GET /customers/{id}"}, routes, "the ticket, then its organization's balance")

	// Three timers of 1,234 s on the printer ticket: exact arithmetic.
	printer := d.tickets["Front office printer offline"]
	start := epoch.Add(-5 * time.Hour)
	var timerIDs []int64
	for i := 0; i < 3; i++ {
		tm, err := f.client.Tickets.AddTimer(ctx, printer, &syncro.TimerInput{StartAt: ptr(start), EndAt: ptr(start.Add(1234 * time.Second))})
		require.NoError(t, err)
		timerIDs = append(timerIDs, tm.ID)
	}
	p, err = f.client.Tickets.ProjectPrepay(ctx, printer, nil)
	require.NoError(t, err)
	assert.Equal(t, 3702*time.Second, p.Uncharged)
	assert.Equal(t, "1.028333", p.UnchargedHours.String())
	assert.Equal(t, "11.471667", p.RemainingHours.String(), "12.5 h minus 3,702 s, rounded once")
	assert.Equal(t, 11*time.Hour+28*time.Minute+18*time.Second, p.Remaining)

	// A charged timer no longer counts; an exempt product never does.
	_, err = f.client.Tickets.ChargeTimer(ctx, printer, timerIDs[0])
	require.NoError(t, err)
	p, err = f.client.Tickets.ProjectPrepay(ctx, printer, nil)
	require.NoError(t, err)
	assert.Len(t, p.Timers, 2)
	assert.Equal(t, "11.814444", p.RemainingHours.String())
	p, err = f.client.Tickets.ProjectPrepay(ctx, printer, &syncro.PrepayOptions{ExemptProductIDs: []int64{1}})
	require.NoError(t, err)
	assert.Empty(t, p.Timers)
	assert.True(t, p.RemainingHours.Equal(decimal.RequireFromString("12.5")))

	// Riverside has 1.5 h: two hours of work overdraw it.
	riverside := d.customers["Riverside Law Group"]
	tk, err := f.client.Tickets.Create(ctx, &syncro.TicketInput{CustomerID: ptr(riverside), Subject: ptr("Server migration")})
	require.NoError(t, err)
	_, err = f.client.Tickets.AddTimer(ctx, tk.ID, &syncro.TimerInput{StartAt: ptr(start), DurationMinutes: ptr(int64(120))})
	require.NoError(t, err)
	p, err = f.client.Tickets.ProjectPrepay(ctx, tk.ID, nil)
	require.NoError(t, err)
	assert.True(t, p.Overdrawn())
	assert.Equal(t, "-0.5", p.RemainingHours.String())
	assert.Equal(t, -30*time.Minute, p.Remaining)

	_, err = f.client.Tickets.ProjectPrepay(ctx, 1, nil)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestIntegrationPrepayWhenTheAccountDoesNotTrackIt(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData(), syncrotest.WithoutPrepayHours())
	ctx := context.Background()
	d := findDemo(t, f.client)
	northwind := d.customers[syncrotest.DemoPrepayCustomerName]

	b, err := f.client.Customers.PrepayBalance(ctx, northwind)
	require.NoError(t, err)
	assert.False(t, b.Known(), "no prepay_hours is not a zero balance")
	assert.Nil(t, b.Hours)
	assert.Equal(t, "Northwind Dental Group: no prepay balance", b.String())

	// Without a reported balance, the invoices' balance is used, and only
	// for organizations with a plan.
	assert.Equal(t, map[string]string{syncrotest.DemoPrepayCustomerName: "12.5", "Riverside Law Group": "1.5"},
		balances(collect(t, f.client.Customers.PrepayAtOrBelow(ctx, dec("1000"), nil))))

	_, err = f.client.Tickets.ProjectPrepay(ctx, d.tickets["X-ray PC running slow"], nil)
	assert.ErrorIs(t, err, syncro.ErrNoPrepayBalance)
}
