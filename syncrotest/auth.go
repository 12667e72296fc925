package syncrotest

import (
	"net/http"
	"strings"
	"sync"
)

// Token permissions, named as in Syncro's token editor (Admin > API - API
// Tokens > Custom Permissions) and in the "Required permission" line of each
// endpoint in Syncro's OpenAPI document. The fake checks them per endpoint.
const (
	PermCustomersList   = "Customers - List/Search"
	PermCustomersView   = "Customers - View Detail"
	PermCustomersCreate = "Customers - Create"
	PermCustomersEdit   = "Customers - Edit"
	PermCustomersDelete = "Customers - Delete"
	PermTicketsList     = "Tickets - List/Search"
	PermTicketsView     = "Tickets - View Details"
	PermTicketsCreate   = "Tickets - Create"
	PermTicketsEdit     = "Tickets - Edit"
	PermTicketsDelete   = "Tickets - Delete"
	PermTicketTimers    = "Ticket Timers - Overview"
	PermAssetsList      = "Assets - List/Search"
	PermAssetsView      = "Assets - View Details"
	PermAssetsCreate    = "Assets - Create"
	PermAssetsEdit      = "Assets - Edit"
)

// AllPermissions returns every permission the fake checks: the constants
// above, then those of the generically stored resources (resources.go), in
// the order they are registered.
func AllPermissions() []string {
	list := []string{
		PermCustomersList, PermCustomersView, PermCustomersCreate, PermCustomersEdit, PermCustomersDelete,
		PermTicketsList, PermTicketsView, PermTicketsCreate, PermTicketsEdit, PermTicketsDelete, PermTicketTimers,
		PermAssetsList, PermAssetsView, PermAssetsCreate, PermAssetsEdit,
	}
	seen := map[string]bool{}
	for _, p := range list {
		seen[p] = true
	}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			list = append(list, p)
		}
	}
	// The specs only build closures over the server: a bare one serves
	// to enumerate them.
	bare := &Server{st: newState()}
	for _, sp := range bare.resourceSpecs() {
		for _, p := range []string{sp.perm.list, sp.perm.view, sp.perm.create, sp.perm.edit, sp.perm.delete} {
			add(p)
		}
		if sp.extra != nil {
			for _, r := range sp.extra(bare) {
				add(r.perm)
			}
		}
	}
	return list
}

// permissionError is Syncro's documented body for a token that lacks a
// permission (SPEC: all /contacts operations). Syncro answers 401, not 403.
const permissionError = "Not authorized. Please ask account admin to update your group permissions."

func permissionDenied() response {
	return jsonResp(http.StatusUnauthorized, obj{"error": permissionError})
}

// unauthorized answers an unknown or missing token. Syncro's body for this
// case is not documented anywhere (SYNCRO_API.md §1); {"error":
// "Unauthorized"} is invented, as third-party SDK mocks do. It deliberately
// does not contain the word "permission", which is how clients tell the
// permission case apart.
func unauthorized() response {
	return jsonResp(http.StatusUnauthorized, obj{"error": "Unauthorized"})
}

// tokenInfo is what a token may do, and whose it is.
type tokenInfo struct {
	userID int64
	all    bool
	perms  map[string]bool
}

func (t *tokenInfo) can(perm string) bool { return t.all || t.perms[perm] }

// authz holds the server's tokens.
type authz struct {
	mu     sync.RWMutex
	tokens map[string]*tokenInfo
}

func newAuthz(defaultToken string) *authz {
	return &authz{tokens: map[string]*tokenInfo{defaultToken: {userID: ownerID, all: true}}}
}

func (a *authz) add(token string, userID int64, perms []string) {
	set := make(map[string]bool, len(perms))
	for _, p := range perms {
		set[p] = true
	}
	a.mu.Lock()
	a.tokens[token] = &tokenInfo{userID: userID, perms: set}
	a.mu.Unlock()
}

// lookup finds the request's token in any of the three ways Syncro accepts
// one: "Authorization: Bearer <token>", the raw token in Authorization, or
// the api_key query parameter.
func (a *authz) lookup(r *http.Request) (*tokenInfo, bool) {
	tok := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	if tok == "" {
		tok = r.URL.Query().Get("api_key")
	}
	if tok == "" {
		return nil, false
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	t, ok := a.tokens[tok]
	return t, ok
}

// AddToken adds a token with only the given permissions (the Perm
// constants) while the server runs; see WithLimitedToken.
func (s *Server) AddToken(token string, permissions ...string) {
	s.auth.add(token, ownerID, permissions)
}

// RevokeToken removes a token: requests with it get 401 from then on.
func (s *Server) RevokeToken(token string) {
	s.auth.mu.Lock()
	delete(s.auth.tokens, token)
	s.auth.mu.Unlock()
}

// mePermissions renders the permissions block of GET /me from the token's
// permissions: read, write and delete per area.
func mePermissions(t *tokenInfo) obj {
	area := func(prefix, view string) obj {
		return obj{
			"read":   t.can(prefix+"List/Search") || t.can(prefix+view),
			"write":  t.can(prefix+"Create") || t.can(prefix+"Edit"),
			"delete": t.can(prefix + "Delete"),
		}
	}
	return obj{
		"asset":     area("Assets - ", "View Details"),
		"customer":  area("Customers - ", "View Detail"),
		"ticket":    area("Tickets - ", "View Details"),
		"invoice":   area("Invoices - ", "View Details"),
		"payment":   area("Payments - ", "View Details"),
		"worksheet": obj{"add": t.all, "manage": t.all, "delete": t.all},
		"script":    obj{"execute": t.all},
	}
}
