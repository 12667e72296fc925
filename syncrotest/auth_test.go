package syncrotest_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

const permissionBody = `{"error":"Not authorized. Please ask account admin to update your group permissions."}`

func TestTokenForms(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	assert.Regexp(t, regexp.MustCompile(`^T[0-9a-f]{16}-[0-9a-f]{20}$`), srv.Token(), "Syncro's token shape")

	tests := []struct {
		name   string
		opt    reqOpt
		path   string
		status int
	}{
		{"bearer", nil, "/me", http.StatusOK},
		{"raw token", withHeader("Authorization", srv.Token()), "/me", http.StatusOK},
		{"api_key parameter", withHeader("Authorization", ""), "/me?api_key=" + srv.Token(), http.StatusOK},
		{"lower-case bearer", withHeader("Authorization", "bearer "+srv.Token()), "/me", http.StatusOK},
		{"unknown token", withToken("Tdeadbeef-0000"), "/me", http.StatusUnauthorized},
		{"no token", withHeader("Authorization", ""), "/customers", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		var opts []reqOpt
		if tt.opt != nil {
			opts = append(opts, tt.opt)
		}
		r := send(t, srv, http.MethodGet, tt.path, nil, opts...)
		assert.Equal(t, tt.status, r.Status, tt.name)
		if tt.status == http.StatusUnauthorized {
			assert.JSONEq(t, `{"error":"Unauthorized"}`, string(r.Body), tt.name)
			assert.NotContains(t, strings.ToLower(string(r.Body)), "permission", "clients tell the cases apart by this word")
		}
	}
}

func TestRequestLogKeepsNoToken(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := send(t, srv, http.MethodGet, "/me?api_key="+srv.Token(), nil, withHeader("Authorization", ""))
	require.Equal(t, http.StatusOK, r.Status)
	send(t, srv, http.MethodGet, "/customers", nil)
	log := srv.Requests()
	require.Len(t, log, 2)
	assert.Equal(t, []string{"[REDACTED]"}, log[0].Query["api_key"], "the parameter is logged, not its value")
	for _, verb := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, fmt.Sprintf(verb, log), srv.Token(), verb)
	}
}

func TestLimitedTokens(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		syncrotest.WithLimitedToken("Tread-only", syncrotest.PermCustomersList, syncrotest.PermCustomersView),
		syncrotest.WithLimitedToken("Ttickets", syncrotest.PermTicketsList))
	srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	r := send(t, srv, http.MethodGet, "/customers", nil, withToken("Tread-only"))
	assert.Equal(t, http.StatusOK, r.Status)
	r = send(t, srv, http.MethodPost, "/customers", map[string]any{"business_name": "X"}, withToken("Tread-only"))
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.JSONEq(t, permissionBody, string(r.Body))
	assert.Equal(t, 0, srv.Stats().Created["customers"])

	r = send(t, srv, http.MethodGet, "/customers", nil, withToken("Ttickets"))
	assert.Equal(t, http.StatusUnauthorized, r.Status, "a token lacking Customers - List/Search")
	assert.JSONEq(t, permissionBody, string(r.Body))
	r = send(t, srv, http.MethodGet, "/tickets", nil, withToken("Ttickets"))
	assert.Equal(t, http.StatusOK, r.Status)

	// /me reflects what each token may do.
	r = send(t, srv, http.MethodGet, "/me", nil, withToken("Tread-only"))
	require.Equal(t, http.StatusOK, r.Status)
	me := r.Object(t)
	perms := object(t, me["permissions"])
	assert.Equal(t, map[string]any{"read": true, "write": false, "delete": false}, perms["customer"])
	assert.Equal(t, map[string]any{"read": false, "write": false, "delete": false}, perms["ticket"])
	assert.Equal(t, false, me["admin"])
	r = send(t, srv, http.MethodGet, "/me", nil)
	perms = object(t, r.Object(t)["permissions"])
	assert.Equal(t, map[string]any{"read": true, "write": true, "delete": true}, perms["asset"])
	assert.Equal(t, map[string]any{"execute": true}, perms["script"])

	srv.AddToken("Tlate", syncrotest.PermAssetsList)
	r = send(t, srv, http.MethodGet, "/customer_assets", nil, withToken("Tlate"))
	assert.Equal(t, http.StatusOK, r.Status)
	srv.RevokeToken("Tlate")
	r = send(t, srv, http.MethodGet, "/customer_assets", nil, withToken("Tlate"))
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.JSONEq(t, `{"error":"Unauthorized"}`, string(r.Body))
}

// noPermissionNamed are endpoints whose OpenAPI description names no
// permission ("Required permission: None", or none at all) beside whole
// groups skipped by prefix: appointments ("No special permissions
// required"; without View All a token sees its own), settings, timelogs
// (scoped to the token's user) and user devices.
var noPermissionNamed = map[string]bool{
	"POST /leads": true, "PUT /leads/{id}": true, "GET /search": true, "GET /callerid": true, "POST /otp_login": true,
}

func TestEveryEndpointChecksItsPermission(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithLimitedToken("Tnothing"))
	for _, route := range srv.Routes() {
		method, pattern, _ := strings.Cut(route, " ")
		if strings.HasPrefix(pattern, "/my_profile") || strings.HasPrefix(pattern, "/storage/") || pattern == "/me" || strings.HasPrefix(pattern, "/users") || pattern == "/tickets/settings" || pattern == "/payment_methods" {
			continue // public pages, the attachment storage, and endpoints the spec names no permission for
		}
		if noPermissionNamed[route] || strings.HasPrefix(pattern, "/appointments") || strings.HasPrefix(pattern, "/settings") ||
			strings.HasPrefix(pattern, "/timelogs") || strings.HasPrefix(pattern, "/user_devices") {
			continue // operations endpoints whose description names no permission
		}
		path := strings.NewReplacer("{id}", "1", "{customer_id}", "1").Replace(pattern)
		var body any
		if method == http.MethodPost || method == http.MethodPut {
			body = map[string]any{}
		}
		r := send(t, srv, method, path, body, withToken("Tnothing"))
		assert.Equal(t, http.StatusUnauthorized, r.Status, route)
		assert.JSONEq(t, permissionBody, string(r.Body), route)
	}
}

func TestUsersAndMe(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithSubdomain("acme"))
	tech := srv.AddUser(syncrotest.UserData{Name: "Priya Patel", Email: "priya@x.example"})

	r := send(t, srv, http.MethodGet, "/users", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.NotContains(t, m, "meta")
	users := list(t, m, "users")
	require.Len(t, users, 2)
	pair, ok := users[1].([]any)
	require.True(t, ok, "users are [id, name] pairs")
	assert.Equal(t, tech, num(t, pair[0]))
	assert.Equal(t, "Priya Patel", pair[1])

	r = send(t, srv, http.MethodGet, "/users/2", nil)
	require.Equal(t, http.StatusOK, r.Status)
	u := object(t, r.Object(t)["user"])
	assert.Equal(t, "Technicians", u["group"])
	assert.Equal(t, false, u["admin"])
	r = send(t, srv, http.MethodGet, "/users/99", nil)
	assert.Equal(t, http.StatusNotFound, r.Status)

	r = send(t, srv, http.MethodGet, "/me", nil)
	require.Equal(t, http.StatusOK, r.Status)
	me := r.Object(t)
	assert.Equal(t, "acme", me["subdomain"])
	assert.Equal(t, int64(1), num(t, me["user_id"]))
	assert.Equal(t, true, me["admin"])
	assert.NotEqual(t, srv.Token(), me["user_token"], "user_token is not the API token")
}
