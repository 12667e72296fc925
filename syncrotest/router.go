package syncrotest

import (
	"net/http"
	"strings"
)

// apiPrefix is where Syncro's REST API lives on an account's host.
const apiPrefix = "/api/v1"

// route is one endpoint: a method and a pattern with {name} segments, the
// token permission it needs (named as in Syncro's token editor and the
// endpoint descriptions of the OpenAPI document), and its handler.
type route struct {
	method  string
	pattern string // without /api/v1 for API routes: "/customers/{id}"
	key     string // method + " " + pattern, as faults and the log name it
	segs    []string
	perm    string
	public  bool // no token needed (portal pages)
	h       func(*call) response
}

func (s *Server) buildRoutes() []*route {
	var rs []*route
	add := func(method, pattern, perm string, h func(*call) response) {
		rs = append(rs, &route{method: method, pattern: pattern, perm: perm, h: h})
	}
	// Literal segments are tried before {id}: latest and autocomplete before
	// {id}, settings before {id}.
	add(http.MethodGet, "/customers", PermCustomersList, s.listCustomers)
	add(http.MethodPost, "/customers", PermCustomersCreate, s.createCustomer)
	add(http.MethodGet, "/customers/latest", PermCustomersEdit, s.latestCustomer)
	add(http.MethodGet, "/customers/autocomplete", PermCustomersList, s.autocompleteCustomers)
	add(http.MethodGet, "/customers/{id}", PermCustomersView, s.getCustomer)
	add(http.MethodPut, "/customers/{id}", PermCustomersEdit, s.updateCustomer)
	add(http.MethodDelete, "/customers/{id}", PermCustomersDelete, s.deleteCustomer)
	add(http.MethodGet, "/customers/{customer_id}/phones", PermCustomersView, s.listPhones)
	add(http.MethodPost, "/customers/{customer_id}/phones", PermCustomersEdit, s.createPhone)
	add(http.MethodPut, "/customers/{customer_id}/phones/{id}", PermCustomersEdit, s.updatePhone)
	add(http.MethodDelete, "/customers/{customer_id}/phones/{id}", PermCustomersEdit, s.deletePhone)

	add(http.MethodGet, "/contacts", PermCustomersView, s.listContacts)
	add(http.MethodPost, "/contacts", PermCustomersEdit, s.createContact)
	add(http.MethodGet, "/contacts/{id}", PermCustomersView, s.getContact)
	add(http.MethodPut, "/contacts/{id}", PermCustomersEdit, s.updateContact)
	add(http.MethodDelete, "/contacts/{id}", PermCustomersEdit, s.deleteContact)

	add(http.MethodGet, "/tickets", PermTicketsList, s.listTickets)
	add(http.MethodPost, "/tickets", PermTicketsCreate, s.createTicket)
	add(http.MethodGet, "/tickets/settings", "", s.ticketSettings)
	add(http.MethodGet, "/tickets/{id}", PermTicketsView, s.getTicket)
	add(http.MethodPut, "/tickets/{id}", PermTicketsEdit, s.updateTicket)
	add(http.MethodDelete, "/tickets/{id}", PermTicketsDelete, s.deleteTicket)
	add(http.MethodGet, "/tickets/{id}/comments", PermTicketsView, s.listComments)
	add(http.MethodPost, "/tickets/{id}/comment", PermTicketsEdit, s.createComment)
	add(http.MethodPost, "/tickets/{id}/add_line_item", PermTicketsEdit, s.addLineItem)
	add(http.MethodPut, "/tickets/{id}/update_line_item", PermTicketsEdit, s.updateLineItem)
	add(http.MethodPost, "/tickets/{id}/remove_line_item", PermTicketsEdit, s.removeLineItem)
	add(http.MethodPost, "/tickets/{id}/timer_entry", PermTicketTimers, s.createTimer)
	add(http.MethodPut, "/tickets/{id}/update_timer_entry", PermTicketTimers, s.updateTimer)
	add(http.MethodPost, "/tickets/{id}/charge_timer_entry", PermTicketTimers, s.chargeTimer)
	add(http.MethodPost, "/tickets/{id}/delete_timer_entry", PermTicketTimers, s.deleteTimer)

	// Syncro has no DELETE for assets: it answers 404 (OBSERVED), which is
	// what an unknown route gets here.
	add(http.MethodGet, "/customer_assets", PermAssetsList, s.listAssets)
	add(http.MethodPost, "/customer_assets", PermAssetsCreate, s.createAsset)
	add(http.MethodGet, "/customer_assets/{id}", PermAssetsView, s.getAsset)
	add(http.MethodPut, "/customer_assets/{id}", PermAssetsEdit, s.updateAsset)

	add(http.MethodGet, "/users", "", s.listUsers)
	add(http.MethodGet, "/users/{id}", "", s.getUser)
	add(http.MethodGet, "/me", "", s.me)

	// Every generically stored resource (resources.go), one registration each.
	s.registerResources(add)

	for _, r := range rs {
		r.pattern = apiPrefix + r.pattern
	}
	portal := func(method, pattern string, h func(*call) response) {
		rs = append(rs, &route{method: method, pattern: pattern, public: true, h: h})
	}
	portal(http.MethodGet, "/my_profile/user_login", s.portalLogin)
	portal(http.MethodGet, "/my_profile/v2/index", s.portalIndex)
	portal(http.MethodGet, "/my_profile/v2/asset_new_ticket_form", s.portalAssetTicketForm)

	for _, r := range rs {
		r.key = r.method + " " + strings.TrimPrefix(r.pattern, apiPrefix)
		r.segs = strings.Split(strings.Trim(r.pattern, "/"), "/")
	}
	return rs
}

// match finds the route for a request. Variables are returned by name.
func (s *Server) match(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, r := range s.routes {
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		vars := map[string]string{}
		ok := true
		for i, seg := range r.segs {
			if strings.HasPrefix(seg, "{") {
				vars[strings.Trim(seg, "{}")] = segs[i]
				continue
			}
			if seg != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return r, vars
		}
	}
	return nil, nil
}

// Routes returns the keys of every endpoint the fake serves, like
// "GET /customers/{id}", in the form FaultRule.Route accepts.
func (s *Server) Routes() []string {
	keys := make([]string, 0, len(s.routes))
	for _, r := range s.routes {
		keys = append(keys, r.key)
	}
	return keys
}
