package syncrotest

import (
	"net/http"
	"strconv"
	"strings"
)

// locationTypes are the names of appointment location types by the number
// Syncro stores them as (a Rails enum; 0 is "customer", OBSERVED).
var locationTypes = []string{"customer", "shop", "pre_defined", "manual_entry"}

// castLocationType reads a location type sent as its number or its name.
func castLocationType(v any) (string, bool) {
	s := strings.TrimSpace(textOf(v))
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 0 && n < len(locationTypes) {
			return locationTypes[n], true
		}
		return "", false
	}
	for _, name := range locationTypes {
		if s == name {
			return name, true
		}
	}
	return "", false
}

// appointmentTypeSpec: GET/POST /appointment_types, GET/PUT/DELETE
// /appointment_types/{id}. A create answers {"appointment_type": {...}},
// the detail GET bare; location_type is required (OBSERVED, not in the
// OpenAPI document), taken as a number and answered as its name; a PUT
// answers 200 with no body, as documented; a delete {"success": true}.
func (s *Server) appointmentTypeSpec() resourceSpec {
	return resourceSpec{
		name: "appointment_types", path: "/appointment_types", one: "", many: "appointment_types", idBase: 294_000,
		ops:  opList | opGet,
		perm: perms{list: globalAdmin, view: globalAdmin, create: globalAdmin, edit: globalAdmin, delete: globalAdmin},
		fields: []field{
			{"name", kText}, {"email_instructions", kText}, {"location_type", kText}, {"location_hard_code", kText},
			{"buffer", kInt}, {"appointment_reminders_schedule_id", kInt},
		},
		perPage: 100,
		seed: func(s *Server) {
			s.Insert("appointment_types", map[string]any{"name": "On site", "location_type": "customer"})
			s.Insert("appointment_types", map[string]any{"name": "Remote session", "location_type": "pre_defined", "location_hard_code": "Remote Support Link"})
		},
		render: func(s *Server, r record, out obj) { out["account_id"] = accountID },
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/appointment_types", globalAdmin, s.createAppointmentType},
				{http.MethodPut, "/appointment_types/{id}", globalAdmin, s.updateAppointmentType},
				{http.MethodDelete, "/appointment_types/{id}", globalAdmin, s.deleteAppointmentType},
			}
		},
	}
}

// appointmentTypeErrors normalises location_type in p and returns the 422
// messages.
func appointmentTypeErrors(p params, create bool) []string {
	var msgs []string
	if (create || p.has("name")) && blank(p, "name") {
		msgs = append(msgs, "Name can't be blank")
	}
	if create || p.has("location_type") {
		if name, ok := castLocationType(p["location_type"]); ok {
			p["location_type"] = name
		} else if blank(p, "location_type") {
			msgs = append(msgs, "Location type can't be blank")
		} else {
			msgs = append(msgs, "Location type is not included in the list")
		}
	}
	return msgs
}

// POST /appointment_types
func (s *Server) createAppointmentType(c *call) response {
	st := s.store("appointment_types")
	if msgs := appointmentTypeErrors(c.p, true); len(msgs) > 0 {
		delete(c.p, "location_type")
		return recordErrors(s.unsavedJSON(st, c.p), msgs)
	}
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusOK, obj{"appointment_type": s.renderGeneric(st, r, true)})
}

// PUT /appointment_types/{id}: 200 without a body.
func (s *Server) updateAppointmentType(c *call) response {
	st := s.store("appointment_types")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	if msgs := appointmentTypeErrors(c.p, false); len(msgs) > 0 {
		return recordErrors(s.renderGeneric(st, r, true), msgs)
	}
	assignGeneric(r, st.spec.fields, c.p, s.loc)
	r["updated_at"] = c.now
	return response{status: http.StatusOK}
}

// DELETE /appointment_types/{id}: {"success": true} (OBSERVED).
func (s *Server) deleteAppointmentType(c *call) response {
	st := s.store("appointment_types")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	delete(st.records, r.id("id"))
	return success()
}
