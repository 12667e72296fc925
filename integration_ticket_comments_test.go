package syncro_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// threadFixture is a ticket with n comments, "Comment 1" the oldest, one
// minute apart, the last at epoch.
func threadFixture(t *testing.T, n int) (*fake, int64) {
	t.Helper()
	f := newFake(t)
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	comments := make([]syncrotest.CommentData, n)
	for i := range comments {
		comments[i] = syncrotest.CommentData{
			Subject:   fmt.Sprintf("Comment %d", i+1),
			Body:      fmt.Sprintf("Body %d", i+1),
			Hidden:    i%3 == 1,
			CreatedAt: epoch.Add(-time.Duration(n-1-i) * time.Minute),
		}
	}
	comments[0].Subject = syncro.InitialIssueSubject
	id := f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Long thread", Comments: comments, CreatedAt: comments[0].CreatedAt})
	return f, id
}

func subjects(cs []syncro.Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Subject
	}
	return out
}

func TestIntegrationCommentsAcrossPages(t *testing.T) {
	t.Parallel()
	const n = 23
	f, id := threadFixture(t, n)
	ctx := context.Background()

	// Oldest first, five a page: five requests, every comment once.
	asc := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{
		ListOptions: syncro.ListOptions{PerPage: 5},
		SortBy:      syncro.CommentSortCreatedAt, SortDirection: syncro.SortAscending,
	}))
	require.Len(t, asc, n)
	want := []string{syncro.InitialIssueSubject}
	for i := 2; i <= n; i++ {
		want = append(want, fmt.Sprintf("Comment %d", i))
	}
	assert.Equal(t, want, subjects(asc))
	seen := map[int64]bool{}
	for i, c := range asc {
		assert.False(t, seen[c.ID], "comment %d delivered twice", c.ID)
		seen[c.ID] = true
		assert.Greater(t, c.ID, int64(math.MaxInt32), "comment ids pass 2^31 on the fake, as on Syncro")
		assert.Equal(t, id, c.TicketID)
		assert.Equal(t, i%3 == 1, c.Hidden, "comment %d", i+1)
		assert.True(t, c.CreatedAt.Equal(epoch.Add(-time.Duration(n-1-i)*time.Minute)))
		assert.Equal(t, "+02:00", offset(c.CreatedAt))
		require.NotNil(t, c.User, "the thread shape names the author")
		assert.Equal(t, "Alex Morgan", c.User.FullName)
		assert.Equal(t, "Alex Morgan", c.Tech, "tech defaults to the author's name")
	}
	assert.True(t, asc[0].IsInitialIssue())
	rs := byPage(f.requestsTo("GET /tickets/{id}/comments"))
	require.Len(t, rs, 5)
	for i, r := range rs {
		assert.Equal(t, fmt.Sprint(i+1), r.Query.Get("page"))
		assert.Equal(t, "5", r.Query.Get("per_page"))
		assert.Equal(t, "created_at", r.Query.Get("sort_by"))
		assert.Equal(t, "ASC", r.Query.Get("sort_direction"))
	}

	// Syncro's default order is newest first; the iterator asks for 100
	// a page, so the whole thread is one request.
	f.srv.ResetRequests()
	desc := collect(t, f.client.Tickets.Comments(ctx, id, nil))
	require.Len(t, desc, n)
	assert.Equal(t, fmt.Sprintf("Comment %d", n), desc[0].Subject)
	assert.Equal(t, syncro.InitialIssueSubject, desc[n-1].Subject)
	rs = f.requestsTo("GET /tickets/{id}/comments")
	require.Len(t, rs, 1)
	assert.Equal(t, "100", rs[0].Query.Get("per_page"))

	// One page at Syncro's default size: meta as Syncro sends it.
	page, err := f.client.Tickets.ListComments(ctx, id, nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 10)
	assert.Equal(t, syncro.Meta{Page: 1, TotalPages: 3, PerPage: 10}, page.Meta)
	assert.Equal(t, 2, page.NextPage())
}

func TestIntegrationCommentsFiltersAndResume(t *testing.T) {
	t.Parallel()
	const n = 23
	f, id := threadFixture(t, n)
	ctx := context.Background()

	// Created after a bound (strictly), in a zone other than the account's.
	// The bound is a whole second: see TestIntegrationCommentsCreatedAfterSubSecond.
	east := time.FixedZone("+05:00", 5*60*60)
	bound := epoch.Add(-5 * time.Minute).Truncate(time.Second).Add(time.Second) // just after Comment 18
	recent := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{
		ListOptions:  syncro.ListOptions{PerPage: 2},
		SortBy:       syncro.CommentSortCreatedAt,
		CreatedAfter: bound.In(east), SortDirection: syncro.SortAscending,
	}))
	assert.Equal(t, []string{"Comment 19", "Comment 20", "Comment 21", "Comment 22", "Comment 23"}, subjects(recent))
	rs := f.requestsTo("GET /tickets/{id}/comments")
	require.Len(t, rs, 3)
	assert.Equal(t, bound.UTC().Format(time.RFC3339), rs[0].Query.Get("created_after"), "sent in UTC")

	// Resume from page 3 of ten.
	rest := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{
		ListOptions: syncro.ListOptions{Page: 3, PerPage: 10}, SortDirection: syncro.SortAscending,
	}))
	assert.Equal(t, []string{"Comment 21", "Comment 22", "Comment 23"}, subjects(rest))

	// Stopping early fetches no more pages than it used, one page at a
	// time; with pages fetched ahead, no more than those in flight.
	for _, tt := range []struct{ inFlight, most int }{{1, 2}, {syncro.DefaultPageConcurrency, 1 + syncro.DefaultPageConcurrency}} {
		f.srv.ResetRequests()
		client := f.srv.Client(syncro.WithPageConcurrency(tt.inFlight))
		got := 0
		for _, err := range client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{ListOptions: syncro.ListOptions{PerPage: 5}}) {
			require.NoError(t, err)
			if got++; got == 7 {
				break
			}
		}
		fetched := len(f.requestsTo("GET /tickets/{id}/comments"))
		assert.LessOrEqual(t, fetched, tt.most, "%d in flight", tt.inFlight)
		if tt.inFlight == 1 {
			assert.Equal(t, 2, fetched)
		}
	}

	// A ticket that does not exist: the error comes once, then the end.
	var errs []error
	for _, err := range f.client.Tickets.Comments(ctx, 777, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], syncro.ErrNotFound)
}

func TestIntegrationAddCommentModes(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	id := f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Printer offline"})

	tests := []struct {
		name       string
		mode       syncro.CommentMode
		hidden     bool
		doNotEmail bool
	}{
		{"zero value is private", 0, true, true},
		{"private", syncro.CommentPrivate, true, true},
		{"public, not emailed", syncro.CommentPublicNoEmail, false, true},
		{"emailed to the customer", syncro.CommentEmailCustomer, false, false},
	}
	for i, tt := range tests {
		f.clock.Advance(time.Minute)
		c, err := f.client.Tickets.AddComment(ctx, id, &syncro.CommentInput{Subject: fmt.Sprintf("Note %d", i+1), Body: tt.name, Mode: tt.mode})
		require.NoError(t, err, tt.name)
		assert.Positive(t, c.ID)
		assert.Equal(t, id, c.TicketID)
		assert.Equal(t, tt.name, c.Body)
		assert.Equal(t, tt.hidden, c.Hidden, tt.name)
		assert.True(t, c.CreatedAt.Equal(f.clock.Now()), tt.name)
		// What the fake received: both flags, explicitly, as the mode says.
		body := f.lastBody(t, "POST /tickets/{id}/comment")
		assert.Equal(t, tt.hidden, body["hidden"], tt.name)
		assert.Equal(t, tt.doNotEmail, body["do_not_email"], tt.name)
		assert.Equal(t, fmt.Sprintf("Note %d", i+1), body["subject"])
	}

	// The thread holds them with the visibility each was sent with.
	thread := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{SortDirection: syncro.SortAscending}))
	require.Len(t, thread, len(tests))
	for i, tt := range tests {
		assert.Equal(t, tt.hidden, thread[i].Hidden, tt.name)
	}

	// A comment on the customer's behalf keeps its tech marker.
	reply, err := f.client.Tickets.AddComment(ctx, id, &syncro.CommentInput{Subject: "Reply", Body: "It works again.", Tech: syncro.CustomerReplyTech, Mode: syncro.CommentPublicNoEmail})
	require.NoError(t, err)
	assert.True(t, reply.IsCustomerReply())

	// Refused before sending: subject and body are required.
	before := len(f.requestsTo("POST /tickets/{id}/comment"))
	for name, in := range map[string]*syncro.CommentInput{
		"nil":        nil,
		"no subject": {Body: "text"},
		"no body":    {Subject: "Note", Body: "  "},
		"bad mode":   {Subject: "Note", Body: "text", Mode: syncro.CommentMode(7)},
	} {
		_, err := f.client.Tickets.AddComment(ctx, id, in)
		assert.ErrorIs(t, err, syncro.ErrValidation, name)
	}
	assert.Len(t, f.requestsTo("POST /tickets/{id}/comment"), before, "nothing was sent")

	_, err = f.client.Tickets.AddComment(ctx, 777, &syncro.CommentInput{Subject: "Note", Body: "text"})
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	assert.Equal(t, len(tests)+1, f.srv.Stats().Created["comments"], "one comment per accepted call")
}

func TestIntegrationCreateTicketEmailingTheCustomer(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	tk, err := f.client.Tickets.Create(context.Background(), &syncro.TicketInput{
		CustomerID: ptr(acme), Subject: ptr("Welcome"),
		CommentsAttributes: []syncro.CommentInput{{Subject: syncro.InitialIssueSubject, Body: "We got your request.", Mode: syncro.CommentEmailCustomer}},
	})
	require.NoError(t, err)
	require.Len(t, tk.Comments, 1)
	assert.False(t, tk.Comments[0].Hidden)
	first := f.lastBody(t, "POST /tickets")["comments_attributes"].([]any)[0].(map[string]any)
	assert.Equal(t, false, first["hidden"])
	assert.Equal(t, false, first["do_not_email"], "emailing is sent only when asked for")
}

// TestIntegrationCommentsCreatedAfterSubSecond asks for the comments
// created after one it already has, using that comment's own CreatedAt
// (milliseconds included, as Syncro sends them): the way an incremental
// comment sync continues. The comment itself must not come back.
func TestIntegrationCommentsCreatedAfterSubSecond(t *testing.T) {
	t.Parallel()
	const n = 23
	f, id := threadFixture(t, n)
	ctx := context.Background()
	all := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{SortDirection: syncro.SortAscending}))
	last := all[17] // Comment 18, created at 09:21:53.589
	newer := collect(t, f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{CreatedAfter: last.CreatedAt, SortDirection: syncro.SortAscending}))
	assert.Equal(t, subjects(all[18:]), subjects(newer))
}

// TestIntegrationCommentsWhileTheThreadGrows adds a comment after the first
// page was read: newest first, it pushes every comment down one place, so
// the last of page one is listed again on page two. Each comment comes
// once.
func TestIntegrationCommentsWhileTheThreadGrows(t *testing.T) {
	t.Parallel()
	const n = 12
	f, id := threadFixture(t, n)
	ctx := context.Background()
	var got []syncro.Comment
	for c, err := range f.client.Tickets.Comments(ctx, id, &syncro.CommentListOptions{ListOptions: syncro.ListOptions{PerPage: 5}}) {
		require.NoError(t, err)
		got = append(got, c)
		if len(got) == 5 {
			f.clock.Advance(time.Minute)
			_, err := f.client.Tickets.AddComment(ctx, id, &syncro.CommentInput{Subject: "Late", Body: "Added while reading."})
			require.NoError(t, err)
		}
	}
	want := []string{}
	for i := n; i >= 2; i-- {
		want = append(want, fmt.Sprintf("Comment %d", i))
	}
	want = append(want, syncro.InitialIssueSubject)
	assert.Equal(t, want, subjects(got), "every comment once, in order; the late one was above the pages read")
	assert.Len(t, f.requestsTo("GET /tickets/{id}/comments"), 3)
}
