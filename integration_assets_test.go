package syncro_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func assetNames(as []syncro.Asset) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

func TestIntegrationAssetsListAndGet(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()

	all := collect(t, f.client.Assets.All(ctx, nil))
	assert.Equal(t, []string{"ACME-DC01", "JANE-LT", "XRAY-PC", "BB-FW01"}, assetNames(all))
	acme := all[0].CustomerID

	tests := []struct {
		name string
		opts *syncro.AssetListOptions
		want []string
	}{
		{"organization", &syncro.AssetListOptions{CustomerID: acme}, []string{"ACME-DC01", "JANE-LT"}},
		{"query matches the serial", &syncro.AssetListOptions{Query: "5cg1234"}, []string{"JANE-LT"}},
		{"query matches the type", &syncro.AssetListOptions{Query: "server"}, []string{"ACME-DC01"}},
		{"type", &syncro.AssetListOptions{AssetTypeID: 4}, []string{"BB-FW01"}},
		{"SNMP on", &syncro.AssetListOptions{SnmpEnabled: ptr(true)}, []string{"BB-FW01"}},
		{"SNMP off", &syncro.AssetListOptions{SnmpEnabled: ptr(false)}, []string{"ACME-DC01", "JANE-LT", "XRAY-PC"}},
		{"one a page", &syncro.AssetListOptions{ListOptions: syncro.ListOptions{PerPage: 1}, CustomerID: acme}, []string{"ACME-DC01", "JANE-LT"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, assetNames(collect(t, f.client.Assets.All(ctx, tt.opts))), tt.name)
	}
	var off []string
	for _, r := range f.requestsTo("GET /customer_assets") {
		if v, ok := r.Query["snmp_enabled"]; ok {
			off = append(off, v[0])
		}
	}
	assert.Equal(t, []string{"true", "false"}, off, "snmp_enabled=false is sent, not dropped")

	page, err := f.client.Assets.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, syncro.Meta{Page: 1, TotalPages: 1, TotalEntries: 4, PerPage: 50}, page.Meta, "listed under assets, with Syncro's default of 50")

	// Get: the record with its nested organization and RMM state.
	a, err := f.client.Assets.Get(ctx, all[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "ACME-DC01", a.Name)
	assert.Equal(t, "Server", a.AssetType)
	assert.Equal(t, "SRV-1001", a.SerialNumber())
	assert.Equal(t, "Dell", a.Manufacturer())
	assert.Equal(t, "PowerEdge T350", a.Model())
	assert.Equal(t, "Windows Server 2022", a.OperatingSystem())
	assert.Equal(t, "32 GB", a.RAM())
	assert.Equal(t, "+02:00", offset(a.CreatedAt))
	require.NotNil(t, a.Customer)
	assert.Equal(t, syncrotest.DemoCustomerName, a.Customer.BusinessName)
	assert.Empty(t, a.Customer.Contacts, "the organization nested in an asset has no contacts")
	require.NotNil(t, a.RmmStore)
	assert.Equal(t, false, a.RmmStore.Triggers["bsod_triggered"], `"false" strings read as false`)
	assert.Len(t, a.RmmStore.Triggers, 10)
	require.NotNil(t, a.DeviceInfo)
	require.NotNil(t, a.DeviceInfo.SnmpConfig)
	assert.Equal(t, int64(161), a.DeviceInfo.SnmpConfig.Port)
	assert.False(t, a.SnmpEnabled)

	fw, err := f.client.Assets.Get(ctx, all[3].ID)
	require.NoError(t, err)
	assert.True(t, fw.SnmpEnabled)
	assert.True(t, fw.DeviceInfo.SnmpConfig.Enabled)

	_, err = f.client.Assets.Get(ctx, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

func TestIntegrationAssetCreateKeepsProperties(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	jane := f.srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Jane Doe"})
	props := map[string]any{"manufacturer": "Lenovo", "model": "ThinkPad T14", "ram": "32 GB", "Purchase Date": "2026-01-15"}

	a, err := f.client.Assets.Create(ctx, &syncro.AssetInput{
		Name: ptr("JANE-T14"), CustomerID: ptr(acme), ContactID: ptr(jane), AssetTypeName: ptr("Laptop"),
		AssetSerial: ptr("PF3X9ABC"), Properties: props,
	})
	require.NoError(t, err)
	assert.Positive(t, a.ID)
	assert.Equal(t, "JANE-T14", a.Name)
	assert.Equal(t, "Laptop", a.AssetType)
	assert.Equal(t, "PF3X9ABC", a.AssetSerial)
	assert.Equal(t, jane, a.ContactID)
	assert.Equal(t, "Lenovo", a.Manufacturer())
	assert.Equal(t, "ThinkPad T14", a.Model())
	assert.Equal(t, "2026-01-15", a.Properties.String("Purchase Date"))

	// Two requests: the create without properties (Syncro would drop
	// them), then the update that makes them stick.
	posts, puts := f.requestsTo("POST /customer_assets"), f.requestsTo("PUT /customer_assets/{id}")
	require.Len(t, posts, 1)
	require.Len(t, puts, 1)
	assert.NotContains(t, decodeObject(t, posts[0].Body), "properties")
	assert.Equal(t, map[string]any{"manufacturer": "Lenovo", "model": "ThinkPad T14", "ram": "32 GB", "Purchase Date": "2026-01-15"},
		decodeObject(t, puts[0].Body)["properties"])
	assert.Equal(t, 1, f.srv.Stats().Created["assets"])

	// What the fake holds, read past the client.
	stored := f.rawGet(t, "/customer_assets/"+jsonInt(a.ID))["asset"].(map[string]any)
	assert.Equal(t, map[string]any{"manufacturer": "Lenovo", "model": "ThinkPad T14", "ram": "32 GB", "Purchase Date": "2026-01-15"}, stored["properties"])

	// Update: properties merge by key; the name can change.
	up, err := f.client.Assets.Update(ctx, a.ID, &syncro.AssetInput{Name: ptr("JANE-T14-2"), Properties: map[string]any{"ram": "64 GB"}})
	require.NoError(t, err)
	assert.Equal(t, "JANE-T14-2", up.Name)
	assert.Equal(t, "64 GB", up.RAM())
	assert.Equal(t, "Lenovo", up.Manufacturer(), "properties not sent are kept")
	got, err := f.client.Assets.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "64 GB", got.RAM())
	assert.Equal(t, "JANE-T14-2", got.Name)

	// Without properties, Create is one request.
	f.srv.ResetRequests()
	plain, err := f.client.Assets.Create(ctx, &syncro.AssetInput{Name: ptr("ACME-FW"), CustomerID: ptr(acme), AssetTypeID: ptr(int64(4))})
	require.NoError(t, err)
	assert.Equal(t, "Network Device", plain.AssetType)
	assert.Len(t, f.srv.Requests(), 1)
}

func TestIntegrationAssetCreateWhenThePropertiesFail(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	f.srv.InjectFault(syncrotest.OnRoute("PUT /customer_assets/{id}", syncrotest.StatusFault(http.StatusServiceUnavailable)))

	a, err := f.client.Assets.Create(ctx, &syncro.AssetInput{
		Name: ptr("ACME-NAS"), CustomerID: ptr(acme), AssetTypeName: ptr("Server"), Properties: map[string]any{"hdd": "4x 8TB"},
	})
	var perr *syncro.AssetPropertiesError
	require.ErrorAs(t, err, &perr)
	assert.ErrorIs(t, err, syncro.ErrServer, "the update's cause is kept")
	require.NotNil(t, a, "the created asset comes back with the error")
	assert.Equal(t, a.ID, perr.AssetID)
	assert.Contains(t, err.Error(), "the asset was created (id "+jsonInt(a.ID)+")")
	assert.Contains(t, err.Error(), "do not create it again")
	assert.Equal(t, 1, f.srv.Counts().Assets, "created once, never twice")

	// The advice in the error works: retry the properties with Update.
	f.srv.ClearFaults()
	up, err := f.client.Assets.Update(ctx, perr.AssetID, &syncro.AssetInput{Properties: map[string]any{"hdd": "4x 8TB"}})
	require.NoError(t, err)
	assert.Equal(t, "4x 8TB", up.HardDrive())
}

func TestIntegrationAssetErrorsAndNoDelete(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})

	_, err := f.client.Assets.Create(ctx, &syncro.AssetInput{Name: ptr("X"), CustomerID: ptr(acme)})
	var verr *syncro.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"asset_type_name"}, verr.Fields)
	_, err = f.client.Assets.Update(ctx, 9_700_001, &syncro.AssetInput{Name: ptr("")})
	assert.ErrorIs(t, err, syncro.ErrValidation)
	assert.Empty(t, f.srv.Requests(), "refused before sending")

	// Syncro refuses a type the account does not have.
	_, err = f.client.Assets.Create(ctx, &syncro.AssetInput{Name: ptr("X"), CustomerID: ptr(acme), AssetTypeName: ptr("Toaster")})
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.Equal(t, []string{"Asset type can't be blank"}, apiErr.Messages)
	_, err = f.client.Assets.Update(ctx, 9_700_999, &syncro.AssetInput{Name: ptr("X")})
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	// Syncro has no asset delete, and neither has the client.
	_, ok := reflect.TypeOf(f.client.Assets).MethodByName("Delete")
	assert.False(t, ok, "AssetsService must not offer Delete")
	req, err := http.NewRequest(http.MethodDelete, f.srv.APIURL()+"/customer_assets/9700001", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.srv.Token())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the fake answers DELETE as Syncro does")

	// A token that may list assets but not create them.
	f.srv.AddToken("Tassets-read", syncrotest.PermAssetsList, syncrotest.PermAssetsView)
	_, err = f.clientWithToken(t, "Tassets-read").Assets.Create(ctx, &syncro.AssetInput{Name: ptr("X"), CustomerID: ptr(acme), AssetTypeName: ptr("Server")})
	assert.True(t, errors.Is(err, syncro.ErrForbidden), "got %v", err)
}
