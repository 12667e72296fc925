package syncrotest

import (
	"net/url"
	"strings"
)

// PermPartsOrdersList is the permission of GET /items, as the spec names it.
const PermPartsOrdersList = "Parts Orders - List/Search"

// itemSpec: GET /items, the account's part orders (the API calls them
// items). The API only lists them: tests seed them with Server.Insert.
// Pages hold 50 (the spec's page parameter) and meta is {total_pages,
// page}, as in the spec's example; price is a BigDecimal string ("0.0").
func (s *Server) itemSpec() resourceSpec {
	return resourceSpec{
		name: "items", path: "/items", one: "item", many: "items", idBase: 44_000_000,
		ops:  opList,
		perm: perms{list: PermPartsOrdersList},
		fields: []field{
			{"requestedon", kTime}, {"ticketnum", kText}, {"parturl", kText}, {"shipping", kText},
			{"deststore", kText}, {"orderedby", kText}, {"orderedon", kTime}, {"trackingnum", kText},
			{"receivedon", kTime}, {"price", kMoney}, {"account_id", kInt}, {"description", kText},
			{"destination_location_id", kInt}, {"from_location_id", kInt}, {"from_name", kText},
			{"received_at", kTime}, {"user_id", kInt}, {"due_at", kTime}, {"ticket_id", kInt},
			{"logistic_state", kText}, {"product_id", kInt}, {"quantity", kMoney}, {"round_trip", kBool},
			{"trip_leg", kText}, {"retail_cents", kInt}, {"taxable", kBool}, {"converted", kBool},
			{"notes", kText}, {"refurb_id", kInt}, {"invoice_id", kInt},
		},
		perPage:   50,
		shortMeta: true,
		filter: func(q url.Values, r record) bool {
			if v := q.Get("completed"); v != "" {
				if want, ok := castBool(v).(bool); ok && want && r.time("receivedon").IsZero() && r.time("received_at").IsZero() {
					return false
				}
			}
			if v := strings.TrimSpace(q.Get("query")); v != "" {
				if !containsFold(r.str("description"), v) && !containsFold(r.str("ticketnum"), v) &&
					!containsFold(r.str("trackingnum"), v) && !containsFold(r.str("notes"), v) {
					return false
				}
			}
			return true
		},
		seed: func(s *Server) {
			s.Insert("items", map[string]any{"ticketnum": "1001", "parturl": "https://parts.example/fuser-kit",
				"description": "Fuser kit", "price": "89.5", "quantity": "1.0", "taxable": true, "account_id": 1})
		},
	}
}
