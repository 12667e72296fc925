package syncrotest_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestCustomerCRUDRaw(t *testing.T) {
	t.Parallel()
	srv := newServer(t)

	r := send(t, srv, http.MethodPost, "/customers", map[string]any{
		"business_name": "Acme", "firstname": "Jane", "lastname": "Doe", "email": "jane@acme.example",
		"phone": "555-0999", "mobile": "(555) 123-4567", "properties": map[string]any{"VIP": "1", "Industry": "Tech"},
		"get_billing": true, "get_marketing": "0",
	})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	c := object(t, r.Object(t)["customer"])
	id := num(t, c["id"])
	assert.Equal(t, "Jane Doe", c["fullname"])
	assert.Equal(t, "Acme", c["business_then_name"])
	assert.Equal(t, "Acme - Jane Doe", c["business_and_full_name"])
	assert.Equal(t, "2026-03-14T11:26:53.589+02:00", c["created_at"], "timestamps carry the account offset")
	assert.Equal(t, map[string]any{"VIP": "1", "Industry": "Tech", "notification_billing": "1", "notification_marketing": "0"}, c["properties"])
	assert.Equal(t, []any{}, c["contacts"])
	assert.Nil(t, c["address"])
	assert.Equal(t, false, c["disabled"])
	assert.True(t, strings.HasPrefix(c["online_profile_url"].(string), srv.URL()+"/my_profile/v2/index?portal_key="), c["online_profile_url"])
	assert.NotContains(t, c, "prepay_hours", "list-shaped answers carry no prepay balance")

	// The portal link leads to the organization's portal page.
	page := send(t, srv, http.MethodGet, strings.TrimPrefix(c["online_profile_url"].(string), srv.URL()), nil)
	assert.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, string(page.Body), "End User Portal - Acme")

	// Detail: phones created from phone and mobile, digits only; prepay "0.0".
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	d := object(t, r.Object(t)["customer"])
	assert.Equal(t, "0.0", d["prepay_hours"])
	phones := list(t, d, "phones")
	require.Len(t, phones, 2)
	assert.Equal(t, "5551234567", object(t, phones[0])["number"])
	assert.Equal(t, "Mobile", object(t, phones[0])["label"])
	assert.Equal(t, "5550999", object(t, phones[1])["number"])
	assert.Equal(t, "555-0999", d["phone"], "the customer's own field keeps its formatting")

	// PUT merges properties by key and keeps booleans not sent.
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d", id), map[string]any{
		"properties": map[string]any{"VIP": "0"}, "no_email": true, "city": "Springfield",
	})
	require.Equal(t, http.StatusOK, r.Status)
	u := object(t, r.Object(t)["customer"])
	props := object(t, u["properties"])
	assert.Equal(t, "0", props["VIP"])
	assert.Equal(t, "Tech", props["Industry"])
	assert.Equal(t, true, u["no_email"])
	assert.Equal(t, "Springfield", u["city"])
	assert.Equal(t, "Acme", u["business_name"])

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/customers/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"message":"Customer was deleted from the system."}`, string(r.Body))
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.JSONEq(t, `{"message":"Not found"}`, string(r.Body))
	assert.Equal(t, 1, srv.Stats().Created["customers"])
}

func TestCustomerErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithRequiredCustomerFields("business_name", "properties.Industry"))
	r := send(t, srv, http.MethodPost, "/customers", map[string]any{"firstname": "A", "email": "it is not an email"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Email is not an email","Business name can't be blank","Industry can't be blank"],
		"params":{"firstname":"A","email":"it is not an email"}}`, string(r.Body))

	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "B"})
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d", id), map[string]any{"email": "nope"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Email is not an email"]}`, string(r.Body))

	for _, path := range []string{"/customers/999", "/customers/abc", "/customers/999/phones"} {
		r = send(t, srv, http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.Status, path)
	}
	r = send(t, srv, http.MethodDelete, "/customers/999", nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestCustomerListFilters(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	add := func(business, first, last, email, city string, disabled bool) int64 {
		return srv.AddCustomer(syncrotest.CustomerData{BusinessName: business, Firstname: first, Lastname: last, Email: email, City: city, Disabled: disabled})
	}
	acme := add("Acme Tech", "Jane", "Doe", "jane@acme.example", "Zurich", false)
	north := add("Northwind", "Emily", "Chen", "emily@north.example", "Austin", false)
	bakery := add("Old Bakery", "Greta", "Holm", "greta@bakery.example", "", true)
	walkin := add("", "Walkin", "Customer", "walkin@x.example", "Boston", false)

	ids := func(query string) []int64 {
		t.Helper()
		r := send(t, srv, http.MethodGet, "/customers"+query, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		var out []int64
		for _, c := range list(t, r.Object(t), "customers") {
			out = append(out, num(t, object(t, c)["id"]))
		}
		return out
	}
	tests := []struct {
		query string
		want  []int64
	}{
		{"", []int64{acme, north, walkin}},
		{"?include_disabled=true", []int64{acme, north, bakery, walkin}},
		{"?business_name=tech", []int64{acme}},
		{"?firstname=EMI", []int64{north}},
		{"?lastname=customer", []int64{walkin}},
		{"?email=JANE@acme.example", []int64{acme}},
		{"?email=jane", nil},
		{"?query=chen", []int64{north}},
		{"?query=walkin", []int64{walkin}},
		{fmt.Sprintf("?id[]=%d&id[]=%d", acme, walkin), []int64{acme, walkin}},
		{fmt.Sprintf("?id=%d,%d", north, walkin), []int64{north, walkin}},
		{fmt.Sprintf("?not_id[]=%d", acme), []int64{north, walkin}},
		{"?sort=city+ASC", []int64{north, walkin, acme}},
		{"?sort=city+DESC", []int64{acme, walkin, north}},
		{"?sort=business_name+ASC&include_disabled=1", []int64{acme, north, bakery, walkin}},
		{"?sort=no_such_field+DESC", []int64{acme, north, walkin}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ids(tt.query), tt.query)
	}

	r := send(t, srv, http.MethodGet, "/customers/autocomplete?query=north", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.NotContains(t, m, "meta")
	require.Len(t, list(t, m, "customers"), 1)

	r = send(t, srv, http.MethodGet, "/customers/latest", nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, walkin, num(t, object(t, r.Object(t)["customer"])["id"]))
}

func TestCustomerPagination(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Generate(syncrotest.Generate{Seed: 1, Organizations: 250})
	tests := []struct {
		query               string
		items, pages, per   int
		page                int
		firstIndexOfAllList int
	}{
		{"", 100, 3, 100, 1, 0},
		{"?page=3", 50, 3, 100, 3, 200},
		{"?page=4", 0, 3, 100, 4, 0},
		{"?per_page=25&page=2", 25, 10, 25, 2, 25},
		{"?per_page=500", 100, 3, 100, 1, 0},
		{"?per_page=0&page=0", 100, 3, 100, 1, 0},
		{"?per_page=abc", 100, 3, 100, 1, 0},
	}
	for _, tt := range tests {
		r := send(t, srv, http.MethodGet, "/customers"+tt.query, nil)
		require.Equal(t, http.StatusOK, r.Status)
		m := r.Object(t)
		assert.Len(t, list(t, m, "customers"), tt.items, tt.query)
		meta := object(t, m["meta"])
		assert.Equal(t, int64(tt.pages), num(t, meta["total_pages"]), tt.query)
		assert.Equal(t, int64(250), num(t, meta["total_entries"]), tt.query)
		assert.Equal(t, int64(tt.per), num(t, meta["per_page"]), tt.query)
		assert.Equal(t, int64(tt.page), num(t, meta["page"]), tt.query)
	}
	if strconv.IntSize == 64 {
		// (page-1)*100 wraps around to 84: still past the end, not items 84 on.
		r := send(t, srv, http.MethodGet, "/customers?page=184467440737095518", nil)
		assert.Empty(t, list(t, r.Object(t), "customers"))
	}
}

func TestPhonesRaw(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	base := fmt.Sprintf("/customers/%d/phones", cid)

	r := send(t, srv, http.MethodPost, base, map[string]any{"label": "Office", "number": "+1 (555) 010-0999", "extension": "12"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	p := r.Object(t)
	pid := num(t, p["id"])
	assert.Equal(t, "15550100999", p["number"])
	assert.Equal(t, int64(cid), num(t, p["customer_id"]))

	r = send(t, srv, http.MethodPost, base, map[string]any{"number": ""})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, fmt.Sprintf(`{"success":false,"message":["Number can't be blank"],"params":{"customer_id":"%d","number":""}}`, cid), string(r.Body))

	r = send(t, srv, http.MethodPut, fmt.Sprintf("%s/%d", base, pid), map[string]any{"label": "Main"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "Main", r.Object(t)["label"])

	r = send(t, srv, http.MethodGet, base, nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.NotContains(t, m, "meta")
	assert.Len(t, list(t, m, "phones"), 1)

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("%s/%d", base, pid), nil)
	require.Equal(t, http.StatusOK, r.Status)
	r = send(t, srv, http.MethodDelete, fmt.Sprintf("%s/%d", base, pid), nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
	other := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Other"})
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d/phones/%d", other, pid), map[string]any{"label": "x"})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestWithoutPrepayHours(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithoutPrepayHours())
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme", PrepayHours: "3"})
	r := send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil)
	assert.NotContains(t, object(t, r.Object(t)["customer"]), "prepay_hours", "the account does not track prepay hours")
}
