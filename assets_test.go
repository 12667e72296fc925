package syncro

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssetListQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *AssetListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"snmp unset is not sent", &AssetListOptions{CustomerID: 31383993}, url.Values{"customer_id": {"31383993"}}},
		{"snmp false is sent", &AssetListOptions{SnmpEnabled: Ptr(false)}, url.Values{"snmp_enabled": {"false"}}},
		{"every filter", &AssetListOptions{ListOptions: ListOptions{Page: 2}, CustomerID: 31383993, AssetTypeID: 8, Query: "dell latitude", SnmpEnabled: Ptr(true)},
			url.Values{"page": {"2"}, "customer_id": {"31383993"}, "asset_type_id": {"8"}, "query": {"dell latitude"}, "snmp_enabled": {"true"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets", log.reply(200, fixture(t, "assets/list_nometa.json")))
			p, err := c.Assets.List(context.Background(), tt.opts)
			require.NoError(t, err)
			require.Len(t, p.Items, 1, `read from the "assets" key`)
			calls := log.all()
			require.Len(t, calls, 1)
			assert.Equal(t, tt.want, calls[0].Query)
		})
	}
}

func TestAssetsAllDecodesRealShapes(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets",
		log.sequence(fixture(t, "assets/list_page1.json"), fixture(t, "assets/list_page2.json")))
	var got []Asset
	for a, err := range c.Assets.All(context.Background(), &AssetListOptions{CustomerID: 31383993}) {
		require.NoError(t, err)
		got = append(got, a)
	}
	require.Len(t, got, 3)
	require.Len(t, log.all(), 2)

	laptop := got[0]
	assert.Equal(t, int64(9708669), laptop.ID)
	assert.Equal(t, int64(9120), laptop.ContactID)
	assert.Equal(t, "Laptop", laptop.AssetType)
	_, off := laptop.UpdatedAt.Zone()
	assert.Equal(t, 7200, off)
	assert.True(t, laptop.HasLiveChat)
	assert.False(t, laptop.SnmpEnabled, "snmp_enabled: null")
	require.NotNil(t, laptop.Customer)
	assert.Equal(t, "Harbor Dental", laptop.Customer.DisplayName())
	assert.Empty(t, laptop.Customer.Contacts, "assets nest the customer without contacts")
	require.NotNil(t, laptop.RmmStore)
	assert.Equal(t, map[string]bool{"bsod_triggered": false, "time_triggered": false, "no_av_triggered": false, "agent_offline_triggered": true}, laptop.RmmStore.Triggers)
	assert.Equal(t, int64(15), laptop.RmmStore.OverrideLowHdThreshold)
	assert.Equal(t, "3600", laptop.RmmStore.General.String("uptime"))
	require.NotNil(t, laptop.DeviceInfo)
	assert.Equal(t, &SnmpConfig{Port: 161, Enabled: false, Version: 2, Community: "public"}, laptop.DeviceInfo.SnmpConfig)
	require.NotNil(t, laptop.Address)
	assert.Equal(t, "12 Quay St", laptop.Address.Address1)
	v, ok := laptop.Properties.Int64("CPU Age")
	assert.True(t, ok)
	assert.Equal(t, int64(3), v, "numbers in properties stay exact")

	sw := got[1]
	assert.True(t, sw.SnmpEnabled)
	assert.Equal(t, &SnmpConfig{Port: 161, Enabled: true, Version: 3, Community: "hd-ro"}, sw.DeviceInfo.SnmpConfig, "strings read as numbers and booleans")
	assert.Nil(t, sw.RmmStore)
	assert.Equal(t, "", sw.AssetSerial)

	other := got[2]
	assert.Equal(t, "https://rmm.example/devices/55", other.ExternalRmmLink)
	require.Len(t, other.RmmLinks, 1)
	id, ok := other.RmmLinks[0].Int64("id")
	assert.True(t, ok)
	assert.Equal(t, int64(1), id)
	assert.Equal(t, "https://rmm.example/devices/55", other.RmmLinks[0].String("url"))
}

func TestAssetsAllWithoutMetaStopsOnEmptyPage(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets",
		log.sequence(fixture(t, "assets/list_nometa.json"), fixture(t, "assets/list_empty.json")))
	var n int
	for _, err := range c.Assets.All(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, "2", calls[1].Query.Get("page"))
}

func TestAssetFacts(t *testing.T) {
	t.Parallel()
	var p Page[Asset]
	require.NoError(t, json.Unmarshal(fixture(t, "assets/list_page1.json"), &struct {
		Assets *[]Asset `json:"assets"`
	}{&p.Items}))
	laptop, sw := p.Items[0], p.Items[1]
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"manufacturer", laptop.Manufacturer(), "Dell Inc."},
		{"model from a punctuated key", laptop.Model(), "Latitude 5420"},
		{"os", laptop.OperatingSystem(), "Windows 11 Pro"},
		{"cpu", laptop.CPUName(), "Intel(R) Core(TM) i5-1145G7"},
		{"ram", laptop.RAM(), "16 GB"},
		{"hdd", laptop.HardDrive(), "512 GB SSD"},
		{"cpu age, a number", laptop.CPUAge(), "3"},
		{"serial from asset_serial", laptop.SerialNumber(), "7X9KQ53"},
		{"nested in kabuto_information", laptop.Fact("form_factor"), "Laptop"},
		{"serial from Serial Number", sw.SerialNumber(), "SW-2231-XY"},
		{"Make for manufacturer", sw.Manufacturer(), "Ubiquiti"},
		{"Model Number for model", sw.Model(), "USW-24-POE"},
		{"absent", sw.CPUName(), ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.got, tt.name)
	}
	boot, ok := laptop.LastBoot()
	require.True(t, ok)
	assert.True(t, boot.Equal(time.Date(2025, 4, 10, 5, 12, 0, 0, time.UTC)))
	_, ok = sw.LastBoot()
	assert.False(t, ok)

	nested := Asset{Properties: Properties{"kabuto_information": map[string]any{"general": map[string]any{"serial_number": "K-1"}}}}
	assert.Equal(t, "K-1", nested.SerialNumber(), "serial only in the agent's report")
}

func TestAssetGetWrappedOrBare(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"assets/detail.json", "assets/detail_bare.json"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets/9708669", log.reply(200, fixture(t, name)))
			a, err := c.Assets.Get(context.Background(), 9708669)
			require.NoError(t, err)
			assert.Equal(t, int64(9708669), a.ID)
			assert.Equal(t, int64(31383993), a.CustomerID)
			assert.Equal(t, "HHP", a.AssetType)
			assert.Equal(t, "356938035643809", a.Properties.String("IMEI No."))
			assert.Equal(t, "SM-A705X", a.Model(), `"Model No.:" found loosely`)
		})
	}
}

func TestAssetGetNotFound(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets/1", log.reply(404, fixture(t, "tickets/not_found.json")))
	_, err := c.Assets.Get(context.Background(), 1)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestAssetCreateSetsPropertiesWithAFollowUpUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"customer_assets", log.reply(200, fixture(t, "assets/created.json")))
	mt.RegisterResponder(http.MethodPut, apiRoot+"customer_assets/9708700", log.reply(200, fixture(t, "assets/updated.json")))
	in := &AssetInput{
		Name: Ptr("HD-LAPTOP-07"), CustomerID: Ptr(int64(31383993)), AssetTypeName: Ptr("Laptop"), AssetSerial: Ptr("5CG1234XYZ"),
		Properties: map[string]any{"manufacturer": "HP", "model": "EliteBook 840 G8", "ram": 16, "Warranty Expires": "2028-03-01"},
	}
	a, err := c.Assets.Create(context.Background(), in)
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, http.MethodPost, calls[0].Method)
	assert.JSONEq(t, `{"name":"HD-LAPTOP-07","customer_id":31383993,"asset_type_name":"Laptop","asset_serial":"5CG1234XYZ"}`, string(calls[0].Body),
		"properties are not sent where Syncro ignores them")
	assert.Equal(t, http.MethodPut, calls[1].Method)
	assert.Equal(t, "/api/v1/customer_assets/9708700", calls[1].Path)
	assert.JSONEq(t, `{"name":"HD-LAPTOP-07","customer_id":31383993,"asset_type_name":"Laptop","asset_serial":"5CG1234XYZ",
		"properties":{"manufacturer":"HP","model":"EliteBook 840 G8","ram":16,"Warranty Expires":"2028-03-01"}}`, string(calls[1].Body))
	assert.Equal(t, int64(9708700), a.ID)
	assert.Equal(t, "HP", a.Manufacturer(), "the returned asset carries the properties")
	assert.Len(t, in.Properties, 4, "the caller's input is not changed")
}

func TestAssetCreateWithoutPropertiesIsOneRequest(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"customer_assets", log.reply(200, fixture(t, "assets/created.json")))
	a, err := c.Assets.Create(context.Background(), &AssetInput{Name: Ptr("HD-LAPTOP-07"), CustomerID: Ptr(int64(31383993)), AssetTypeID: Ptr(int64(3))})
	require.NoError(t, err)
	assert.Equal(t, int64(9708700), a.ID)
	assert.Len(t, log.all(), 1)
}

func TestAssetCreateFollowUpFailureSaysTheAssetExists(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"customer_assets", log.reply(200, fixture(t, "assets/created.json")))
	mt.RegisterResponder(http.MethodPut, apiRoot+"customer_assets/9708700", log.reply(422, fixture(t, "assets/update_422.json")))
	a, err := c.Assets.Create(context.Background(), &AssetInput{
		Name: Ptr("HD-LAPTOP-07"), CustomerID: Ptr(int64(31383993)), AssetTypeName: Ptr("Laptop"),
		Properties: map[string]any{"manufacturer": "HP"},
	})
	require.Error(t, err)
	require.NotNil(t, a, "the created asset is returned with the error")
	assert.Equal(t, int64(9708700), a.ID)
	var pe *AssetPropertiesError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, int64(9708700), pe.AssetID)
	assert.Contains(t, err.Error(), "the asset was created (id 9708700)")
	assert.Contains(t, err.Error(), "do not create it again")
	assert.Contains(t, err.Error(), "Asset type can't be blank")
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.ErrorIs(t, err, ErrValidation)
	calls := log.all()
	require.Len(t, calls, 2, "the create is never sent twice")
	assert.Equal(t, http.MethodPost, calls[0].Method)
	assert.Equal(t, http.MethodPut, calls[1].Method)
}

func TestAssetCreateWithoutAnIDNeverUpdatesAssetZero(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"customer_assets", log.reply(200, []byte(`{"asset":{"name":"HD-LAPTOP-07","customer_id":31383993}}`)))
	a, err := c.Assets.Create(context.Background(), &AssetInput{
		Name: Ptr("HD-LAPTOP-07"), CustomerID: Ptr(int64(31383993)), AssetTypeName: Ptr("Laptop"),
		Properties: map[string]any{"manufacturer": "HP"},
	})
	require.ErrorIs(t, err, ErrOutcomeUnknown, "the asset may exist: its id is unknown")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Nil(t, a, "never an asset with ID 0")
	assert.Contains(t, err.Error(), "no usable id")
	assert.Len(t, log.all(), 1, "no PUT /customer_assets/0")
}

func TestAssetCreateRefusedBySyncro(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"customer_assets", log.reply(422, fixture(t, "assets/create_422.json")))
	a, err := c.Assets.Create(context.Background(), &AssetInput{
		Name: Ptr("No type"), CustomerID: Ptr(int64(1)), AssetTypeName: Ptr("Nonexistent"), Properties: map[string]any{"x": 1},
	})
	assert.Nil(t, a)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []string{"Asset type can't be blank", "Name You must have an asset type first, please go create one"}, apiErr.Messages)
	var pe *AssetPropertiesError
	assert.False(t, errors.As(err, &pe), "nothing was created")
	assert.Len(t, log.all(), 1, "no follow-up update after a failed create")
}

func TestAssetInputValidatedBeforeRequest(t *testing.T) {
	t.Parallel()
	assertRefusedBeforeSending(t, []refusal{
		{"create nil", func(c *Client) error { _, err := c.Assets.Create(context.Background(), nil); return err }, []string{"name", "customer_id", "asset_type_name"}},
		{"create without type", func(c *Client) error {
			_, err := c.Assets.Create(context.Background(), &AssetInput{Name: Ptr("n"), CustomerID: Ptr(int64(1))})
			return err
		}, []string{"asset_type_name"}},
		{"create without name or customer", func(c *Client) error {
			_, err := c.Assets.Create(context.Background(), &AssetInput{AssetTypeName: Ptr("Laptop")})
			return err
		}, []string{"name", "customer_id"}},
		{"update clearing the name", func(c *Client) error {
			_, err := c.Assets.Update(context.Background(), 9708669, &AssetInput{Name: Ptr(" ")})
			return err
		}, []string{"name"}},
		{"update nil", func(c *Client) error { _, err := c.Assets.Update(context.Background(), 9708669, nil); return err }, nil},
		{"get bad id", func(c *Client) error { _, err := c.Assets.Get(context.Background(), 0); return err }, []string{"id"}},
	})
}

func TestAssetUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPut, apiRoot+"customer_assets/9708700", log.reply(200, fixture(t, "assets/updated.json")))
	a, err := c.Assets.Update(context.Background(), 9708700, &AssetInput{Properties: map[string]any{"ram": 16}})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.JSONEq(t, `{"properties":{"ram":16}}`, string(calls[0].Body))
	assert.Equal(t, "16", a.RAM())
}

func TestAssetsHaveNoDelete(t *testing.T) {
	t.Parallel()
	_, found := reflect.TypeOf(&AssetsService{}).MethodByName("Delete")
	assert.False(t, found, "Syncro has no asset delete; the SDK must not offer one")
}

// TestAssetPageSurvivesOddNestedShapes: a field whose shape Syncro varies
// (an RMM override sent as an object, triggers as a list, a customer sent
// as a string) never fails the page. The odd value is kept, raw, in the
// record's Unparsed; the rest of the record and the other records decode.
func TestAssetPageSurvivesOddNestedShapes(t *testing.T) {
	t.Parallel()
	page := `{"assets":[
	  {"id":1,"name":"odd-override","rmm_store":{"id":4,"override_low_hd_threshold":{"value":15,"unit":"%"}}},
	  {"id":"2","name":"odd-triggers","rmm_store":{"id":5,"triggers":["bsod_triggered"]},"customer":"Harbor Dental"},
	  {"id":3,"name":"plain","rmm_store":{"id":6,"override_low_hd_threshold":"15","triggers":{"bsod_triggered":"true"}}}
	],"meta":{"total_pages":1,"page":1}}`
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customer_assets", jsonResponder(200, []byte(page)))
	p, err := c.Assets.List(context.Background(), nil)
	require.NoError(t, err, "one odd record must not fail the page")
	require.Len(t, p.Items, 3)

	odd := p.Items[0]
	assert.Equal(t, "odd-override", odd.Name)
	assert.Nil(t, odd.RmmStore, "the store that could not be typed is not half-filled")
	assert.JSONEq(t, `{"id":4,"override_low_hd_threshold":{"value":15,"unit":"%"}}`, string(odd.Unparsed["rmm_store"]))

	second := p.Items[1]
	assert.Equal(t, int64(2), second.ID)
	assert.JSONEq(t, `"Harbor Dental"`, string(second.Unparsed["customer"]))
	assert.JSONEq(t, `{"id":5,"triggers":["bsod_triggered"]}`, string(second.Unparsed["rmm_store"]))
	assert.Nil(t, second.Customer)

	plain := p.Items[2]
	require.NotNil(t, plain.RmmStore)
	assert.Equal(t, int64(15), plain.RmmStore.OverrideLowHdThreshold)
	assert.True(t, plain.RmmStore.Triggers["bsod_triggered"])
	assert.Empty(t, plain.Unparsed)

	// A bad scalar is still an error: an id is not guessed.
	mt.RegisterResponder("GET", apiRoot+"customer_assets/9", jsonResponder(200, []byte(`{"asset":{"id":"nine"}}`)))
	_, err = c.Assets.Get(context.Background(), 9)
	require.Error(t, err)
}
