package syncrotest

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"
)

// The account-wide operations: search, settings, caller ID, the time
// clock (timelogs), user devices and the one-time-password login. None
// needs a permission beyond a valid token, as the OpenAPI document says.

// timelogSpec stores timelogs and declares the account-wide routes (search,
// settings, caller ID, OTP login) beside the time clock's.
func (s *Server) timelogSpec() resourceSpec {
	return resourceSpec{
		name: "timelogs", path: "/timelogs", one: "", many: "timelogs", idBase: 0,
		// No route needs a permission; with Timelogs - Manage a token may
		// read other users' timelogs (named here so AllPermissions lists it).
		perm: perms{view: PermTimelogsManage},
		fields: []field{
			{"user_id", kInt}, {"in_at", kTime}, {"out_at", kTime}, {"in_note", kText}, {"out_note", kText},
			{"lunch", kBool}, {"manually_updated", kBool},
		},
		render: func(s *Server, r record, out obj) { out["account_id"] = accountID },
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodGet, "/search", "", s.search},
				{http.MethodGet, "/settings", "", s.settings},
				{http.MethodGet, "/settings/tabs", "", s.settingsTabs},
				{http.MethodGet, "/settings/printing", "", s.settingsPrinting},
				{http.MethodGet, "/callerid", "", s.callerID},
				{http.MethodPost, "/otp_login", "", s.otpLogin},
				{http.MethodGet, "/timelogs/last", "", s.lastTimelog},
				{http.MethodGet, "/timelogs", "", s.listTimelogs},
				{http.MethodPut, "/timelogs", "", s.updateTimelog},
			}
		},
	}
}

// GET /search?query=: organizations, end users and tickets (and the
// generically stored leads, vendors and wiki pages) whose text contains
// the query, each wrapped as {"table": {"_id", "_type", "_index",
// "_source": {"table": {...}}}}, the way Syncro serialises its search
// documents.
func (s *Server) search(c *call) response {
	q := strings.TrimSpace(c.q.Get("query"))
	results := []any{}
	if q == "" {
		return jsonResp(http.StatusOK, obj{"quick_result": nil, "results": results, "error": "Query can't be blank"})
	}
	hit := func(id int64, typ, index string, source obj) {
		results = append(results, obj{"table": obj{"_id": id, "_type": typ, "_index": index, "_source": obj{"table": source}}})
	}
	for _, id := range sortedIDs(s.st.customers) {
		cu := s.st.customers[id]
		if containsFold(strings.Join([]string{cu.f.str("firstname"), cu.f.str("lastname"), cu.f.str("business_name"), cu.f.str("email")}, " "), q) {
			hit(id, "customer", "customers", obj{"firstname": cu.f["firstname"], "lastname": cu.f["lastname"], "email": cu.f["email"], "business_name": cu.f["business_name"]})
		}
	}
	for _, id := range sortedIDs(s.st.contacts) {
		ct := s.st.contacts[id]
		if containsFold(ct.f.str("name")+" "+ct.f.str("email"), q) {
			hit(id, "contact", "contacts", obj{"name": ct.f["name"], "email": ct.f["email"], "customer_id": ct.customerID})
		}
	}
	for _, id := range sortedIDs(s.st.tickets) {
		t := s.st.tickets[id]
		if containsFold(t.f.str("subject"), q) {
			hit(id, "ticket", "tickets", obj{"subject": t.f["subject"], "number": t.number, "status": t.f["status"], "customer_id": t.f["customer_id"]})
		}
	}
	for _, kind := range []struct{ store, typ, field string }{{"leads", "lead", "last_name"}, {"vendors", "vendor", "name"}, {"wiki_pages", "wiki_page", "name"}} {
		st := s.store(kind.store)
		if st == nil {
			continue
		}
		for _, r := range st.live() {
			if containsFold(r.str(kind.field), q) {
				hit(r.id("id"), kind.typ, kind.store, obj{kind.field: r[kind.field]})
			}
		}
	}
	return jsonResp(http.StatusOK, obj{"quick_result": nil, "results": results, "error": nil})
}

// GET /settings
func (s *Server) settings(c *call) response {
	_, offset := c.now.In(s.loc).Zone()
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	hours := []any{}
	for _, day := range []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"} {
		closed := day == "Sunday" || day == "Saturday"
		hours = append(hours, obj{"day": day, "start": "09:00", "end": "17:00", "closed": closed})
	}
	types := []any{}
	for _, tt := range s.st.ticketTypes {
		types = append(types, obj{"id": tt.id, "name": tt.name})
	}
	return jsonResp(http.StatusOK, obj{
		"customers": obj{"required_fields": nil, "customer_fields": []any{}, "customer_field_answers": []any{}},
		"assets":    obj{"asset_types": []any{}, "asset_type_fields": []any{}, "asset_type_field_answers": []any{}},
		"locale": obj{"iso_code": "en", "currency_symbol": "$", "date_format": "mm-dd-yy", "time_format": "hh:mm tt",
			"time_zone": s.loc.String(), "time_offset": fmt.Sprintf("%s%02d:%02d", sign, offset/3600, offset%3600/60)},
		"ticket": obj{"ticket_types": types, "ticket_type_fields": []any{}, "ticket_type_field_answers": []any{},
			"problem_types": []any{"Virus", "TuneUp", "Hardware", "Software", "Other"}, "priorities": []any{"", "0 Urgent", "1 High", "2 Normal", "3 Low"}},
		"business_hours_enabled": true, "business_hours": hours, "default_holiday_calendar": "USA", "msp_addon": nil,
	})
}

// GET /settings/tabs
func (s *Server) settingsTabs(*call) response {
	return jsonResp(http.StatusOK, obj{"tabs": obj{
		"msp_dashboard": true, "customers": true, "assets": true, "alerts": true, "contracts": true, "invoices": true,
		"estimates": true, "tickets": true, "parts": true, "products": true, "purchase_orders": true, "leads": true,
		"reports": false, "wiki": true, "app_center": false,
	}})
}

// GET /settings/printing
func (s *Server) settingsPrinting(*call) response {
	return jsonResp(http.StatusOK, obj{"messaging_channel": "100000000000000000001", "registers": []any{}})
}

// EnableCallerID switches the account's caller ID feature on or off. It is
// off by default, and GET /callerid then answers the plain word Disabled
// (not JSON), as a real account without the feature does (OBSERVED).
func (s *Server) EnableCallerID(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.callerID = on
}

// GET /callerid?did=: who the number belongs to (an organization's phone
// or mobile, or an end user's), and the status of their latest open
// ticket.
func (s *Server) callerID(c *call) response {
	if !s.st.callerID {
		return response{status: http.StatusOK, ctype: "text/html; charset=utf-8", body: []byte("Disabled")}
	}
	did := digitsOnly(c.q.Get("did"))
	if did == "" {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": "did is required"})
	}
	matches := func(n string) bool {
		n = digitsOnly(n)
		return n != "" && (strings.HasSuffix(did, n) || strings.HasSuffix(n, did))
	}
	var name any
	var customerID int64
	for _, id := range sortedIDs(s.st.customers) {
		cu := s.st.customers[id]
		if matches(cu.f.str("phone")) || matches(cu.f.str("mobile")) {
			name, customerID = cu.businessThenName(), id
			break
		}
	}
	if name == nil {
		for _, id := range sortedIDs(s.st.contacts) {
			ct := s.st.contacts[id]
			if matches(ct.f.str("phone")) || matches(ct.f.str("mobile")) {
				name, customerID = ct.f.str("name"), ct.customerID
				break
			}
		}
	}
	var status any
	for _, t := range s.ticketsOf(customerID) {
		if !closedStatuses[t.f.str("status")] {
			status = "Open"
		}
	}
	return jsonResp(http.StatusOK, obj{"data": obj{"name": name, "ticket_status": status}})
}

// OTPCode returns the one-time code POST /otp_login accepts on this
// server (six digits, chosen when the server starts).
func (s *Server) OTPCode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.otpCode()
}

func (s *Server) otpCode() string {
	if s.st.otp == "" {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			panic("syncrotest: no randomness: " + err.Error())
		}
		s.st.otp = fmt.Sprintf("%06d", n.Int64())
	}
	return s.st.otp
}

// POST /otp_login {code}: a session token valid for a day, or the 401
// Syncro documents.
func (s *Server) otpLogin(c *call) response {
	code, _ := c.p.text("code")
	if strings.TrimSpace(code) != s.otpCode() {
		return jsonResp(http.StatusUnauthorized, obj{"login": false, "instructions": "Your multi-factor authentication attempt failed, please try again."})
	}
	return jsonResp(http.StatusOK, obj{
		"login": true, "session_token": randomToken()[1:17] + "-otp", "token_expiration": s.ts(c.now.Add(24 * time.Hour)),
		"instructions": "Save the session token somewhere safe and send that with the api_key for all future web requests. It goes in a header called Authorization2FAToken.",
	})
}

// PermTimelogsManage lets a token read any user's timelogs; without it,
// answers are scoped to the token's user.
const PermTimelogsManage = "Timelogs - Manage"

// timelogUser is the user a timelog request is for: user_id when the token
// may manage timelogs, else the token's user ("results scoped to current
// user").
func timelogUser(c *call) int64 {
	if id, ok := c.p.int64("user_id"); ok && id > 0 && (c.tok == nil || c.tok.can(PermTimelogsManage)) {
		return id
	}
	return c.user
}

// GET /timelogs (user_id): {"timelogs": [...]}, oldest first.
func (s *Server) listTimelogs(c *call) response {
	st := s.store("timelogs")
	uid := timelogUser(c)
	out := []any{}
	for _, r := range st.live() {
		if r.id("user_id") == uid {
			out = append(out, s.renderGeneric(st, r, false))
		}
	}
	return jsonResp(http.StatusOK, obj{"timelogs": out})
}

func (s *Server) lastTimelogOf(uid int64) record {
	var last record
	for _, r := range s.store("timelogs").live() {
		if r.id("user_id") == uid {
			last = r
		}
	}
	return last
}

// GET /timelogs/last (user_id): the bare latest timelog; 404 when the user
// never clocked in.
func (s *Server) lastTimelog(c *call) response {
	r := s.lastTimelogOf(timelogUser(c))
	if r == nil {
		return notFound()
	}
	return jsonResp(http.StatusOK, s.renderGeneric(s.store("timelogs"), r, true))
}

// PUT /timelogs: changes the token user's open timelog (the one without
// out_at), or clocks them in with a new one (in_at defaults to now).
func (s *Server) updateTimelog(c *call) response {
	st := s.store("timelogs")
	r := s.lastTimelogOf(c.user)
	delete(c.p, "user_id")
	if r == nil || !r.time("out_at").IsZero() {
		if !c.p.has("in_at") {
			c.p["in_at"] = c.now.Format(time.RFC3339Nano)
		}
		c.p["user_id"] = c.user
		r = s.insertGeneric(st, c.p, c.now)
	} else {
		assignGeneric(r, st.spec.fields, c.p, s.loc)
		r["manually_updated"] = c.p.has("in_at")
		r["updated_at"] = c.now
	}
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}

// userDeviceSpec: POST /user_devices, GET/PUT /user_devices/{id} where id
// is the device's UUID. Answers are bare; a create without device_uuid is
// {"message": "Missing params device_uuid"} (422); a second create with
// the same UUID updates the device.
func (s *Server) userDeviceSpec() resourceSpec {
	return resourceSpec{
		name: "user_devices", path: "/user_devices", one: "", many: "user_devices", idBase: 0,
		fields: []field{
			{"user_id", kInt}, {"device_uuid", kText}, {"name", kText}, {"device_name", kText}, {"system_name", kText},
			{"model", kText}, {"screen_size", kText}, {"registration_token_gcm", kText}, {"disabled", kBool},
		},
		render: func(s *Server, r record, out obj) { out["account_id"] = nil },
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/user_devices", "", s.createUserDevice},
				{http.MethodGet, "/user_devices/{id}", "", s.getUserDevice},
				{http.MethodPut, "/user_devices/{id}", "", s.updateUserDevice},
			}
		},
	}
}

func (s *Server) deviceByUUID(uuid string) record {
	for _, r := range s.store("user_devices").live() {
		if r.str("device_uuid") == uuid {
			return r
		}
	}
	return nil
}

// POST /user_devices
func (s *Server) createUserDevice(c *call) response {
	uuid := strings.TrimSpace(textOf(c.p["device_uuid"]))
	if uuid == "" {
		return jsonResp(http.StatusUnprocessableEntity, obj{"message": "Missing params device_uuid"})
	}
	st := s.store("user_devices")
	c.p["user_id"] = c.user
	r := s.deviceByUUID(uuid)
	if r == nil {
		r = s.insertGeneric(st, c.p, c.now)
	} else {
		assignGeneric(r, st.spec.fields, c.p, s.loc)
		r["updated_at"] = c.now
	}
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}

// GET /user_devices/{id}
func (s *Server) getUserDevice(c *call) response {
	r := s.deviceByUUID(c.vars["id"])
	if r == nil {
		return notFound()
	}
	return jsonResp(http.StatusOK, s.renderGeneric(s.store("user_devices"), r, true))
}

// PUT /user_devices/{id}: only the push token changes.
func (s *Server) updateUserDevice(c *call) response {
	r := s.deviceByUUID(c.vars["id"])
	if r == nil {
		return notFound()
	}
	if v, ok := c.p.text("registration_token_gcm"); ok {
		r["registration_token_gcm"] = v
	}
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, s.renderGeneric(s.store("user_devices"), r, true))
}
