package syncro

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func uncharged(id int64, secs int64, productID int64) TicketTimer {
	return TicketTimer{ID: id, ProductID: productID, BillableTime: time.Duration(secs) * time.Second}
}

func TestProjectPrepayHoursIsExact(t *testing.T) {
	t.Parallel()
	three := []TicketTimer{uncharged(1, 1234, 15), uncharged(2, 1234, 15), uncharged(3, 1234, 15)}
	tests := []struct {
		name           string
		balance        string
		timers         []TicketTimer
		opts           *PrepayOptions
		counted        []int64
		uncharged      time.Duration
		unchargedHours string
		remaining      time.Duration
		remainingHours string
		overdrawn      bool
	}{
		{
			name: "12.5 h minus three timers of 1,234 s", balance: "12.5", timers: three,
			counted: []int64{1, 2, 3}, uncharged: 3702 * time.Second, unchargedHours: "1.028333",
			remaining: 11*time.Hour + 28*time.Minute + 18*time.Second, remainingHours: "11.471667",
		},
		{
			name: "charged and exempt timers do not count", balance: "12.5",
			timers:  append([]TicketTimer{{ID: 9, Recorded: true, BillableTime: time.Hour}, uncharged(10, 900, 16)}, three...),
			opts:    &PrepayOptions{ExemptProductIDs: []int64{16}},
			counted: []int64{1, 2, 3}, uncharged: 3702 * time.Second, unchargedHours: "1.028333",
			remaining: 41298 * time.Second, remainingHours: "11.471667",
		},
		{
			name: "exempt products count when not declared", balance: "12.5",
			timers:  append([]TicketTimer{uncharged(10, 900, 16)}, three...),
			counted: []int64{10, 1, 2, 3}, uncharged: 4602 * time.Second, unchargedHours: "1.278333",
			remaining: 40398 * time.Second, remainingHours: "11.221667",
		},
		{
			name: "exact quarter hour", balance: "0.25", timers: []TicketTimer{uncharged(1, 900, 15)},
			counted: []int64{1}, uncharged: 15 * time.Minute, unchargedHours: "0.25",
			remaining: 0, remainingHours: "0",
		},
		{
			name: "overdrawn", balance: "0.5", timers: three,
			counted: []int64{1, 2, 3}, uncharged: 3702 * time.Second, unchargedHours: "1.028333",
			remaining: -1902 * time.Second, remainingHours: "-0.528333", overdrawn: true,
		},
		{
			name: "a balance finer than a second", balance: "0.0001", timers: nil,
			counted: nil, uncharged: 0, unchargedHours: "0",
			remaining: 360 * time.Millisecond, remainingHours: "0.0001",
		},
		{
			name: "timers without billable time fall back to their span", balance: "1",
			timers: []TicketTimer{{ID: 4, ActiveDuration: 600 * time.Second}, {ID: 5,
				StartTime: time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC), EndTime: time.Date(2026, 3, 4, 8, 5, 0, 0, time.UTC)}, {ID: 6}},
			counted: []int64{4, 5}, uncharged: 15 * time.Minute, unchargedHours: "0.25",
			remaining: 45 * time.Minute, remainingHours: "0.75",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := ProjectPrepayHours(decimal.RequireFromString(tt.balance), tt.timers, tt.opts)
			var counted []int64
			for _, tm := range p.Timers {
				counted = append(counted, tm.ID)
			}
			assert.Equal(t, tt.counted, counted)
			assert.Equal(t, tt.uncharged, p.Uncharged)
			assert.Equal(t, tt.unchargedHours, p.UnchargedHours.String())
			assert.Equal(t, tt.remaining, p.Remaining)
			assert.Equal(t, tt.remainingHours, p.RemainingHours.String())
			assert.Equal(t, tt.overdrawn, p.Overdrawn())
			assert.Equal(t, tt.balance, p.Balance.String())
		})
	}

	// Rounding each timer to hours first drifts: the projection must not.
	perTimer := decimal.NewFromInt(1234).DivRound(decimal.NewFromInt(3600), PrepayHoursPlaces)
	naive := decimal.RequireFromString("12.5").Sub(perTimer.Mul(decimal.NewFromInt(3)))
	exact := ProjectPrepayHours(decimal.RequireFromString("12.5"), three, nil).RemainingHours
	assert.Equal(t, "11.471666", naive.String())
	assert.False(t, naive.Equal(exact), "the projection is not the sum of rounded timers")
}

func TestPrepayBalance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		id      int64
		known   bool
		hours   string
	}{
		{"customers/prepay_12_5.json", 31383993, true, "12.5"},
		{"customers/prepay_zero_string.json", 31383995, true, "0"},
		{"customers/prepay_20_25.json", 31383996, true, "20.25"},
		{"customers/prepay_absent.json", 31383997, false, ""},
		{"customers/prepay_null.json", 31383998, false, ""},
		{"customers/prepay_overdrawn.json", 31383999, true, "-1.75"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"customers/"+decimal.NewFromInt(tt.id).String(), log.reply(200, fixture(t, tt.fixture)))
			b, err := c.Customers.PrepayBalance(context.Background(), tt.id)
			require.NoError(t, err)
			assert.Equal(t, tt.id, b.CustomerID)
			assert.Equal(t, tt.known, b.Known())
			if tt.known {
				require.NotNil(t, b.Hours)
				assert.Equal(t, tt.hours, b.Hours.String())
				assert.Contains(t, b.String(), tt.hours+" h")
			} else {
				assert.Nil(t, b.Hours, "absent is not zero")
				assert.Contains(t, b.String(), "no prepay balance")
			}
			assert.Len(t, log.all(), 1)
		})
	}
}

func TestProjectPrepayForATicket(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011", log.reply(200, fixture(t, "tickets/detail.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383993", log.reply(200, fixture(t, "customers/prepay_12_5.json")))
	p, err := c.Tickets.ProjectPrepay(context.Background(), 4011, &PrepayOptions{ExemptProductIDs: []int64{16}})
	require.NoError(t, err)
	assert.Equal(t, int64(31383993), p.CustomerID)
	assert.Equal(t, int64(4011), p.TicketID)
	assert.Equal(t, "12.5", p.Balance.String())
	require.Len(t, p.Timers, 3, "the charged timer and the exempt one are left out")
	assert.Equal(t, 3702*time.Second, p.Uncharged)
	assert.Equal(t, "11.471667", p.RemainingHours.String())
	assert.Equal(t, 41298*time.Second, p.Remaining)
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, "/api/v1/customers/31383993", calls[1].Path, "the nested customer has no balance: the detail record is read")
}

func TestProjectPrepayUsesTheNestedBalance(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4050", log.reply(200, fixture(t, "tickets/detail_prepay_nested.json")))
	p, err := c.Tickets.ProjectPrepay(context.Background(), 4050, nil)
	require.NoError(t, err)
	assert.Equal(t, "2", p.Balance.String())
	assert.Equal(t, 1234*time.Second, p.Uncharged)
	assert.Equal(t, "1.657222", p.RemainingHours.String(), "7200 s - 1234 s = 5966 s")
	assert.Len(t, log.all(), 1, "one request when the ticket carries the balance")
}

func TestProjectPrepayWithoutABalance(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/4011", log.reply(200, fixture(t, "tickets/detail.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383993", log.reply(200, fixture(t, "customers/prepay_absent.json")))
	_, err := c.Tickets.ProjectPrepay(context.Background(), 4011, nil)
	assert.ErrorIs(t, err, ErrNoPrepayBalance)
	assert.Contains(t, err.Error(), "ticket 4011 (organization 31383993)")
}

func TestPrepayAtOrBelow(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers", log.reply(200, fixture(t, "customers/prepay_list.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383994", log.reply(500, []byte(`{"error":"must not be called"}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383995", log.reply(200, fixture(t, "customers/prepay_zero_string.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383996", log.reply(200, fixture(t, "customers/prepay_20_25.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383997", log.reply(200, fixture(t, "customers/prepay_absent.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383990", log.reply(404, fixture(t, "tickets/not_found.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383999", log.reply(200, fixture(t, "customers/prepay_overdrawn.json")))

	var got []PrepayBalance
	for b, err := range c.Customers.PrepayAtOrBelow(context.Background(), decimal.RequireFromString("1.5"), &CustomerListOptions{IncludeDisabled: true}) {
		require.NoError(t, err)
		got = append(got, b)
	}
	require.Len(t, got, 3)
	assert.Equal(t, "Northwind Legal", got[0].Name)
	assert.Equal(t, "1.5", got[0].Hours.String(), "at the threshold, read from the list item")
	assert.Equal(t, "Bayside Clinic", got[1].Name)
	assert.Equal(t, "0", got[1].Hours.String())
	assert.Equal(t, "Cedar Works", got[2].Name)
	assert.Equal(t, "-1.75", got[2].Hours.String())

	var paths []string
	for _, call := range log.all() {
		paths = append(paths, call.Path)
	}
	assert.Equal(t, []string{
		"/api/v1/customers",
		"/api/v1/customers/31383995", "/api/v1/customers/31383996", "/api/v1/customers/31383997",
		"/api/v1/customers/31383990", "/api/v1/customers/31383999",
	}, paths, "one list page, and a detail read only where the list item has no balance")
	assert.Equal(t, "true", log.all()[0].Query.Get("include_disabled"))
}

func TestPrepayAtOrBelowStopsOnError(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers", log.reply(200, fixture(t, "customers/prepay_list.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"customers/31383995", log.reply(401, fixture(t, "users/not_authorized_permission.json")))
	var got []PrepayBalance
	var errs []error
	for b, err := range c.Customers.PrepayAtOrBelow(context.Background(), decimal.NewFromInt(5), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, b)
	}
	require.Len(t, got, 1)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrForbidden)
	assert.Len(t, log.all(), 2, "nothing after the error")
}
