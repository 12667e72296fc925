package syncrotest_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestBodyMustBeJSON(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		name, method, path, body, ctype string
		status                          int
	}{
		{"form-encoded POST", http.MethodPost, "/customers", "business_name=Acme", "application/x-www-form-urlencoded", http.StatusBadRequest},
		{"no content type", http.MethodPost, "/customers", `{"business_name":"Acme"}`, "", http.StatusBadRequest},
		{"text/plain PUT", http.MethodPut, "/customers/1", `{"city":"X"}`, "text/plain", http.StatusBadRequest},
		{"malformed JSON", http.MethodPost, "/customers", `{"business_name":`, "application/json", http.StatusBadRequest},
		{"charset parameter is fine", http.MethodPost, "/customers", `{"business_name":"Acme"}`, "application/json; charset=utf-8", http.StatusOK},
	}
	for _, tt := range tests {
		r := send(t, srv, tt.method, tt.path, tt.body, withHeader("Content-Type", tt.ctype))
		assert.Equal(t, tt.status, r.Status, tt.name)
		if tt.status == http.StatusBadRequest {
			assert.Contains(t, r.Header.Get("Content-Type"), "text/html", tt.name)
			assert.Contains(t, string(r.Body), "<title>Bad Request (400)</title>", tt.name)
		}
	}
	assert.Equal(t, 1, srv.Counts().Customers)
	log := srv.Requests()
	require.Len(t, log, len(tests))
	assert.False(t, log[0].ValidJSON)
	assert.True(t, log[1].ValidJSON)
	assert.False(t, log[3].ValidJSON)
	assert.False(t, log[0].Processed)
	assert.True(t, log[4].Processed)
	assert.Equal(t, "business_name=Acme", string(log[0].Body), "the body is logged as sent, JSON or not")
	assert.Equal(t, `{"business_name":"Acme"}`, string(log[4].Body))
}

func TestRequestLogKeepsBodies(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	send(t, srv, http.MethodGet, "/customers", nil)
	big := `{"notes":"` + strings.Repeat("x", 70<<10) + `"}`
	send(t, srv, http.MethodPost, "/customers", big)
	log := srv.Requests()
	require.Len(t, log, 2)
	assert.Empty(t, log[0].Body, "no body, nothing logged")
	assert.Len(t, log[1].Body, 64<<10, "a big body is cut to its first 64 KiB")
	assert.Equal(t, big[:64<<10], string(log[1].Body))
	assert.True(t, log[1].ValidJSON, "validity is judged on the whole body")
}

func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, path := range []string{"/nope", "/customers/1/nope", "/invoices/1/nope"} {
		r := send(t, srv, http.MethodGet, path, nil)
		assert.Equal(t, http.StatusNotFound, r.Status, path)
		assert.JSONEq(t, `{"message":"Not found"}`, string(r.Body), path)
	}
	r := send(t, srv, http.MethodGet, "/customers.json", nil)
	assert.Equal(t, http.StatusOK, r.Status, "Rails' .json suffix")
	assert.Contains(t, srv.Routes(), "GET /customers/{id}")
	assert.Contains(t, srv.Routes(), "POST /tickets/{id}/comment")
}

func TestServerAddressAndClient(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithToken("Tmy-fixed-token"))
	assert.Equal(t, "Tmy-fixed-token", srv.Token())
	assert.True(t, strings.HasPrefix(srv.URL(), "http://127.0.0.1:"), srv.URL())
	assert.False(t, strings.HasSuffix(srv.URL(), "/api/v1"))
	assert.Equal(t, srv.URL()+"/api/v1", srv.APIURL())
	assert.Equal(t, []string{"SYNCRO_BASE_URL=" + srv.URL(), "SYNCRO_API_TOKEN=Tmy-fixed-token"}, srv.Env())

	c := srv.Client()
	assert.Equal(t, srv.URL()+"/api/v1/", c.BaseURL())
	_, err := c.Customers.List(context.Background(), nil)
	require.NoError(t, err)

	// The caller's options apply; a limiter of their own replaces the default.
	c = srv.Client(syncro.WithLimiter(syncro.NewLimiter(60)), syncro.WithUserAgent("fake-test/1"))
	_, err = c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	log := srv.Requests()
	assert.Equal(t, "GET /customers", log[len(log)-1].Route)
	assert.Panics(t, func() { srv.Client(syncro.WithBaseURL("ftp://nope")) })
}

func TestListenOnAddress(t *testing.T) {
	t.Parallel()
	// Find a free port, then ask for it by address.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	srv, err := syncrotest.Listen(addr, syncrotest.WithDemoData())
	require.NoError(t, err)
	defer srv.Close()
	assert.Equal(t, "http://"+addr, srv.URL())

	_, err = syncrotest.Listen(addr)
	require.Error(t, err, "the address is taken")
	assert.Panics(t, func() { syncrotest.NewServer(syncrotest.WithAddr(addr)) })

	client, err := syncro.NewClient("", srv.Token(), syncro.WithBaseURL(srv.URL()), syncro.WithRateLimit(0))
	require.NoError(t, err)
	found := false
	for cu, err := range client.Customers.All(context.Background(), nil) {
		require.NoError(t, err)
		found = found || cu.BusinessName == syncrotest.DemoCustomerName
	}
	assert.True(t, found)
	srv.Close()
	srv.Close() // idempotent
}

func TestPortalPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for path, want := range map[string]int{
		"/my_profile/user_login":                   http.StatusOK,
		"/my_profile/v2/index?portal_key=nope":     http.StatusNotFound,
		"/my_profile/v2/index?asset_uuid=ab-12":    http.StatusOK,
		"/my_profile/v2/asset_new_ticket_form":     http.StatusOK,
		"/my_profile/v2/index?portal_key=<script>": http.StatusNotFound,
	} {
		r := send(t, srv, http.MethodGet, path, nil, withHeader("Authorization", ""))
		assert.Equal(t, want, r.Status, path)
		assert.Contains(t, r.Header.Get("Content-Type"), "text/html")
		assert.NotContains(t, string(r.Body), "<script>")
	}
}
