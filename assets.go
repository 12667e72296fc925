package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

// AssetsService works with customer assets (computers, phones, network
// devices). Syncro's API has no asset delete, so neither has this service.
type AssetsService service

// Asset is a customer asset. Hardware facts (manufacturer, model, CPU,
// RAM, ...) live in Properties under key spellings that vary between
// agents and accounts; read them with the accessors (Manufacturer,
// CPUName, ...), which try the known spellings.
type Asset struct {
	ID              int64      `json:"id"`
	Name            string     `json:"name"`
	CustomerID      int64      `json:"customer_id"`
	ContactID       int64      `json:"contact_id"`
	AssetType       string     `json:"asset_type"` // the type's name; Syncro does not return asset_type_id
	AssetSerial     string     `json:"asset_serial"`
	ExternalRmmLink string     `json:"external_rmm_link"`
	Properties      Properties `json:"properties"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	// Customer is the organization, without its contacts.
	Customer *Customer `json:"customer"`
	Address  *Address  `json:"address"`
	// RmmLinks are the asset's links to outside RMM tools. Every sample
	// Syncro publishes has the list empty, so no field of a link is known
	// for sure: each is read as Properties (Int64("id"), String("url"),
	// ...), typed by its accessors, without a guessed struct.
	RmmLinks       []Properties `json:"rmm_links"`
	RmmStore       *RmmStore    `json:"rmm_store"`
	HasLiveChat    bool         `json:"has_live_chat"`
	SnmpEnabled    bool         `json:"snmp_enabled"`
	DeviceInfo     *DeviceInfo  `json:"device_info"`
	SinceUpdatedAt time.Time    `json:"since_updated_at,omitempty"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (a *Asset) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// RmmStore is the RMM agent's state for an asset. Syncro sends the alert
// triggers as "true"/"false" strings; Triggers holds them as booleans.
type RmmStore struct {
	ID                               int64           `json:"id"`
	AssetID                          int64           `json:"asset_id"`
	AccountID                        int64           `json:"account_id"`
	Triggers                         map[string]bool `json:"triggers"`
	WindowsUpdates                   Properties      `json:"windows_updates"`
	Emsisoft                         Properties      `json:"emsisoft"`
	General                          Properties      `json:"general"`
	OverrideAlertAgentOfflineMins    int64           `json:"override_alert_agent_offline_mins"`
	OverrideAlertAgentRearmAfterMins int64           `json:"override_alert_agent_rearm_after_mins"`
	OverrideLowHdThreshold           int64           `json:"override_low_hd_threshold"`
	OverrideAutoresolveOfflineAlert  bool            `json:"override_autoresolve_offline_alert"`
	CreatedAt                        time.Time       `json:"created_at"`
	UpdatedAt                        time.Time       `json:"updated_at"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (r *RmmStore) UnmarshalJSON(b []byte) error { return decodeModel(b, r) }

// DeviceInfo holds an asset's network-device settings.
type DeviceInfo struct {
	SnmpConfig *SnmpConfig `json:"snmp_config"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (d *DeviceInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, d) }

// SnmpConfig is an asset's SNMP polling configuration.
type SnmpConfig struct {
	Port      int64  `json:"port"`
	Enabled   bool   `json:"enabled"`
	Version   int64  `json:"version"`
	Community string `json:"community"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (s *SnmpConfig) UnmarshalJSON(b []byte) error { return decodeModel(b, s) }

// kabutoKey is the property under which the RMM agent nests its hardware
// report.
const kabutoKey = "kabuto_information"

// Fact returns the first hardware fact found under any of the names,
// looked up in Properties (exact name, then ignoring case, spaces and
// punctuation, so "CPU Age", "CPUAge" and "cpu_age" match) and then in the
// RMM agent's report nested under properties.kabuto_information, at any
// depth. Values are returned as text; "" when none is found.
func (a *Asset) Fact(names ...string) string {
	for _, name := range names {
		if v, ok := a.Properties.Lookup(name); ok && v != nil && !isNested(v) {
			if s := strings.TrimSpace(a.Properties.String(name)); s != "" {
				return s
			}
		}
	}
	nested, ok := a.Properties.Lookup(kabutoKey)
	if !ok {
		return ""
	}
	for _, name := range names {
		if s := findNested(nested, looseKey(name), 0); s != "" {
			return s
		}
	}
	return ""
}

func isNested(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// findNested searches maps depth-first for a key matching want loosely.
func findNested(v any, want string, depth int) string {
	m, ok := v.(map[string]any)
	if !ok || depth > 4 {
		return ""
	}
	for _, k := range sortedKeys(m) {
		if looseKey(k) == want && !isNested(m[k]) && m[k] != nil {
			if s := strings.TrimSpace(Properties{k: m[k]}.String(k)); s != "" {
				return s
			}
		}
	}
	for _, k := range sortedKeys(m) {
		if s := findNested(m[k], want, depth+1); s != "" {
			return s
		}
	}
	return ""
}

// SerialNumber returns the asset's serial: asset_serial, else a serial
// property ("Serial Number", "serial", "serial_number", ...).
func (a *Asset) SerialNumber() string {
	if s := strings.TrimSpace(a.AssetSerial); s != "" {
		return s
	}
	return a.Fact("Serial Number", "serial", "Serial No.", "serial_num")
}

// Manufacturer returns the hardware maker.
func (a *Asset) Manufacturer() string { return a.Fact("manufacturer", "Make", "Maker", "vendor") }

// Model returns the hardware model.
func (a *Asset) Model() string { return a.Fact("model", "Model No.", "Model Number") }

// OperatingSystem returns the operating system's name.
func (a *Asset) OperatingSystem() string {
	return a.Fact("os", "Operating System", "os_name", "OS Name")
}

// CPUName returns the processor's name.
func (a *Asset) CPUName() string { return a.Fact("cpu_name", "CPU", "Processor", "cpu_model") }

// RAM returns the memory size as Syncro reports it (text such as "16 GB"
// or a number of bytes, depending on the agent).
func (a *Asset) RAM() string { return a.Fact("ram", "Memory", "total_memory", "RAM GB") }

// HardDrive returns the disk description as Syncro reports it.
func (a *Asset) HardDrive() string { return a.Fact("hdd", "Hard Drive", "disk", "Storage") }

// CPUAge returns the processor's age as Syncro reports it.
func (a *Asset) CPUAge() string { return a.Fact("CPU Age", "cpu_age") }

// LastBoot returns the last boot time; ok is false when the asset reports
// none or it cannot be read as a time.
func (a *Asset) LastBoot() (time.Time, bool) {
	s := a.Fact("last_boot", "Last Boot", "last_boot_time", "Last Boot Time")
	if s == "" {
		return time.Time{}, false
	}
	t, err := ParseTime(s)
	if err != nil || t.IsZero() {
		return time.Time{}, false
	}
	return t, true
}

// AssetListOptions filters GET /customer_assets.
type AssetListOptions struct {
	ListOptions
	CustomerID  int64  `url:"customer_id,omitempty"`
	AssetTypeID int64  `url:"asset_type_id,omitempty"`
	Query       string `url:"query,omitempty"`
	// SnmpEnabled, when set, lists only the assets with SNMP on (true) or
	// off (false).
	SnmpEnabled *bool `url:"snmp_enabled,omitempty"`
}

// AssetInput creates or updates an asset. Nil fields are not sent.
type AssetInput struct {
	Name       *string `json:"name,omitempty"`        // required to create
	CustomerID *int64  `json:"customer_id,omitempty"` // required to create
	// AssetTypeName must name one of the account's asset types; give it
	// or AssetTypeID to create.
	AssetTypeName *string `json:"asset_type_name,omitempty"`
	AssetTypeID   *int64  `json:"asset_type_id,omitempty"`
	AssetSerial   *string `json:"asset_serial,omitempty"`
	// ContactID assigns the end user who uses the asset. It is not in
	// Syncro's documented request body; Syncro may ignore it.
	ContactID *int64 `json:"contact_id,omitempty"`
	// Properties sets custom fields and hardware facts by name. Only the
	// fields given are sent.
	Properties map[string]any `json:"properties,omitempty"`
}

// List returns one page of assets.
//
// GET /customer_assets
func (s *AssetsService) List(ctx context.Context, opts *AssetListOptions) (*Page[Asset], error) {
	var lo *ListOptions
	if opts != nil {
		lo = &opts.ListOptions
	}
	return listPage[Asset](ctx, s.client, "customer_assets", "assets", opts, lo)
}

// Pages iterates over the pages of assets matching opts, starting at
// opts.Page, 100 per page unless opts.PerPage says otherwise.
//
// GET /customer_assets
func (s *AssetsService) Pages(ctx context.Context, opts *AssetListOptions) iter.Seq2[*Page[Asset], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every asset matching opts, fetching pages as needed.
//
// GET /customer_assets
func (s *AssetsService) All(ctx context.Context, opts *AssetListOptions) iter.Seq2[Asset, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one asset. Syncro wraps it as {"asset": ...}; a bare record
// is accepted too.
//
// GET /customer_assets/{id}
func (s *AssetsService) Get(ctx context.Context, id int64) (*Asset, error) {
	if err := checkID("get asset", "id", id); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodGet, apiPath("customer_assets", id), nil)
}

// Create creates an asset. Name, CustomerID and an asset type (name or id)
// are required and checked before any request.
//
// Syncro ignores properties sent with a new asset, so Create makes them
// stick with a second request: it creates the asset without them, then
// updates it with the whole input, properties included (two requests).
// If that update fails, the asset exists all the same: Create returns the
// created asset and an *AssetPropertiesError naming its id. Do not create
// it again; retry the properties with Update.
//
// POST /customer_assets, then PUT /customer_assets/{id} when
// in.Properties is not empty
func (s *AssetsService) Create(ctx context.Context, in *AssetInput) (*Asset, error) {
	const op = "create asset"
	if in == nil {
		return nil, &ValidationError{Op: op, Fields: []string{"name", "customer_id", "asset_type_name"}, Reason: "no input given"}
	}
	var missing []string
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		missing = append(missing, "name")
	}
	if in.CustomerID == nil || *in.CustomerID <= 0 {
		missing = append(missing, "customer_id")
	}
	if (in.AssetTypeName == nil || strings.TrimSpace(*in.AssetTypeName) == "") && (in.AssetTypeID == nil || *in.AssetTypeID <= 0) {
		missing = append(missing, "asset_type_name")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: op, Fields: missing, Reason: "Syncro requires a name, the organization (CustomerID) and an existing asset type (AssetTypeName or AssetTypeID)"}
	}
	first := *in
	first.Properties = nil
	created, err := s.one(ctx, http.MethodPost, "customer_assets", &first)
	if err != nil {
		return nil, err
	}
	if len(in.Properties) == 0 {
		return created, nil
	}
	updated, err := s.one(ctx, http.MethodPut, apiPath("customer_assets", created.ID), in)
	if err != nil {
		return created, &AssetPropertiesError{AssetID: created.ID, Err: err}
	}
	return updated, nil
}

// AssetPropertiesError is returned by AssetsService.Create when the asset
// was created but setting its properties afterwards failed.
type AssetPropertiesError struct {
	AssetID int64 // the created asset; 0 when Syncro's answer carried no id
	Err     error // why the update failed
}

// Error says that the asset exists, so that nobody creates it twice.
func (e *AssetPropertiesError) Error() string {
	if e.AssetID <= 0 {
		return fmt.Sprintf("syncro: create asset: the asset was created but its properties were not set (%v); do not create it again: find it by name and set them with Assets.Update", e.Err)
	}
	return fmt.Sprintf("syncro: create asset: the asset was created (id %d) but setting its properties failed: %v; do not create it again: set the properties with Assets.Update(ctx, %d, ...)", e.AssetID, e.Err, e.AssetID)
}

// Unwrap returns the update's error.
func (e *AssetPropertiesError) Unwrap() error { return e.Err }

// Update changes the fields set in in and returns the updated asset.
// Properties sent here are stored (unlike on create).
//
// PUT /customer_assets/{id}
func (s *AssetsService) Update(ctx context.Context, id int64, in *AssetInput) (*Asset, error) {
	const op = "update asset"
	if err := checkID(op, "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: op, Reason: "no input given"}
	}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		return nil, &ValidationError{Op: op, Fields: []string{"name"}, Reason: "Syncro requires a name: it cannot be cleared"}
	}
	return s.one(ctx, http.MethodPut, apiPath("customer_assets", id), in)
}

func (s *AssetsService) one(ctx context.Context, method, path string, body any) (*Asset, error) {
	a := new(Asset)
	decode := func(b []byte) error { return decodeObject(b, "asset", true, a) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return a.ID })
	}
	err := s.client.do(ctx, request{method: method, path: path, body: body, decode: decode})
	if err != nil {
		return nil, err
	}
	return a, nil
}
