package syncro_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationPortalCustomerURL takes organizations' portal links from
// the fake with the client's own portal (Client.Portal): the fake serves
// the portal pages itself, on its loopback host, and the links it hands
// out are there. Every link is accepted, repaired and leads to the
// organization's page; a link to another port or to the staff login is
// still refused.
func TestIntegrationPortalCustomerURL(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	portal, err := f.client.Portal(ctx)
	require.NoError(t, err)
	fakeHost := strings.TrimPrefix(f.srv.URL(), "http://")
	assert.Equal(t, fakeHost, portal.Host())
	assert.Empty(t, f.srv.Requests(), "a loopback host needs no GET /me")

	customers := collect(t, f.client.Customers.All(ctx, nil))
	require.Len(t, customers, 5)
	keys := map[string]bool{}
	for _, c := range customers {
		link, err := portal.CustomerURL(&c)
		require.NoError(t, err, c.BusinessName)
		u, err := url.Parse(link)
		require.NoError(t, err)
		assert.Equal(t, f.srv.URL()+"/my_profile/v2/index", u.Scheme+"://"+u.Host+u.Path)
		key := u.Query().Get("portal_key")
		assert.Len(t, key, 20, "a Syncro-shaped portal key")
		assert.False(t, keys[key], "each organization has its own key")
		keys[key] = true

		resp, err := http.Get(link)
		require.NoError(t, err)
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Contains(t, string(page), "End User Portal - "+c.DisplayName(), "the link opens this organization's portal")

		// Syncro's doubled slash is repaired; other hosts and staff pages are refused.
		c.OnlineProfileURL = f.srv.URL() + "//my_profile/v2/index?portal_key=" + key
		got, err := portal.CustomerURL(&c)
		require.NoError(t, err)
		assert.Equal(t, link, got)
		for _, bad := range []string{"http://127.0.0.1:1/my_profile/v2/index?portal_key=" + key, f.srv.URL() + "/users/sign_in"} {
			c.OnlineProfileURL = bad
			_, err = portal.CustomerURL(&c)
			assert.ErrorIs(t, err, syncro.ErrValidation, bad)
		}
	}
	login, err := http.Get(portal.LoginURL())
	require.NoError(t, err)
	login.Body.Close()
	assert.Equal(t, http.StatusOK, login.StatusCode)
}

// TestIntegrationPortalForTheSubdomainRefusesTheFakesLinks: a Portal made
// from the account's subdomain (NewPortal) knows only
// {subdomain}.syncromsp.com, so the fake's loopback links are foreign to
// it, and none can be made for the fake's host; use Client.Portal with a
// fake. The same portal key on the account's host is accepted.
func TestIntegrationPortalForTheSubdomainRefusesTheFakesLinks(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	me, err := f.client.Users.Me(ctx)
	require.NoError(t, err)
	portal, err := syncro.NewPortal(me.Subdomain)
	require.NoError(t, err)
	assert.Equal(t, "syncrotest.syncromsp.com", portal.Host())

	customers := collect(t, f.client.Customers.All(ctx, nil))
	require.NotEmpty(t, customers)
	fakeHost := strings.TrimPrefix(f.srv.URL(), "http://")
	for _, c := range customers {
		link := c.OnlineProfileURL
		u, err := url.Parse(link)
		require.NoError(t, err, c.BusinessName)
		assert.Equal(t, fakeHost, u.Host, "the fake's link is on its own host")
		assert.Equal(t, "/my_profile/v2/index", u.Path)
		key := u.Query().Get("portal_key")
		assert.Len(t, key, 20, "a Syncro-shaped portal key")

		// The subdomain's Portal refuses it: another host.
		_, err = portal.CustomerURL(&c)
		var verr *syncro.ValidationError
		require.ErrorAs(t, err, &verr, c.BusinessName)
		assert.Equal(t, []string{"online_profile_url"}, verr.Fields)
		assert.Contains(t, err.Error(), "the link points to "+fakeHost+", not to this account's portal at syncrotest.syncromsp.com")

		// The same key on the account's host (as Syncro sends it, with
		// its doubled slash) is accepted and repaired.
		c.OnlineProfileURL = "https://syncrotest.syncromsp.com//my_profile/v2/index?portal_key=" + key
		got, err := portal.CustomerURL(&c)
		require.NoError(t, err)
		assert.Equal(t, "https://syncrotest.syncromsp.com/my_profile/v2/index?portal_key="+key, got)
	}

	// A Portal for the fake's own host cannot be made: it is not a subdomain.
	_, err = syncro.NewPortal(fakeHost)
	assert.Error(t, err)
	_, err = syncro.NewPortal("127.0.0.1")
	assert.Error(t, err)
}

// TestIntegrationPortalPagesOnTheFake checks that every page a Portal
// builds is one the fake serves.
func TestIntegrationPortalPagesOnTheFake(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	portal, err := f.client.Portal(context.Background())
	require.NoError(t, err)
	for _, link := range []string{portal.LoginURL(), portal.AssetURL("7f3c9a1b-2d4e-46f8-80a1-b2c3d4e5f607"), portal.AssetTicketFormURL()} {
		require.True(t, strings.HasPrefix(link, f.srv.URL()+"/my_profile/"), link)
		resp, err := http.Get(link)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, link)
		assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	}
	sub, err := syncro.NewPortal("syncrotest")
	require.NoError(t, err)
	assert.Equal(t, "https://syncrotest.syncromsp.com/my_profile/user_login", sub.LoginURL(), "the account's own portal is https on syncromsp.com")
}
