package syncro_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// ptr is syncro.Ptr, shorter.
func ptr[T any](v T) *T { return syncro.Ptr(v) }

func TestIntegrationTicketCRUD(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech", Firstname: "Jane", Lastname: "Doe", Email: "jane@acme.example"})
	jane := f.srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Jane Doe", Email: "jane@acme.example", Title: "Office Manager"})
	priya := f.srv.AddUser(syncrotest.UserData{Name: "Priya Patel", Email: "priya@msp.example"})
	dc := f.srv.AddAsset(syncrotest.AssetData{CustomerID: acme, Name: "ACME-DC01", AssetType: "Server", Serial: "SRV-1001"})

	// Create, with the description as the initial comment.
	created, err := f.client.Tickets.Create(ctx, &syncro.TicketInput{
		CustomerID: ptr(acme), ContactID: ptr(jane), UserID: ptr(priya),
		Subject: ptr("Backup drive failing"), ProblemType: ptr("Hardware"), Priority: ptr("1 High"),
		TagList: []string{"backup", "urgent"}, Properties: map[string]any{"Device Type": "Server"},
		AssetIDs: []int64{dc},
		CommentsAttributes: []syncro.CommentInput{
			{Subject: syncro.InitialIssueSubject, Body: "Backup job reports SMART errors on drive 2."},
		},
	})
	require.NoError(t, err)
	assert.Positive(t, created.ID)
	assert.Equal(t, "1001", created.Number, "the account's first ticket number")
	assert.Equal(t, "Backup drive failing", created.Subject)
	assert.Equal(t, "New", created.Status, "Syncro's default status")
	assert.Equal(t, acme, created.CustomerID)
	// Syncro's detail record names the end user only in the nested
	// contact: it has no contact_id (the spec's GET and POST examples
	// agree), so the end user is checked there.
	require.NotNil(t, created.Contact)
	assert.Equal(t, jane, created.Contact.ID)
	assert.Equal(t, priya, created.UserID)
	assert.Equal(t, "Hardware", created.ProblemType)
	assert.Equal(t, "1 High", created.Priority)
	assert.Equal(t, []string{"backup", "urgent"}, created.TagList)
	assert.Equal(t, "Server", created.Properties.String("Device Type"))
	assert.Equal(t, []int64{dc}, created.AssetIDs)
	assert.True(t, created.CreatedAt.Equal(epoch), "created at the fake's now, got %s", created.CreatedAt)
	assert.Equal(t, "+02:00", offset(created.CreatedAt), "the account's offset survives decoding")
	// The create answer is a detail record: nested records decode.
	require.NotNil(t, created.Customer)
	assert.Equal(t, "Acme Tech", created.Customer.BusinessName)
	assert.Equal(t, "Acme Tech", created.CustomerName())
	assert.Equal(t, "Jane Doe", created.ContactName())
	require.NotNil(t, created.User)
	assert.Equal(t, "Priya Patel", created.User.FullName)
	require.Len(t, created.Assets, 1)
	assert.Equal(t, "ACME-DC01", created.Assets[0].Name)
	assert.Equal(t, "Server", created.Assets[0].AssetType)
	require.Len(t, created.Comments, 1)
	assert.True(t, created.Comments[0].IsInitialIssue())
	assert.True(t, created.Comments[0].Hidden, "an initial comment is private unless its Mode says otherwise")
	assert.Equal(t, "Backup job reports SMART errors on drive 2.", created.Description())

	// The wire: the initial comment went as comments_attributes with
	// both privacy flags explicit, nothing else the caller did not set.
	body := f.lastBody(t, "POST /tickets")
	attrs, ok := body["comments_attributes"].([]any)
	require.True(t, ok, "comments_attributes: %v", body)
	require.Len(t, attrs, 1)
	first := attrs[0].(map[string]any)
	assert.Equal(t, true, first["hidden"])
	assert.Equal(t, true, first["do_not_email"])
	for _, unset := range []string{"status", "number", "due_date", "location_id", "sla_id"} {
		assert.NotContains(t, body, unset, "a nil field is not sent")
	}

	// Get: the detail record with line items and timers.
	f.srv.AddLineItem(created.ID, syncrotest.LineItemData{Name: "2TB Backup Drive", Description: "WD Red Plus 2TB", Quantity: "2", PriceCost: "89.50", PriceRetail: "129.99"})
	f.srv.AddTimer(created.ID, syncrotest.TimerData{UserID: priya, Start: epoch.Add(-2 * time.Hour), End: epoch.Add(-2*time.Hour + 45*time.Minute), Notes: "Diagnosed drive failure"})
	got, err := f.client.Tickets.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.ID, got.ID)
	require.NotNil(t, got.Customer)
	require.Len(t, got.Customer.Contacts, 1, "the ticket's customer comes with its contacts")
	assert.Equal(t, "Office Manager", got.Customer.Contacts[0].Title)
	require.Len(t, got.LineItems, 1)
	li := got.LineItems[0]
	assert.Equal(t, "2TB Backup Drive", li.Name)
	assert.True(t, li.Quantity.Equal(decimal.NewFromInt(2)), "quantity %s", li.Quantity)
	assert.Equal(t, "129.99", li.PriceRetail.String())
	assert.Equal(t, "89.5", li.PriceCost.String())
	assert.Equal(t, int64(12999), li.RetailCents)
	assert.Equal(t, int64(8950), li.CostCents)
	assert.Equal(t, "259.98", li.Total().String())
	require.Len(t, got.TicketTimers, 1)
	tm := got.TicketTimers[0]
	assert.Equal(t, 45*time.Minute, tm.ActiveDuration)
	assert.Equal(t, 45*time.Minute, tm.BillableTime)
	assert.True(t, tm.StartTime.Equal(epoch.Add(-2*time.Hour)))
	assert.Equal(t, priya, tm.UserID)
	assert.False(t, tm.Recorded)
	assert.Equal(t, "Diagnosed drive failure", tm.Notes)

	// Update: only what is set is sent; a closed status resolves.
	f.clock.Advance(time.Hour)
	up, err := f.client.Tickets.Update(ctx, created.ID, &syncro.TicketInput{Status: ptr("Resolved"), Subject: ptr("Backup drive replaced")})
	require.NoError(t, err)
	assert.Equal(t, "Resolved", up.Status)
	assert.Equal(t, "Backup drive replaced", up.Subject)
	assert.Equal(t, "1 High", up.Priority, "fields not sent are kept")
	assert.Equal(t, priya, up.UserID)
	assert.True(t, up.ResolvedAt.Equal(epoch.Add(time.Hour)), "resolved at %s", up.ResolvedAt)
	assert.True(t, up.UpdatedAt.Equal(epoch.Add(time.Hour)))
	assert.Equal(t, map[string]any{"status": "Resolved", "subject": "Backup drive replaced"}, f.lastBody(t, "PUT /tickets/{id}"))
	reopened, err := f.client.Tickets.Update(ctx, created.ID, &syncro.TicketInput{Status: ptr("In Progress")})
	require.NoError(t, err)
	assert.True(t, reopened.ResolvedAt.IsZero(), "reopening clears resolved_at")

	// A blank subject is refused before any request.
	puts := len(f.requestsTo("PUT /tickets/{id}"))
	_, err = f.client.Tickets.Update(ctx, created.ID, &syncro.TicketInput{Subject: ptr("  ")})
	var verr *syncro.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"subject"}, verr.Fields)
	assert.Len(t, f.requestsTo("PUT /tickets/{id}"), puts, "nothing was sent")

	// Delete, then the ticket is gone.
	require.NoError(t, f.client.Tickets.Delete(ctx, created.ID))
	_, err = f.client.Tickets.Get(ctx, created.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	assert.ErrorIs(t, f.client.Tickets.Delete(ctx, created.ID), syncro.ErrNotFound)
	_, err = f.client.Tickets.Update(ctx, created.ID, &syncro.TicketInput{Status: ptr("New")})
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	assert.Equal(t, 0, f.srv.Counts().Tickets)
}

func TestIntegrationTicketCreateErrors(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})

	// Refused before sending: what Syncro requires is checked first.
	for name, in := range map[string]*syncro.TicketInput{
		"no input":         nil,
		"no customer":      {Subject: ptr("Printer offline")},
		"no subject":       {CustomerID: ptr(acme)},
		"comment no body":  {CustomerID: ptr(acme), Subject: ptr("x"), CommentsAttributes: []syncro.CommentInput{{Subject: "Initial Issue"}}},
		"comment no title": {CustomerID: ptr(acme), Subject: ptr("x"), CommentsAttributes: []syncro.CommentInput{{Body: "text"}}},
	} {
		_, err := f.client.Tickets.Create(ctx, in)
		assert.ErrorIs(t, err, syncro.ErrValidation, name)
		var verr *syncro.ValidationError
		assert.ErrorAs(t, err, &verr, name)
	}
	assert.Empty(t, f.srv.Requests(), "no request was sent")

	// Refused by Syncro: an organization that does not exist.
	_, err := f.client.Tickets.Create(ctx, &syncro.TicketInput{CustomerID: ptr(int64(999)), Subject: ptr("Printer offline")})
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, syncro.ErrValidation)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.Equal(t, []string{"Customer required field"}, apiErr.Messages)
	assert.Equal(t, 0, f.srv.Counts().Tickets)
}

// ticketFixture is an account with tickets spread over organizations,
// contacts, technicians, statuses and times, for the list filters.
type ticketFixture struct {
	f                          *fake
	acme, bluebird             int64
	jane, john                 int64
	priya                      int64
	t1, t2, t3, t4, t5, search int64
}

func newTicketFixture(t *testing.T) *ticketFixture {
	t.Helper()
	f := newFake(t)
	x := &ticketFixture{f: f}
	day := 24 * time.Hour
	x.acme = f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	x.bluebird = f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Bluebird Logistics"})
	x.jane = f.srv.AddContact(syncrotest.ContactData{CustomerID: x.acme, Name: "Jane Doe"})
	x.john = f.srv.AddContact(syncrotest.ContactData{CustomerID: x.acme, Name: "John Smith"})
	x.priya = f.srv.AddUser(syncrotest.UserData{Name: "Priya Patel"})
	x.t1 = f.srv.AddTicket(syncrotest.TicketData{CustomerID: x.acme, ContactID: x.jane, UserID: x.priya, Subject: "Email not syncing",
		CreatedAt: epoch.Add(-10 * day)})
	x.t2 = f.srv.AddTicket(syncrotest.TicketData{CustomerID: x.acme, ContactID: x.john, UserID: 1, Subject: "VPN drops every hour",
		Status: "In Progress", CreatedAt: epoch.Add(-8 * day), UpdatedAt: epoch.Add(-2 * day), Comments: []syncrotest.CommentData{
			{Subject: "Initial Issue", Body: "Remote staff lose the VPN.", CreatedAt: epoch.Add(-8 * day)},
			{Subject: "Update", Body: "Firmware updated.", CreatedAt: epoch.Add(-2 * day)},
		}})
	x.t3 = f.srv.AddTicket(syncrotest.TicketData{CustomerID: x.acme, Subject: "New hire workstation", Status: "Resolved",
		CreatedAt: epoch.Add(-7 * day), UpdatedAt: epoch.Add(-5 * day)})
	x.t4 = f.srv.AddTicket(syncrotest.TicketData{CustomerID: x.bluebird, UserID: x.priya, Subject: "Scanner offline", Status: "Waiting on Customer",
		CreatedAt: epoch.Add(-4 * day), UpdatedAt: epoch.Add(-1 * day)})
	x.t5 = f.srv.AddTicket(syncrotest.TicketData{CustomerID: x.bluebird, Subject: "Annual firewall review", Status: "Invoiced",
		CreatedAt: epoch.Add(-20 * day), UpdatedAt: epoch.Add(-15 * day)})
	x.search = f.srv.AddSavedSearch("Bluebird open", map[string]string{"customer_id": strconv.FormatInt(x.bluebird, 10), "status": "Not Closed"})
	return x
}

func TestIntegrationTicketListFilters(t *testing.T) {
	t.Parallel()
	x := newTicketFixture(t)
	f, ctx := x.f, context.Background()
	day := 24 * time.Hour
	east := time.FixedZone("+05:00", 5*60*60)
	tests := []struct {
		name string
		opts *syncro.TicketListOptions
		want []int64 // newest first, as Syncro lists
	}{
		{"no filter", nil, []int64{x.t5, x.t4, x.t3, x.t2, x.t1}},
		{"Not Closed", &syncro.TicketListOptions{Status: syncro.StatusNotClosed}, []int64{x.t4, x.t2, x.t1}},
		{"exact status", &syncro.TicketListOptions{Status: "Resolved"}, []int64{x.t3}},
		{"customer", &syncro.TicketListOptions{CustomerID: x.bluebird}, []int64{x.t5, x.t4}},
		{"customer and Not Closed", &syncro.TicketListOptions{CustomerID: x.acme, Status: syncro.StatusNotClosed}, []int64{x.t2, x.t1}},
		{"contact", &syncro.TicketListOptions{ContactID: x.john}, []int64{x.t2}},
		{"technician", &syncro.TicketListOptions{UserID: x.priya}, []int64{x.t4, x.t1}},
		{"number", &syncro.TicketListOptions{Number: "1002"}, []int64{x.t2}},
		{"query", &syncro.TicketListOptions{Query: "vpn"}, []int64{x.t2}},
		{"mine", &syncro.TicketListOptions{Mine: true}, []int64{x.t2}},
		{"since updated", &syncro.TicketListOptions{SinceUpdatedAt: epoch.Add(-3 * day)}, []int64{x.t4, x.t2}},
		{"since updated, another zone", &syncro.TicketListOptions{SinceUpdatedAt: epoch.Add(-3 * day).In(east)}, []int64{x.t4, x.t2}},
		{"created after", &syncro.TicketListOptions{CreatedAfter: epoch.Add(-7*day - time.Hour)}, []int64{x.t4, x.t3}},
		{"resolved after", &syncro.TicketListOptions{ResolvedAfter: epoch.Add(-6 * day)}, []int64{x.t3}},
		{"saved search", &syncro.TicketListOptions{TicketSearchID: x.search}, []int64{x.t4}},
	}
	for _, tt := range tests {
		got := collect(t, f.client.Tickets.All(ctx, tt.opts))
		assert.Equal(t, tt.want, ticketIDs(got), tt.name)
	}

	// Time filters travel in UTC, whatever the caller's zone, with their fraction of a second.
	rs := f.requestsTo("GET /tickets")
	require.NotEmpty(t, rs)
	var sent []string
	for _, r := range rs {
		if v := r.Query.Get("since_updated_at"); v != "" {
			sent = append(sent, v)
		}
	}
	want := epoch.Add(-3 * day).UTC().Format("2006-01-02T15:04:05.000Z")
	assert.Equal(t, []string{want, want}, sent, "to the millisecond")
}

func TestIntegrationTicketListSavedSearch(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	settings, err := f.client.Tickets.Settings(ctx)
	require.NoError(t, err)
	var open int64
	for _, ss := range settings.SavedSearches {
		if ss.Name == "Open tickets" {
			open = ss.ID
		}
	}
	require.NotZero(t, open, "the demo's saved search: %+v", settings.SavedSearches)
	viaSearch := collect(t, f.client.Tickets.All(ctx, &syncro.TicketListOptions{TicketSearchID: open}))
	viaStatus := collect(t, f.client.Tickets.All(ctx, &syncro.TicketListOptions{Status: syncro.StatusNotClosed}))
	require.NotEmpty(t, viaSearch)
	assert.Equal(t, ticketIDs(viaStatus), ticketIDs(viaSearch), "the saved search applies its filter")
	for _, tk := range viaSearch {
		assert.NotContains(t, []string{"Resolved", "Invoiced"}, tk.Status)
	}
	_, err = f.client.Tickets.List(ctx, &syncro.TicketListOptions{TicketSearchID: 424242})
	assert.ErrorIs(t, err, syncro.ErrNotFound, "an unknown saved search")
}

func TestIntegrationTicketListItemShape(t *testing.T) {
	t.Parallel()
	x := newTicketFixture(t)
	page, err := x.f.client.Tickets.List(context.Background(), &syncro.TicketListOptions{Number: "1002"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	tk := page.Items[0]
	assert.Nil(t, tk.Customer, "list items carry no nested customer")
	assert.Equal(t, "Acme Tech", tk.CustomerBusinessThenName)
	assert.Equal(t, "Acme Tech", tk.CustomerName())
	assert.Equal(t, "John Smith", tk.ContactFullname)
	assert.Equal(t, "John Smith", tk.ContactName())
	assert.Equal(t, "In Progress", tk.Status)
	require.Len(t, tk.Comments, 1, "the list carries only the initial comment")
	assert.True(t, tk.Comments[0].IsInitialIssue())
	assert.Equal(t, "Remote staff lose the VPN.", tk.Description())
	assert.True(t, tk.UpdatedAt.Equal(epoch.Add(-48*time.Hour)))
	assert.Equal(t, 1, page.Meta.Page)
	assert.Equal(t, 1, page.Meta.TotalPages)
	assert.Zero(t, page.NextPage())
}

func TestIntegrationTicketPages(t *testing.T) {
	t.Parallel()
	x := newTicketFixture(t)
	f, ctx := x.f, context.Background()
	var sizes []int
	var ids []int64
	for p, err := range f.client.Tickets.Pages(ctx, &syncro.TicketListOptions{ListOptions: syncro.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		sizes = append(sizes, len(p.Items))
		ids = append(ids, ticketIDs(p.Items)...)
		assert.Equal(t, 3, p.Meta.TotalPages)
	}
	assert.Equal(t, []int{2, 2, 1}, sizes)
	assert.Equal(t, []int64{x.t5, x.t4, x.t3, x.t2, x.t1}, ids)
	rs := byPage(f.requestsTo("GET /tickets"))
	require.Len(t, rs, 3)
	for i, r := range rs {
		assert.Equal(t, "2", r.Query.Get("per_page"))
		assert.Equal(t, []string{"1", "2", "3"}[i], r.Query.Get("page"))
	}

	// A page past the end is empty, not an error.
	page, err := f.client.Tickets.List(ctx, &syncro.TicketListOptions{ListOptions: syncro.ListOptions{Page: 9, PerPage: 2}})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	assert.Zero(t, page.NextPage())

	// A cancelled context stops an iteration with the context's error.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	for _, err := range f.client.Tickets.All(cctx, nil) {
		assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	}
}
