package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClientPortal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name, base, wantLogin string
		meCalls               int
	}{
		{"syncro host", "", "https://acme.syncromsp.com/my_profile/user_login", 0},
		{"repairshopr host", "https://shop.repairshopr.com", "https://shop.repairshopr.com/my_profile/user_login", 0},
		{"loopback test server", "http://127.0.0.1:8080", "http://127.0.0.1:8080/my_profile/user_login", 0},
		{"proxy: asks /me", "https://proxy.internal/syncro", "https://acme.syncromsp.com/my_profile/user_login", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := []Option{}
			if tt.base != "" {
				opts = append(opts, WithBaseURL(tt.base))
			}
			c, mt, _ := newTestClient(t, opts...)
			mt.RegisterResponder("GET", "https://proxy.internal/syncro/me",
				httpmock.NewStringResponder(200, `{"user_id":1,"user_email":"a@b.example","user_name":"A","subdomain":"acme","permissions":{}}`))
			p, err := c.Portal(ctx)
			require.NoError(t, err)
			assert.Equal(t, tt.wantLogin, p.LoginURL())
			assert.Equal(t, tt.meCalls, mt.GetTotalCallCount())
		})
	}
}

func TestLoopbackPortalChecksHostAndPort(t *testing.T) {
	t.Parallel()
	c, _, _ := newTestClient(t, WithBaseURL("http://127.0.0.1:8080"))
	p, err := c.Portal(context.Background())
	require.NoError(t, err)
	ok, err := p.CustomerURL(&Customer{ID: 1, OnlineProfileURL: "http://127.0.0.1:8080//my_profile/v2/index?portal_key=k1"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8080/my_profile/v2/index?portal_key=k1", ok)
	for _, foreign := range []string{
		"http://127.0.0.1:9999/my_profile/v2/index?portal_key=k1",
		"https://acme.syncromsp.com/my_profile/v2/index?portal_key=k1",
		"http://127.0.0.1:8080/users/sign_in",
	} {
		_, err := p.CustomerURL(&Customer{ID: 1, OnlineProfileURL: foreign})
		assert.ErrorIs(t, err, ErrValidation, foreign)
	}
}

func TestClientPortalMeFails(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithBaseURL("https://proxy.internal"))
	mt.RegisterResponder("GET", "https://proxy.internal/api/v1/me", httpmock.NewStringResponder(http.StatusUnauthorized, `{"error":"Unauthorized"}`))
	_, err := c.Portal(context.Background())
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "finding the account's portal")
}
