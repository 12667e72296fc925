package syncro

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invoicePage renders a GET /invoices page as Syncro shapes it, each
// invoice given as id and updated_at.
func invoicePage(page, totalPages int, invoices ...SeenRecord) []byte {
	items := make([]string, len(invoices))
	for i, inv := range invoices {
		items[i] = fmt.Sprintf(`{"id":%d,"customer_id":31383993,"number":"%d","created_at":"2026-03-01T09:00:00.000+02:00",`+
			`"updated_at":%q,"date":"2026-03-01T00:00:00.000+02:00","subtotal":"10.0","total":"10.0","tax":"0.0","is_paid":false}`,
			inv.ID, inv.ID%10000, inv.UpdatedAt.Format("2006-01-02T15:04:05.000-07:00"))
	}
	return []byte(fmt.Sprintf(`{"invoices":[%s],"meta":{"total_pages":%d,"page":%d}}`, strings.Join(items, ","), totalPages, page))
}

func invoiceIDs(invs []Invoice) []int64 {
	out := make([]int64, len(invs))
	for i, inv := range invs {
		out[i] = inv.ID
	}
	return out
}

func TestInvoiceChangesDeliversOnlyNewUpdates(t *testing.T) {
	t.Parallel()
	zone := time.FixedZone("", 2*3600)
	at := func(s string) time.Time { return mustTime(t, s).In(zone) }
	wm := at("2026-03-04T10:00:00.500+02:00")
	c, mt := newMockedClient(t, withClock(stoppedClock{now: mustTime(t, "2026-03-05T00:00:00Z")}))
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices", log.sequence(
		invoicePage(1, 2,
			SeenRecord{1649000011, wm},                                  // at the watermark, seen: boundary duplicate
			SeenRecord{1649000012, wm},                                  // at the watermark, not seen
			SeenRecord{1649000013, at("2026-03-04T11:00:00.000+02:00")}, // newest
			SeenRecord{1649000014, at("2026-03-04T10:00:00.100+02:00")}, // in the second of slack, before the watermark
		),
		invoicePage(2, 2,
			SeenRecord{1649000015, at("2026-03-04T10:30:00.000+02:00")},
			SeenRecord{1649000012, wm}, // listed again after pages shifted
		),
	))
	from := InvoiceWatermark{UpdatedAt: wm, Seen: []SeenRecord{{1649000011, wm}, {1649000015, wm}}} // 1649000015 changed since
	ch := c.Invoices.Changes(context.Background(), from, &InvoiceChangesOptions{Unpaid: true})
	assert.Equal(t, from, ch.Watermark(), "before the pass")
	assert.Empty(t, log.all(), "nothing is requested before ranging")

	var got []Invoice
	for inv, err := range ch.Invoices() {
		require.NoError(t, err)
		got = append(got, inv)
	}
	assert.Equal(t, []int64{1649000012, 1649000013, 1649000015}, invoiceIDs(got))
	require.True(t, ch.Complete())
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, "2026-03-04T07:59:59Z", calls[0].Query.Get("since_updated_at"), "a second before the watermark, to the second, in UTC")
	assert.Equal(t, "true", calls[0].Query.Get("unpaid"))
	assert.Equal(t, "100", calls[0].Query.Get("per_page"))

	newest := at("2026-03-04T11:00:00.000+02:00")
	next := ch.Watermark()
	assert.True(t, next.UpdatedAt.Equal(newest), "the latest update seen: %s", next.UpdatedAt)
	assert.Equal(t, []int64{1649000013}, seenIDs(next.Seen), "only what sits at the new watermark is remembered")
}

func TestInvoiceChangesSettleWindow(t *testing.T) {
	t.Parallel()
	now := mustTime(t, "2026-03-04T11:02:00Z")
	c, mt := newMockedClient(t, withClock(stoppedClock{now: now}))
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices", httpmockJSON(200, invoicePage(1, 1,
		SeenRecord{1649000021, mustTime(t, "2026-03-04T10:00:00Z")},
		SeenRecord{1649000022, mustTime(t, "2026-03-04T11:01:00Z")}, // inside the settle window
	)))
	ch := c.Invoices.Changes(context.Background(), InvoiceWatermark{}, nil)
	assert.Len(t, collectSeq(t, ch.Invoices()), 2)
	wm := ch.Watermark()
	assert.True(t, wm.UpdatedAt.Equal(now.Add(-DefaultSettleWindow)), "held five minutes behind the pass: %s", wm.UpdatedAt)
	assert.Equal(t, []int64{1649000022}, seenIDs(wm.Seen), "what is past the held watermark is remembered, not lost")

	// The next pass, from that watermark, does not deliver it again.
	again := c.Invoices.Changes(context.Background(), wm, nil)
	assert.Empty(t, collectSeq(t, again.Invoices()))
}

func TestInvoiceChangesErrorKeepsTheWatermark(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices", httpmockJSON(500, []byte(`{"error":"boom"}`)))
	from := InvoiceWatermark{UpdatedAt: mustTime(t, "2026-03-04T10:00:00Z")}
	ch := c.Invoices.Changes(context.Background(), from, nil)
	n := 0
	for _, err := range ch.Invoices() {
		assert.ErrorIs(t, err, ErrServer)
		n++
	}
	assert.Equal(t, 1, n, "the error is yielded once")
	assert.False(t, ch.Complete())
	assert.Equal(t, from, ch.Watermark())
}

func seenIDs(s []SeenRecord) []int64 {
	out := []int64{}
	for _, r := range s {
		out = append(out, r.ID)
	}
	return out
}

func collectSeq[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}
