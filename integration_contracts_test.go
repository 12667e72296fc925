package syncro_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationContracts: create, read bare, update, page, and the soft
// delete, after which Get says the contract was deleted (ErrNotFound too)
// while an id that never existed is the plain 404.
func TestIntegrationContracts(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	ct, err := f.client.Contracts.Create(ctx, &syncro.ContractInput{CustomerID: syncro.Ptr(acme), Name: syncro.Ptr("Managed Services"),
		ContractAmount: syncro.Ptr("100.00"), StartDate: &start, Likelihood: syncro.Ptr(int64(80)), ApplyToAll: syncro.Ptr(true)})
	require.NoError(t, err)
	assert.Positive(t, ct.ID)
	assert.Equal(t, acme, ct.CustomerID)
	assert.Equal(t, "Opportunity", ct.Status, "Syncro's default status")
	assert.True(t, ct.StartDate.Equal(start))
	assert.True(t, ct.ApplyToAll)
	assert.Equal(t, int64(1), ct.AccountID)

	up, err := f.client.Contracts.Update(ctx, ct.ID, &syncro.ContractInput{ContractAmount: syncro.Ptr("200.00"), Status: syncro.Ptr("Active")})
	require.NoError(t, err)
	assert.Equal(t, "200.00", up.ContractAmount)
	assert.Equal(t, "Managed Services", up.Name, "fields not sent are kept")
	got, err := f.client.Contracts.Get(ctx, ct.ID)
	require.NoError(t, err)
	assert.Equal(t, *up, *got)

	_, err = f.client.Contracts.Create(ctx, &syncro.ContractInput{CustomerID: syncro.Ptr(int64(999)), Name: syncro.Ptr("Nobody's")})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "Customer can't be blank")

	for i := 0; i < 3; i++ {
		_, err := f.client.Contracts.Create(ctx, &syncro.ContractInput{CustomerID: syncro.Ptr(acme), Name: syncro.Ptr("Bulk")})
		require.NoError(t, err)
	}
	all := collect(t, f.client.Contracts.All(ctx, &syncro.ContractListOptions{ListOptions: syncro.ListOptions{PerPage: 2}}))
	assert.Len(t, all, 4)

	require.NoError(t, f.client.Contracts.Delete(ctx, ct.ID))
	_, err = f.client.Contracts.Get(ctx, ct.ID)
	require.ErrorIs(t, err, syncro.ErrContractDeleted, "the fake answers null, as Syncro does")
	require.ErrorIs(t, err, syncro.ErrNotFound)
	assert.Len(t, collect(t, f.client.Contracts.All(ctx, nil)), 3, "a deleted contract is not listed")

	_, err = f.client.Contracts.Get(ctx, 1)
	require.ErrorIs(t, err, syncro.ErrNotFound)
	assert.False(t, errors.Is(err, syncro.ErrContractDeleted), "never existed: a plain 404")
	assert.NotContains(t, f.srv.Routes(), "POST /contracts/{id}")
}

// TestIntegrationPortalUsers covers the portal user endpoints and the
// invitation flow an integrator uses to give an end user portal access.
func TestIntegrationPortalUsers(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	ann := f.srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Ann Smith", Email: "ann@acme.example"})
	bob := f.srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Bob, no email"})

	inv, err := f.client.PortalUsers.InviteContact(ctx, ann)
	require.NoError(t, err)
	assert.True(t, inv.Created)
	assert.Equal(t, ann, inv.PortalUser.ContactID)
	assert.Equal(t, acme, inv.PortalUser.CustomerID)
	assert.Equal(t, "ann@acme.example", inv.PortalUser.Email)
	assert.Equal(t, "All set, we BCC'd you on that invitation.", inv.Message)
	portal, err := f.client.Portal(ctx)
	require.NoError(t, err)
	assert.Equal(t, portal.LoginURL(), inv.LoginURL)
	assert.True(t, strings.HasSuffix(inv.LoginURL, "/my_profile/user_login"))
	resp, err := http.Get(inv.LoginURL)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the link opens the fake's portal login page")

	again, err := f.client.PortalUsers.InviteContact(ctx, ann)
	require.NoError(t, err)
	assert.False(t, again.Created, "the second invitation reuses the portal user")
	assert.Equal(t, inv.PortalUser.ID, again.PortalUser.ID)
	assert.Len(t, f.requestsTo("POST /portal_users"), 1)
	assert.Len(t, f.requestsTo("POST /portal_users/create_invitation"), 2)

	_, err = f.client.PortalUsers.InviteContact(ctx, bob)
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "has no email")

	// The plain endpoints.
	p, err := f.client.PortalUsers.List(ctx, &syncro.PortalUserListOptions{Email: "ANN@acme.example"})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, 100, p.Meta.PerPage)
	other, err := f.client.PortalUsers.Create(ctx, &syncro.PortalUserInput{CustomerID: syncro.Ptr(acme), Email: syncro.Ptr("ops@acme.example"),
		Password: syncro.Ptr("Correct-Horse-1"), PasswordConfirmation: syncro.Ptr("Correct-Horse-1")})
	require.NoError(t, err)
	assert.Equal(t, int64(4), other.PortalGroupID, "the default portal group")
	up, err := f.client.PortalUsers.Update(ctx, other.ID, &syncro.PortalUserInput{ContactID: syncro.Ptr(bob)})
	require.NoError(t, err)
	assert.Equal(t, bob, up.ContactID)
	_, err = f.client.PortalUsers.Create(ctx, &syncro.PortalUserInput{CustomerID: syncro.Ptr(acme), Email: syncro.Ptr("not-an-email")})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "Email is not an email")

	viaContact, err := f.client.PortalUsers.Create(ctx, &syncro.PortalUserInput{ContactID: syncro.Ptr(bob), Email: syncro.Ptr("bob@acme.example")})
	require.NoError(t, err, "an end user names the organization")
	assert.Equal(t, acme, viaContact.CustomerID)
	require.NoError(t, f.client.PortalUsers.Delete(ctx, viaContact.ID))

	_, err = f.client.PortalUsers.Invite(ctx, 999)
	require.ErrorIs(t, err, syncro.ErrNotFound)
	require.NoError(t, f.client.PortalUsers.Delete(ctx, other.ID))
	p, err = f.client.PortalUsers.List(ctx, &syncro.PortalUserListOptions{CustomerID: acme})
	require.NoError(t, err)
	assert.Len(t, p.Items, 1)
	assert.NotContains(t, f.srv.Routes(), "GET /portal_users/{id}", "Syncro has no GET of one portal user")
}
