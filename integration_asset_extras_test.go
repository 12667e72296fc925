package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationAssetPatchesAndChatInformation(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	lee := f.srv.AddCustomer(syncrotest.CustomerData{Firstname: "Lee", Lastname: "Park"})
	pc := f.srv.AddAsset(syncrotest.AssetData{CustomerID: acme, Name: "FRONTDESK-01", AssetType: "Desktop"})
	phone := f.srv.AddAsset(syncrotest.AssetData{CustomerID: lee, Name: "SM-A705X", AssetType: "Mobile Device"})

	p, err := f.client.Assets.Patches(ctx, pc)
	require.NoError(t, err)
	require.NotEmpty(t, p.InstalledPatches)
	require.NotEmpty(t, p.AvailablePatches)
	statuses := map[string]bool{}
	for _, ap := range p.AvailablePatches {
		statuses[ap.Status] = true
	}
	assert.Equal(t, map[string]bool{syncro.PatchStatusMissing: true, syncro.PatchStatusFailed: true, syncro.PatchStatusRejected: true}, statuses)
	assert.Equal(t, len(p.AvailablePatches), p.AvailablePatchesMeta.TotalEntries)
	assert.Equal(t, 1, p.AvailablePatchesMeta.Page)

	none, err := f.client.Assets.Patches(ctx, phone)
	require.NoError(t, err)
	assert.Empty(t, none.InstalledPatches, "no Windows patches on a phone")
	assert.NotNil(t, none.AvailablePatches)

	_, err = f.client.Assets.Patches(ctx, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	info, err := f.client.Assets.ChatInformation(ctx, phone, pc, 424242)
	require.NoError(t, err)
	require.Len(t, info, 2, "an unknown id is left out")
	assert.Equal(t, "FRONTDESK-01", info[0].Name)
	require.NotNil(t, info[0].Customer)
	assert.Equal(t, acme, info[0].Customer.ID)
	assert.Equal(t, "Acme Tech", info[0].Customer.BusinessName)
	assert.Equal(t, "Lee Park", info[1].Customer.Fullname)
	assert.Empty(t, info[1].Customer.BusinessName)
	reqs := f.requestsTo("GET /customer_assets/chat_information_by_ids")
	require.Len(t, reqs, 1)
	assert.Len(t, reqs[0].Query["ids[]"], 3)
}
