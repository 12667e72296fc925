package syncrotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/shopspring/decimal"
)

// Recurring invoice permissions.
const (
	PermSchedulesList   = "Recurring Invoices - List"
	PermSchedulesCreate = "Recurring Invoices - New"
	PermSchedulesEdit   = "Recurring Invoices - Edit"
	PermSchedulesDelete = "Recurring Invoices - Delete"
)

var scheduleFrequencies = []string{"Daily", "Monthly", "Weekly", "Biweekly", "Quarterly", "Semi-Annually", "Annually", "Biennially", "Triennially"}

// scheduleSpec: recurring invoices, their lines under "lines" (not
// line_items), line money written in cents (retail_cents, cost_cents) and
// answered in both cents and dollars; 422 bodies are {"error": [...]}.
func (s *Server) scheduleSpec() resourceSpec {
	return resourceSpec{
		name: "schedules", path: "/schedules", one: "schedule", many: "schedules", idBase: 503_000,
		ops:  opList | opGet | opUpdate | opDelete, // POST: createSchedule
		perm: perms{list: PermSchedulesList, view: PermSchedulesList, create: PermSchedulesCreate, edit: PermSchedulesEdit, delete: PermSchedulesDelete},
		fields: []field{
			{"customer_id", kInt}, {"name", kText}, {"frequency", kText}, {"next_run", kTime}, {"email_customer", kBool},
			{"snail_mail", kBool}, {"charge_mop", kBool}, {"invoice_unbilled_ticket_charges", kBool}, {"paused", kBool},
		},
		require: []string{"customer_id", "name", "frequency", "next_run"},
		validate: func(s *Server, c *call) []string {
			if v, ok := c.p.text("frequency"); ok {
				for _, f := range scheduleFrequencies {
					if v == f {
						return nil
					}
				}
				return []string{"Frequency Must be a valid selection"}
			}
			return nil
		},
		filter: func(q url.Values, r record) bool {
			if v := q.Get("customer_id"); v != "" {
				n, ok := castInt(v).(int64)
				return ok && n == r.id("customer_id")
			}
			return true
		},
		render: func(s *Server, r record, out obj) {
			out["account_id"], out["last_invoice_paid"] = accountID, nil
			lines := []any{}
			var sub decimal.Decimal
			st := s.st.generic["schedule_line_items"]
			for _, li := range st.live() {
				if li.id("schedule_id") == r.id("id") {
					lines = append(lines, s.scheduleLineJSON(li))
					q, _ := li["quantity"].(decimal.Decimal)
					sub = sub.Add(q.Mul(decimal.New(li.id("retail_cents"), -2)))
				}
			}
			out["lines"] = lines
			out["subtotal"] = json.Number(sub.String())
			delete(out, "created_at")
			delete(out, "updated_at")
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/schedules", PermSchedulesCreate, s.createSchedule},
				{http.MethodPost, "/schedules/{id}/add_line_item", PermSchedulesEdit, s.addScheduleLine},
				{http.MethodPost, "/schedules/{id}/remove_line_item", PermSchedulesEdit, s.removeScheduleLine},
				{http.MethodPut, "/schedules/{id}/line_items/{schedule_line_item_id}", PermSchedulesEdit, s.updateScheduleLine},
			}
		},
	}
}

// scheduleLineSpec: the lines of schedules, served through the schedule
// routes only.
func (s *Server) scheduleLineSpec() resourceSpec {
	return resourceSpec{name: "schedule_line_items", idBase: 1_823_000, fields: []field{
		{"schedule_id", kInt}, {"product_id", kInt}, {"name", kText}, {"description", kText}, {"position", kInt},
		{"quantity", kMoney}, {"cost_cents", kInt}, {"retail_cents", kInt}, {"taxable", kBool}, {"user_id", kInt},
		{"asset_type_id", kInt}, {"recurring_type_id", kInt}, {"one_time_charge", kBool},
	}}
}

func (s *Server) scheduleLineJSON(r record) obj {
	q, _ := r["quantity"].(decimal.Decimal)
	cat := any(nil)
	if p, ok := s.st.generic["products"].records[r.id("product_id")]; ok {
		cat = p["product_category"]
	}
	return obj{"id": r["id"], "cost_cents": r.id("cost_cents"), "description": r["description"], "name": r["name"],
		"position": r.id("position"), "product_id": r["product_id"], "quantity": railsDecimal(q), "retail_cents": r.id("retail_cents"),
		"schedule_id": r["schedule_id"], "taxable": r.flag("taxable"), "user_id": r["user_id"],
		"price_cost": json.Number(decimal.New(r.id("cost_cents"), -2).String()), "price_retail": json.Number(decimal.New(r.id("retail_cents"), -2).String()),
		"product_category": cat, "asset_type_id": r["asset_type_id"], "recurring_type_id": r["recurring_type_id"],
		"device_ids": []any{}, "one_time_charge": r.flag("one_time_charge")}
}

// scheduleLineParams keeps the writable line fields; money must be integer
// cents (a dollar amount in a *_cents field is refused).
func scheduleLineParams(c *call) (params, []string) {
	p := params{}
	var msgs []string
	for _, f := range (&Server{}).scheduleLineSpec().fields {
		v, ok := c.p[f.name]
		if !ok || f.name == "schedule_id" {
			continue
		}
		if strings.HasSuffix(f.name, "_cents") {
			if castInt(v) == nil {
				msgs = append(msgs, humanize(f.name)+" must be an integer")
			}
		}
		p[f.name] = v
	}
	return p, msgs
}

// POST /schedules/{id}/add_line_item
func (s *Server) addScheduleLine(c *call) response {
	sch, ok := s.st.generic["schedules"].lookup(c)
	if !ok {
		return notFound()
	}
	p, msgs := scheduleLineParams(c)
	if v, _ := p.text("name"); strings.TrimSpace(v) == "" {
		msgs = append(msgs, "Name can't be blank")
	}
	if len(msgs) > 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": msgs})
	}
	p["schedule_id"] = sch.id("id")
	if !p.has("quantity") {
		p["quantity"] = "1"
	}
	if !p.has("user_id") {
		p["user_id"] = c.user
	}
	r := s.insertGeneric(s.st.generic["schedule_line_items"], p, c.now)
	return jsonResp(http.StatusOK, obj{"schedule_line_item": s.scheduleLineJSON(r)})
}

// PUT /schedules/{id}/line_items/{schedule_line_item_id}
func (s *Server) updateScheduleLine(c *call) response {
	sch, ok := s.st.generic["schedules"].lookup(c)
	if !ok {
		return notFound()
	}
	id, _ := c.pathID("schedule_line_item_id")
	st := s.st.generic["schedule_line_items"]
	r, ok := st.records[id]
	if !ok || r.id("schedule_id") != sch.id("id") {
		return notFound()
	}
	p, msgs := scheduleLineParams(c)
	if v, has := p.text("name"); has && strings.TrimSpace(v) == "" {
		msgs = append(msgs, "Name can't be blank")
	}
	if len(msgs) > 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": msgs})
	}
	assignGeneric(r, st.spec.fields, p, s.loc)
	return jsonResp(http.StatusOK, obj{"schedule_line_item": s.scheduleLineJSON(r)})
}

// POST /schedules/{id}/remove_line_item: the line's id as
// schedule_line_item_id (or line_item_id); 404 for another schedule's line.
func (s *Server) removeScheduleLine(c *call) response {
	sch, ok := s.st.generic["schedules"].lookup(c)
	if !ok {
		return notFound()
	}
	id, ok := c.p.int64("schedule_line_item_id")
	if !ok {
		id, _ = c.p.int64("line_item_id")
	}
	st := s.st.generic["schedule_line_items"]
	r, ok := st.records[id]
	if !ok || r.id("schedule_id") != sch.id("id") {
		return notFound()
	}
	delete(st.records, id)
	return jsonResp(http.StatusOK, obj{"success": true})
}

// POST /schedules: validation failures are answered {"error": [...]}, the
// shape the spec documents for schedules; the rest is the generic create.
func (s *Server) createSchedule(c *call) response {
	var msgs []string
	if v, ok := c.p.text("frequency"); ok && v != "" {
		valid := false
		for _, f := range scheduleFrequencies {
			valid = valid || v == f
		}
		if !valid {
			msgs = append(msgs, "Frequency Must be a valid selection")
		}
	}
	for _, k := range []string{"frequency", "next_run", "name", "customer_id"} {
		if v, _ := castText(c.p[k]); v == nil || strings.TrimSpace(v.(string)) == "" {
			msgs = append(msgs, humanize(k)+" can't be blank")
		}
	}
	if len(msgs) > 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": msgs})
	}
	return s.genericCreate(s.st.generic["schedules"], c)
}
