package syncrotest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// PermTicketWorkflows lets a token list the new ticket forms.
const PermTicketWorkflows = "Ticket Workflows - Manage"

// newTicketFormSpec: GET /new_ticket_forms, GET /new_ticket_forms/{id} and
// POST /new_ticket_forms/{id}/process_form, which files a ticket (and an
// organization, and an appointment) through the form: every field the
// form marks "require" must be given, and an appointment needs a summary,
// a start and an end, else the nested 422 of the OpenAPI document. Forms
// are added with Insert("new_ticket_forms", ...) or the demo data.
func (s *Server) newTicketFormSpec() resourceSpec {
	return resourceSpec{
		name: "new_ticket_forms", path: "/new_ticket_forms", one: "new_ticket_form", many: "new_ticket_forms", idBase: 0,
		ops:    opList | opGet,
		perm:   perms{list: PermTicketWorkflows, view: PermTicketsCreate},
		fields: []field{{"name", kText}, {"default", kBool}, {"disabled", kBool}, {"data", kRaw}},
		render: func(s *Server, r record, out obj) {
			delete(out, "created_at")
			delete(out, "updated_at")
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{{http.MethodPost, "/new_ticket_forms/{id}/process_form", PermTicketsCreate, s.processTicketForm}}
		},
		seed: func(s *Server) { s.Insert("new_ticket_forms", DemoTicketForm()) },
	}
}

// DemoTicketForm is a new ticket form as Syncro configures one (the
// OpenAPI document's example): firstname, lastname, subject, description
// and problem_type required. Pass it to Insert("new_ticket_forms", ...).
func DemoTicketForm() map[string]any {
	return map[string]any{
		"name": "Phone Repair", "default": false, "disabled": false,
		"data": map[string]any{
			"customer_details": map[string]any{
				"fields": map[string]any{
					"firstname": "require", "lastname": "require", "business_name": "show", "email": "show", "phone": "show",
					"address": "hide", "referred_by": "show", "custom_fields": "show",
				},
				"defaults": map[string]any{"placeholder": ""}, "position": "1",
			},
			"ticket_details": map[string]any{
				"fields": map[string]any{
					"subject": "require", "description": "require", "problem_type": "require", "user_id": "show",
					"priority": "hide", "do_not_email": "show",
				},
				"defaults": map[string]any{"placeholder": "", "isapproved": "true"}, "disabled": []any{"subject", "problem_type"}, "position": "2",
			},
			"worksheets":     map[string]any{"position": "3"},
			"related_assets": map[string]any{"position": "4"},
		},
	}
}

// requiredFields returns the fields a form section marks "require".
func requiredFields(data any, section string) []string {
	d, _ := data.(map[string]any)
	sec, _ := d[section].(map[string]any)
	fields, _ := sec["fields"].(map[string]any)
	var out []string
	for name, mode := range fields {
		if mode == "require" && name != "custom_fields" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// POST /new_ticket_forms/{id}/process_form
func (s *Server) processTicketForm(c *call) response {
	form, ok := s.store("new_ticket_forms").lookup(c)
	if !ok {
		return notFound()
	}
	cust, _ := c.p.object("customer_details")
	tick, _ := c.p.object("ticket_details")
	appt, hasAppt := c.p.object("appointments")
	errs := obj{}
	check := func(section string, given map[string]any, names []string) {
		fields := obj{}
		for _, n := range names {
			if blank(params(given), n) {
				fields[n] = []string{"can't be blank"}
			}
		}
		if len(fields) > 0 {
			errs[section] = fields
		}
	}
	check("customer_details", cust, requiredFields(form["data"], "customer_details"))
	check("ticket_details", tick, requiredFields(form["data"], "ticket_details"))
	if hasAppt {
		check("appointments", appt, []string{"summary", "start_at", "end_at"})
	}
	if len(errs) > 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"success": false, "errors": errs})
	}
	cp := params{}
	for k, v := range cust {
		cp[k] = v
	}
	cu := s.insertCustomer(cp, c.now)
	s.st.created["customers"]++
	tp := params{"customer_id": cu.id, "subject": tick["subject"], "problem_type": tick["problem_type"]}
	if props, ok := tick["properties"]; ok {
		tp["properties"] = props
	}
	if desc := strings.TrimSpace(textOf(tick["description"])); desc != "" {
		tp["comments_attributes"] = []any{map[string]any{"subject": "Initial Issue", "body": desc, "hidden": false}}
	}
	t := s.insertTicket(tp, c.user, c.now)
	s.st.created["tickets"]++
	if hasAppt {
		ap := params{"customer_id": cu.id, "ticket_id": t.id}
		for k, v := range appt {
			ap[k] = v
		}
		s.insertGeneric(s.store("appointments"), ap, c.now)
	}
	ticket := obj{
		"id": t.id, "number": t.number, "customer_id": cu.id, "subject": t.f.str("subject"), "status": t.f.str("status"),
		"problem_type": t.f["problem_type"], "created_at": s.ts(t.created), "updated_at": s.ts(t.updated),
		"user_id": c.user, "account_id": accountID, "due_date": s.ts(t.f.time("due_date")), "contact_id": nil,
		"properties": copyProps(t.props), "priority": nil, "pdf": obj{"url": nil}, "original_customer_id": cu.id,
	}
	return jsonResp(http.StatusOK, obj{"ticket": ticket, "invoice": nil, "redirect": "/tickets/" + strconv.FormatInt(t.id, 10), "message": "Ticket created.."})
}
