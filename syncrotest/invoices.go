package syncrotest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Billing permissions, as Syncro's token editor and the OpenAPI document's
// "Required permission" lines name them.
const (
	PermInvoicesList   = "Invoices - List/Search"
	PermInvoicesView   = "Invoices - View Details"
	PermInvoicesCreate = "Invoices - Create"
	PermInvoicesEdit   = "Invoices - Edit"
	PermInvoicesDelete = "Invoices - Delete"
	// PermGlobalAdmin is what GET /line_items requires.
	PermGlobalAdmin = "Global Admin"
)

// invoiceSpec: invoices with their lines (stored as line_items, shared
// with estimates), totals computed from the lines and sent as strings
// ("0.0"), the {total_pages, page} meta, and the quirks: line_items in a
// create body are ignored; GET /invoices/{id} also accepts the number;
// DELETE answers 200 even when it does not delete (a paid invoice stays).
func (s *Server) invoiceSpec() resourceSpec {
	return resourceSpec{
		name: "invoices", path: "/invoices", one: "invoice", many: "invoices", idBase: 1_649_000_000,
		ops:  opList | opCreate | opUpdate,
		perm: perms{list: PermInvoicesList, view: PermInvoicesView, create: PermInvoicesCreate, edit: PermInvoicesEdit, delete: PermInvoicesDelete},
		fields: []field{
			{"customer_id", kInt}, {"number", kText}, {"date", kTime}, {"due_date", kTime}, {"ticket_id", kInt},
			{"location_id", kInt}, {"po_number", kText}, {"contact_id", kInt}, {"note", kText}, {"hardwarecost", kMoney},
			{"user_id", kInt}, {"is_paid", kBool}, {"tech_marked_paid", kBool},
		},
		require:   []string{"customer_id", "number", "date"},
		shortMeta: true,
		seed:      func(s *Server) { s.seedInvoices() },
		validate: func(s *Server, c *call) []string {
			if id, ok := c.p.int64("customer_id"); ok && s.st.customers[id] == nil {
				return []string{"Customer must exist"}
			}
			return nil
		},
		created: func(s *Server, c *call, r record) {
			if r["due_date"] == nil {
				r["due_date"] = r["date"]
			}
			if r["user_id"] == nil {
				r["user_id"] = c.user
			}
		},
		filter: func(q url.Values, r record) bool {
			if v := q.Get("paid"); v != "" && castBool(v) == true && !r.flag("is_paid") {
				return false
			}
			if v := q.Get("unpaid"); v != "" && castBool(v) == true && r.flag("is_paid") {
				return false
			}
			if v := q.Get("ticket_id"); v != "" {
				if n, ok := castInt(v).(int64); !ok || n != r.id("ticket_id") {
					return false
				}
			}
			if v := q.Get("since_updated_at"); v != "" {
				if t, ok := castTime(v, s.loc); ok && r.time("updated_at").Before(t) {
					return false
				}
			}
			return true
		},
		render: func(s *Server, r record, out obj) {
			sub, tax := s.lineTotals("invoice_id", r.id("id"))
			out["subtotal"], out["tax"], out["total"] = railsDecimal(sub), railsDecimal(tax), railsDecimal(sub.Add(tax))
			out["customer_business_then_name"] = nil
			if cu := s.st.customers[r.id("customer_id")]; cu != nil {
				out["customer_business_then_name"] = cu.businessThenName()
			}
			out["verified_paid"], out["pdf_url"] = false, nil
			out["is_paid"] = r.flag("is_paid")
		},
		detailOnly: func(s *Server, r record, out obj) {
			out["date_received"] = nil
			if cu := s.st.customers[r.id("customer_id")]; cu != nil {
				out["customer"] = s.customerJSON(cu, custList)
			}
			out["line_items"] = s.linesJSON("invoice_id", r.id("id"))
			out["payments"] = s.paymentsOf(r.id("id"))
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodGet, "/invoices/{id}", PermInvoicesView, s.getInvoice},
				{http.MethodDelete, "/invoices/{id}", PermInvoicesDelete, s.deleteInvoice},
				{http.MethodGet, "/invoices/{id}/ticket", PermInvoicesView, s.invoiceTicket},
				{http.MethodPost, "/invoices/{id}/print", PermInvoicesView, s.invoiceQueued("Invoice print job queued")},
				{http.MethodPost, "/invoices/{id}/email", PermInvoicesView, s.invoiceQueued("Invoice email sent")},
				{http.MethodPost, "/invoices/{id}/line_items", PermInvoicesEdit, s.addInvoiceLine},
				{http.MethodPut, "/invoices/{id}/line_items/{line_item_id}", PermInvoicesEdit, s.updateInvoiceLine},
				{http.MethodDelete, "/invoices/{id}/line_items/{line_item_id}", PermInvoicesEdit, s.deleteInvoiceLine},
			}
		},
	}
}

// lineItemSpec: the lines of invoices and estimates, listed account-wide by
// GET /line_items (Global Admin) with its four-field meta, 100 a page;
// money and quantities are strings ("10.0", "64.99", "1.0").
func (s *Server) lineItemSpec() resourceSpec {
	return resourceSpec{
		name: "line_items", path: "/line_items", many: "line_items", idBase: 123_000_000,
		ops:  opList,
		perm: perms{list: PermGlobalAdmin},
		fields: []field{
			{"invoice_id", kInt}, {"estimate_id", kInt}, {"item", kText}, {"name", kText}, {"cost", kMoney}, {"price", kMoney},
			{"quantity", kMoney}, {"product_id", kInt}, {"taxable", kBool}, {"discount_percent", kMoney}, {"position", kInt},
			{"invoice_bundle_id", kInt}, {"discount_dollars", kMoney}, {"product_category", kText}, {"tax_note", kText},
			{"tax_rate_id", kInt}, {"user_id", kInt}, {"upc_code", kText},
		},
		perPage: 100,
		filter: func(q url.Values, r record) bool {
			for _, k := range []string{"invoice_id", "estimate_id"} {
				if v := q.Get(k); v != "" {
					if n, ok := castInt(v).(int64); !ok || n != r.id(k) {
						return false
					}
				}
				if v := q.Get(k + "_not_null"); v != "" && castBool(v) == true && r[k] == nil {
					return false
				}
			}
			return true
		},
	}
}

// lines returns the live line items whose key (invoice_id, estimate_id)
// is id, in position order.
func (s *Server) lines(key string, id int64) []record {
	var out []record
	for _, r := range s.st.generic["line_items"].live() {
		if r.id(key) == id && r[key] != nil {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) linesJSON(key string, id int64) []any {
	st := s.st.generic["line_items"]
	out := []any{}
	for _, r := range s.lines(key, id) {
		out = append(out, s.renderGeneric(st, r, true))
	}
	return out
}

// lineTotals sums quantity times price of the lines, less discounts; the
// fake charges no tax.
func (s *Server) lineTotals(key string, id int64) (sub, tax decimal.Decimal) {
	for _, r := range s.lines(key, id) {
		q, _ := r["quantity"].(decimal.Decimal)
		p, _ := r["price"].(decimal.Decimal)
		amt := q.Mul(p)
		if d, ok := r["discount_dollars"].(decimal.Decimal); ok {
			amt = amt.Sub(d)
		}
		sub = sub.Add(amt)
	}
	return sub, decimal.Zero
}

// invoiceAt finds the invoice of the {id} path variable, by id or, as
// Syncro does, by number.
func (s *Server) invoiceAt(c *call) (record, bool) {
	st := s.st.generic["invoices"]
	if r, ok := st.lookup(c); ok {
		return r, true
	}
	want := c.vars["id"]
	for _, r := range st.live() {
		if r.str("number") == want {
			return r, true
		}
	}
	return nil, false
}

// GET /invoices/{id}: the id, or the invoice number.
func (s *Server) getInvoice(c *call) response {
	r, ok := s.invoiceAt(c)
	if !ok {
		return notFound()
	}
	st := s.st.generic["invoices"]
	return jsonResp(http.StatusOK, st.one(s.renderGeneric(st, r, true)))
}

// DELETE /invoices/{id}: "Returns 200 even if the delete fails" (spec).
// Which deletes fail is not documented; the fake refuses to delete a paid
// invoice, and the answer does not say so.
func (s *Server) deleteInvoice(c *call) response {
	st := s.st.generic["invoices"]
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	if !r.flag("is_paid") {
		for _, li := range s.lines("invoice_id", r.id("id")) {
			delete(s.st.generic["line_items"].records, li.id("id"))
		}
		delete(st.records, r.id("id"))
	}
	return jsonResp(http.StatusOK, obj{"message": "Invoice was deleted."})
}

// GET /invoices/{id}/ticket
func (s *Server) invoiceTicket(c *call) response {
	r, ok := s.invoiceAt(c)
	if !ok {
		return notFound()
	}
	t := s.st.tickets[r.id("ticket_id")]
	if t == nil {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"ticket": s.ticketDetailJSON(t)})
}

// POST /invoices/{id}/print and /email.
func (s *Server) invoiceQueued(msg string) func(*call) response {
	return func(c *call) response {
		if _, ok := s.invoiceAt(c); !ok {
			return notFound()
		}
		return jsonResp(http.StatusOK, obj{"message": msg})
	}
}

// addLine stores a new line on an invoice or estimate. With a product_id
// the line is filled from the product (OBSERVED: product_id and quantity
// suffice); without one it needs an item and a name.
func (s *Server) addLine(c *call, key string, owner int64) (record, []string) {
	p := params{}
	for k, v := range c.p {
		p[k] = v
	}
	delete(p, "id")
	if pid, ok := p.int64("product_id"); ok {
		prod, found := s.st.generic["products"].records[pid]
		if !found {
			return nil, []string{"Product must exist"}
		}
		for wire, from := range map[string]string{"item": "name", "name": "description", "product_category": "product_category"} {
			if !p.has(wire) {
				p[wire] = prod[from]
			}
		}
		for wire, from := range map[string]string{"price": "price_retail", "cost": "price_cost"} {
			if !p.has(wire) {
				if d, ok := prod[from].(decimal.Decimal); ok {
					p[wire] = d.String()
				}
			}
		}
		if !p.has("taxable") {
			p["taxable"] = prod["taxable"]
		}
	}
	var msgs []string
	for _, k := range []string{"item", "name"} {
		if v, _ := p.text(k); strings.TrimSpace(v) == "" {
			msgs = append(msgs, humanize(k)+" can't be blank")
		}
	}
	if len(msgs) > 0 {
		return nil, msgs
	}
	if !p.has("quantity") {
		p["quantity"] = "1"
	}
	p[key] = owner
	st := s.st.generic["line_items"]
	r := s.insertGeneric(st, p, c.now)
	r["position"] = int64(len(s.lines(key, owner)))
	return r, nil
}

// POST /invoices/{id}/line_items: the line and the invoice. The spec shows
// no body for this answer; the fake answers as the estimates' twin route
// does ({"invoice": ..., "line_item": ...}), and the client reads either
// that or a bare line.
func (s *Server) addInvoiceLine(c *call) response {
	inv, ok := s.invoiceAt(c)
	if !ok {
		return notFound()
	}
	li, msgs := s.addLine(c, "invoice_id", inv.id("id"))
	if msgs != nil {
		return jsonResp(http.StatusUnprocessableEntity, obj{"errors": strings.Join(msgs, ", ")})
	}
	inv["updated_at"] = c.now
	st := s.st.generic["invoices"]
	return jsonResp(http.StatusOK, obj{"invoice": s.renderGeneric(st, inv, false), "line_item": s.renderGeneric(s.st.generic["line_items"], li, true)})
}

// lineOf finds the {line_item_id} line of the owner.
func (s *Server) lineOf(c *call, key string, owner int64) (record, bool) {
	id, ok := c.pathID("line_item_id")
	if !ok {
		return nil, false
	}
	r, ok := s.st.generic["line_items"].records[id]
	if !ok || r.id(key) != owner {
		return nil, false
	}
	return r, true
}

// PUT /invoices/{id}/line_items/{line_item_id}
func (s *Server) updateInvoiceLine(c *call) response {
	inv, ok := s.invoiceAt(c)
	if !ok {
		return notFound()
	}
	li, ok := s.lineOf(c, "invoice_id", inv.id("id"))
	if !ok {
		return notFound()
	}
	return s.updateLine(c, li, inv)
}

func (s *Server) updateLine(c *call, li, owner record) response {
	p := params{}
	for k, v := range c.p {
		if k != "id" && k != "line_item_id" && k != "invoice_id" && k != "estimate_id" {
			p[k] = v
		}
	}
	st := s.st.generic["line_items"]
	assignGeneric(li, st.spec.fields, p, s.loc)
	li["updated_at"], owner["updated_at"] = c.now, c.now
	return jsonResp(http.StatusOK, obj{"line_item": s.renderGeneric(st, li, true)})
}

// DELETE /invoices/{id}/line_items/{line_item_id}: the invoice, with its
// recalculated totals (OBSERVED).
func (s *Server) deleteInvoiceLine(c *call) response {
	inv, ok := s.invoiceAt(c)
	if !ok {
		return notFound()
	}
	li, ok := s.lineOf(c, "invoice_id", inv.id("id"))
	if !ok {
		return notFound()
	}
	delete(s.st.generic["line_items"].records, li.id("id"))
	inv["updated_at"] = c.now
	st := s.st.generic["invoices"]
	return jsonResp(http.StatusOK, obj{"invoice": s.renderGeneric(st, inv, false)})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
