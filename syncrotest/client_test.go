package syncrotest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// These tests drive the fake with the root package's client, for the
// services the client has: customers (with phones) and contacts.

func TestClientCustomersCRUD(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()

	c, err := client.Customers.Create(ctx, &syncro.CustomerInput{
		BusinessName: syncro.Ptr("Acme Tech"), Firstname: syncro.Ptr("Jane"), Lastname: syncro.Ptr("Doe"),
		Email: syncro.Ptr("jane@acme.example"), Phone: syncro.Ptr("555-0100"),
		Properties: map[string]any{"Industry": "Technology"}, GetBilling: syncro.Ptr(true),
	})
	require.NoError(t, err)
	assert.Equal(t, "Acme Tech", c.BusinessName)
	assert.Equal(t, "Jane Doe", c.Fullname)
	assert.Equal(t, "+02:00", c.CreatedAt.Format("-07:00"), "the offset survives decoding")
	assert.True(t, c.CreatedAt.Equal(fixedNow))
	assert.Nil(t, c.PrepayHours, "a list-shaped answer has no prepay balance")

	srv.SetPrepayHours(c.ID, "12.5")
	got, err := client.Customers.Get(ctx, c.ID)
	require.NoError(t, err)
	require.NotNil(t, got.PrepayHours)
	assert.Equal(t, "12.5", got.PrepayHours.String())
	require.Len(t, got.Phones, 1)
	assert.Equal(t, "5550100", got.Phones[0].Number)

	up, err := client.Customers.Update(ctx, c.ID, &syncro.CustomerInput{City: syncro.Ptr("Springfield"), Properties: map[string]any{"VIP": "1"}})
	require.NoError(t, err)
	assert.Equal(t, "Springfield", up.City)
	assert.Equal(t, "Acme Tech", up.BusinessName, "fields not sent are kept")

	latest, err := client.Customers.Latest(ctx)
	require.NoError(t, err)
	assert.Equal(t, c.ID, latest.ID)
	found, err := client.Customers.Autocomplete(ctx, "acme")
	require.NoError(t, err)
	require.Len(t, found, 1)

	p, err := client.Customers.CreatePhone(ctx, c.ID, &syncro.PhoneInput{Label: syncro.Ptr("Mobile"), Number: syncro.Ptr("(555) 010-2000")})
	require.NoError(t, err)
	assert.Equal(t, "5550102000", p.Number)
	_, err = client.Customers.UpdatePhone(ctx, c.ID, p.ID, &syncro.PhoneInput{Extension: syncro.Ptr("12")})
	require.NoError(t, err)
	phones, err := client.Customers.Phones(ctx, c.ID)
	require.NoError(t, err)
	assert.Len(t, phones, 2)
	require.NoError(t, client.Customers.DeletePhone(ctx, c.ID, p.ID))

	require.NoError(t, client.Customers.Delete(ctx, c.ID))
	_, err = client.Customers.Get(ctx, c.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	_, err = client.Customers.Create(ctx, &syncro.CustomerInput{Email: syncro.Ptr("not an email")})
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, syncro.ErrValidation)
	assert.Equal(t, []string{"Email is not an email"}, apiErr.Messages)
}

func TestClientContactsCRUD(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	client := srv.Client()
	ctx := context.Background()
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	c, err := client.Contacts.Create(ctx, &syncro.ContactInput{
		CustomerID: syncro.Ptr(cid), Name: syncro.Ptr("Jane Doe"), Email: syncro.Ptr("jane@acme.example"),
		Title: syncro.Ptr("Office Manager"), NotificationBilling: syncro.Ptr(true), NotificationMarketing: syncro.Ptr(false),
		Properties: map[string]any{"Badge": "A12"},
	})
	require.NoError(t, err)
	assert.Equal(t, "Office Manager", c.Title, "title travels through properties")
	assert.True(t, c.NotificationBilling)
	assert.False(t, c.NotificationMarketing)
	assert.Equal(t, "A12", c.Properties.String("Badge"))

	got, err := client.Contacts.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "Jane Doe", got.Name)
	assert.Equal(t, cid, got.CustomerID)

	up, err := client.Contacts.Update(ctx, c.ID, &syncro.ContactInput{Title: syncro.Ptr("COO"), NotificationMarketing: syncro.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, "COO", up.Title)
	assert.True(t, up.NotificationMarketing)
	assert.True(t, up.NotificationBilling, "properties merge")

	page, err := client.Contacts.List(ctx, &syncro.ContactListOptions{CustomerID: cid})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, 50, page.Meta.PerPage)

	_, err = client.Contacts.Create(ctx, &syncro.ContactInput{CustomerID: syncro.Ptr(int64(999)), Name: syncro.Ptr("Orphan")})
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	_, err = client.Contacts.Create(ctx, &syncro.ContactInput{CustomerID: syncro.Ptr(cid), Email: syncro.Ptr("xxx")})
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Email is not an email"}, apiErr.Messages)

	require.NoError(t, client.Contacts.Delete(ctx, c.ID))
	_, err = client.Contacts.Get(ctx, c.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestClientDemoData(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithDemoData())
	client := srv.Client()
	ctx := context.Background()
	var acme, northwind int64
	for c, err := range client.Customers.All(ctx, nil) {
		require.NoError(t, err)
		switch c.BusinessName {
		case syncrotest.DemoCustomerName:
			acme = c.ID
		case syncrotest.DemoPrepayCustomerName:
			northwind = c.ID
		case "Old Town Bakery":
			t.Error("disabled organizations are left out by default")
		}
	}
	require.NotZero(t, acme)
	var names []string
	for ct, err := range client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: acme}) {
		require.NoError(t, err)
		names = append(names, ct.Name)
		if ct.Name == syncrotest.DemoContactName {
			assert.Equal(t, "Office Manager", ct.Title)
		}
	}
	assert.Contains(t, names, syncrotest.DemoContactName)
	nw, err := client.Customers.Get(ctx, northwind)
	require.NoError(t, err)
	require.NotNil(t, nw.PrepayHours)
	assert.Equal(t, "12.5", nw.PrepayHours.String())
	assert.NotEmpty(t, nw.TicketLinks)
}

func TestClientPermissionErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithLimitedToken("Ttickets-only", syncrotest.PermTicketsList))
	client, err := syncro.NewClient("", "Ttickets-only", syncro.WithBaseURL(srv.URL()), syncro.WithRateLimit(0))
	require.NoError(t, err)
	_, err = client.Customers.List(context.Background(), nil)
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, apiErr.MissingPermission(), "the 401 names a missing permission")
	assert.ErrorIs(t, err, syncro.ErrForbidden)

	client, err = syncro.NewClient("", "Tunknown", syncro.WithBaseURL(srv.URL()), syncro.WithRateLimit(0))
	require.NoError(t, err)
	_, err = client.Customers.List(context.Background(), nil)
	require.ErrorAs(t, err, &apiErr)
	assert.False(t, apiErr.MissingPermission(), "an unknown token is not a permission problem")
	assert.ErrorIs(t, err, syncro.ErrUnauthorized)
	assert.NotErrorIs(t, err, syncro.ErrForbidden)
}

// TestClientPaginatesThousandOrganizations walks 1,000 organizations at
// several page sizes: each seen once, in order.
func TestClientPaginatesThousandOrganizations(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithRateLimit(0, 0))
	g := srv.Generate(syncrotest.Generate{Seed: 11, Organizations: 1000})
	client := srv.Client()
	for _, per := range []int{0, 1, 7, 25, 100, 250} {
		var ids []int64
		pages := 0
		for p, err := range client.Customers.Pages(context.Background(), &syncro.CustomerListOptions{ListOptions: syncro.ListOptions{PerPage: per}}) {
			require.NoError(t, err)
			pages++
			for _, c := range p.Items {
				ids = append(ids, c.ID)
			}
		}
		assert.Equal(t, g.Customers, ids, "per_page %d", per)
		want := map[int]int{0: 10, 1: 1000, 7: 143, 25: 40, 100: 10, 250: 10}[per]
		assert.Equal(t, want, pages, "per_page %d", per)
	}
	// Resume from a page.
	var n int
	for _, err := range client.Customers.All(context.Background(), &syncro.CustomerListOptions{ListOptions: syncro.ListOptions{Page: 9}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 200, n)
}
