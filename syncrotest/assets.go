package syncrotest

import (
	"net/http"
	"strings"
	"time"
)

// asset is a customer asset (a device).
type asset struct {
	id         int64
	name       string
	customerID int64
	contactID  any
	typeID     int64
	serial     any
	props      map[string]any
	snmp       any // true, false or nil
	created    time.Time
	updated    time.Time
}

// assetDefaultPerPage is the page size of GET /customer_assets: 50, as
// observed live (the spec's parameter text says 25; SYNCRO_API.md §3).
const assetDefaultPerPage = 50

func (s *Server) assetTypeName(id int64) any {
	for _, t := range s.st.assetTypes {
		if t.id == id {
			return t.name
		}
	}
	return nil
}

// findAssetType finds a type by name (any case).
func (s *Server) findAssetType(name string) (int64, bool) {
	for _, t := range s.st.assetTypes {
		if strings.EqualFold(t.name, strings.TrimSpace(name)) {
			return t.id, true
		}
	}
	return 0, false
}

// assetTypeFromParams reads asset_type_name, else asset_type_id; ok is
// false when neither names an existing type.
func (s *Server) assetTypeFromParams(p params) (int64, bool) {
	if name, ok := p.text("asset_type_name"); ok && name != "" {
		return s.findAssetType(name)
	}
	if id, ok := p.int64("asset_type_id"); ok && s.assetTypeName(id) != nil {
		return id, true
	}
	return 0, false
}

// assetJSON renders an asset as Syncro does: asset_type is the type's name
// (no asset_type_id), the customer is nested without contacts, RMM trigger
// flags are "false" strings, and the keys a real RepairShopr PUT answer
// carried (has_live_chat, snmp_enabled, device_info, since_updated_at) are
// there too.
func (s *Server) assetJSON(a *asset) obj {
	var cust any
	if cu, ok := s.st.customers[a.customerID]; ok {
		cust = s.customerJSON(cu, custNested)
	}
	triggers := obj{}
	for _, k := range []string{"bsod_triggered", "time_triggered", "no_av_triggered", "defrag_triggered", "firewall_triggered",
		"app_crash_triggered", "low_hd_space_triggered", "smart_failure_triggered", "device_manager_triggered", "agent_offline_triggered"} {
		triggers[k] = "false"
	}
	return obj{
		"id": a.id, "name": a.name, "customer_id": a.customerID, "contact_id": a.contactID,
		"created_at": s.ts(a.created), "updated_at": s.ts(a.updated), "properties": copyProps(a.props),
		"asset_type": s.assetTypeName(a.typeID), "asset_serial": a.serial, "external_rmm_link": nil,
		"customer": cust, "rmm_links": []any{},
		"rmm_store": obj{
			"id": a.id, "asset_id": a.id, "account_id": accountID, "triggers": triggers,
			"windows_updates": obj{}, "emsisoft": obj{}, "general": obj{},
			"created_at": s.ts(a.created), "updated_at": s.ts(a.created),
			"override_alert_agent_offline_mins": nil, "override_alert_agent_rearm_after_mins": nil,
			"override_low_hd_threshold": nil, "override_autoresolve_offline_alert": nil,
		},
		"address": nil, "has_live_chat": false, "snmp_enabled": a.snmp,
		"device_info":      obj{"snmp_config": obj{"port": 161, "enabled": a.snmp == true, "version": 2, "community": "public"}},
		"since_updated_at": s.ts(a.updated),
	}
}

// GET /customer_assets: listed under "assets"; filters customer_id,
// asset_type_id, query, snmp_enabled. The spec example has no meta, but a
// live answer carried meta.total_entries, so the four-field meta is sent.
func (s *Server) listAssets(c *call) response {
	var items []*asset
	for _, id := range sortedIDs(s.st.assets) {
		if a := s.st.assets[id]; s.assetMatches(a, c) {
			items = append(items, a)
		}
	}
	pg := pageOf(c.q, assetDefaultPerPage)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, a := range items[lo:hi] {
		out = append(out, s.assetJSON(a))
	}
	return jsonResp(http.StatusOK, obj{"assets": out, "meta": pg.fullMeta(len(items))})
}

func (s *Server) assetMatches(a *asset, c *call) bool {
	for name, have := range map[string]int64{"customer_id": a.customerID, "asset_type_id": a.typeID} {
		if v := c.q.Get(name); v != "" {
			if n, ok := castInt(v).(int64); !ok || n != have {
				return false
			}
		}
	}
	if v := c.q.Get("snmp_enabled"); v != "" {
		want, _ := castBool(v).(bool)
		if (a.snmp == true) != want {
			return false
		}
	}
	if v := c.q.Get("query"); v != "" {
		serial, _ := a.serial.(string)
		typ, _ := s.assetTypeName(a.typeID).(string)
		if !containsFold(a.name, v) && !containsFold(serial, v) && !containsFold(typ, v) {
			return false
		}
	}
	return true
}

// POST /customer_assets: {"asset": ...}. name and customer required;
// asset_type_name must name an existing type; properties are ignored on
// create (OBSERVED: set them with a PUT).
func (s *Server) createAsset(c *call) response {
	var msgs []string
	typeID, typeOK := s.assetTypeFromParams(c.p)
	if !typeOK {
		msgs = append(msgs, "Asset type can't be blank")
	}
	name, _ := c.p.text("name")
	if strings.TrimSpace(name) == "" {
		msgs = append(msgs, "Name can't be blank")
	}
	cid, ok := c.p.int64("customer_id")
	if _, exists := s.st.customers[cid]; !ok || !exists {
		msgs = append(msgs, "Customer can't be blank")
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, echo(c.p))
	}
	a := &asset{id: s.st.newID("assets"), name: name, customerID: cid, typeID: typeID, props: map[string]any{}, created: c.now, updated: c.now}
	a.serial, _ = castText(c.p["asset_serial"])
	a.contactID = castInt(c.p["contact_id"])
	s.st.assets[a.id] = a
	s.st.created["assets"]++
	return jsonResp(http.StatusOK, obj{"asset": s.assetJSON(a)})
}

func (s *Server) assetFromPath(c *call) (*asset, bool) { return recordAt(c, "id", s.st.assets) }

// GET /customer_assets/{id}: {"asset": ...}.
func (s *Server) getAsset(c *call) response {
	a, ok := s.assetFromPath(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"asset": s.assetJSON(a)})
}

// PUT /customer_assets/{id}: {"asset": ...}; properties merge by key.
func (s *Server) updateAsset(c *call) response {
	a, ok := s.assetFromPath(c)
	if !ok {
		return notFound()
	}
	var msgs []string
	draft := *a
	if c.p.has("asset_type_name") || c.p.has("asset_type_id") {
		if id, ok := s.assetTypeFromParams(c.p); ok {
			draft.typeID = id
		} else {
			msgs = append(msgs, "Asset type can't be blank")
		}
	}
	if name, sent := c.p.text("name"); sent {
		if strings.TrimSpace(name) == "" {
			msgs = append(msgs, "Name can't be blank")
		}
		draft.name = name
	}
	if c.p.has("customer_id") {
		cid, ok := c.p.int64("customer_id")
		if _, exists := s.st.customers[cid]; !ok || !exists {
			msgs = append(msgs, "Customer can't be blank")
		}
		draft.customerID = cid
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, nil)
	}
	if c.p.has("asset_serial") {
		draft.serial, _ = castText(c.p["asset_serial"])
	}
	if c.p.has("contact_id") {
		draft.contactID = castInt(c.p["contact_id"])
	}
	if props, ok := c.p.object("properties"); ok {
		draft.props = mergeProps(copyProps(a.props), props)
	}
	draft.updated = c.now
	*a = draft
	return jsonResp(http.StatusOK, obj{"asset": s.assetJSON(a)})
}
