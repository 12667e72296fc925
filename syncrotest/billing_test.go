package syncrotest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// The billing routes answer in Syncro's wire shapes: these tests read the
// raw JSON, not the client's types.

func TestInvoiceWireShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	r := send(t, srv, http.MethodGet, "/invoices", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.Equal(t, map[string]any{"total_pages": json.Number("1"), "page": json.Number("1")}, m["meta"], "the short meta of invoices")
	invs := list(t, m, "invoices")
	require.Len(t, invs, 8)
	first := object(t, invs[0])
	assert.Equal(t, "2200.0", first["total"], "money as Rails' decimal strings")
	assert.Equal(t, "0.0", first["tax"])
	assert.IsType(t, "", first["number"], "an invoice number is a string")
	assert.NotContains(t, first, "line_items", "list items carry no lines")

	id := num(t, first["id"])
	d := object(t, send(t, srv, http.MethodGet, "/invoices/"+itoa(id), nil).Object(t)["invoice"])
	lines := list(t, d, "line_items")
	require.Len(t, lines, 1)
	line := object(t, lines[0])
	assert.Equal(t, "20.0", line["quantity"], "quantities as strings")
	assert.Equal(t, "110.0", line["price"])
	assert.Equal(t, "Prepay Hours", line["product_category"])
	pays := list(t, d, "payments")
	require.Len(t, pays, 1)
	assert.Equal(t, json.Number("2200"), object(t, pays[0])["payment_amount"], "payments in dollars, as a number")

	// since_updated_at takes a date or a timestamp.
	for _, since := range []string{"2026-03-14", "2026-03-14T09:26:53Z", "2099-01-01"} {
		r := send(t, srv, http.MethodGet, "/invoices?since_updated_at="+since, nil)
		require.Equal(t, http.StatusOK, r.Status, since)
		want := 8
		if since == "2099-01-01" {
			want = 0
		}
		assert.Len(t, list(t, r.Object(t), "invoices"), want, since)
	}

	// Lines sent with a create are ignored.
	cust := num(t, object(t, d["customer"])["id"])
	created := object(t, send(t, srv, http.MethodPost, "/invoices", map[string]any{"customer_id": cust, "number": "X1", "date": "2026-03-14",
		"line_items": []any{map[string]any{"item": "a", "name": "b", "price": 5, "quantity": 1}}}).Object(t)["invoice"])
	assert.Equal(t, "0.0", created["total"])
	r = send(t, srv, http.MethodPost, "/invoices", map[string]any{"number": "X2"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
}

func TestPaymentWireShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	cust := num(t, object(t, list(t, send(t, srv, http.MethodGet, "/customers", nil).Object(t), "customers")[0])["id"])
	p := object(t, send(t, srv, http.MethodPost, "/payments", map[string]any{"customer_id": cust, "amount_cents": 1234}).Object(t)["payment"])
	assert.Equal(t, json.Number("12.34"), p["payment_amount"], "cents in, dollars out")
	assert.Equal(t, []any{nil}, p["invoice_ids"], "[null] for a payment applied to no invoice")
	assert.NotContains(t, p, "amount_cents")

	r := send(t, srv, http.MethodPost, "/payments", map[string]any{"customer_id": cust, "amount_cents": 12.5})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "cents must be whole")
	r = send(t, srv, http.MethodDelete, "/payments/"+itoa(num(t, p["id"])), nil)
	assert.Equal(t, http.StatusNotFound, r.Status, "no delete for payments")
}

func TestProductPutResetsOmittedBooleans(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	var drive map[string]any
	for _, p := range list(t, send(t, srv, http.MethodGet, "/products", nil).Object(t), "products") {
		if object(t, p)["name"] == "2TB Backup Drive" {
			drive = object(t, p)
		}
	}
	require.NotNil(t, drive)
	assert.Equal(t, true, drive["maintain_stock"])
	assert.Equal(t, json.Number("129.99"), drive["price_retail"], "product prices are JSON numbers")
	path := "/products/" + itoa(num(t, drive["id"]))
	up := object(t, send(t, srv, http.MethodPut, path, map[string]any{"notes": "x"}).Object(t)["product"])
	assert.Equal(t, false, up["maintain_stock"], "omitted: reset")
	up = object(t, send(t, srv, http.MethodPut, path, map[string]any{"maintain_stock": true}).Object(t)["product"])
	assert.Equal(t, true, up["maintain_stock"])
	assert.Equal(t, http.StatusNotFound, send(t, srv, http.MethodDelete, path, nil).Status, "no delete for products")

	cats := list(t, send(t, srv, http.MethodGet, "/products/categories", nil).Object(t), "categories")
	var names []any
	for _, c := range cats {
		names = append(names, object(t, c)["name"])
	}
	assert.Contains(t, names, "Prepay Hours")
	assert.Contains(t, names, "Labor")
}

func TestScheduleWireShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	cust := num(t, object(t, list(t, send(t, srv, http.MethodGet, "/customers", nil).Object(t), "customers")[0])["id"])
	r := send(t, srv, http.MethodPost, "/schedules", map[string]any{"customer_id": cust, "name": "MSP", "frequency": "Yearly", "next_run": "2026-04-01"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"error":["Frequency Must be a valid selection"]}`, string(r.Body), "the schedules' 422 shape")
	r = send(t, srv, http.MethodPost, "/estimates", map[string]any{"name": "x"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"customer_id":["can't be blank"],"date":["can't be blank"]}`, string(r.Body), "the estimates' bare field map")
	s := object(t, send(t, srv, http.MethodPost, "/schedules", map[string]any{"customer_id": cust, "name": "MSP", "frequency": "Monthly", "next_run": "2026-04-01"}).Object(t)["schedule"])
	assert.Equal(t, []any{}, s["lines"], "lines, not line_items")
	sid := itoa(num(t, s["id"]))
	li := object(t, send(t, srv, http.MethodPost, "/schedules/"+sid+"/add_line_item", map[string]any{"name": "Seat", "retail_cents": 4999, "quantity": 2}).Object(t)["schedule_line_item"])
	assert.Equal(t, json.Number("4999"), li["retail_cents"])
	assert.Equal(t, json.Number("49.99"), li["price_retail"])
	assert.Equal(t, "2.0", li["quantity"])
	assert.Equal(t, http.StatusUnprocessableEntity, send(t, srv, http.MethodPost, "/schedules/"+sid+"/add_line_item", map[string]any{"name": "Seat", "retail_cents": 49.99}).Status)
	got := object(t, send(t, srv, http.MethodGet, "/schedules/"+sid, nil).Object(t)["schedule"])
	assert.Equal(t, json.Number("99.98"), got["subtotal"])
}

func TestEveryRouteIsRegisteredOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seen := map[string]bool{}
	for _, r := range srv.Routes() {
		assert.False(t, seen[r], "%s is registered twice: the second never answers", r)
		seen[r] = true
	}
	for _, r := range []string{"POST /estimates", "POST /schedules", "PUT /products/{id}", "GET /invoices/{id}", "DELETE /invoices/{id}"} {
		assert.True(t, seen[r], r)
	}
}
