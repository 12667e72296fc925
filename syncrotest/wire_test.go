package syncrotest_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// Keys the fake sends beyond a spec example, and why.
var (
	customerDetailExtras = map[string]string{
		"prepay_hours": "read from GET /customers/{id} by a practitioner (SYNCRO_API.md §4.5)",
		"phones":       "detail-only, seen live (§4.1)", "ticket_links": "detail-only, seen live (§4.1)",
		"invoice_links": "detail-only, seen live (§4.1)", "contracts": "detail-only, seen live (§4.1)",
		"addresses": "detail-only, seen live (§4.1)", "since_updated_at": "detail-only, seen live (§4.1)",
	}
	contactExtras = map[string]string{
		"processed_phone": "in the spec's own 422 record and seen by clients (§4.2)", "processed_mobile": "likewise",
		"ticket_matching_emails": "seen by tap-syncro (§4.2)",
	}
	assetExtras = map[string]string{
		"has_live_chat": "in the real RepairShopr asset answer (§5)", "snmp_enabled": "likewise",
		"device_info": "likewise", "since_updated_at": "likewise",
	}
	ticketDetailExtras = merge(assetExtras, map[string]string{
		"contact_id": "assets carry contact_id (spec asset list, real asset answer)",
		"address":    "in the spec's GET /tickets/{id} example; assets carry it too",
	})
	// Values the fake leaves null where one sample has a value, because
	// another real sample has them null.
	nullable = map[string]string{
		"latitude": "null in the customer examples", "longitude": "likewise",
		"address": "null in the real asset answer (§5)",
		"label":   "null in the spec's own POST phones example",
	}
)

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// TestWireShapesMatchRealSamples drives every endpoint the fake serves and
// compares each answer, keys and value kinds, with the real sample in
// testdata (see testdata/README.md).
func TestWireShapesMatchRealSamples(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithLimitedToken("Tno-contacts", syncrotest.PermCustomersList))
	checked := map[string]bool{}
	check := func(sample string, r reply, status int, rules shapeRules) map[string]any {
		t.Helper()
		require.Equal(t, status, r.Status, "%s: %s", sample, r.Body)
		got := decodeAny(t, r.Body)
		if rules.nullable == nil {
			rules.nullable = nullable
		}
		for _, p := range compareShape("$", loadSample(t, sample), got, rules) {
			t.Errorf("%s: %s", sample, p)
		}
		checked[sample] = true
		m, _ := got.(map[string]any)
		return m
	}
	plain := shapeRules{}
	idOf := func(m map[string]any, wrapper string) int64 {
		if wrapper != "" {
			m = object(t, m[wrapper])
		}
		return num(t, m["id"])
	}

	// Customers and phones.
	customerBody := map[string]any{
		"business_name": "Real Business", "firstname": "Walkin", "lastname": "Customer", "email": "walkin@somedomain.com",
		"phone": "123", "mobile": "111222333", "address": "1 Main St", "address_2": "Suite 2", "city": "Springfield",
		"state": "IL", "zip": "62701", "notes": "Walk-in", "notification_email": "billing@somedomain.com",
		"invoice_cc_emails": "cc@somedomain.com", "referred_by": "Web", "tax_rate_id": 1, "invoice_term_id": 1, "ref_customer_id": 1,
	}
	cust := check("customer_create.json", send(t, srv, http.MethodPost, "/customers", customerBody), 200, plain)
	cid := idOf(cust, "customer")
	check("customer_create_422.json", send(t, srv, http.MethodPost, "/customers",
		map[string]any{"business_name": "Real Business", "firstname": "First", "lastname": "Last", "email": "it is not an email"}), 422, plain)
	check("customers_list.json", send(t, srv, http.MethodGet, "/customers", nil), 200, plain)
	check("customers_autocomplete.json", send(t, srv, http.MethodGet, "/customers/autocomplete?query=walk", nil), 200, plain)
	check("customer_latest.json", send(t, srv, http.MethodGet, "/customers/latest", nil), 200, plain)
	check("customer_update.json", send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d", cid), map[string]any{"city": "Shelbyville"}), 200, plain)
	check("customer_update_422.json", send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d", cid), map[string]any{"email": "not an email"}), 422, plain)
	phone := check("phone_create.json", send(t, srv, http.MethodPost, fmt.Sprintf("/customers/%d/phones", cid), map[string]any{"number": "222-000-222", "extension": "7"}), 200, plain)
	check("phone_update.json", send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d/phones/%d", cid, idOf(phone, "")), map[string]any{"number": "222000223"}), 200, plain)
	check("phone_create_422.json", send(t, srv, http.MethodPost, fmt.Sprintf("/customers/%d/phones", cid), map[string]any{"number": ""}), 422, plain)
	check("phones_list.json", send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d/phones", cid), nil), 200, plain)

	// Contacts.
	contactBody := map[string]any{
		"customer_id": cid, "name": "Boba Fett", "address1": "8653 Ivan Flat", "address2": "Apt. 436", "city": "Tuanside",
		"state": "Delaware", "zip": "02293", "email": "jarviscorwin@hanefeeney.io", "phone": "657.325.3258 x330",
		"mobile": "(133) 358-5295", "notes": "Talk Jabba.", "extension": "330", "vendor_id": 3,
	}
	contactRules := shapeRules{extras: contactExtras}
	ct := check("contact_create.json", send(t, srv, http.MethodPost, "/contacts", contactBody), 200, contactRules)
	ctID := idOf(ct, "")
	check("contact_update.json", send(t, srv, http.MethodPut, fmt.Sprintf("/contacts/%d", ctID), map[string]any{"title": "Bounty Hunter"}), 200, contactRules)
	check("contacts_list.json", send(t, srv, http.MethodGet, "/contacts", nil), 200, contactRules)
	check("contact_create_422.json", send(t, srv, http.MethodPost, "/contacts", map[string]any{"customer_id": cid, "name": "Bad Email", "email": "xxx"}), 422, contactRules)
	check("contact_update_422.json", send(t, srv, http.MethodPut, fmt.Sprintf("/contacts/%d", ctID), map[string]any{"customer_id": 1}), 422, contactRules)
	check("contact_create_404.json", send(t, srv, http.MethodPost, "/contacts", map[string]any{"customer_id": 1, "name": "Orphan"}), 404, plain)
	check("contacts_list_401.json", send(t, srv, http.MethodGet, "/contacts", nil, withToken("Tno-contacts")), 401, plain)

	// Assets.
	assetRules := shapeRules{extras: assetExtras}
	as := check("asset_create.json", send(t, srv, http.MethodPost, "/customer_assets",
		map[string]any{"customer_id": cid, "contact_id": ctID, "name": "New Name", "asset_type_name": "Desktop", "asset_serial": "NewSerial"}), 200, assetRules)
	aid := idOf(as, "asset")
	check("asset_update_real.json", send(t, srv, http.MethodPut, fmt.Sprintf("/customer_assets/%d", aid),
		map[string]any{"properties": map[string]any{"Model No.:": "SM-A705X"}}), 200, shapeRules{trimmed: true})
	check("assets_list.json", send(t, srv, http.MethodGet, "/customer_assets", nil), 200,
		shapeRules{extras: merge(assetExtras, map[string]string{"meta": "a live list answer carried meta.total_entries (§3)"})})
	check("asset_create_422.json", send(t, srv, http.MethodPost, "/customer_assets", map[string]any{"name": "No type"}), 422, plain)
	check("asset_update_422.json", send(t, srv, http.MethodPut, fmt.Sprintf("/customer_assets/%d", aid), map[string]any{"asset_type_name": ""}), 422, plain)

	// Tickets.
	ticketRules := shapeRules{extras: ticketDetailExtras}
	tk := check("ticket_create.json", send(t, srv, http.MethodPost, "/tickets", map[string]any{
		"customer_id": cid, "contact_id": ctID, "subject": "Ticket Subject", "problem_type": "Virus", "status": "New",
		"priority": "High", "user_id": 1, "ticket_type_id": 1, "due_date": "2025-10-10", "start_at": "2025-10-10T08:00:00Z",
		"end_at": "2025-10-10T18:45:00Z", "signature_name": "Joe", "asset_ids": []int64{aid}, "tag_list": []string{"tag1", "tag2"},
		"properties":          map[string]any{"Device Type": "Hard Drive", "Maker": "Text field"},
		"comments_attributes": []any{map[string]any{"subject": "Comment Subject", "body": "Comment Body", "hidden": true}},
	}), 200, ticketRules)
	tid := idOf(tk, "ticket")
	check("ticket_create_422.json", send(t, srv, http.MethodPost, "/tickets", map[string]any{"subject": "No customer"}), 422, plain)
	check("ticket_update_422.json", send(t, srv, http.MethodPut, fmt.Sprintf("/tickets/%d", tid), map[string]any{"subject": ""}), 422, plain)

	base := fmt.Sprintf("/tickets/%d/", tid)
	check("comment_create.json", send(t, srv, http.MethodPost, base+"comment", map[string]any{"subject": "Comment Subject", "body": "Comment Body", "tech": "Joe", "hidden": true}), 200, plain)
	check("comment_create_422.json", send(t, srv, http.MethodPost, base+"comment", map[string]any{}), 422, plain)
	check("comments_list.json", send(t, srv, http.MethodGet, base+"comments", nil), 200, plain)
	li := check("line_item_add.json", send(t, srv, http.MethodPost, base+"add_line_item",
		map[string]any{"name": "Manual Item", "description": "No Product", "quantity": 1, "price_cost": 10, "price_retail": 15, "taxable": true}), 200, plain)
	check("line_item_update.json", send(t, srv, http.MethodPut, base+"update_line_item",
		map[string]any{"ticket_line_item_id": idOf(li, ""), "name": "Updated Line Name", "price_retail": 100}), 200, plain)
	check("line_item_add_422.json", send(t, srv, http.MethodPost, base+"add_line_item", map[string]any{}), 422, plain)
	tm := check("timer_create.json", send(t, srv, http.MethodPost, base+"timer_entry",
		map[string]any{"start_at": "2019-11-05T12:15:59Z", "end_at": "2019-11-05T12:25:59Z", "notes": "API Timer"}), 200, plain)
	check("timer_create_422.json", send(t, srv, http.MethodPost, base+"timer_entry", map[string]any{"notes": "no start"}), 422, plain)
	check("timer_update.json", send(t, srv, http.MethodPut, base+"update_timer_entry",
		map[string]any{"timer_entry_id": idOf(tm, ""), "notes": "Updated Notes", "duration_minutes": 2}), 200, plain)
	check("timer_charge.json", send(t, srv, http.MethodPost, base+"charge_timer_entry", map[string]any{"timer_entry_id": idOf(tm, "")}), 200, plain)
	check("ticket_get.json", send(t, srv, http.MethodGet, fmt.Sprintf("/tickets/%d", tid), nil), 200, ticketRules)
	check("ticket_update.json", send(t, srv, http.MethodPut, fmt.Sprintf("/tickets/%d", tid), map[string]any{"status": "In Progress"}), 200, ticketRules)
	check("tickets_list.json", send(t, srv, http.MethodGet, "/tickets", nil), 200,
		shapeRules{extras: map[string]string{"customer": "list items carry customer: null (quirk 4)"}})
	check("ticket_settings.json", send(t, srv, http.MethodGet, "/tickets/settings", nil), 200, plain)
	check("line_item_remove.json", send(t, srv, http.MethodPost, base+"remove_line_item", map[string]any{"ticket_line_item_id": idOf(li, "")}), 200, plain)
	check("timer_delete.json", send(t, srv, http.MethodPost, base+"delete_timer_entry", map[string]any{"timer_entry_id": idOf(tm, "")}), 200, plain)

	// Users and the token's owner.
	check("users_list.json", send(t, srv, http.MethodGet, "/users", nil), 200, plain)
	check("user_get.json", send(t, srv, http.MethodGet, "/users/1", nil), 200, plain)
	check("me.json", send(t, srv, http.MethodGet, "/me", nil), 200, plain)

	// Deletes last. The customer's detail record first, while it has
	// tickets and phones to show.
	check("customer_get.json", send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", cid), nil), 200, shapeRules{extras: customerDetailExtras})
	check("contact_delete.json", send(t, srv, http.MethodDelete, fmt.Sprintf("/contacts/%d", ctID), nil), 200, plain)
	check("ticket_delete.json", send(t, srv, http.MethodDelete, fmt.Sprintf("/tickets/%d", tid), nil), 200, plain)
	check("ticket_delete_404.json", send(t, srv, http.MethodDelete, fmt.Sprintf("/tickets/%d", tid), nil), 404, plain)
	check("customer_delete.json", send(t, srv, http.MethodDelete, fmt.Sprintf("/customers/%d", cid), nil), 200, plain)

	// Every sample was compared.
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		assert.True(t, checked[filepath.Base(f)], "sample %s is not compared", f)
	}
}
