package syncrotest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestAssetCRUDRaw(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	r := send(t, srv, http.MethodPost, "/customer_assets", map[string]any{
		"customer_id": cid, "name": "ACME-DC01", "asset_type_name": "server", "asset_serial": "SRV-1",
		"properties": map[string]any{"os": "Windows Server 2022"},
	})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	a := object(t, r.Object(t)["asset"])
	id := num(t, a["id"])
	assert.Equal(t, "Server", a["asset_type"], "asset_type is the type's name")
	assert.NotContains(t, a, "asset_type_id")
	assert.Equal(t, map[string]any{}, a["properties"], "properties are ignored on create")
	cust := object(t, a["customer"])
	assert.Equal(t, "Acme", cust["business_name"])
	assert.NotContains(t, cust, "contacts", "the nested customer has no contacts")
	triggers := object(t, object(t, a["rmm_store"])["triggers"])
	assert.Equal(t, "false", triggers["bsod_triggered"], "trigger flags are strings")

	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customer_assets/%d", id), map[string]any{"properties": map[string]any{"os": "Windows Server 2025", "ram": 64}})
	require.Equal(t, http.StatusOK, r.Status)
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customer_assets/%d", id), map[string]any{"properties": map[string]any{"model": "T350"}})
	require.Equal(t, http.StatusOK, r.Status)
	a = object(t, r.Object(t)["asset"])
	props := object(t, a["properties"])
	assert.Equal(t, "Windows Server 2025", props["os"])
	assert.Equal(t, int64(64), num(t, props["ram"]), "property values keep their JSON type")
	assert.Equal(t, "T350", props["model"])

	r = send(t, srv, http.MethodGet, fmt.Sprintf("/customer_assets/%d", id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "ACME-DC01", object(t, r.Object(t)["asset"])["name"])

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/customer_assets/%d", id), nil)
	assert.Equal(t, http.StatusNotFound, r.Status, "Syncro has no asset delete")
	assert.Equal(t, 1, srv.Counts().Assets)
}

func TestAssetErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	r := send(t, srv, http.MethodPost, "/customer_assets", map[string]any{"customer_id": cid, "name": "X", "asset_type_name": "Toaster"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, fmt.Sprintf(`{"success":false,"message":["Asset type can't be blank"],"params":{"customer_id":%d,"name":"X","asset_type_name":"Toaster"}}`, cid), string(r.Body))
	r = send(t, srv, http.MethodPost, "/customer_assets", map[string]any{"asset_type_id": 1})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, []any{"Name can't be blank", "Customer can't be blank"}, r.Object(t)["message"])

	id := srv.AddAsset(syncrotest.AssetData{CustomerID: cid, Name: "PC", AssetType: "Desktop"})
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/customer_assets/%d", id), map[string]any{"asset_type_name": "Nope"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.JSONEq(t, `{"success":false,"message":["Asset type can't be blank"]}`, string(r.Body))
	r = send(t, srv, http.MethodGet, "/customer_assets/1", nil)
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestAssetList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	north := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Northwind"})
	for i := 0; i < 60; i++ {
		srv.AddAsset(syncrotest.AssetData{CustomerID: acme, Name: fmt.Sprintf("PC-%02d", i), AssetType: "Desktop"})
	}
	fw := srv.AddAsset(syncrotest.AssetData{CustomerID: north, Name: "FW", AssetType: "Network Device", Serial: "FGT-9", SNMPEnabled: true})

	r := send(t, srv, http.MethodGet, "/customer_assets", nil)
	require.Equal(t, http.StatusOK, r.Status)
	m := r.Object(t)
	assert.Len(t, list(t, m, "assets"), 50, "listed under assets, 50 a page")
	assert.JSONEq(t, `{"total_pages":2,"total_entries":61,"per_page":50,"page":1}`, mustJSON(t, m["meta"]))

	ids := func(query string) []int64 {
		r := send(t, srv, http.MethodGet, "/customer_assets"+query, nil)
		require.Equal(t, http.StatusOK, r.Status)
		var out []int64
		for _, a := range list(t, r.Object(t), "assets") {
			out = append(out, num(t, object(t, a)["id"]))
		}
		return out
	}
	assert.Equal(t, []int64{fw}, ids(fmt.Sprintf("?customer_id=%d", north)))
	assert.Equal(t, []int64{fw}, ids("?snmp_enabled=true"))
	assert.Equal(t, []int64{fw}, ids("?query=fgt"))
	assert.Len(t, ids("?asset_type_id=1&per_page=100"), 60)
	assert.Empty(t, ids("?page=3"))
}
