package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationVendors drives the worked example of CONTRIBUTING.md end
// to end: the demo vendor, create, update, paging, a refused email, and no
// DELETE route.
func TestIntegrationVendors(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()

	var names []string
	for v, err := range f.client.Vendors.All(ctx, nil) {
		require.NoError(t, err)
		names = append(names, v.Name)
	}
	assert.Equal(t, []string{"C&S Wholesale"}, names)

	v, err := f.client.Vendors.Create(ctx, &syncro.VendorInput{Name: syncro.Ptr("Parts Direct"), Zip: syncro.Ptr("03455"), Email: syncro.Ptr("sales@parts.example")})
	require.NoError(t, err)
	assert.Positive(t, v.ID)
	assert.Equal(t, "03455", v.Zip)
	assert.True(t, v.CreatedAt.Equal(epoch))

	up, err := f.client.Vendors.Update(ctx, v.ID, &syncro.VendorInput{Notes: syncro.Ptr("Net 30")})
	require.NoError(t, err)
	assert.Equal(t, "Net 30", up.Notes)
	assert.Equal(t, "Parts Direct", up.Name, "fields not sent are kept")

	got, err := f.client.Vendors.Get(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, *up, *got)

	_, err = f.client.Vendors.Create(ctx, &syncro.VendorInput{Name: syncro.Ptr("Bad"), Email: syncro.Ptr("not-an-email")})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "Email is not an email")

	for i := 0; i < 3; i++ {
		_, err := f.client.Vendors.Create(ctx, &syncro.VendorInput{Name: syncro.Ptr("Bulk")})
		require.NoError(t, err)
	}
	p, err := f.client.Vendors.List(ctx, &syncro.VendorListOptions{ListOptions: syncro.ListOptions{PerPage: 2, Page: 2}})
	require.NoError(t, err)
	assert.Len(t, p.Items, 2)
	assert.Equal(t, 3, p.Meta.TotalPages)
	assert.Equal(t, 5, p.Meta.TotalEntries)

	_, err = f.client.Vendors.Get(ctx, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	assert.NotContains(t, f.srv.Routes(), "DELETE /vendors/{id}", "Syncro has no vendor delete")
	assert.Contains(t, f.srv.Routes(), "PUT /vendors/{id}")

	// A token without the vendor permissions is refused as Syncro refuses it.
	const limited = "Tlimited-vendors-0000"
	f.srv.AddToken(limited, syncrotest.PermVendorsView)
	lc := f.clientWithToken(t, limited)
	_, err = lc.Vendors.Get(ctx, v.ID)
	require.NoError(t, err)
	_, err = lc.Vendors.List(ctx, nil)
	require.ErrorIs(t, err, syncro.ErrUnauthorized)
	assert.Contains(t, syncrotest.AllPermissions(), syncrotest.PermVendorsCreate)
}
