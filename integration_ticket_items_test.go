package syncro_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decPtr(s string) *decimal.Decimal { return ptr(dec(s)) }

// oneTicket is a fake with one organization, one technician and one ticket.
func oneTicket(t *testing.T) (f *fake, ticketID, techID int64) {
	t.Helper()
	f = newFake(t)
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	techID = f.srv.AddUser(syncrotest.UserData{Name: "Priya Patel"})
	ticketID = f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Replace failing backup drive", UserID: techID})
	return f, ticketID, techID
}

func TestIntegrationLineItems(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	ctx := context.Background()

	// Add: money goes out and comes back digit for digit.
	li, err := f.client.Tickets.AddLineItem(ctx, id, &syncro.LineItemInput{
		Name: ptr("2TB Backup Drive"), Description: ptr("WD Red Plus 2TB"),
		Quantity: decPtr("2.5"), PriceCost: decPtr("89.50"), PriceRetail: decPtr("129.99"), Taxable: ptr(false),
	})
	require.NoError(t, err)
	assert.Positive(t, li.ID)
	assert.Equal(t, id, li.TicketID)
	assert.Equal(t, "2TB Backup Drive", li.Name)
	assert.Equal(t, "WD Red Plus 2TB", li.Description)
	assert.Equal(t, "2.5", li.Quantity.String(), "Syncro sends the quantity as a string")
	assert.Equal(t, "89.5", li.PriceCost.String())
	assert.Equal(t, "129.99", li.PriceRetail.String())
	assert.Equal(t, int64(8950), li.CostCents)
	assert.Equal(t, int64(12999), li.RetailCents)
	assert.Equal(t, "324.975", li.Total().String(), "2.5 × 129.99, exactly")
	assert.False(t, li.Taxable)
	body := f.lastBody(t, "POST /tickets/{id}/add_line_item")
	assert.Equal(t, json.Number("129.99"), body["price_retail"], "money is a JSON number, written exactly")
	assert.Equal(t, json.Number("89.5"), body["price_cost"])
	assert.Equal(t, json.Number("2.5"), body["quantity"])

	// Amounts a float64 cannot hold survive the round trip.
	big, err := f.client.Tickets.AddLineItem(ctx, id, &syncro.LineItemInput{
		Name: ptr("Site licence"), Description: ptr("Exactness check"),
		Quantity: decPtr("3"), PriceRetail: decPtr("12345678901234.567"),
	})
	require.NoError(t, err)
	assert.Equal(t, "12345678901234.567", big.PriceRetail.String())
	assert.Equal(t, "37037036703703.701", big.Total().String())
	assert.Equal(t, json.Number("12345678901234.567"), f.lastBody(t, "POST /tickets/{id}/add_line_item")["price_retail"])

	// Update: only the fields set, under Syncro's ticket_line_item envelope.
	up, err := f.client.Tickets.UpdateLineItem(ctx, id, li.ID, &syncro.LineItemInput{Quantity: decPtr("3"), PriceRetail: decPtr("119.99")})
	require.NoError(t, err)
	assert.Equal(t, li.ID, up.ID)
	assert.Equal(t, "2TB Backup Drive", up.Name, "fields not sent are kept")
	assert.Equal(t, "119.99", up.PriceRetail.String())
	assert.Equal(t, int64(11999), up.RetailCents)
	assert.Equal(t, "359.97", up.Total().String())
	assert.Equal(t, map[string]any{
		"ticket_line_item_id": json.Number(jsonInt(li.ID)), "quantity": json.Number("3"), "price_retail": json.Number("119.99"),
	}, f.lastBody(t, "PUT /tickets/{id}/update_line_item"))

	// The ticket holds both, as updated.
	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.LineItems, 2)
	assert.Equal(t, "119.99", tk.LineItems[0].PriceRetail.String())
	assert.Equal(t, "3", tk.LineItems[0].Quantity.String())

	// Remove (a POST), then it is gone; a second remove is a 404.
	require.NoError(t, f.client.Tickets.RemoveLineItem(ctx, id, li.ID))
	assert.Equal(t, map[string]any{"ticket_line_item_id": json.Number(jsonInt(li.ID))}, f.lastBody(t, "POST /tickets/{id}/remove_line_item"))
	tk, err = f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.LineItems, 1)
	assert.Equal(t, big.ID, tk.LineItems[0].ID)
	assert.ErrorIs(t, f.client.Tickets.RemoveLineItem(ctx, id, li.ID), syncro.ErrNotFound)
	_, err = f.client.Tickets.UpdateLineItem(ctx, id, li.ID, &syncro.LineItemInput{Quantity: decPtr("1")})
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestIntegrationLineItemsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	ctx := context.Background()
	_, err := f.client.Tickets.AddLineItem(ctx, id, &syncro.LineItemInput{Name: ptr("Drive"), ProductID: ptr(int64(5)), PriceRetail: decPtr("10")})
	var verr *syncro.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"description"}, verr.Fields, "Syncro needs a description even with a product")
	_, err = f.client.Tickets.AddLineItem(ctx, id, nil)
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"name", "description"}, verr.Fields)
	_, err = f.client.Tickets.UpdateLineItem(ctx, id, 61_000_001, &syncro.LineItemInput{Name: ptr(" ")})
	assert.ErrorIs(t, err, syncro.ErrValidation)
	assert.Empty(t, f.srv.Requests(), "nothing was sent")
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestIntegrationTimers(t *testing.T) {
	t.Parallel()
	f, id, priya := oneTicket(t)
	ctx := context.Background()
	west := time.FixedZone("-05:00", -5*60*60)
	start := epoch.Add(-3 * time.Hour).In(west)

	// Add with an end: durations come back in seconds, read as Durations.
	full, err := f.client.Tickets.AddTimer(ctx, id, &syncro.TimerInput{
		StartAt: ptr(start), EndAt: ptr(start.Add(90 * time.Minute)), UserID: ptr(priya), Notes: ptr("Remote session"),
	})
	require.NoError(t, err)
	assert.Positive(t, full.ID)
	assert.Equal(t, id, full.TicketID)
	assert.True(t, full.StartTime.Equal(start), "start_at comes back as start_time: %s", full.StartTime)
	assert.True(t, full.EndTime.Equal(start.Add(90*time.Minute)))
	assert.Equal(t, "+02:00", offset(full.StartTime), "in the account's zone")
	assert.Equal(t, 90*time.Minute, full.ActiveDuration)
	assert.Equal(t, 90*time.Minute, full.BillableTime)
	assert.Equal(t, 90*time.Minute, full.Worked())
	assert.Equal(t, priya, full.UserID)
	assert.Equal(t, "Remote session", full.Notes)
	assert.Equal(t, int64(1), full.ProductID, "the default labor product")
	assert.False(t, full.Recorded)

	// Add with a length in minutes.
	short, err := f.client.Tickets.AddTimer(ctx, id, &syncro.TimerInput{StartAt: ptr(start), DurationMinutes: ptr(int64(45))})
	require.NoError(t, err)
	assert.True(t, short.EndTime.Equal(start.Add(45*time.Minute)))
	assert.Equal(t, 45*time.Minute, short.BillableTime)
	assert.Equal(t, int64(1), short.UserID, "the token's user by default")

	// Update the length: Syncro moves billable_time, not end_time.
	up, err := f.client.Tickets.UpdateTimer(ctx, id, short.ID, &syncro.TimerInput{DurationMinutes: ptr(int64(60)), Notes: ptr("Replaced drive")})
	require.NoError(t, err)
	assert.Equal(t, short.ID, up.ID)
	assert.Equal(t, 60*time.Minute, up.BillableTime)
	assert.Equal(t, 45*time.Minute, up.ActiveDuration, "as observed on Syncro")
	assert.True(t, up.EndTime.Equal(short.EndTime))
	assert.Equal(t, 60*time.Minute, up.Worked())
	assert.Equal(t, "Replaced drive", up.Notes)
	assert.Equal(t, map[string]any{"timer_entry_id": json.Number(jsonInt(short.ID)), "duration_minutes": json.Number("60"), "notes": "Replaced drive"},
		f.lastBody(t, "PUT /tickets/{id}/update_timer_entry"))

	// Charge: the entry is recorded and becomes a labor line item.
	charged, err := f.client.Tickets.ChargeTimer(ctx, id, short.ID)
	require.NoError(t, err)
	assert.True(t, charged.Recorded)
	require.NotZero(t, charged.TicketLineItemID)
	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.LineItems, 1)
	labor := tk.LineItems[0]
	assert.Equal(t, charged.TicketLineItemID, labor.ID)
	assert.Equal(t, "1", labor.Quantity.String(), "an hour of labor")
	assert.Equal(t, "Replaced drive", labor.Description)
	require.Len(t, tk.TicketTimers, 2)

	// Delete: gone from the ticket; again is a 404.
	require.NoError(t, f.client.Tickets.DeleteTimer(ctx, id, full.ID))
	tk, err = f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.TicketTimers, 1)
	assert.Equal(t, short.ID, tk.TicketTimers[0].ID)
	assert.ErrorIs(t, f.client.Tickets.DeleteTimer(ctx, id, full.ID), syncro.ErrNotFound)
	_, err = f.client.Tickets.ChargeTimer(ctx, id, full.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	assert.Equal(t, 2, f.srv.Stats().Created["timers"])
}

func TestIntegrationTimersRefused(t *testing.T) {
	t.Parallel()
	f, id, _ := oneTicket(t)
	ctx := context.Background()
	start := epoch.Add(-time.Hour)
	for name, in := range map[string]*syncro.TimerInput{
		"nil":          nil,
		"no start":     {EndAt: ptr(epoch)},
		"zero start":   {StartAt: ptr(time.Time{})},
		"ends early":   {StartAt: ptr(start), EndAt: ptr(start.Add(-time.Minute))},
		"negative len": {StartAt: ptr(start), DurationMinutes: ptr(int64(-5))},
	} {
		_, err := f.client.Tickets.AddTimer(ctx, id, in)
		assert.ErrorIs(t, err, syncro.ErrValidation, name)
	}
	assert.Empty(t, f.srv.Requests(), "refused before sending")

	// A token without the timer permission gets Syncro's 401 permission error.
	f.srv.AddToken("Tno-timers", syncrotest.PermTicketsList, syncrotest.PermTicketsView, syncrotest.PermTicketsEdit)
	limited := f.clientWithToken(t, "Tno-timers")
	_, err := limited.Tickets.AddTimer(ctx, id, &syncro.TimerInput{StartAt: ptr(start), DurationMinutes: ptr(int64(30))})
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.True(t, apiErr.MissingPermission())
	assert.ErrorIs(t, err, syncro.ErrForbidden)
	assert.NotContains(t, err.Error(), "Tno-timers", "the token never shows in an error")
	assert.Equal(t, 0, f.srv.Counts().Timers)
}
