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
// the fake. The fake serves the portal pages itself, so the
// online_profile_url it hands out is on its own loopback host, never on
// {subdomain}.syncromsp.com; a Portal for the account's subdomain refuses
// such a link as foreign, and no Portal can be made for the fake's host.
// So CustomerURL cannot be exercised end to end on the fake; this pins the
// behaviour down, so that a change on either side shows here.
func TestIntegrationPortalCustomerURL(t *testing.T) {
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

		// The link the fake gives works on the fake...
		resp, err := http.Get(link)
		require.NoError(t, err)
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Contains(t, string(page), "End User Portal - "+c.DisplayName())

		// ...but the account's Portal refuses it: another host.
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

// TestIntegrationPortalPagesOnTheFake checks that the paths the Portal
// builds are the ones the fake serves, so a link built for the account
// and moved to the fake's host leads to a page.
func TestIntegrationPortalPagesOnTheFake(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	portal, err := syncro.NewPortal("syncrotest")
	require.NoError(t, err)
	for _, link := range []string{portal.LoginURL(), portal.AssetURL("7f3c9a1b-2d4e-46f8-80a1-b2c3d4e5f607"), portal.AssetTicketFormURL()} {
		u, err := url.Parse(link)
		require.NoError(t, err)
		assert.Equal(t, "https", u.Scheme)
		assert.Equal(t, "syncrotest.syncromsp.com", u.Host)
		resp, err := http.Get(f.srv.URL() + u.RequestURI())
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, link)
		assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	}
}
