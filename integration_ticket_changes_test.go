package syncro_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// roundTrip stores a watermark as a sync job would (JSON) and reads it back.
func roundTrip(t *testing.T, wm syncro.Watermark) syncro.Watermark {
	t.Helper()
	b, err := json.Marshal(wm)
	require.NoError(t, err)
	var back syncro.Watermark
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.UpdatedAt.Equal(wm.UpdatedAt), "updated_at survives JSON: %s", b)
	require.Len(t, back.Seen, len(wm.Seen))
	for i := range wm.Seen {
		require.Equal(t, wm.Seen[i].ID, back.Seen[i].ID)
		require.True(t, back.Seen[i].UpdatedAt.Equal(wm.Seen[i].UpdatedAt), "seen[%d] survives JSON: %s", i, b)
	}
	return back
}

// pass runs one Changes pass to the end and returns what it delivered and
// the watermark to keep.
func pass(t *testing.T, client *syncro.Client, wm syncro.Watermark, opts syncro.ChangesOptions) ([]int64, syncro.Watermark) {
	t.Helper()
	changes := client.Tickets.Changes(context.Background(), wm, &opts)
	got := ticketIDs(collect(t, changes.Tickets()))
	require.True(t, changes.Complete())
	return got, changes.Watermark()
}

func assertOnce(t *testing.T, ids []int64) {
	t.Helper()
	seen := map[int64]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "ticket %d delivered twice in one pass", id)
		seen[id] = true
	}
}

func TestIntegrationChangesFeed(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	add := func(subject, status string, at time.Time) int64 {
		return f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: subject, Status: status, CreatedAt: at})
	}
	t1 := add("Email not syncing", "New", epoch.Add(-4*time.Hour))
	t2 := add("VPN drops", "In Progress", epoch.Add(-3*time.Hour))
	closed := add("Old request", "Resolved", epoch.Add(-150*time.Minute))
	t3 := add("Scanner offline", "Waiting on Customer", epoch.Add(-2*time.Hour))
	t4 := add("Printer jam", "New", epoch.Add(-time.Hour))
	// The fake's clock is not the client's: the settle window (measured on
	// the client's clock) is off here and tested on its own below.
	opts := syncro.ChangesOptions{ExcludeStatuses: []string{"resolved", "Invoiced"}, PerPage: 2, SettleWindow: -1}

	// First pass: everything not closed, across three pages.
	got, wm := pass(t, f.client, syncro.Watermark{}, opts)
	assert.ElementsMatch(t, []int64{t1, t2, t3, t4}, got)
	assertOnce(t, got)
	assert.NotContains(t, got, closed, "an excluded status is not delivered")
	assert.True(t, wm.UpdatedAt.Equal(epoch.Add(-time.Hour)), "the latest update seen: %s", wm.UpdatedAt)
	require.Len(t, wm.Seen, 1)
	assert.Equal(t, t4, wm.Seen[0].ID)
	assert.Empty(t, f.requestsTo("GET /tickets")[0].Query.Get("since_updated_at"), "a first pass lists everything")
	wm = roundTrip(t, wm)

	// Between passes: changes through the API, an hour later...
	f.clock.Advance(time.Hour)
	_, err := f.client.Tickets.Update(ctx, t2, &syncro.TicketInput{Subject: ptr("VPN drops every hour")})
	require.NoError(t, err)
	_, err = f.client.Tickets.AddComment(ctx, t1, &syncro.CommentInput{Subject: "Update", Body: "Reset the mail profile."})
	require.NoError(t, err)
	t5, err := f.client.Tickets.Create(ctx, &syncro.TicketInput{CustomerID: ptr(acme), Subject: ptr("New laptop")})
	require.NoError(t, err)
	_, err = f.client.Tickets.Update(ctx, t3, &syncro.TicketInput{Status: ptr("Resolved")})
	require.NoError(t, err)
	// ...and one updated in the very millisecond of the watermark, which
	// the first pass could not have seen.
	boundary := add("Same instant", "New", epoch.Add(-time.Hour))

	f.srv.ResetRequests()
	got, wm2 := pass(t, f.client, wm, opts)
	assert.ElementsMatch(t, []int64{t1, t2, t5.ID, boundary}, got, "no miss, no duplicate: t4 is unchanged, t3 is now resolved")
	assertOnce(t, got)
	rs := f.requestsTo("GET /tickets")
	require.NotEmpty(t, rs)
	assert.Equal(t, epoch.Add(-time.Hour-time.Second).Truncate(time.Second).UTC().Format(time.RFC3339),
		rs[0].Query.Get("since_updated_at"), "a second before the watermark, in UTC")
	assert.True(t, wm2.UpdatedAt.Equal(epoch.Add(time.Hour)), "the latest update seen: %s", wm2.UpdatedAt)
	wm2 = roundTrip(t, wm2)

	// Nothing changed: nothing delivered, the watermark holds.
	got, wm3 := pass(t, f.client, wm2, opts)
	assert.Empty(t, got)
	assert.True(t, wm3.UpdatedAt.Equal(wm2.UpdatedAt))

	// A pass stopped early keeps the watermark it started from.
	f.clock.Advance(time.Minute)
	_, err = f.client.Tickets.Update(ctx, t4, &syncro.TicketInput{Priority: ptr("1 High")})
	require.NoError(t, err)
	_, err = f.client.Tickets.Update(ctx, t1, &syncro.TicketInput{Priority: ptr("1 High")})
	require.NoError(t, err)
	changes := f.client.Tickets.Changes(ctx, wm3, &opts)
	for _, err := range changes.Tickets() {
		require.NoError(t, err)
		break
	}
	assert.False(t, changes.Complete())
	assert.True(t, changes.Watermark().UpdatedAt.Equal(wm3.UpdatedAt))
	got, _ = pass(t, f.client, wm3, opts)
	assert.ElementsMatch(t, []int64{t1, t4}, got, "the next pass redoes it")
}

func TestIntegrationChangesSettleWindow(t *testing.T) {
	t.Parallel()
	// Here the fake's clock reads the real time, like Syncro's, so the
	// settle window (measured on the client's clock) takes effect.
	clk := &testClock{now: time.Now().Truncate(time.Millisecond)}
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now))
	t.Cleanup(srv.Close)
	client := srv.Client(syncro.WithRetry(syncro.NoRetry()))
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	old := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Old", CreatedAt: clk.Now().Add(-time.Hour)})
	fresh := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Fresh", CreatedAt: clk.Now()})

	got, wm := pass(t, client, syncro.Watermark{}, syncro.ChangesOptions{})
	assert.ElementsMatch(t, []int64{old, fresh}, got)
	assert.False(t, wm.UpdatedAt.After(time.Now().Add(-syncro.DefaultSettleWindow)), "held back by the settle window: %s", wm.UpdatedAt)
	assert.True(t, wm.UpdatedAt.After(clk.Now().Add(-time.Hour)), "but past the old ticket")
	var seen []int64
	for _, s := range wm.Seen {
		seen = append(seen, s.ID)
	}
	assert.Equal(t, []int64{fresh}, seen, "the fresh ticket is remembered, not redelivered")
	wm = roundTrip(t, wm)

	got, wm = pass(t, client, wm, syncro.ChangesOptions{})
	assert.Empty(t, got, "nothing changed since")

	clk.Advance(time.Minute)
	_, err := client.Tickets.Update(context.Background(), fresh, &syncro.TicketInput{Status: ptr("In Progress")})
	require.NoError(t, err)
	got, _ = pass(t, client, wm, syncro.ChangesOptions{})
	assert.Equal(t, []int64{fresh}, got, "a change inside the window is delivered once more")
}

// TestIntegrationChangesWhileTicketsChange changes tickets in the middle of
// a pass, as users do on a live account: a ticket created after the first
// page pushes the others down a page (one is listed twice), and a ticket on
// a page not yet read is updated. The pass delivers each ticket once, and
// the settle window keeps the watermark back far enough that the next pass
// delivers the new ticket it could not see.
func TestIntegrationChangesWhileTicketsChange(t *testing.T) {
	t.Parallel()
	clk := &testClock{now: time.Now().Truncate(time.Millisecond)}
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now))
	t.Cleanup(srv.Close)
	client := srv.Client(syncro.WithRetry(syncro.NoRetry()))
	ctx := context.Background()
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	var ids []int64
	for i, subject := range []string{"a", "b", "c", "d"} {
		ids = append(ids, srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: subject, CreatedAt: clk.Now().Add(time.Duration(i-10) * time.Minute)}))
	}
	a, b, c, d := ids[0], ids[1], ids[2], ids[3]

	changes := client.Tickets.Changes(ctx, syncro.Watermark{}, &syncro.ChangesOptions{PerPage: 2})
	var got []int64
	var created int64
	for tk, err := range changes.Tickets() {
		require.NoError(t, err)
		got = append(got, tk.ID)
		if created == 0 {
			clk.Advance(time.Second)
			tk, err := client.Tickets.Create(ctx, &syncro.TicketInput{CustomerID: ptr(acme), Subject: ptr("e")})
			require.NoError(t, err)
			created = tk.ID
			clk.Advance(time.Second)
			_, err = client.Tickets.Update(ctx, a, &syncro.TicketInput{Priority: ptr("1 High")})
			require.NoError(t, err)
		}
	}
	require.True(t, changes.Complete())
	assert.Equal(t, []int64{d, c, b, a}, got, "c, listed again on the shifted page, is delivered once; e came after its page was read")

	got, _ = pass(t, client, roundTrip(t, changes.Watermark()), syncro.ChangesOptions{PerPage: 2})
	assert.Equal(t, []int64{created}, got, "the next pass delivers what the first could not see, and only that")
}
