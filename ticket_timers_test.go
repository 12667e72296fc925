package syncro

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTicketTimersListSendsCreationFiltersInUTC(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"ticket_timers", log.reply(200, fixture(t, "ticket_timers/list_page1.json")))

	berlin := time.FixedZone("CET", 3600)
	opts := &TicketTimerListOptions{
		ListOptions: ListOptions{Page: 1},
		CreatedAtGt: time.Date(2026, 3, 1, 1, 0, 0, 0, berlin),
		CreatedAtLt: time.Date(2026, 3, 4, 0, 0, 0, 500_000_000, time.UTC),
	}
	page, err := c.TicketTimers.List(context.Background(), opts)
	require.NoError(t, err)

	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "2026-03-01T00:00:00Z", calls[0].Query.Get("created_at_gt"))
	assert.Equal(t, "2026-03-04T00:00:00.5Z", calls[0].Query.Get("created_at_lt"))
	assert.Equal(t, "1", calls[0].Query.Get("page"))
	assert.Equal(t, berlin, opts.CreatedAtGt.Location(), "the caller's options are not changed")

	require.Len(t, page.Items, 2)
	assert.Equal(t, 2, page.Meta.TotalPages)
	first := page.Items[0]
	assert.Equal(t, int64(71000001), first.ID)
	assert.Equal(t, int64(52000001), first.TicketID)
	assert.Equal(t, 90*time.Minute, first.ActiveDuration)
	assert.Equal(t, "+02:00", first.StartTime.Format("-07:00"))
	assert.True(t, first.Billable)
	assert.Equal(t, 20*time.Minute, page.Items[1].BillableTime, "seconds as a string")
	assert.True(t, page.Items[1].Recorded)
	assert.Equal(t, int64(61000004), page.Items[1].TicketLineItemID)
}

func TestTicketTimersAllWalksThePages(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"ticket_timers", log.sequence(
		fixture(t, "ticket_timers/list_page1.json"), fixture(t, "ticket_timers/list_page2.json")))
	var ids []int64
	for tm, err := range c.TicketTimers.All(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, tm.ID)
	}
	assert.Equal(t, []int64{71000001, 71000002, 71000003}, ids)
	require.Len(t, log.all(), 2)
	assert.Equal(t, "2", log.all()[1].Query.Get("page"))
}

func TestTicketTimersSetBillable(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPatch, apiRoot+"ticket_timers/71000003", log.reply(200, fixture(t, "ticket_timers/patched.json")))
	tm, err := c.TicketTimers.SetBillable(context.Background(), 71000003, true)
	require.NoError(t, err)
	assert.True(t, tm.Billable)
	assert.Equal(t, int64(71000003), tm.ID)
	assert.False(t, tm.SinceUpdatedAt.IsZero())

	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "true", calls[0].Query.Get("billable"), "billable travels in the query string")
	assert.Empty(t, calls[0].Body)

	_, err = c.TicketTimers.SetBillable(context.Background(), 71000003, false)
	require.NoError(t, err)
	assert.Equal(t, "false", log.all()[1].Query.Get("billable"), "false is sent, not left out")
}

func TestTicketTimersSetBillable422(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodPatch, apiRoot+"ticket_timers/5", jsonResponder(422, fixture(t, "ticket_timers/patch_422.json")))
	_, err := c.TicketTimers.SetBillable(context.Background(), 5, true)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"billable must be true or false"}, apiErr.Messages)
	assert.ErrorIs(t, err, ErrValidation)
}

func TestTicketTimersRefusals(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	assertRefusedBeforeSending(t, []refusal{
		{"billable without id", func(c *Client) error {
			_, err := c.TicketTimers.SetBillable(context.Background(), 0, true)
			return err
		}, []string{"id"}},
		{"empty creation window", func(c *Client) error {
			_, err := c.TicketTimers.List(context.Background(), &TicketTimerListOptions{CreatedAtGt: day, CreatedAtLt: day})
			return err
		}, []string{"created_at_gt", "created_at_lt"}},
		{"report without period", func(c *Client) error {
			_, err := c.TicketTimers.Report(context.Background(), time.Time{}, day, nil)
			return err
		}, []string{"from", "to"}},
		{"report backwards", func(c *Client) error {
			_, err := c.TicketTimers.Report(context.Background(), day, day.Add(-time.Hour), nil)
			return err
		}, []string{"from", "to"}},
	})
}

func TestTicketTimersReportListsAWiderWindowAndLooksUpTickets(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var timers, tickets callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"ticket_timers", timers.sequence(
		fixture(t, "ticket_timers/list_page1.json"), fixture(t, "ticket_timers/list_page2.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000001", tickets.reply(200, []byte(`{"ticket":{"id":52000001,"customer_id":31000001,"subject":"a"}}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000002", tickets.reply(200, []byte(`{"ticket":{"id":52000002,"customer_id":"31000002","subject":"b"}}`)))

	from := mustTime(t, "2026-03-02T00:00:00+02:00")
	to := mustTime(t, "2026-03-03T00:00:00+02:00")
	r, err := c.TicketTimers.Report(context.Background(), from, to, &TimeReportOptions{ByCustomer: true, LoggedWithin: 48 * time.Hour})
	require.NoError(t, err)

	q := timers.all()[0].Query
	assert.Equal(t, "2026-02-27T22:00:00Z", q.Get("created_at_gt"))
	assert.Equal(t, "2026-03-04T22:00:00Z", q.Get("created_at_lt"))
	assert.Len(t, tickets.all(), 2, "each ticket is fetched once")

	require.Len(t, r.Rows, 2)
	assert.Equal(t, int64(31000001), r.Rows[0].CustomerID)
	assert.Equal(t, 90*time.Minute, r.Rows[0].Worked, "the next day's entry is outside the period")
	assert.Equal(t, int64(31000002), r.Rows[1].CustomerID)
	assert.Equal(t, 2, r.Total.Entries)
}

func TestTicketTimersReportCountsADeletedTicketUnderNoOrganization(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var timers callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"ticket_timers", timers.sequence(
		fixture(t, "ticket_timers/list_page1.json"), fixture(t, "ticket_timers/list_page2.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000001", jsonResponder(200, []byte(`{"ticket":{"id":52000001,"customer_id":31000001}}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000002", jsonResponder(404, []byte(`{"message":"Not found"}`)))
	from := mustTime(t, "2026-03-02T00:00:00+02:00")
	r, err := c.TicketTimers.Report(context.Background(), from, from.Add(24*time.Hour), &TimeReportOptions{ByCustomer: true})
	require.NoError(t, err)
	require.Len(t, r.Rows, 2)
	assert.Equal(t, int64(77), r.Rows[0].UserID)
	assert.Equal(t, int64(31000001), r.Rows[0].CustomerID)
	assert.Equal(t, int64(78), r.Rows[1].UserID)
	assert.Zero(t, r.Rows[1].CustomerID, "the deleted ticket's time still counts")
	assert.Equal(t, 20*time.Minute, r.Rows[1].Worked)

	// Any other failure fails the report.
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000002", jsonResponder(401, []byte(`{"error":"Not authorized. Please ask account admin to update your group permissions."}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"ticket_timers", timers.sequence(
		fixture(t, "ticket_timers/list_page1.json"), fixture(t, "ticket_timers/list_page2.json")))
	_, err = c.TicketTimers.Report(context.Background(), from, from.Add(24*time.Hour), &TimeReportOptions{ByCustomer: true})
	require.ErrorIs(t, err, ErrUnauthorized)
}
