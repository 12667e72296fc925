package syncrotest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Purchase order permissions, as Syncro's token editor names them.
const (
	PermPurchaseOrdersList = "Purchase Orders - List/Search"
	PermPurchaseOrdersView = "Purchase Orders - View Details"
	PermPurchaseOrdersEdit = "Purchase Orders - Edit"
)

// purchaseOrderSpec: GET/POST /purchase_orders, GET /purchase_orders/{id},
// POST /purchase_orders/{id}/create_po_line_item and
// /purchase_orders/{id}/receive. Syncro has neither update nor DELETE for
// purchase orders (quirk 11). Money is taken in cents (other_cents,
// shipping_cents) and answered in dollars as JSON numbers; line items
// count in cents. general_notes is accepted and never returned (OBSERVED).
// The number is made from the vendor's name and the date (OBSERVED).
func (s *Server) purchaseOrderSpec() resourceSpec {
	return resourceSpec{
		name: "purchase_orders", path: "/purchase_orders", one: "purchase_order", many: "purchase_orders", idBase: 2_050_000,
		ops:  opList | opGet,
		perm: perms{list: PermPurchaseOrdersList, view: PermPurchaseOrdersView, create: PermPurchaseOrdersEdit, edit: PermPurchaseOrdersEdit},
		fields: []field{
			{"vendor_id", kInt}, {"user_id", kInt}, {"location_id", kInt}, {"number", kText}, {"status", kText},
			{"other_cents", kInt}, {"shipping_cents", kInt}, {"discount_percent", kInt}, {"shipping_notes", kText},
			{"general_notes", kText}, {"delivery_tracking", kText}, {"expected_date", kTime}, {"due_date", kTime},
			{"paid_date", kTime}, {"order_date", kTime},
		},
		perPage:   20,
		shortMeta: true,
		render:    s.renderPurchaseOrder,
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/purchase_orders", PermPurchaseOrdersEdit, s.createPurchaseOrder},
				{http.MethodPost, "/purchase_orders/{id}/create_po_line_item", PermPurchaseOrdersEdit, s.addPOLineItem},
				{http.MethodPost, "/purchase_orders/{id}/receive", PermPurchaseOrdersEdit, s.receivePurchaseOrder},
			}
		},
	}
}

// poLine is a purchase order's line item.
type poLine struct {
	id, productID, quantity, received, costCents int64
	created, updated                             any
}

func (s *Server) poLines(r record) []*poLine {
	lines, _ := r["lines"].([]*poLine)
	return lines
}

func cents(n int64) any { return jsonNumber(decimal.New(n, -2)) }

func (s *Server) poLineJSON(poID int64, l *poLine) obj {
	return obj{
		"id": l.id, "purchase_order_id": poID, "product_id": l.productID, "quantity": l.quantity,
		"cost_cents": l.costCents, "total_cents": l.costCents * l.quantity, "created_at": l.created, "updated_at": l.updated,
		"received": l.received >= l.quantity, "position": nil, "received_quantity": l.received,
		"parent_po_line_item_id": nil, "old_cost_cents": nil,
	}
}

func (s *Server) renderPurchaseOrder(_ *Server, r record, out obj) {
	other, shipping := r.id("other_cents"), r.id("shipping_cents")
	total := other + shipping
	lines := []any{}
	for _, l := range s.poLines(r) {
		total += l.costCents * l.quantity
		lines = append(lines, s.poLineJSON(r.id("id"), l))
	}
	for _, k := range []string{"other_cents", "shipping_cents", "discount_percent", "general_notes", "order_date"} {
		delete(out, k)
	}
	out["other"], out["shipping"], out["total"] = cents(other), cents(shipping), cents(total)
	out["account_subdomain"] = s.subdomain
	out["line_items"] = lines
	out["location"] = nil
	out["vendor"] = nil
	if vs := s.store("vendors"); vs != nil {
		if v, ok := vs.records[r.id("vendor_id")]; ok {
			out["vendor"] = s.renderGeneric(vs, v, true)
		}
	}
}

// POST /purchase_orders: the vendor must exist.
func (s *Server) createPurchaseOrder(c *call) response {
	vid, ok := c.p.int64("vendor_id")
	vs := s.store("vendors")
	var vendor record
	if ok && vs != nil {
		vendor = vs.records[vid]
	}
	if vendor == nil {
		return railsErrors([]string{"Vendor must exist"}, echo(c.p))
	}
	st := s.store("purchase_orders")
	prefix := strings.ToUpper(vendor.str("name"))
	if len(prefix) > 2 {
		prefix = prefix[:2]
	}
	c.p["number"] = prefix + "-" + c.now.In(s.loc).Format("20060102") + "-" + strconv.Itoa(len(st.records)+1)
	c.p["status"] = "Open"
	if !c.p.has("user_id") {
		c.p["user_id"] = c.user
	}
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusOK, obj{"purchase_order": s.renderGeneric(st, r, true)})
}

// POST /purchase_orders/{id}/create_po_line_item {product_id, quantity}:
// {"po_line_item": {...}}. Where the fake stores products, the product
// must exist and maintain stock, or the 422 Syncro sends (OBSERVED).
func (s *Server) addPOLineItem(c *call) response {
	st := s.store("purchase_orders")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	pid, ok := c.p.int64("product_id")
	if !ok || pid <= 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"errors": "Product can't be blank"})
	}
	var cost int64
	if ps := s.store("products"); ps != nil {
		p, found := ps.records[pid]
		if !found || !p.flag("maintain_stock") {
			return jsonResp(http.StatusUnprocessableEntity, obj{"errors": "Error adding that item  - please ensure that the item you are trying to add is set to \u2018Maintain Stock\u2019."})
		}
		if d, ok := p["price_cost"].(decimal.Decimal); ok {
			cost = d.Shift(2).IntPart()
		}
	}
	qty, ok := c.p.int64("quantity")
	if !ok || qty <= 0 {
		qty = 1
	}
	s.st.next["po_line_items"]++
	l := &poLine{id: 8_712_000 + s.st.next["po_line_items"], productID: pid, quantity: qty, costCents: cost, created: s.ts(c.now), updated: s.ts(c.now)}
	r["lines"] = append(s.poLines(r), l)
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"po_line_item": s.poLineJSON(r.id("id"), l)})
}

// POST /purchase_orders/{id}/receive {line_item_id}: the line is received
// in full; once every line is, the order is "Received".
func (s *Server) receivePurchaseOrder(c *call) response {
	st := s.store("purchase_orders")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	lid, _ := c.p.int64("line_item_id")
	var line *poLine
	for _, l := range s.poLines(r) {
		if l.id == lid {
			line = l
		}
	}
	if line == nil {
		return notFound()
	}
	line.received = line.quantity
	line.updated = s.ts(c.now)
	all := true
	for _, l := range s.poLines(r) {
		all = all && l.received >= l.quantity
	}
	if all {
		r["status"] = "Received"
	}
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"purchase_order": s.renderGeneric(st, r, true)})
}
