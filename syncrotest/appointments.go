package syncrotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// PermAppointmentsViewAll lets a token list everyone's appointments; the
// other appointment endpoints need no permission.
const PermAppointmentsViewAll = "Appointments - View All"

// appointmentSpec: GET/POST /appointments (date_from, date_to, mine),
// GET/PUT/DELETE /appointments/{id}. List items are each wrapped in their
// own {"appointment": {...}}; create (201) and update answer
// {"appointment": {...}}; the detail GET answers bare (as the OpenAPI
// schema shows); delete answers {"message": "deleted"} (OBSERVED).
// do_not_email is sent as "1"/"0", the nested customer in its list shape.
func (s *Server) appointmentSpec() resourceSpec {
	return resourceSpec{
		name: "appointments", path: "/appointments", one: "appointment", many: "appointments", idBase: 5_560_000_000,
		ops:  opUpdate,
		perm: perms{},
		fields: []field{
			{"summary", kText}, {"description", kText}, {"customer_id", kInt}, {"ticket_id", kInt}, {"user_id", kInt},
			{"start_at", kTime}, {"end_at", kTime}, {"location", kText}, {"all_day", kBool}, {"do_not_email", kBool},
			{"appointment_type_id", kInt}, {"user_ids", kRaw}, {"appointment_duration", kText}, {"email_customer", kBool},
		},
		render: s.renderAppointment,
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodGet, "/appointments", "", s.listAppointments},
				{http.MethodPost, "/appointments", "", s.createAppointment},
				{http.MethodGet, "/appointments/{id}", "", s.getAppointment},
				{http.MethodDelete, "/appointments/{id}", "", s.deleteAppointment},
			}
		},
	}
}

func (s *Server) renderAppointment(_ *Server, r record, out obj) {
	for _, k := range []string{"user_ids", "appointment_duration", "email_customer", "appointment_type_id"} {
		delete(out, k)
	}
	flag := "0"
	if r.flag("do_not_email") {
		flag = "1"
	}
	out["do_not_email"] = flag
	out["duration"] = nil
	start, end := r.time("start_at"), r.time("end_at")
	if !start.IsZero() && !end.IsZero() {
		out["duration"] = jsonNumber(decimal.NewFromFloat(end.Sub(start).Hours()).Round(2))
		out["start_at_label"] = start.In(s.loc).Format("Mon 01-02-06 03:04 PM")
	} else {
		out["start_at_label"] = nil
	}
	out["appointment_location_type"] = nil
	if out["all_day"] == false {
		out["all_day"] = nil
	}
	out["customer"], out["ticket"] = nil, nil
	if cu := s.st.customers[r.id("customer_id")]; cu != nil {
		out["customer"] = s.customerJSON(cu, custList)
	}
	if t := s.st.tickets[r.id("ticket_id")]; t != nil {
		out["ticket"] = obj{"id": t.id, "number": t.number, "subject": t.f.str("subject"), "status": t.f.str("status")}
	}
}

// GET /appointments: each item wrapped in {"appointment": {...}}.
func (s *Server) listAppointments(c *call) response {
	st := s.store("appointments")
	mine := castBool(c.q.Get("mine")) == true
	if !mine && c.tok != nil && !c.tok.can(PermAppointmentsViewAll) {
		mine = true // without View All a token sees its own appointments
	}
	from, hasFrom := dateParam(c.q, "date_from", s.loc)
	to, hasTo := dateParam(c.q, "date_to", s.loc)
	var items []record
	for _, r := range st.live() {
		start := r.time("start_at")
		if hasFrom && start.Before(from) || hasTo && !start.Before(to.AddDate(0, 0, 1)) {
			continue
		}
		if mine && r.id("user_id") != c.user && !appointmentHasUser(r["user_ids"], c.user) {
			continue
		}
		items = append(items, r)
	}
	pg := pageOf(c.q, 25)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, r := range items[lo:hi] {
		out = append(out, obj{"appointment": s.renderGeneric(st, r, false)})
	}
	return jsonResp(http.StatusOK, obj{"appointments": out, "meta": pg.shortMeta(len(items))})
}

// dateParam reads a date (2019-01-25) query parameter at midnight in the
// account's zone.
func dateParam(q url.Values, name string, loc *time.Location) (time.Time, bool) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return time.Time{}, false
	}
	if len(v) > 10 {
		v = v[:10]
	}
	t, err := time.ParseInLocation("2006-01-02", v, loc)
	return t, err == nil
}

func appointmentHasUser(v any, id int64) bool {
	list, _ := v.([]any)
	for _, x := range list {
		if n, ok := castInt(x).(int64); ok && n == id {
			return true
		}
	}
	return false
}

// POST /appointments: summary and start_at (and an end: end_at, or
// appointment_duration in minutes) are required; the 422 carries the
// messages both as error and message, with params echoed.
func (s *Server) createAppointment(c *call) response {
	if !c.p.has("end_at") {
		if mins, err := strconv.Atoi(strings.TrimSpace(textOf(c.p["appointment_duration"]))); err == nil {
			if start, ok := castTime(c.p["start_at"], s.loc); ok {
				c.p["end_at"] = start.Add(time.Duration(mins) * time.Minute).Format(time.RFC3339)
			}
		}
	}
	var msgs []string
	if blank(c.p, "summary") {
		msgs = append(msgs, "Summary can't be blank")
	}
	if _, ok := castTime(c.p["start_at"], s.loc); !ok {
		msgs = append(msgs, "Start at can't be blank")
	}
	if _, ok := castTime(c.p["end_at"], s.loc); !ok {
		msgs = append(msgs, "End at can't be blank")
	}
	if len(msgs) > 0 {
		m := strings.Join(msgs, ",")
		return jsonResp(http.StatusUnprocessableEntity, obj{"success": false, "error": m, "message": m, "params": echo(c.p)})
	}
	if !c.p.has("user_id") {
		c.p["user_id"] = c.user
	}
	st := s.store("appointments")
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusCreated, obj{"appointment": s.renderGeneric(st, r, true)})
}

func textOf(v any) string {
	t, _ := castText(v)
	str, _ := t.(string)
	return str
}

// GET /appointments/{id}: the bare appointment.
func (s *Server) getAppointment(c *call) response {
	st := s.store("appointments")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}

// DELETE /appointments/{id}: {"message": "deleted"} (OBSERVED).
func (s *Server) deleteAppointment(c *call) response {
	st := s.store("appointments")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	delete(st.records, r.id("id"))
	return jsonResp(http.StatusOK, obj{"message": "deleted"})
}

// jsonNumber renders a decimal as a JSON number.
func jsonNumber(d decimal.Decimal) any { return json.Number(d.String()) }
