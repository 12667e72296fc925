package syncrotest

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// comment is one entry of a ticket's thread.
type comment struct {
	id       int64
	ticketID int64
	subject  string
	body     string
	tech     any // string or nil
	hidden   bool
	userID   int64
	created  time.Time
	updated  time.Time
}

// commentJSON renders a comment; the GET /tickets/{id}/comments shape adds
// is_rich_text and the user object ({} when there is none).
func (s *Server) commentJSON(cm *comment, thread bool) obj {
	var uid any
	if cm.userID != 0 {
		uid = cm.userID
	}
	o := obj{
		"id": cm.id, "created_at": s.ts(cm.created), "updated_at": s.ts(cm.updated), "ticket_id": cm.ticketID,
		"subject": cm.subject, "body": cm.body, "tech": cm.tech, "hidden": cm.hidden, "user_id": uid,
	}
	if thread {
		o["is_rich_text"] = false
		if u, ok := s.st.users[cm.userID]; ok {
			o["user"] = s.userJSON(u)
		} else {
			o["user"] = obj{}
		}
	}
	return o
}

func (t *ticket) commentsOldestFirst() []*comment {
	out := append([]*comment(nil), t.comments...)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].created.Equal(out[j].created) {
			return out[i].created.Before(out[j].created)
		}
		return out[i].id < out[j].id
	})
	return out
}

func (t *ticket) commentsNewestFirst() []*comment {
	out := t.commentsOldestFirst()
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// addComment appends a comment. tech defaults to the token user's name;
// do_not_email and sms_body are accepted and not stored (write-only).
func (s *Server) addComment(t *ticket, p params, user int64, now time.Time) *comment {
	subject, _ := p.text("subject")
	body, _ := p.text("body")
	tech, _ := castText(p["tech"])
	if tech == nil || tech == "" {
		tech = nilIfEmpty(s.userName(user))
	}
	hidden, _ := castBool(p["hidden"]).(bool)
	cm := &comment{id: s.st.newID("comments"), ticketID: t.id, subject: subject, body: body, tech: tech, hidden: hidden, userID: user, created: now, updated: now}
	t.comments = append(t.comments, cm)
	t.updated = now
	return cm
}

// commentsDefaultPerPage is documented for GET /tickets/{id}/comments.
const commentsDefaultPerPage = 10

// GET /tickets/{id}/comments: newest first unless sort_direction=ASC;
// sort_by created_at or updated_at; created/updated before/after filters;
// meta {total_pages, page, per_page}.
func (s *Server) listComments(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	bound := func(name string) (time.Time, bool) { return castTime(c.q.Get(name), s.loc) }
	var items []*comment
	for _, cm := range t.comments {
		keep := true
		if at, ok := bound("created_after"); ok && !cm.created.After(at) {
			keep = false
		}
		if at, ok := bound("created_before"); ok && !cm.created.Before(at) {
			keep = false
		}
		if at, ok := bound("updated_after"); ok && !cm.updated.After(at) {
			keep = false
		}
		if at, ok := bound("updated_before"); ok && !cm.updated.Before(at) {
			keep = false
		}
		if keep {
			items = append(items, cm)
		}
	}
	byUpdated := c.q.Get("sort_by") == "updated_at"
	asc := strings.EqualFold(c.q.Get("sort_direction"), "ASC")
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].created, items[j].created
		if byUpdated {
			a, b = items[i].updated, items[j].updated
		}
		if a.Equal(b) {
			return (items[i].id < items[j].id) == asc
		}
		return a.Before(b) == asc
	})
	pg := pageOf(c.q, commentsDefaultPerPage)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, cm := range items[lo:hi] {
		out = append(out, s.commentJSON(cm, true))
	}
	return jsonResp(http.StatusOK, obj{"comments": out, "meta": obj{"total_pages": pg.totalPages(len(items)), "page": pg.page, "per_page": pg.perPage}})
}

// POST /tickets/{id}/comment: subject and body required (422
// {"success": false, "message": [...]}); answers {"comment": ...}.
func (s *Server) createComment(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	var msgs []string
	if body, _ := c.p.text("body"); strings.TrimSpace(body) == "" {
		msgs = append(msgs, "Body can't be blank")
	}
	if subject, _ := c.p.text("subject"); strings.TrimSpace(subject) == "" {
		msgs = append(msgs, "Subject can't be blank")
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, nil)
	}
	cm := s.addComment(t, c.p, c.user, c.now)
	s.st.created["comments"]++
	return jsonResp(http.StatusOK, obj{"comment": s.commentJSON(cm, false)})
}

// lineItem is a ticket line item.
type lineItem struct {
	id          int64
	ticketID    int64
	userID      any
	productID   any
	name        string
	description string
	quantity    decimal.Decimal
	cost        *decimal.Decimal // nil: cost_cents null, price_cost 0
	retail      *decimal.Decimal
	upcCode     any
	taxable     bool
	position    int
	created     time.Time
	updated     time.Time
}

// lineItemJSON renders a line item with Syncro's mixed units: quantity a
// decimal string, cost_cents/retail_cents integers, price_cost/price_retail
// numbers.
func (s *Server) lineItemJSON(li *lineItem) obj {
	cents := func(d *decimal.Decimal) any {
		if d == nil {
			return nil
		}
		return d.Mul(decimal.NewFromInt(100)).Round(0).IntPart()
	}
	price := func(d *decimal.Decimal) any {
		if d == nil {
			return 0
		}
		return s.wire(*d)
	}
	return obj{
		"id": li.id, "ticket_id": li.ticketID, "user_id": li.userID, "product_id": li.productID,
		"name": li.name, "description": li.description, "quantity": railsDecimal(li.quantity),
		"product_category": nil, "upc_code": li.upcCode, "taxable": li.taxable,
		"cost_cents": cents(li.cost), "retail_cents": cents(li.retail),
		"created_at": s.ts(li.created), "updated_at": s.ts(li.updated), "converted": false, "item_id": nil,
		"position": li.position, "estimate_line_item_id": nil, "old_price": nil, "line_discount_percent": nil,
		"discount_dollars": nil, "original_ticket_line_item_id": nil,
		"price_cost": price(li.cost), "price_retail": price(li.retail),
	}
}

// applyLineItem writes the fields of add_line_item/update_line_item.
func applyLineItem(li *lineItem, p params) {
	if v, ok := p.text("name"); ok {
		li.name = v
	}
	if v, ok := p.text("description"); ok {
		li.description = v
	}
	if d, ok := castDecimal(p["quantity"]); ok {
		li.quantity = d
	}
	if d, ok := castDecimal(p["price_cost"]); ok {
		li.cost = &d
	}
	if d, ok := castDecimal(p["price_retail"]); ok {
		li.retail = &d
	}
	if p.has("product_id") {
		li.productID = castInt(p["product_id"])
	}
	if p.has("upc_code") {
		li.upcCode, _ = castText(p["upc_code"])
	}
	if b, ok := castBool(p["taxable"]).(bool); ok {
		li.taxable = b
	}
}

// lineItemErrors is add_line_item's 422: name and description are required
// even with a product_id.
func lineItemErrors(li *lineItem) (response, bool) {
	var msgs []string
	if strings.TrimSpace(li.name) == "" {
		msgs = append(msgs, "Name can't be blank")
	}
	if strings.TrimSpace(li.description) == "" {
		msgs = append(msgs, "Description can't be blank")
	}
	if len(msgs) == 0 {
		return response{}, false
	}
	return jsonResp(http.StatusUnprocessableEntity, obj{"errors": strings.Join(msgs, ", "), "params": obj{}}), true
}

func (s *Server) insertLineItem(t *ticket, li *lineItem, now time.Time) {
	li.id, li.ticketID, li.created, li.updated = s.st.newID("line_items"), t.id, now, now
	li.position = len(t.lineItems) + 1
	if n := len(t.lineItems); n > 0 {
		li.position = t.lineItems[n-1].position + 1
	}
	t.lineItems = append(t.lineItems, li)
	t.updated = now
}

// POST /tickets/{id}/add_line_item: the bare line item.
func (s *Server) addLineItem(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	li := &lineItem{userID: c.user, quantity: decimal.NewFromInt(1), taxable: true}
	applyLineItem(li, c.p)
	if resp, bad := lineItemErrors(li); bad {
		return resp
	}
	s.insertLineItem(t, li, c.now)
	s.st.created["line_items"]++
	return jsonResp(http.StatusOK, s.lineItemJSON(li))
}

func (t *ticket) lineItem(p params) (int, bool) {
	id, ok := p.int64("ticket_line_item_id")
	if !ok {
		return 0, false
	}
	for i, li := range t.lineItems {
		if li.id == id {
			return i, true
		}
	}
	return 0, false
}

// PUT /tickets/{id}/update_line_item: {"ticket_line_item": ...}.
func (s *Server) updateLineItem(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	i, ok := t.lineItem(c.p)
	if !ok {
		return notFound()
	}
	draft := *t.lineItems[i]
	applyLineItem(&draft, c.p)
	if resp, bad := lineItemErrors(&draft); bad {
		return resp
	}
	draft.updated = c.now
	*t.lineItems[i] = draft
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"ticket_line_item": s.lineItemJSON(&draft)})
}

// POST /tickets/{id}/remove_line_item (a POST, not a DELETE).
func (s *Server) removeLineItem(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	i, ok := t.lineItem(c.p)
	if !ok {
		return notFound()
	}
	t.lineItems = append(t.lineItems[:i], t.lineItems[i+1:]...)
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"success": true, "message": ""})
}
