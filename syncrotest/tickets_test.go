package syncrotest_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestTicketCRUDRaw(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	ctID := srv.AddContact(syncrotest.ContactData{CustomerID: cid, Name: "Jane Doe"})
	aid := srv.AddAsset(syncrotest.AssetData{CustomerID: cid, Name: "PC-1", AssetType: "Desktop"})

	r := send(t, srv, http.MethodPost, "/tickets", map[string]any{
		"customer_id": cid, "contact_id": ctID, "subject": "Printer jam", "problem_type": "Hardware",
		"properties": map[string]any{"Device Type": "Printer"}, "tag_list": []string{"printer"}, "asset_ids": []int64{aid},
		"line_items":          []any{map[string]any{"name": "ignored"}},
		"comments_attributes": []any{map[string]any{"subject": "Initial Issue", "body": "It jams.", "hidden": false, "do_not_email": true}},
	})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	tk := object(t, r.Object(t)["ticket"])
	id := num(t, tk["id"])
	assert.Equal(t, int64(1001), num(t, tk["number"]))
	assert.Equal(t, "New", tk["status"])
	assert.Nil(t, tk["user_id"], "without user_id the ticket is unassigned")
	assert.Empty(t, list(t, tk, "line_items"), "line_items on create are ignored")
	comments := list(t, tk, "comments")
	require.Len(t, comments, 1)
	assert.Equal(t, "Alex Morgan", object(t, comments[0])["tech"], "tech defaults to the token's user")
	assert.Equal(t, "Jane Doe", object(t, tk["contact"])["name"])
	assert.Equal(t, "Acme", object(t, tk["customer"])["business_name"])
	assert.Len(t, list(t, tk, "assets"), 1)
	assert.Equal(t, []any{"printer"}, tk["tag_list"])

	r = send(t, srv, http.MethodPut, fmt.Sprintf("/tickets/%d", id), map[string]any{"status": "Resolved", "user_id": 1, "properties": map[string]any{"Room": "2"}})
	require.Equal(t, http.StatusOK, r.Status)
	tk = object(t, r.Object(t)["ticket"])
	assert.Equal(t, "Resolved", tk["status"])
	assert.NotNil(t, tk["resolved_at"])
	assert.Equal(t, "Alex Morgan", object(t, tk["user"])["full_name"])
	assert.Equal(t, map[string]any{"Device Type": "Printer", "Room": "2"}, tk["properties"])

	r = send(t, srv, http.MethodPut, fmt.Sprintf("/tickets/%d", id), map[string]any{"subject": ""})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Subject can't be blank"]}`, string(r.Body))

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/tickets/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"message":"Ticket was successfully deleted. "}`, string(r.Body))
	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/tickets/%d", id), nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.JSONEq(t, `{"message":"Not found"}`, string(r.Body))
}

func TestTicketCreateErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	r := send(t, srv, http.MethodPost, "/tickets", map[string]any{"subject": "No customer"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"error":"Customer required field"}`, string(r.Body))
	r = send(t, srv, http.MethodPost, "/tickets", map[string]any{"customer_id": 4242, "subject": "Missing customer"})
	assert.JSONEq(t, `{"error":"Customer required field"}`, string(r.Body))
	r = send(t, srv, http.MethodPost, "/tickets", map[string]any{"customer_id": cid})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Subject can't be blank"]}`, string(r.Body))
	assert.Equal(t, 0, srv.Counts().Tickets)
}

func TestTicketListFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	north := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Northwind"})
	jane := srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Jane"})
	tech := srv.AddUser(syncrotest.UserData{Name: "Priya Patel"})
	day := func(d int) time.Time { return fixedNow.Add(-time.Duration(d) * 24 * time.Hour) }
	t1 := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, ContactID: jane, Subject: "Email down", CreatedAt: day(10), UpdatedAt: day(9)})
	t2 := srv.AddTicket(syncrotest.TicketData{CustomerID: acme, UserID: 1, Subject: "Backup", Status: "In Progress", CreatedAt: day(8)})
	t3 := srv.AddTicket(syncrotest.TicketData{CustomerID: north, UserID: tech, Subject: "Printer", Status: "Resolved", CreatedAt: day(6), UpdatedAt: day(2)})
	t4 := srv.AddTicket(syncrotest.TicketData{CustomerID: north, Subject: "VPN", Status: "Waiting on Customer", CreatedAt: day(1)})
	search := srv.AddSavedSearch("Open at Northwind", map[string]string{"status": "Not Closed", "customer_id": fmt.Sprint(north)})

	ids := func(query string) []int64 {
		t.Helper()
		r := send(t, srv, http.MethodGet, "/tickets"+query, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s %s", query, r.Body)
		var out []int64
		for _, it := range list(t, r.Object(t), "tickets") {
			out = append(out, num(t, object(t, it)["id"]))
		}
		return out
	}
	tests := []struct {
		query string
		want  []int64
	}{
		{"", []int64{t4, t3, t2, t1}},
		{fmt.Sprintf("?customer_id=%d", acme), []int64{t2, t1}},
		{fmt.Sprintf("?contact_id=%d", jane), []int64{t1}},
		{fmt.Sprintf("?user_id=%d", tech), []int64{t3}},
		{"?number=1003", []int64{t3}},
		{"?status=In+Progress", []int64{t2}},
		{"?status=Not+Closed", []int64{t4, t2, t1}},
		{"?query=print", []int64{t3}},
		{"?query=northwind", []int64{t4, t3}},
		{"?mine=true", []int64{t2}},
		{fmt.Sprintf("?ticket_search_id=%d", search), []int64{t4}},
		{"?since_updated_at=" + day(3).Format(time.RFC3339), []int64{t4, t3}},
		{"?since_updated_at=" + day(9).Format(time.RFC3339Nano), []int64{t4, t3, t2, t1}},
		{"?created_after=" + day(7).Format("2006-01-02"), []int64{t4, t3}},
		{"?resolved_after=" + day(3).Format(time.RFC3339Nano), []int64{t3}},
		{"?resolved_after=2026-03-13T00:00:00Z", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ids(tt.query), tt.query)
	}
	r := send(t, srv, http.MethodGet, "/tickets?ticket_search_id=999", nil)
	assert.Equal(t, http.StatusNotFound, r.Status)

	// The list item shape: customer null, flat name, meta {total_pages, page}.
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/tickets?customer_id=%d&per_page=1", acme), nil)
	m := r.Object(t)
	assert.JSONEq(t, `{"total_pages":2,"page":1}`, mustJSON(t, m["meta"]))
	item := object(t, list(t, m, "tickets")[0])
	assert.Contains(t, item, "customer")
	assert.Nil(t, item["customer"])
	assert.Equal(t, "Acme", item["customer_business_then_name"])
	assert.Equal(t, "Alex Morgan", object(t, item["user"])["full_name"])
}

func TestTicketListDefaultPageSize(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Generate(syncrotest.Generate{Seed: 3, Organizations: 2, Tickets: 120})
	r := send(t, srv, http.MethodGet, "/tickets", nil)
	m := r.Object(t)
	assert.Len(t, list(t, m, "tickets"), 50)
	assert.JSONEq(t, `{"total_pages":3,"page":1}`, mustJSON(t, m["meta"]))
	r = send(t, srv, http.MethodGet, "/tickets?page=4", nil)
	assert.Empty(t, list(t, r.Object(t), "tickets"))
}

func TestTicketComments(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	var comments []syncrotest.CommentData
	for i := 0; i < 25; i++ {
		comments = append(comments, syncrotest.CommentData{Subject: fmt.Sprintf("c%02d", i), Body: "b", CreatedAt: fixedNow.Add(time.Duration(i-30) * time.Hour)})
	}
	tid := srv.AddTicket(syncrotest.TicketData{CustomerID: cid, Subject: "Long thread", Comments: comments})

	subjects := func(query string) ([]string, map[string]any) {
		t.Helper()
		r := send(t, srv, http.MethodGet, fmt.Sprintf("/tickets/%d/comments%s", tid, query), nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		m := r.Object(t)
		var out []string
		for _, c := range list(t, m, "comments") {
			out = append(out, object(t, c)["subject"].(string))
		}
		return out, object(t, m["meta"])
	}
	got, meta := subjects("")
	assert.Equal(t, []string{"c24", "c23", "c22", "c21", "c20", "c19", "c18", "c17", "c16", "c15"}, got, "newest first, 10 a page")
	assert.JSONEq(t, `{"total_pages":3,"page":1,"per_page":10}`, mustJSON(t, meta))
	got, _ = subjects("?sort_direction=ASC&per_page=3&page=2")
	assert.Equal(t, []string{"c03", "c04", "c05"}, got)
	got, meta = subjects("?per_page=1000")
	assert.Len(t, got, 25)
	assert.Equal(t, int64(100), num(t, meta["per_page"]))
	got, _ = subjects("?created_after=" + fixedNow.Add(-7*time.Hour).Format(time.RFC3339Nano) + "&sort_direction=asc")
	assert.Equal(t, []string{"c24"}, got)

	// Posting a comment: subject and body required.
	r := send(t, srv, http.MethodPost, fmt.Sprintf("/tickets/%d/comment", tid), map[string]any{"body": "no subject"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Subject can't be blank"]}`, string(r.Body))
	r = send(t, srv, http.MethodPost, fmt.Sprintf("/tickets/%d/comment", tid), map[string]any{})
	assert.JSONEq(t, `{"success":false,"message":["Body can't be blank","Subject can't be blank"]}`, string(r.Body))
	r = send(t, srv, http.MethodPost, fmt.Sprintf("/tickets/%d/comment", tid), map[string]any{"subject": "Update", "body": "Fixed.", "hidden": true, "tech": "Joe"})
	require.Equal(t, http.StatusOK, r.Status)
	c := object(t, r.Object(t)["comment"])
	assert.Equal(t, "Joe", c["tech"])
	assert.Equal(t, true, c["hidden"])
	assert.Greater(t, num(t, c["id"]), int64(1)<<31, "comment ids exceed 32 bits")
	got, _ = subjects("?per_page=1")
	assert.Equal(t, []string{"Update"}, got)

	r = send(t, srv, http.MethodGet, "/tickets/1/comments", nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
	r = send(t, srv, http.MethodPost, "/tickets/1/comment", map[string]any{"subject": "s", "body": "b"})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestTicketLineItems(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tid := srv.AddTicket(syncrotest.TicketData{CustomerID: cid, Subject: "Parts"})
	base := fmt.Sprintf("/tickets/%d/", tid)

	r := send(t, srv, http.MethodPost, base+"add_line_item", map[string]any{"product_id": 7})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"errors":"Name can't be blank, Description can't be blank","params":{}}`, string(r.Body))
	r = send(t, srv, http.MethodPost, base+"add_line_item", map[string]any{"name": "Only name"})
	assert.JSONEq(t, `{"errors":"Description can't be blank","params":{}}`, string(r.Body))

	r = send(t, srv, http.MethodPost, base+"add_line_item", map[string]any{"name": "Manual Item", "description": "No Product", "price_cost": 10, "price_retail": "15.5"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	li := r.Object(t)
	assert.NotContains(t, li, "line_item", "add_line_item answers the bare item")
	lid := num(t, li["id"])
	assert.Equal(t, "1.0", li["quantity"])
	assert.Equal(t, int64(1000), num(t, li["cost_cents"]))
	assert.Equal(t, int64(1550), num(t, li["retail_cents"]))
	assert.Equal(t, "10", li["price_cost"].(fmt.Stringer).String())
	assert.Equal(t, "15.5", li["price_retail"].(fmt.Stringer).String())
	assert.Equal(t, int64(1), num(t, li["position"]))

	r = send(t, srv, http.MethodPut, base+"update_line_item", map[string]any{"ticket_line_item_id": lid, "quantity": 2.5, "name": "Updated"})
	require.Equal(t, http.StatusOK, r.Status)
	up := object(t, r.Object(t)["ticket_line_item"])
	assert.Equal(t, "2.5", up["quantity"])
	assert.Equal(t, "Updated", up["name"])
	r = send(t, srv, http.MethodPut, base+"update_line_item", map[string]any{"ticket_line_item_id": 1})
	assert.Equal(t, http.StatusNotFound, r.Status)

	r = send(t, srv, http.MethodPost, base+"remove_line_item", map[string]any{"ticket_line_item_id": lid})
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"success":true,"message":""}`, string(r.Body))
	r = send(t, srv, http.MethodPost, base+"remove_line_item", map[string]any{"ticket_line_item_id": lid})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestTicketTimers(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tid := srv.AddTicket(syncrotest.TicketData{CustomerID: cid, Subject: "Time"})
	base := fmt.Sprintf("/tickets/%d/", tid)

	r := send(t, srv, http.MethodPost, base+"timer_entry", map[string]any{"duration_minutes": 10})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"error":"no implicit conversion of nil into String"}`, string(r.Body))

	r = send(t, srv, http.MethodPost, base+"timer_entry", map[string]any{"start_at": "2026-03-14T08:00:00Z", "duration_minutes": 30, "notes": "Remote fix"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	tm := r.Object(t)
	timerID := num(t, tm["id"])
	assert.Equal(t, "2026-03-14T10:00:00.000+02:00", tm["start_time"], "start_at comes back as start_time, in the account zone")
	assert.Equal(t, "2026-03-14T10:30:00.000+02:00", tm["end_time"])
	assert.Equal(t, int64(1800), num(t, tm["active_duration"]))
	assert.Equal(t, int64(1800), num(t, tm["billable_time"]))
	assert.Equal(t, false, tm["recorded"])
	assert.Equal(t, int64(1), num(t, tm["user_id"]))

	r = send(t, srv, http.MethodPut, base+"update_timer_entry", map[string]any{"timer_entry_id": timerID, "duration_minutes": 60, "notes": "Longer"})
	require.Equal(t, http.StatusOK, r.Status)
	up := r.Object(t)
	assert.Equal(t, int64(3600), num(t, up["billable_time"]))
	assert.Equal(t, int64(1800), num(t, up["active_duration"]), "duration_minutes does not move end_time or active_duration")
	assert.Equal(t, "Longer", up["notes"])

	r = send(t, srv, http.MethodPost, base+"charge_timer_entry", map[string]any{"timer_entry_id": timerID})
	require.Equal(t, http.StatusOK, r.Status)
	ch := r.Object(t)
	assert.Equal(t, true, ch["recorded"])
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/tickets/%d", tid), nil)
	tk := object(t, r.Object(t)["ticket"])
	items := list(t, tk, "line_items")
	require.Len(t, items, 1, "charging adds the labor line")
	assert.Equal(t, "1.0", object(t, items[0])["quantity"])
	assert.Equal(t, num(t, object(t, items[0])["id"]), num(t, ch["ticket_line_item_id"]))
	assert.Len(t, list(t, tk, "ticket_timers"), 1)
	r = send(t, srv, http.MethodPost, base+"charge_timer_entry", map[string]any{"timer_entry_id": timerID})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, 1, srv.Counts().LineItems, "charging twice adds one line")

	r = send(t, srv, http.MethodPost, base+"delete_timer_entry", map[string]any{"timer_entry_id": timerID})
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"success": true}`, string(r.Body))
	r = send(t, srv, http.MethodPost, base+"delete_timer_entry", map[string]any{"timer_entry_id": timerID})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestTicketSettings(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddSavedSearch("Open", map[string]string{"status": "Not Closed"})
	r := send(t, srv, http.MethodGet, "/tickets/settings", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.NotContains(t, m, "settings", "settings are a bare object")
	assert.Equal(t, []any{"New", "In Progress", "Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer", "Scheduled", "Customer Reply"}, m["ticket_status_list"])
	assert.Equal(t, "Alex Morgan", object(t, list(t, m, "users")[0])["name"])
	assert.Equal(t, "Open", object(t, list(t, m, "saved_searches")[0])["name"])
	srv.SetTicketStatuses("Open", "Closed")
	r = send(t, srv, http.MethodGet, "/tickets/settings", nil)
	assert.Equal(t, []any{"Open", "Closed"}, r.Object(t)["ticket_status_list"])
}
