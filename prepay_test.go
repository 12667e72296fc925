package syncro

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
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

// prepayMock answers the reads of a prepay scan from the prepay fixtures:
// Harbor Dental bought 10 h (invoice 2001), was billed 3 h of labor before
// that (2002, billed as usual) and 8.75 h after (2003); Pine Street Books
// has labor and no plan. Syncro reports 1.25 h and 0.0 h.
func prepayMock(t *testing.T, mt *httpmock.MockTransport, log *callLog) {
	t.Helper()
	reply := func(path, file string) {
		mt.RegisterResponder(http.MethodGet, apiRoot+path, log.reply(200, fixture(t, file)))
	}
	reply("products", "billing/products_page.json")
	// The products list has no meta: the end is an empty page.
	mt.RegisterResponderWithQuery(http.MethodGet, apiRoot+"products", "page=2&per_page=100", log.reply(200, fixture(t, "billing/products_empty.json")))
	reply("invoices", "billing/prepay/invoices.json")
	reply("line_items", "billing/prepay/line_items.json")
	reply("customers", "billing/prepay/customers.json")
	reply("customers/31383994", "billing/prepay/customer_31383994.json")
	reply("customers/31383995", "billing/prepay/customer_31383995.json")
	reply("tickets", "billing/prepay/tickets_open.json")
	reply("tickets/52100001", "billing/prepay/ticket_52100001.json")
	for _, id := range []string{"1649700001", "1649700002", "1649700003", "1649700004"} {
		reply("invoices/"+id, "billing/prepay/invoice_"+id+".json")
	}
}

func TestPrepayAtOrBelow(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	prepayMock(t, mt, &log)

	var got []PrepayBalance
	for b, err := range c.Customers.PrepayAtOrBelow(context.Background(), decimal.RequireFromString("5"), &CustomerListOptions{IncludeDisabled: true}) {
		require.NoError(t, err)
		got = append(got, b)
	}
	require.Len(t, got, 1, "Pine Street Books reads 0.0 h but never bought hours")
	assert.Equal(t, "Harbor Dental", got[0].Name)
	assert.Equal(t, "1.25", got[0].Hours.String())

	var paths []string
	for _, call := range log.all() {
		paths = append(paths, call.Path)
	}
	assert.Equal(t, []string{
		"/api/v1/products", "/api/v1/products", "/api/v1/invoices", "/api/v1/line_items", "/api/v1/customers",
		"/api/v1/customers/31383994", "/api/v1/tickets", "/api/v1/tickets/52100001",
	}, paths, "catalog (to its empty page), invoices and lines once; detail and open tickets only for the organization with a plan")
	calls := log.all()
	assert.Equal(t, "true", calls[3].Query.Get("invoice_id_not_null"))
	assert.Equal(t, "true", calls[4].Query.Get("include_disabled"))
	assert.Equal(t, "31383994", calls[6].Query.Get("customer_id"))
	assert.Equal(t, StatusNotClosed, calls[6].Query.Get("status"))

	none := 0
	for _, err := range c.Customers.PrepayAtOrBelow(context.Background(), decimal.RequireFromString("1.24"), nil) {
		require.NoError(t, err)
		none++
	}
	assert.Zero(t, none, "1.25 h is above 1.24")
}

func TestPrepayLedgerFromTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	prepayMock(t, mt, &log)

	l, err := c.Customers.PrepayLedger(context.Background(), 31383994, nil)
	require.NoError(t, err)
	assert.True(t, l.HasPlan())
	require.Len(t, l.Purchases, 1)
	assert.Equal(t, "2001", l.Purchases[0].InvoiceNumber)
	require.Len(t, l.Consumed, 1, "labor invoiced before the first purchase was billed as usual; a line without product is not labor")
	assert.Equal(t, int64(123100003), l.Consumed[0].LineItemID)
	assert.Equal(t, "10", l.Purchased.String())
	assert.Equal(t, "8.75", l.Used.String())
	assert.Equal(t, "1.25", l.Balance.String())
	require.NotNil(t, l.Reported)
	d, ok := l.Drift()
	assert.True(t, ok)
	assert.True(t, d.IsZero(), "Syncro and the invoices agree")
	require.Len(t, l.Pending, 2, "the uncharged timer and the charged, not yet invoiced labor line")
	assert.Equal(t, 30*time.Minute, l.Uncharged)
	assert.Equal(t, "0.75", l.PendingHours.String())
	assert.Equal(t, "0.5", l.Projected.String())
	assert.Equal(t, "Harbor Dental: bought 10 h, used 8.75 h, 1.25 h left, 0.5 h after 0.75 h of uncharged labor", l.String())

	none, err := c.Customers.PrepayLedger(context.Background(), 31383995, nil)
	require.NoError(t, err)
	assert.False(t, none.HasPlan(), "0.0 h reported, but nothing bought")
	assert.Equal(t, "Pine Street Books: no prepay plan", none.String())
	assert.Empty(t, none.Pending, "no open tickets read without a plan")
}

func TestPrepayLedgersWithoutGlobalAdmin(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	prepayMock(t, mt, &log)
	mt.RegisterResponder(http.MethodGet, apiRoot+"line_items", log.reply(401, fixture(t, "users/not_authorized_permission.json")))

	ledgers, err := c.Customers.PrepayLedgers(context.Background(), nil, nil)
	require.NoError(t, err)
	require.Len(t, ledgers, 2)
	assert.Equal(t, "1.25", ledgers[0].Balance.String(), "the same ledger from each invoice's detail")
	assert.False(t, ledgers[1].HasPlan())
	n := 0
	for _, call := range log.all() {
		if strings.HasPrefix(call.Path, "/api/v1/invoices/") {
			n++
		}
	}
	assert.Equal(t, 4, n, "one detail read per invoice instead of GET /line_items")
}

func TestPrepayReportSaysWhy(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	prepayMock(t, mt, &log)

	alerts, err := c.Customers.PrepayReport(context.Background(), decimal.RequireFromString("1"), nil)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	assert.Equal(t, "Harbor Dental", alerts[0].Ledger.Name)
	assert.Equal(t, []string{"0.75 h of uncharged labor on open tickets would leave 0.5 h"}, alerts[0].Reasons)

	alerts, err = c.Customers.PrepayReport(context.Background(), decimal.RequireFromString("0.25"), nil)
	require.NoError(t, err)
	assert.Empty(t, alerts, "0.5 h after the open tickets is above 0.25 h")
}

func TestPrepayLedgerArithmetic(t *testing.T) {
	t.Parallel()
	products := []Product{
		{ID: 1, ProductCategory: "Prepay Hours"},
		{ID: 2, CategoryPath: "Services >> Labor"},
		{ID: 3, ProductCategory: "labor"},
		{ID: 4, ProductCategory: "Hardware"},
	}
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	line := func(id, product int64, qty, cat string) InvoiceLineItem {
		return InvoiceLineItem{ID: id, ProductID: product, Quantity: decimal.RequireFromString(qty), ProductCategory: cat}
	}
	invoices := []Invoice{
		{ID: 14, Number: "14", Date: day(20), LineItems: []InvoiceLineItem{line(5, 2, "0.1", ""), line(6, 3, "0.2", ""), line(7, 4, "9", "")}},
		{ID: 10, Number: "10", Date: day(1), LineItems: []InvoiceLineItem{line(1, 2, "5", "")}},
		{ID: 12, Number: "12", Date: day(10), LineItems: []InvoiceLineItem{line(2, 1, "7.5", ""), line(3, 0, "0.3", "Labor")}},
		{ID: 13, Number: "13", Date: day(10), LineItems: []InvoiceLineItem{line(4, 9, "2.5", "Prepay Hours"), line(8, 7, "1", "Labor")}},
	}
	cls := newPrepayClassifier(products, &PrepayLedgerOptions{ExemptProductIDs: []int64{7}})
	var l PrepayLedger
	cls.ledgerFromInvoices(&l, invoices)
	assert.Equal(t, "10", l.Purchased.String(), "7.5 by product, 2.5 by the line's own category")
	assert.Equal(t, "0.6", l.Used.String(), "0.1 + 0.2 + 0.3, exactly; the exempt product and labor before the purchase do not count")
	assert.Equal(t, "9.4", l.Balance.String())
	var order []string
	for _, e := range l.Consumed {
		order = append(order, e.InvoiceNumber)
	}
	assert.Equal(t, []string{"12", "14", "14"}, order, "by invoice date")

	tk := &Ticket{ID: 1, TicketTimers: []TicketTimer{
		{ID: 1, ActiveDuration: 20 * time.Minute, BillableTime: 20 * time.Minute},
		{ID: 2, ActiveDuration: 20 * time.Minute, BillableTime: 20 * time.Minute},
		{ID: 3, ActiveDuration: 20 * time.Minute, BillableTime: 20 * time.Minute, Recorded: true},
		{ID: 4, ActiveDuration: time.Hour, BillableTime: time.Hour, ProductID: 7},
	}, LineItems: []TicketLineItem{
		{ID: 1, ProductID: 2, Quantity: decimal.RequireFromString("0.25")},
		{ID: 2, ProductID: 2, Quantity: decimal.RequireFromString("4"), Converted: true},
		{ID: 3, ProductID: 4, Quantity: decimal.RequireFromString("1")},
	}}
	cls.addPending(&l, tk)
	l.project()
	assert.Equal(t, 40*time.Minute, l.Uncharged, "two uncharged timers; the charged and the exempt one do not count")
	assert.Equal(t, "0.916667", l.PendingHours.String(), "40 min rounded once, plus 0.25 h")
	assert.Equal(t, "8.483333", l.Projected.String())
}

func TestPrepayCategoriesCanBeRenamed(t *testing.T) {
	t.Parallel()
	cls := newPrepayClassifier([]Product{{ID: 1, ProductCategory: "Block Hours"}, {ID: 2, CategoryPath: "Services / Tech Time"}, {ID: 3, ProductCategory: "Labor"}},
		&PrepayLedgerOptions{PrepayCategory: "block hours", LaborCategory: "Tech Time"})
	assert.Equal(t, kindPrepay, cls.kind(1, ""))
	assert.Equal(t, kindLabor, cls.kind(2, ""), "the last segment of a category path names it")
	assert.Equal(t, kindOther, cls.kind(3, ""), "the default name no longer counts")
	assert.Equal(t, kindOther, cls.kind(0, "Prepay Hours"))
	assert.Equal(t, kindPrepay, cls.kind(0, "Block Hours"), "a line without a known product, by its own category")
}

func TestPrepayAlertReasons(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	plan := []PrepayEntry{{Hours: d("10")}}
	tests := []struct {
		name    string
		ledger  PrepayLedger
		listed  bool
		reasons []string
		notes   int
	}{
		{"no plan, 0 h reported", PrepayLedger{Reported: Ptr(d("0"))}, false, nil, 0},
		{"plenty", PrepayLedger{Purchases: plan, Purchased: d("10"), Balance: d("8"), Projected: d("8")}, false, nil, 0},
		{"low", PrepayLedger{Purchases: plan, Purchased: d("10"), Used: d("9"), Balance: d("1"), Projected: d("1")}, true,
			[]string{"balance 1 h is at or below 2 h"}, 0},
		{"overdrawn", PrepayLedger{Purchases: plan, Purchased: d("10"), Used: d("11"), Balance: d("-1"), Projected: d("-1")}, true,
			[]string{"overdrawn: 11 h of invoiced labor against 10 h bought"}, 0},
		{"low after open tickets", PrepayLedger{Purchases: plan, Purchased: d("10"), Balance: d("3"), PendingHours: d("1.5"), Projected: d("1.5")}, true,
			[]string{"1.5 h of uncharged labor on open tickets would leave 1.5 h"}, 0},
		{"drift is a note", PrepayLedger{Purchases: plan, Purchased: d("10"), Balance: d("3"), Projected: d("3"), Reported: Ptr(d("2.5"))}, false, nil, 1},
	}
	for _, tt := range tests {
		a, listed := lowPrepayAlert(tt.ledger, d("2"))
		assert.Equal(t, tt.listed, listed, tt.name)
		assert.Equal(t, tt.reasons, a.Reasons, tt.name)
		assert.Len(t, a.Notes, tt.notes, tt.name)
	}
}

func TestPrepayAtOrBelowStopsOnError(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	prepayMock(t, mt, &log)
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices", log.reply(401, fixture(t, "users/not_authorized_permission.json")))
	var errs []error
	n := 0
	for _, err := range c.Customers.PrepayAtOrBelow(context.Background(), decimal.NewFromInt(5), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	assert.Zero(t, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrForbidden)
	assert.Len(t, log.all(), 3, "the catalog's two pages and the failed invoice page: nothing after the error")
}
