package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// changedTicket is the part of a ticket list item a changes pass reads.
type changedTicket struct {
	id        int64
	status    string
	updatedAt string // as Syncro sends it, with the account's offset
}

// ticketPage renders a GET /tickets page as Syncro shapes it.
func ticketPage(page, totalPages int, tickets ...changedTicket) []byte {
	items := make([]string, len(tickets))
	for i, tk := range tickets {
		items[i] = fmt.Sprintf(`{"id":%d,"number":%d,"subject":"Ticket %d","created_at":"2026-03-01T09:00:00.000+02:00",`+
			`"customer_id":31383993,"customer_business_then_name":"Harbor Dental","status":%q,"updated_at":%q,`+
			`"properties":{},"tag_list":[],"comments":[],"user":null,"sla_breached":false}`,
			tk.id, tk.id+1000, tk.id, tk.status, tk.updatedAt)
	}
	return []byte(fmt.Sprintf(`{"tickets":[%s],"meta":{"total_pages":%d,"page":%d}}`, strings.Join(items, ","), totalPages, page))
}

func ticketIDs(ts []Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func TestChangesDeliversOnlyNewUpdates(t *testing.T) {
	t.Parallel()
	wm := mustTime(t, "2026-03-04T10:00:00.500+02:00")
	c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-05T00:00:00Z")}))
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(
		ticketPage(1, 2,
			changedTicket{4011, "Waiting on Customer", "2026-03-04T10:00:00.500+02:00"}, // at the watermark, seen: boundary duplicate
			changedTicket{4012, "New", "2026-03-04T10:00:00.500+02:00"},                 // at the watermark, not seen
			changedTicket{4013, "Resolved", "2026-03-04T11:00:00.000+02:00"},            // excluded status, newest
			changedTicket{4014, "New", "2026-03-04T10:00:00.100+02:00"},                 // in the second of slack, before the watermark
		),
		ticketPage(2, 2,
			changedTicket{4015, "In Progress", "2026-03-04T10:30:00.000+02:00"},
			changedTicket{4012, "New", "2026-03-04T10:00:00.500+02:00"}, // listed again after pages shifted
		),
	))
	from := Watermark{UpdatedAt: wm, Seen: []SeenTicket{{ID: 4011, UpdatedAt: wm}, {ID: 4015, UpdatedAt: wm}}} // 4015 changed again since
	ch := c.Tickets.Changes(context.Background(), from, &ChangesOptions{
		ExcludeStatuses: []string{"resolved", "Invoiced"},
	})
	assert.Equal(t, Watermark{UpdatedAt: wm, Seen: []SeenTicket{{ID: 4011, UpdatedAt: wm}, {ID: 4015, UpdatedAt: wm}}}, ch.Watermark(), "before the pass")
	assert.Empty(t, log.all(), "nothing is requested before ranging")

	var got []Ticket
	for tk, err := range ch.Tickets() {
		require.NoError(t, err)
		got = append(got, tk)
	}
	assert.Equal(t, []int64{4012, 4015}, ticketIDs(got))
	assert.True(t, ch.Complete())

	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, "2026-03-04T07:59:59Z", calls[0].Query.Get("since_updated_at"), "a second before the watermark, in UTC")
	assert.Equal(t, "100", calls[0].Query.Get("per_page"))

	newest := mustTime(t, "2026-03-04T11:00:00+02:00")
	next := ch.Watermark()
	assert.True(t, next.UpdatedAt.Equal(newest), "the excluded ticket's update moves the watermark too: %s", next.UpdatedAt)
	require.Len(t, next.Seen, 1)
	assert.Equal(t, int64(4013), next.Seen[0].ID)

	raw, err := json.Marshal(next)
	require.NoError(t, err)
	var back Watermark
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.True(t, back.UpdatedAt.Equal(next.UpdatedAt), "the watermark survives JSON: %s", raw)
	assert.Equal(t, next.Seen[0].ID, back.Seen[0].ID)
	assert.True(t, back.Seen[0].UpdatedAt.Equal(next.Seen[0].UpdatedAt))
}

func TestChangesNextPassDropsBoundaryDuplicates(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-05T00:00:00Z")}))
	var log callLog
	page := ticketPage(1, 1,
		changedTicket{4013, "Resolved", "2026-03-04T11:00:00.000+02:00"},
		changedTicket{4016, "New", "2026-03-04T11:00:00.000+02:00"},
		changedTicket{4017, "New", "2026-03-04T11:00:05.000+02:00"},
	)
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(page, page))
	prev := Watermark{UpdatedAt: mustTime(t, "2026-03-04T09:00:00Z"), Seen: []SeenTicket{{ID: 4013, UpdatedAt: mustTime(t, "2026-03-04T09:00:00Z")}}}

	ch := c.Tickets.Changes(context.Background(), prev, nil)
	var got []Ticket
	for tk, err := range ch.Tickets() {
		require.NoError(t, err)
		got = append(got, tk)
	}
	assert.Equal(t, []int64{4016, 4017}, ticketIDs(got), "4013 was handled at the watermark already: a boundary duplicate")

	again := c.Tickets.Changes(context.Background(), ch.Watermark(), nil)
	got = nil
	for tk, err := range again.Tickets() {
		require.NoError(t, err)
		got = append(got, tk)
	}
	assert.Empty(t, ticketIDs(got), "the same listing again delivers nothing")
	assert.True(t, again.Watermark().UpdatedAt.Equal(mustTime(t, "2026-03-04T09:00:05Z")))
	assert.Equal(t, []SeenTicket{{ID: 4017, UpdatedAt: again.Watermark().UpdatedAt}}, again.Watermark().Seen)
}

func TestChangesSettleWindowHoldsTheWatermarkBack(t *testing.T) {
	t.Parallel()
	// The pass starts one minute after the newest update: the watermark
	// stays five minutes behind the start, and every ticket handled after
	// that point is remembered so the next pass does not repeat it.
	c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-04T09:01:00Z")}))
	var log callLog
	page := ticketPage(1, 1,
		changedTicket{4020, "New", "2026-03-04T10:50:00.000+02:00"}, // 08:50Z: settled
		changedTicket{4021, "New", "2026-03-04T10:57:00.000+02:00"}, // 08:57Z: after 08:56Z
		changedTicket{4022, "New", "2026-03-04T11:00:00.000+02:00"}, // 09:00Z
	)
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(page, page))
	ch := c.Tickets.Changes(context.Background(), Watermark{}, nil)
	var got []Ticket
	for tk, err := range ch.Tickets() {
		require.NoError(t, err)
		got = append(got, tk)
	}
	assert.Equal(t, []int64{4020, 4021, 4022}, ticketIDs(got))
	assert.Empty(t, log.all()[0].Query.Get("since_updated_at"), "the first pass lists everything")
	wm := ch.Watermark()
	assert.True(t, wm.UpdatedAt.Equal(mustTime(t, "2026-03-04T08:56:00Z")), "held back: %s", wm.UpdatedAt)
	require.Len(t, wm.Seen, 2)
	assert.Equal(t, []int64{4021, 4022}, []int64{wm.Seen[0].ID, wm.Seen[1].ID})

	next := c.Tickets.Changes(context.Background(), wm, nil)
	got = nil
	for tk, err := range next.Tickets() {
		require.NoError(t, err)
		got = append(got, tk)
	}
	assert.Empty(t, got, "nothing is delivered twice")
	assert.Equal(t, "2026-03-04T08:55:59Z", log.all()[1].Query.Get("since_updated_at"))
}

func TestChangesKeepsTheWatermarkWhenThePassStops(t *testing.T) {
	t.Parallel()
	wm := mustTime(t, "2026-03-04T08:00:00Z")
	start := Watermark{UpdatedAt: wm, Seen: []SeenTicket{{ID: 1, UpdatedAt: wm}}}
	t.Run("break", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-05T00:00:00Z")}))
		var log callLog
		mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(ticketPage(1, 1,
			changedTicket{4030, "New", "2026-03-04T11:00:00.000+02:00"},
			changedTicket{4031, "New", "2026-03-04T12:00:00.000+02:00"},
		)))
		ch := c.Tickets.Changes(context.Background(), start, nil)
		for _, err := range ch.Tickets() {
			require.NoError(t, err)
			break
		}
		assert.False(t, ch.Complete())
		assert.Equal(t, start, ch.Watermark())
	})
	t.Run("error", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-05T00:00:00Z")}))
		var log callLog
		mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(ticketPage(1, 2,
			changedTicket{4030, "New", "2026-03-04T11:00:00.000+02:00"},
		)))
		var delivered int
		var errs []error
		for _, err := range c.Tickets.Changes(context.Background(), start, nil).Tickets() {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			delivered++
		}
		assert.Equal(t, 1, delivered)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrServer)
	})
}

func TestChangesPassesFilters(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets", log.sequence(ticketPage(1, 1)))
	ch := c.Tickets.Changes(context.Background(), Watermark{UpdatedAt: mustTime(t, "2026-03-04T08:00:00Z")},
		&ChangesOptions{CustomerID: 31383993, PerPage: 25, CommentFormat: CommentFormatPlainText})
	for _, err := range ch.Tickets() {
		require.NoError(t, err)
	}
	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "31383993", calls[0].Query.Get("customer_id"))
	assert.Equal(t, "25", calls[0].Query.Get("per_page"))
	assert.Equal(t, "plaintext", calls[0].Query.Get("comment_format"))
	assert.True(t, ch.Complete())
	assert.True(t, ch.Watermark().UpdatedAt.Equal(mustTime(t, "2026-03-04T08:00:00Z")), "no ticket: the watermark stays")
}
