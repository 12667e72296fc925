package syncrotest

import (
	"net/http"
	"net/url"
)

// RMM alert permissions, as Syncro's token editor names them.
const (
	PermRmmAlertsList   = "RMM Alerts - List"
	PermRmmAlertsCreate = "RMM Alerts - Create"
	PermRmmAlertsManage = "RMM Alerts - Clear/Manage"
	PermRmmAlertsDelete = "RMM Alerts - Delete"
)

// muteDurations are the mute_for values the fake accepts: "forever" (the
// one a real account accepted) and the others the OpenAPI document lists.
// Anything else is the {"errors": {"mute_for": [...]}} 422 (OBSERVED).
var muteDurations = map[string]bool{
	"forever": true, "1-hour": true, "1-day": true, "2-days": true, "1-week": true, "2-weeks": true, "1-month": true,
}

// rmmAlertSpec: GET/POST /rmm_alerts (status active|resolved|all, active
// by default), GET/DELETE /rmm_alerts/{id}, POST /rmm_alerts/{id}/mute.
// GET answers under "rmm_alert" but POST under "alert" (quirk 2); DELETE
// resolves the alert and answers {"success": "true"}, a string (OBSERVED).
func (s *Server) rmmAlertSpec() resourceSpec {
	return resourceSpec{
		name: "rmm_alerts", path: "/rmm_alerts", one: "rmm_alert", many: "rmm_alerts", idBase: 704_600_000,
		ops:  opList | opGet,
		perm: perms{list: PermRmmAlertsList, view: PermRmmAlertsList, create: PermRmmAlertsCreate, delete: PermRmmAlertsDelete},
		fields: []field{
			{"customer_id", kInt}, {"asset_id", kInt}, {"ticket_id", kInt}, {"computer_name", kText}, {"description", kText},
			{"formatted_output", kText}, {"status", kText}, {"resolved", kBool}, {"check_id", kInt}, {"properties", kRaw},
			{"mute_for", kText},
		},
		shortMeta: true,
		seed: func(s *Server) {
			s.Insert("rmm_alerts", map[string]any{"customer_id": s.demoCustomer(DemoCustomerName), "computer_name": "ACME-FS01",
				"description": "Low Hd Space Trigger", "formatted_output": "Drive C: has 4% free", "status": "critical",
				"properties": map[string]any{"trigger": "Low Hd Space Trigger"}})
		},
		render: func(s *Server, r record, out obj) {
			out["account_id"] = accountID
			delete(out, "mute_for")
			if out["properties"] == nil {
				out["properties"] = obj{}
			}
			out["ticket_number"], out["ticket_status"] = nil, nil
			if t := s.st.tickets[r.id("ticket_id")]; t != nil {
				out["ticket_number"], out["ticket_status"] = t.number, t.f.str("status")
			}
			if a := s.st.assets[r.id("asset_id")]; a != nil && out["computer_name"] == nil {
				out["computer_name"] = a.name
			}
		},
		filter: func(q url.Values, r record) bool {
			switch q.Get("status") {
			case "all":
				return true
			case "resolved":
				return r.flag("resolved")
			default: // "active", the default
				return !r.flag("resolved")
			}
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/rmm_alerts", PermRmmAlertsCreate, s.createRmmAlert},
				{http.MethodPost, "/rmm_alerts/{id}/mute", PermRmmAlertsManage, s.muteRmmAlert},
				{http.MethodDelete, "/rmm_alerts/{id}", PermRmmAlertsDelete, s.resolveRmmAlert},
			}
		},
	}
}

// POST /rmm_alerts: 201 {"success": true, "alert": {...}}; the organization
// (given, or the asset's) must exist.
func (s *Server) createRmmAlert(c *call) response {
	cid, ok := c.p.int64("customer_id")
	if aid, hasAsset := c.p.int64("asset_id"); !ok && hasAsset && s.st.assets[aid] != nil {
		cid, ok = s.st.assets[aid].customerID, true // the asset names its organization
		c.p["customer_id"] = cid
	}
	if !ok || s.st.customers[cid] == nil {
		return railsErrors([]string{"Customer must exist"}, echo(c.p))
	}
	delete(c.p, "mute_for")
	st := s.store("rmm_alerts")
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusCreated, obj{"success": true, "alert": s.renderGeneric(st, r, true)})
}

// POST /rmm_alerts/{id}/mute: mute_for from the body or the query.
func (s *Server) muteRmmAlert(c *call) response {
	r, ok := s.store("rmm_alerts").lookup(c)
	if !ok {
		return notFound()
	}
	d, _ := c.p.text("mute_for")
	if !muteDurations[d] {
		return jsonResp(http.StatusUnprocessableEntity, obj{"errors": obj{"mute_for": []string{"is not included in the list"}}})
	}
	r["mute_for"] = d
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"success": "true"})
}

// DELETE /rmm_alerts/{id}: resolves the alert, which stays readable.
func (s *Server) resolveRmmAlert(c *call) response {
	r, ok := s.store("rmm_alerts").lookup(c)
	if !ok {
		return notFound()
	}
	r["resolved"] = true
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"success": "true"})
}
