package syncro_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationUsers(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData(), syncrotest.WithSubdomain("acme"))
	ctx := context.Background()

	me, err := f.client.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1), me.UserID)
	assert.Equal(t, "Alex Morgan", me.UserName)
	assert.Equal(t, "owner@syncrotest.example", me.UserEmail)
	assert.Equal(t, "acme", me.Subdomain)
	assert.True(t, me.Admin)
	for _, p := range []syncro.Permission{syncro.PermissionTicketWrite, syncro.PermissionCustomerDelete, syncro.PermissionAssetRead, syncro.PermissionScriptExecute} {
		assert.True(t, me.Permissions.Allows(p), p)
	}

	users, err := f.client.Users.List(ctx)
	require.NoError(t, err)
	var names []string
	for _, u := range users {
		names = append(names, u.FullName)
		assert.Positive(t, u.ID)
		assert.Empty(t, u.Email, "the list has [id, name] pairs only")
	}
	assert.Equal(t, []string{"Alex Morgan", "Priya Patel", "Marcus Lee"}, names)

	u, err := f.client.Users.Get(ctx, users[1].ID)
	require.NoError(t, err)
	assert.Equal(t, "Priya Patel", u.FullName)
	assert.Equal(t, "priya@syncrotest.example", u.Email)
	assert.Equal(t, "Technicians", u.Group)
	assert.False(t, u.Admin)
	assert.Equal(t, "55b932", u.Color)
	assert.True(t, u.CreatedAt.Equal(epoch))
	_, err = f.client.Users.Get(ctx, 99)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestIntegrationSeatReport(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()

	r, err := f.client.Users.SeatReport(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, r.Seats)
	assert.Equal(t, "129", r.PricePerSeat.String())
	assert.Equal(t, "387", r.MonthlyCost.String())
	assert.Len(t, f.srv.Requests(), 1, "one request without details")

	f.srv.AddUser(syncrotest.UserData{Name: "Sam Ortiz", Email: "sam@syncrotest.example", Group: "Contractors"})
	f.srv.ResetRequests()
	r, err = f.client.Users.SeatReport(ctx, &syncro.SeatReportOptions{PricePerSeat: decPtr("99.95"), Details: true})
	require.NoError(t, err)
	assert.Equal(t, 4, r.Seats)
	assert.Equal(t, "399.8", r.MonthlyCost.String(), "4 × 99.95, exactly")
	require.Len(t, r.Technicians, 4)
	assert.Equal(t, "sam@syncrotest.example", r.Technicians[3].Email)
	assert.Equal(t, "Contractors", r.Technicians[3].Group)
	assert.Len(t, f.srv.Requests(), 5, "the list, then one record per technician")
}

func TestIntegrationCheckToken(t *testing.T) {
	t.Parallel()
	const limited, unknown = "Tlimited0123456789-abcdefabcdefabcdef01", "Tunknown0123456789-abcdefabcdefabcdef01"
	f := newFake(t, syncrotest.WithLimitedToken(limited, syncrotest.PermTicketsList, syncrotest.PermTicketsView))
	ctx := context.Background()

	t.Run("the default token has every permission", func(t *testing.T) {
		me, err := f.client.Users.CheckToken(ctx, syncro.PermissionTicketWrite, syncro.PermissionCustomerRead)
		require.NoError(t, err)
		assert.Equal(t, "Alex Morgan", me.UserName)
	})

	t.Run("a limited token names what it lacks", func(t *testing.T) {
		client := f.clientWithToken(t, limited)
		me, err := client.Users.CheckToken(ctx, syncro.PermissionTicketRead, syncro.PermissionTicketWrite, syncro.PermissionCustomerRead)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionMissingPermissions, ce.Problem)
		assert.Equal(t, []syncro.Permission{syncro.PermissionTicketWrite, syncro.PermissionCustomerRead}, ce.Missing)
		assert.ErrorIs(t, err, syncro.ErrForbidden)
		require.NotNil(t, me, "the user comes back with the error")
		assert.Equal(t, "Alex Morgan", me.UserName)
		assert.True(t, me.Permissions.Allows(syncro.PermissionTicketRead))
		assert.Contains(t, err.Error(), "lacks 2 permissions: ticket.write (create and edit tickets), customer.read (view organizations (customers))")
		assert.Contains(t, err.Error(), "Admin > API - API Tokens")
		assert.NotContains(t, err.Error(), limited)

		// What it has is enough.
		_, err = client.Users.CheckToken(ctx, syncro.PermissionTicketRead)
		assert.NoError(t, err)
	})

	t.Run("an unknown token", func(t *testing.T) {
		me, err := f.clientWithToken(t, unknown).Users.CheckToken(ctx)
		assert.Nil(t, me)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionBadToken, ce.Problem)
		assert.ErrorIs(t, err, syncro.ErrUnauthorized)
		assert.False(t, errors.Is(err, syncro.ErrForbidden))
		assert.Contains(t, err.Error(), "refused the API token: it is wrong, expired or revoked")
		assert.NotContains(t, err.Error(), unknown)
	})

	t.Run("a revoked token", func(t *testing.T) {
		const revoked = "Trevoked0123456789-abcdefabcdefabcdef01"
		f.srv.AddToken(revoked, syncrotest.AllPermissions()...)
		client := f.clientWithToken(t, revoked)
		_, err := client.Users.CheckToken(ctx)
		require.NoError(t, err)
		f.srv.RevokeToken(revoked)
		_, err = client.Users.CheckToken(ctx)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionBadToken, ce.Problem)
	})

	t.Run("a wrong base: /me is not found", func(t *testing.T) {
		client, err := syncro.NewClient("", f.srv.Token(), syncro.WithBaseURL(f.srv.URL()+"/wrong/api/v1"), syncro.WithRetry(syncro.NoRetry()))
		require.NoError(t, err)
		_, err = client.Users.CheckToken(ctx)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionWrongSubdomain, ce.Problem)
		assert.Contains(t, err.Error(), "no Syncro API was found at 127.0.0.1:")
		assert.Contains(t, err.Error(), "check the base URL", "a base URL was given: the subdomain is not what to check")
		assert.NotContains(t, err.Error(), f.srv.Token())
	})

	t.Run("something that is not Syncro answers", func(t *testing.T) {
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Welcome to nginx!</body></html>"))
		}))
		defer other.Close()
		client, err := syncro.NewClient("", f.srv.Token(), syncro.WithBaseURL(other.URL), syncro.WithRetry(syncro.NoRetry()))
		require.NoError(t, err)
		_, err = client.Users.CheckToken(ctx)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionWrongSubdomain, ce.Problem)
	})

	t.Run("nothing answers", func(t *testing.T) {
		gone := httptest.NewServer(http.NotFoundHandler())
		url := gone.URL
		gone.Close()
		client, err := syncro.NewClient("", f.srv.Token(), syncro.WithBaseURL(url), syncro.WithRetry(syncro.NoRetry()))
		require.NoError(t, err)
		_, err = client.Users.CheckToken(ctx)
		var ce *syncro.ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, syncro.ConnectionUnreachable, ce.Problem)
		assert.Contains(t, err.Error(), "could not reach")
	})

	t.Run("a malformed permission fails before any request", func(t *testing.T) {
		before := len(f.srv.Requests())
		_, err := f.client.Users.CheckToken(ctx, "tickets-write")
		assert.ErrorIs(t, err, syncro.ErrValidation)
		assert.Len(t, f.srv.Requests(), before)
	})
}
