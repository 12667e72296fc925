package syncrotest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestContactCRUDRaw(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	r := send(t, srv, http.MethodPost, "/contacts", map[string]any{
		"customer_id": fmt.Sprint(cid), // Syncro accepts numbers sent as strings
		"name":        "Jane Doe", "email": "jane@acme.example", "phone": "657.325.3258 x330", "title": "Office Manager",
		"properties": map[string]any{"notification_billing": true, "notification_reports": "0", "Badge": "A12"},
	})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	c := r.Object(t)
	assert.NotContains(t, c, "contact", "contacts are bare, not wrapped")
	assert.NotContains(t, c, "title", "title lives in properties")
	id := num(t, c["id"])
	assert.Equal(t, cid, num(t, c["customer_id"]))
	assert.Equal(t, "6573253258330", c["processed_phone"])
	assert.Equal(t, "657.325.3258 x330", c["phone"])
	assert.Equal(t, map[string]any{"title": "Office Manager", "notification_billing": "1", "notification_reports": "0", "Badge": "A12"}, c["properties"])

	r = send(t, srv, http.MethodGet, fmt.Sprintf("/contacts/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "Jane Doe", r.Object(t)["name"])

	r = send(t, srv, http.MethodPut, fmt.Sprintf("/contacts/%d", id), map[string]any{"title": "COO", "properties": map[string]any{"notification_marketing": "1"}})
	require.Equal(t, http.StatusOK, r.Status)
	props := object(t, r.Object(t)["properties"])
	assert.Equal(t, "COO", props["title"])
	assert.Equal(t, "1", props["notification_marketing"])
	assert.Equal(t, "A12", props["Badge"], "properties merge by key")

	// The customer's record nests its contacts.
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", cid), nil)
	nested := list(t, object(t, r.Object(t)["customer"]), "contacts")
	require.Len(t, nested, 1)
	assert.Equal(t, id, num(t, object(t, nested[0])["id"]))

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/contacts/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"success": true}`, string(r.Body))
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/contacts/%d", id), nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.JSONEq(t, `{"message":"Not found"}`, string(r.Body))
}

func TestContactErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	for _, body := range []map[string]any{{"name": "No customer"}, {"customer_id": 999, "name": "Missing customer"}} {
		r := send(t, srv, http.MethodPost, "/contacts", body)
		assert.Equal(t, http.StatusNotFound, r.Status)
		assert.JSONEq(t, `{"message":"Not found"}`, string(r.Body))
	}

	r := send(t, srv, http.MethodPost, "/contacts", map[string]any{"customer_id": cid, "name": "Bad Email", "email": "xxx"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	m := r.Object(t)
	assert.Equal(t, "Email is not an email", m["errors"], "errors is a string here")
	rec := object(t, m["record"])
	assert.Nil(t, rec["id"])
	assert.Nil(t, rec["created_at"])
	assert.Equal(t, "xxx", rec["email"])
	assert.Equal(t, 0, srv.Counts().Contacts)

	id := srv.AddContact(syncrotest.ContactData{CustomerID: cid, Name: "Jane"})
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/contacts/%d", id), map[string]any{"customer_id": 12345})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	m = r.Object(t)
	assert.Equal(t, "Customer can't be blank", m["errors"])
	assert.Equal(t, id, num(t, object(t, m["record"])["id"]))
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/contacts/%d", id), map[string]any{"email": "not-an-email"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/contacts/%d", id), nil)
	assert.Nil(t, r.Object(t)["email"], "a refused update changes nothing")
}

func TestContactList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	g := srv.Generate(syncrotest.Generate{Seed: 7, Organizations: 3, Contacts: 130})

	r := send(t, srv, http.MethodGet, "/contacts", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.Len(t, list(t, m, "contacts"), 50, "50 per page by default")
	assert.JSONEq(t, `{"total_pages":3,"total_entries":130,"per_page":50,"page":1}`, mustJSON(t, m["meta"]))

	r = send(t, srv, http.MethodGet, fmt.Sprintf("/contacts?customer_id=%d&per_page=100", g.Customers[1]), nil)
	m = r.Object(t)
	items := list(t, m, "contacts")
	assert.Len(t, items, 43)
	for _, it := range items {
		assert.Equal(t, g.Customers[1], num(t, object(t, it)["customer_id"]))
	}
	r = send(t, srv, http.MethodGet, "/contacts?customer_id=1&page=9", nil)
	assert.Empty(t, list(t, r.Object(t), "contacts"))
}
