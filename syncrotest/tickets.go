package syncrotest

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ticket is a ticket with its comments, line items and timers.
type ticket struct {
	id        int64
	number    int64
	f         record
	props     map[string]any
	tags      []string
	assetIDs  []int64
	comments  []*comment
	lineItems []*lineItem
	timers    []*timer
	// attachments and worksheets are the ticket's files and filled-in
	// worksheets.
	attachments []*attachment
	worksheets  []*worksheet
	creatorID   int64
	created     time.Time
	updated     time.Time
	resolved    time.Time
}

// ticketFields are the writable attributes of POST/PUT /tickets.
var ticketFields = []field{
	{"subject", kText}, {"status", kText}, {"problem_type", kText}, {"priority", kText},
	{"customer_id", kInt}, {"contact_id", kInt}, {"user_id", kInt}, {"location_id", kInt},
	{"ticket_type_id", kInt}, {"sla_id", kInt}, {"address_id", kInt}, {"contract_id", kInt},
	{"due_date", kTime}, {"start_at", kTime}, {"end_at", kTime}, {"signature_name", kText},
}

// ticketDefaultPerPage is the page size of GET /tickets: 50, as observed
// live (the spec's parameter text says 25; SYNCRO_API.md §3).
const ticketDefaultPerPage = 50

func (s *Server) customerName(id int64) any {
	if cu, ok := s.st.customers[id]; ok {
		return cu.businessThenName()
	}
	return nil
}

func (s *Server) ticketType(id int64) *ticketType {
	for i := range s.st.ticketTypes {
		if s.st.ticketTypes[i].id == id {
			return &s.st.ticketTypes[i]
		}
	}
	return nil
}

func (s *Server) ticketTypeJSON(tt *ticketType) obj {
	fields, _ := s.ticketFieldsJSON(tt)
	return obj{
		"id": tt.id, "name": tt.name, "account_id": accountID, "created_at": s.ts(tt.created),
		"updated_at": s.ts(tt.created), "disabled": false, "intake_terms": nil, "skip_intake": false,
		"outtake_terms": nil, "skip_outtake": false, "ticket_fields": fields,
	}
}

// ticketCommon holds the fields list items and detail records share.
func (s *Server) ticketCommon(t *ticket) obj {
	o := obj{
		"id": t.id, "number": t.number, "created_at": s.ts(t.created), "updated_at": s.ts(t.updated),
		"customer_business_then_name": s.customerName(t.f.id("customer_id")),
		"resolved_at":                 s.ts(t.resolved), "location_id": t.f["location_id"], "pdf_url": nil,
		"properties": copyProps(t.props), "tag_list": stringsToAny(t.tags),
		"user": s.userOrNil(t.f.id("user_id")),
	}
	for _, f := range []string{"subject", "customer_id", "due_date", "start_at", "end_at", "problem_type", "status", "user_id", "priority"} {
		o[f] = s.wire(t.f[f])
	}
	return o
}

// ticketListJSON is the list item shape: customer is null and only
// customer_business_then_name names it (quirk 4); comments hold only the
// initial comment (all_comments is deprecated and off since 2026).
func (s *Server) ticketListJSON(t *ticket, allComments bool) obj {
	o := s.ticketCommon(t)
	var ttName any
	if tt := s.ticketType(t.f.id("ticket_type_id")); tt != nil {
		ttName = tt.name
	}
	status := t.f.str("status")
	comments := []any{}
	for i, cm := range t.commentsOldestFirst() {
		if i > 0 && !allComments {
			break
		}
		comments = append(comments, s.commentJSON(cm, false))
	}
	return extend(o, obj{
		"location_name": nil, "ticket_type_id": t.f["ticket_type_id"], "ticket_type_name": ttName,
		"billing_status": nil, "sla_name": nil, "creator_name_or_email": nilIfEmpty(s.userName(t.creatorID)),
		"contact_fullname": s.contactName(t.f.id("contact_id")), "contract_name": nil,
		"address_id": t.f["address_id"], "parent": false, "parent_id": nil, "child": false, "recurring": false,
		"customer_reply": status == "Customer Reply", "total_formatted_billable_time": nil,
		"contact_id": t.f["contact_id"], "sla_breached": false, "sla_breaching_soon": false,
		"contract_id": t.f["contract_id"], "sla_id": t.f["sla_id"], "customer_tag_list": []any{},
		"resolution_time": nil, "response_time": nil, "customer_icons": []any{}, "comments": comments,
		"customer": nil,
	})
}

// ticketDetailJSON is the GET /tickets/{id} shape (also the POST and PUT
// answers): full customer with contacts, contact, comments newest first,
// timers, line items, assets.
func (s *Server) ticketDetailJSON(t *ticket) obj {
	o := s.ticketCommon(t)
	comments := []any{}
	for _, cm := range t.commentsNewestFirst() {
		comments = append(comments, s.commentJSON(cm, false))
	}
	timers := []any{}
	for _, tm := range t.timers {
		timers = append(timers, s.timerJSON(tm))
	}
	items := []any{}
	for _, li := range t.lineItems {
		items = append(items, s.lineItemJSON(li))
	}
	attachments := []any{}
	for _, a := range t.attachments {
		attachments = append(attachments, s.attachmentJSON(a, s.now()))
	}
	worksheets := []any{}
	for _, w := range t.worksheets {
		worksheets = append(worksheets, s.worksheetJSON(w))
	}
	assets := []any{}
	assetIDs := []any{}
	for _, id := range t.assetIDs {
		assetIDs = append(assetIDs, id)
		if a, ok := s.st.assets[id]; ok {
			assets = append(assets, s.assetJSON(a))
		}
	}
	var cust, ct, tt any
	fields, answers := s.ticketFieldsJSON(s.ticketType(t.f.id("ticket_type_id")))
	if cu, ok := s.st.customers[t.f.id("customer_id")]; ok {
		cust = s.customerJSON(cu, custList)
	}
	if c, ok := s.st.contacts[t.f.id("contact_id")]; ok {
		ct = s.contactJSON(c)
	}
	if typ := s.ticketType(t.f.id("ticket_type_id")); typ != nil {
		tt = s.ticketTypeJSON(typ)
	}
	return extend(o, obj{
		"intake_form_html": nil, "signature_name": t.f["signature_name"], "signature_date": nil,
		"asset_ids": assetIDs, "outtake_form_name": nil, "outtake_form_date": nil, "outtake_form_html": nil,
		"comments": comments, "attachments": attachments, "ticket_timers": timers, "line_items": items,
		"worksheet_results": worksheets, "assets": assets, "appointments": []any{}, "ticket_fields": fields,
		"ticket_answers": answers, "customer": cust, "contact": ct, "ticket_type": tt, "address": nil,
	})
}

// extend adds more's keys to o and returns o.
func extend(o, more obj) obj {
	for k, v := range more {
		o[k] = v
	}
	return o
}

func stringsToAny(ss []string) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

func (s *Server) ticketsOf(customerID int64) []*ticket {
	var out []*ticket
	for _, id := range sortedIDs(s.st.tickets) {
		if t := s.st.tickets[id]; t.f.id("customer_id") == customerID {
			out = append(out, t)
		}
	}
	return out
}

func (s *Server) ticketFromPath(c *call) (*ticket, bool) { return recordAt(c, "id", s.st.tickets) }

// GET /tickets: every documented filter; newest first; meta holds only
// total_pages and page.
func (s *Server) listTickets(c *call) response {
	q := c.q
	if sid := q.Get("ticket_search_id"); sid != "" {
		search := s.savedSearch(sid)
		if search == nil {
			return notFound()
		}
		merged := url.Values{}
		for k, v := range q {
			merged[k] = v
		}
		for k, v := range search.filters {
			merged.Set(k, v)
		}
		q = merged
	}
	var items []*ticket
	ids := sortedIDs(s.st.tickets)
	for i := len(ids) - 1; i >= 0; i-- {
		if t := s.st.tickets[ids[i]]; s.ticketMatches(t, q, c.user) {
			items = append(items, t)
		}
	}
	pg := pageOf(q, ticketDefaultPerPage)
	lo, hi := pg.window(len(items))
	all, _ := castBool(q.Get("all_comments")).(bool)
	out := make([]any, 0, hi-lo)
	for _, t := range items[lo:hi] {
		out = append(out, s.ticketListJSON(t, all))
	}
	return jsonResp(http.StatusOK, obj{"tickets": out, "meta": pg.shortMeta(len(items))})
}

func (s *Server) savedSearch(id string) *savedSearch {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	for i := range s.st.searches {
		if s.st.searches[i].id == n {
			return &s.st.searches[i]
		}
	}
	return nil
}

// ticketMatches applies the list filters. "Not Closed" is the pseudo-status
// for every status but Resolved and Invoiced. Dates that cannot be read
// are ignored.
func (s *Server) ticketMatches(t *ticket, q url.Values, me int64) bool {
	for _, name := range []string{"customer_id", "contact_id", "user_id"} {
		if v := q.Get(name); v != "" {
			if n, ok := castInt(v).(int64); !ok || n != t.f.id(name) {
				return false
			}
		}
	}
	if v := q.Get("number"); v != "" && v != strconv.FormatInt(t.number, 10) {
		return false
	}
	status := t.f.str("status")
	switch v := q.Get("status"); {
	case v == "":
	case strings.EqualFold(v, "Not Closed"):
		if closedStatuses[status] {
			return false
		}
	case !strings.EqualFold(v, status):
		return false
	}
	if mine, _ := castBool(q.Get("mine")).(bool); mine && t.f.id("user_id") != me {
		return false
	}
	if v := q.Get("query"); v != "" {
		hay := []string{t.f.str("subject"), strconv.FormatInt(t.number, 10), t.f.str("problem_type")}
		if n, ok := s.customerName(t.f.id("customer_id")).(string); ok {
			hay = append(hay, n)
		}
		found := false
		for _, h := range hay {
			found = found || containsFold(h, v)
		}
		if !found {
			return false
		}
	}
	after := func(name string, at time.Time, inclusive bool) bool {
		since, ok := castTime(q.Get(name), s.loc)
		if q.Get(name) == "" || !ok {
			return true
		}
		if at.IsZero() {
			return false
		}
		return at.After(since) || (inclusive && at.Equal(since))
	}
	return after("since_updated_at", t.updated, true) && after("created_after", t.created, false) &&
		after("resolved_after", t.resolved, false)
}

// POST /tickets: customer required ({"error": "Customer required field"}),
// subject required; comments_attributes become comments; line_items are
// ignored (OBSERVED); without user_id the ticket is unassigned.
func (s *Server) createTicket(c *call) response {
	cid, ok := c.p.int64("customer_id")
	if _, exists := s.st.customers[cid]; !ok || !exists {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Customer required field"})
	}
	if subject, _ := c.p.text("subject"); strings.TrimSpace(subject) == "" {
		return railsErrors([]string{"Subject can't be blank"}, nil)
	}
	t := s.insertTicket(c.p, c.user, c.now)
	s.st.created["tickets"]++
	return jsonResp(http.StatusOK, obj{"ticket": s.ticketDetailJSON(t)})
}

func (s *Server) insertTicket(p params, creator int64, now time.Time) *ticket {
	t := &ticket{id: s.st.newID("tickets"), f: newRecord(ticketFields), props: map[string]any{}, tags: []string{}, creatorID: creator, created: now, updated: now}
	t.f.assign(ticketFields, p, s.loc)
	if n, ok := p.int64("number"); ok && n > 0 {
		t.number = n
		s.st.number = max(s.st.number, n)
	} else {
		s.st.number++
		t.number = s.st.number
	}
	if t.f.str("status") == "" {
		t.f["status"] = "New"
	}
	if t.f["due_date"] == nil {
		t.f["due_date"] = now
	}
	s.st.tickets[t.id] = t
	s.applyTicketParams(t, p, creator, now, "")
	return t
}

// applyTicketParams writes properties (merged by key), tag_list, asset_ids,
// comments_attributes and the resolved time.
func (s *Server) applyTicketParams(t *ticket, p params, user int64, now time.Time, oldStatus string) {
	if props, ok := p.object("properties"); ok {
		t.props = mergeProps(t.props, props)
	}
	if v, ok := p["tag_list"]; ok {
		t.tags = textList(v)
	}
	if v, ok := p["asset_ids"]; ok {
		t.assetIDs = nil
		for _, x := range anyList(v) {
			if n, ok := castInt(x).(int64); ok {
				t.assetIDs = append(t.assetIDs, n)
			}
		}
	}
	for _, x := range anyList(p["comments_attributes"]) {
		if m, ok := x.(map[string]any); ok {
			s.addComment(t, params(m), user, now)
			s.st.created["comments"]++
		}
	}
	status := t.f.str("status")
	switch {
	case closedStatuses[status] && !closedStatuses[oldStatus]:
		t.resolved = now
	case !closedStatuses[status]:
		t.resolved = time.Time{}
	}
}

// anyList reads a JSON array, or the {"0": {...}, "1": {...}} hash Rails
// forms send for nested attributes, in key order.
func anyList(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, _ := strconv.Atoi(keys[i])
			b, _ := strconv.Atoi(keys[j])
			return a < b
		})
		out := make([]any, 0, len(keys))
		for _, k := range keys {
			out = append(out, x[k])
		}
		return out
	}
	return nil
}

// textList reads a list of strings, or one comma-separated string.
func textList(v any) []string {
	out := []string{}
	if s, ok := v.(string); ok {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out
	}
	for _, x := range anyList(v) {
		if s, _ := castText(x); s != nil && s.(string) != "" {
			out = append(out, s.(string))
		}
	}
	return out
}

// GET /tickets/{id}
func (s *Server) getTicket(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"ticket": s.ticketDetailJSON(t)})
}

// PUT /tickets/{id}: {"ticket": ...}; a blank subject is the
// success/message 422.
func (s *Server) updateTicket(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	if subject, sent := c.p.text("subject"); sent && strings.TrimSpace(subject) == "" {
		return railsErrors([]string{"Subject can't be blank"}, nil)
	}
	if c.p.has("customer_id") {
		cid, ok := c.p.int64("customer_id")
		if _, exists := s.st.customers[cid]; !ok || !exists {
			return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Customer required field"})
		}
	}
	old := t.f.str("status")
	t.f.assign(ticketFields, c.p, s.loc)
	if t.f.str("status") == "" {
		t.f["status"] = old
	}
	if n, ok := c.p.int64("number"); ok && n > 0 {
		t.number = n
	}
	s.applyTicketParams(t, c.p, c.user, c.now, old)
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"ticket": s.ticketDetailJSON(t)})
}

// DELETE /tickets/{id}: the message has Syncro's trailing space.
func (s *Server) deleteTicket(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	delete(s.st.tickets, t.id)
	return jsonResp(http.StatusOK, obj{"message": "Ticket was successfully deleted. "})
}

// defaultLaborProductID is the account's default labor product, which
// timers get when none is given (Syncro auto-assigns it).
const defaultLaborProductID int64 = 1

// GET /tickets/settings: a bare object.
func (s *Server) ticketSettings(*call) response {
	users := []any{}
	for _, id := range sortedIDs(s.st.users) {
		users = append(users, obj{"id": id, "name": s.st.users[id].name})
	}
	types := []any{}
	for i := range s.st.ticketTypes {
		types = append(types, s.ticketTypeJSON(&s.st.ticketTypes[i]))
	}
	fields, answers := s.allTicketFieldsJSON()
	searches := []any{}
	for _, ss := range s.st.searches {
		searches = append(searches, obj{"id": ss.id, "name": ss.name})
	}
	return jsonResp(http.StatusOK, obj{
		"ticket_status_list":               stringsToAny(s.st.statuses),
		"default_labor_product_id":         defaultLaborProductID,
		"ticket_timer_charge_by_default":   nil,
		"saved_searches":                   searches,
		"ticket_types":                     types,
		"ticket_type_fields":               fields,
		"ticket_type_field_answers":        answers,
		"appointment_types":                s.genericJSON("appointment_types", nil),
		"users":                            users,
		"dashboard_settings":               nil,
		"worksheet_templates":              worksheetTemplatesJSON(),
		"require_ticket_type":              nil,
		"require_intake_form_with_ticket":  nil,
		"require_outtake_form_with_ticket": nil,
		"ticket_workflow_default_id":       nil,
	})
}
