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

func decStr(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestAddLineItem(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/add_line_item", log.reply(200, fixture(t, "tickets/line_item_added.json")))
	got, err := c.Tickets.AddLineItem(context.Background(), 4011, &LineItemInput{
		Name:        Ptr("USB-C Dock"),
		Description: Ptr("Dell WD19S dock"),
		Quantity:    Ptr(decStr("2")),
		PriceCost:   Ptr(decStr("149.99")),
		PriceRetail: Ptr(decStr("219.50")),
		Taxable:     Ptr(true),
	})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"name":"USB-C Dock","description":"Dell WD19S dock","quantity":2,"price_cost":149.99,"price_retail":219.50,"taxable":true}`,
		string(calls[0].Body), "money goes out as exact JSON numbers")

	assert.Equal(t, int64(3310), got.ID)
	assert.True(t, decStr("2").Equal(got.Quantity), "quantity sent as the string \"2.0\"")
	assert.True(t, decStr("149.99").Equal(got.PriceCost))
	assert.True(t, decStr("219.5").Equal(got.PriceRetail))
	assert.Equal(t, int64(14999), got.CostCents)
	assert.Equal(t, int64(21950), got.RetailCents)
	assert.True(t, decStr("439").Equal(got.Total()))
	assert.True(t, got.Taxable)
	assert.Equal(t, int64(0), got.ProductID)
}

func TestLineItemValidatedBeforeRequest(t *testing.T) {
	t.Parallel()
	assertRefusedBeforeSending(t, []refusal{
		{"add nil", func(c *Client) error { _, err := c.Tickets.AddLineItem(context.Background(), 4011, nil); return err }, []string{"name", "description"}},
		{"add without description, even with a product", func(c *Client) error {
			_, err := c.Tickets.AddLineItem(context.Background(), 4011, &LineItemInput{Name: Ptr("Labor"), ProductID: Ptr(int64(15))})
			return err
		}, []string{"description"}},
		{"add with blank name", func(c *Client) error {
			_, err := c.Tickets.AddLineItem(context.Background(), 4011, &LineItemInput{Name: Ptr(" "), Description: Ptr("d")})
			return err
		}, []string{"name"}},
		{"add to a bad ticket", func(c *Client) error {
			_, err := c.Tickets.AddLineItem(context.Background(), -1, &LineItemInput{Name: Ptr("n"), Description: Ptr("d")})
			return err
		}, []string{"ticket_id"}},
		{"update clearing the description", func(c *Client) error {
			_, err := c.Tickets.UpdateLineItem(context.Background(), 4011, 3310, &LineItemInput{Description: Ptr("")})
			return err
		}, []string{"description"}},
		{"update a bad line item", func(c *Client) error {
			_, err := c.Tickets.UpdateLineItem(context.Background(), 4011, 0, &LineItemInput{Quantity: Ptr(decStr("1"))})
			return err
		}, []string{"ticket_line_item_id"}},
		{"remove a bad line item", func(c *Client) error { return c.Tickets.RemoveLineItem(context.Background(), 4011, 0) }, []string{"ticket_line_item_id"}},
	})
}

func TestAddLineItemRefusedBySyncro(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/add_line_item", log.reply(422, fixture(t, "tickets/line_item_422.json")))
	_, err := c.Tickets.AddLineItem(context.Background(), 4011, &LineItemInput{Name: Ptr("n"), Description: Ptr("d")})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Name can't be blank, Description can't be blank"}, apiErr.Messages)
}

func TestUpdateLineItem(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPut, apiRoot+"tickets/4011/update_line_item", log.reply(200, fixture(t, "tickets/line_item_updated.json")))
	got, err := c.Tickets.UpdateLineItem(context.Background(), 4011, 3310, &LineItemInput{
		Quantity: Ptr(decStr("3")), PriceRetail: Ptr(decStr("199.95")), Description: Ptr("Dell WD19S dock (discounted)"),
	})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"ticket_line_item_id":3310,"quantity":3,"price_retail":199.95,"description":"Dell WD19S dock (discounted)"}`, string(calls[0].Body))
	assert.Equal(t, int64(3310), got.ID, `read from the {"ticket_line_item": ...} envelope`)
	assert.True(t, decStr("3").Equal(got.Quantity))
	assert.True(t, decStr("199.95").Equal(got.PriceRetail))
	assert.True(t, decStr("219.5").Equal(got.OldPrice), "old_price sent as a string")
	assert.Equal(t, int64(0), got.CostCents, "cost_cents: null")
	assert.Equal(t, int64(19995), got.RetailCents)
}

func TestRemoveLineItem(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/remove_line_item", log.reply(200, fixture(t, "tickets/line_item_removed.json")))
	require.NoError(t, c.Tickets.RemoveLineItem(context.Background(), 4011, 3310))
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"ticket_line_item_id":3310}`, string(calls[0].Body))
}

func TestAddTimer(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/timer_entry", log.reply(200, fixture(t, "tickets/timer_added.json")))
	start := time.Date(2026, 3, 5, 9, 15, 59, 0, time.FixedZone("+02:00", 7200))
	got, err := c.Tickets.AddTimer(context.Background(), 4011, &TimerInput{
		StartAt: &start, EndAt: Ptr(start.Add(10 * time.Minute)), Notes: Ptr("Remote session"),
	})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"start_at":"2026-03-05T09:15:59+02:00","end_at":"2026-03-05T09:25:59+02:00","notes":"Remote session"}`, string(calls[0].Body))
	assert.Equal(t, int64(7010), got.ID)
	assert.True(t, got.StartTime.Equal(start), "start_at comes back as start_time")
	assert.True(t, got.EndTime.Equal(start.Add(10*time.Minute)))
	assert.Equal(t, 10*time.Minute, got.ActiveDuration)
	assert.Equal(t, 2*time.Minute, got.BillableTime)
	assert.Equal(t, 2*time.Minute, got.Worked())
	assert.False(t, got.Recorded)
	assert.JSONEq(t, `null`, string(got.BillableOverride))
}

func TestTimerValidatedBeforeRequest(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	assertRefusedBeforeSending(t, []refusal{
		{"add nil", func(c *Client) error { _, err := c.Tickets.AddTimer(context.Background(), 4011, nil); return err }, []string{"start_at"}},
		{"add without start", func(c *Client) error {
			_, err := c.Tickets.AddTimer(context.Background(), 4011, &TimerInput{DurationMinutes: Ptr(int64(30))})
			return err
		}, []string{"start_at"}},
		{"add with a zero start", func(c *Client) error {
			_, err := c.Tickets.AddTimer(context.Background(), 4011, &TimerInput{StartAt: &time.Time{}})
			return err
		}, []string{"start_at"}},
		{"add ending before it starts", func(c *Client) error {
			_, err := c.Tickets.AddTimer(context.Background(), 4011, &TimerInput{StartAt: &start, EndAt: Ptr(start.Add(-time.Minute))})
			return err
		}, []string{"end_at"}},
		{"update with a negative duration", func(c *Client) error {
			_, err := c.Tickets.UpdateTimer(context.Background(), 4011, 7010, &TimerInput{DurationMinutes: Ptr(int64(-5))})
			return err
		}, []string{"duration_minutes"}},
		{"charge a bad timer", func(c *Client) error { _, err := c.Tickets.ChargeTimer(context.Background(), 4011, 0); return err }, []string{"timer_entry_id"}},
		{"delete on a bad ticket", func(c *Client) error { return c.Tickets.DeleteTimer(context.Background(), 0, 7010) }, []string{"ticket_id"}},
	})
}

func TestAddTimerRefusedBySyncro(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/timer_entry", log.reply(422, fixture(t, "tickets/timer_422.json")))
	start := time.Now()
	_, err := c.Tickets.AddTimer(context.Background(), 4011, &TimerInput{StartAt: &start})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"no implicit conversion of nil into String"}, apiErr.Messages)
	assert.Len(t, log.all(), 1)
}

func TestUpdateChargeDeleteTimer(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPut, apiRoot+"tickets/4011/update_timer_entry", log.reply(200, fixture(t, "tickets/timer_updated.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/charge_timer_entry", log.reply(200, fixture(t, "tickets/timer_charged.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/4011/delete_timer_entry", log.reply(200, fixture(t, "tickets/timer_deleted.json")))
	ctx := context.Background()

	updated, err := c.Tickets.UpdateTimer(ctx, 4011, 7010, &TimerInput{Notes: Ptr("Remote session, profile rebuilt"), ProductID: Ptr(int64(15)), DurationMinutes: Ptr(int64(30))})
	require.NoError(t, err)
	assert.Equal(t, "Remote session, profile rebuilt", updated.Notes)
	assert.Equal(t, int64(15), updated.ProductID)
	assert.Equal(t, time.Duration(0), updated.ActiveDuration, "active_duration: null")
	assert.Equal(t, 30*time.Minute+500*time.Millisecond, updated.BillableTime, "fractional seconds")

	charged, err := c.Tickets.ChargeTimer(ctx, 4011, 7010)
	require.NoError(t, err)
	assert.True(t, charged.Recorded)
	assert.Equal(t, int64(3320), charged.TicketLineItemID)

	require.NoError(t, c.Tickets.DeleteTimer(ctx, 4011, 7010))

	calls := log.all()
	require.Len(t, calls, 3)
	assert.Equal(t, http.MethodPut, calls[0].Method)
	assert.JSONEq(t, `{"timer_entry_id":7010,"notes":"Remote session, profile rebuilt","product_id":15,"duration_minutes":30}`, string(calls[0].Body))
	assert.JSONEq(t, `{"timer_entry_id":7010}`, string(calls[1].Body))
	assert.Equal(t, "/api/v1/tickets/4011/delete_timer_entry", calls[2].Path)
	assert.JSONEq(t, `{"timer_entry_id":7010}`, string(calls[2].Body))
}
