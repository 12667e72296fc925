package syncrotest

import (
	"net/http"
	"net/url"
	"strings"
)

// Estimate permissions.
const (
	PermEstimatesList   = "Estimates - List/Search"
	PermEstimatesView   = "Estimates - View Details"
	PermEstimatesCreate = "Estimates - Create"
	PermEstimatesEdit   = "Estimates - Edit"
	PermEstimatesDelete = "Estimates - Delete"
)

// estimateSpec: estimates, their lines in line_items, money as strings,
// the {total_pages, page} meta, 50 a page. Quirks: line_items in a create
// body are ignored; note is stored but not returned by GET (only by the
// answer to adding a line); adding a line answers the estimate and the
// line; deleting a line answers the estimate.
func (s *Server) estimateSpec() resourceSpec {
	return resourceSpec{
		name: "estimates", path: "/estimates", one: "estimate", many: "estimates", idBase: 23_900_000,
		ops:  opList | opGet | opUpdate | opDelete, // POST: createEstimate
		perm: perms{list: PermEstimatesList, view: PermEstimatesView, create: PermEstimatesCreate, edit: PermEstimatesEdit, delete: PermEstimatesDelete},
		fields: []field{
			{"customer_id", kInt}, {"name", kText}, {"number", kText}, {"status", kText}, {"date", kTime},
			{"ticket_id", kInt}, {"location_id", kInt}, {"note", kText}, {"contact_id", kInt}, {"invoice_id", kInt},
		},
		require:   []string{"customer_id", "date"},
		perPage:   50,
		shortMeta: true,
		validate: func(s *Server, c *call) []string {
			if v, ok := c.p.text("status"); ok && v != "" {
				for _, ok := range []string{"Fresh", "Draft", "Approved", "Declined"} {
					if strings.EqualFold(v, ok) {
						return nil
					}
				}
				return []string{"Status is not included in the list"}
			}
			return nil
		},
		created: func(s *Server, c *call, r record) {
			if r["status"] == nil {
				r["status"] = "Fresh"
			}
			if r["number"] == nil {
				r["number"] = itoa(r.id("id") % 100_000)
			}
		},
		filter: func(q url.Values, r record) bool {
			if v := q.Get("status"); v != "" && !strings.EqualFold(v, r.str("status")) {
				return false
			}
			return true
		},
		render: func(s *Server, r record, out obj) {
			sub, tax := s.lineTotals("estimate_id", r.id("id"))
			out["subtotal"], out["tax"], out["total"] = railsDecimal(sub), railsDecimal(tax), railsDecimal(sub.Add(tax))
			out["customer_business_then_name"] = nil
			if cu := s.st.customers[r.id("customer_id")]; cu != nil {
				out["customer_business_then_name"] = cu.businessThenName()
			}
			out["pdf_url"], out["employee"] = nil, "owner@syncrotest.example"
			delete(out, "note") // stored, not returned (OBSERVED)
		},
		detailOnly: func(s *Server, r record, out obj) {
			out["line_items"] = s.linesJSON("estimate_id", r.id("id"))
		},
		extra: func(s *Server) []routeDef {
			queued := func(c *call) response {
				if _, ok := s.st.generic["estimates"].lookup(c); !ok {
					return notFound()
				}
				return jsonResp(http.StatusOK, obj{"message": "We queued up a print job"})
			}
			return []routeDef{
				{http.MethodPost, "/estimates", PermEstimatesCreate, s.createEstimate},
				{http.MethodPost, "/estimates/{id}/print", PermEstimatesView, queued},
				{http.MethodPost, "/estimates/{id}/email", PermEstimatesView, queued},
				{http.MethodPost, "/estimates/{id}/line_items", PermEstimatesEdit, s.addEstimateLine},
				{http.MethodPut, "/estimates/{id}/line_items/{line_item_id}", PermEstimatesEdit, s.updateEstimateLine},
				{http.MethodDelete, "/estimates/{id}/line_items/{line_item_id}", PermEstimatesEdit, s.deleteEstimateLine},
				{http.MethodPost, "/estimates/{id}/convert_to_invoice", PermInvoicesCreate, s.convertEstimate},
			}
		},
	}
}

// POST /estimates/{id}/line_items: the estimate (note included) and the line.
func (s *Server) addEstimateLine(c *call) response {
	st := s.st.generic["estimates"]
	est, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	li, msgs := s.addLine(c, "estimate_id", est.id("id"))
	if msgs != nil {
		return jsonResp(http.StatusUnprocessableEntity, obj{"errors": "validation error: " + strings.Join(msgs, ", ")})
	}
	est["updated_at"] = c.now
	e := s.renderGeneric(st, est, false)
	e["note"] = est["note"]
	return jsonResp(http.StatusOK, obj{"estimate": e, "line_item": s.renderGeneric(s.st.generic["line_items"], li, true)})
}

// PUT /estimates/{id}/line_items/{line_item_id}
func (s *Server) updateEstimateLine(c *call) response {
	est, ok := s.st.generic["estimates"].lookup(c)
	if !ok {
		return notFound()
	}
	li, ok := s.lineOf(c, "estimate_id", est.id("id"))
	if !ok {
		return notFound()
	}
	return s.updateLine(c, li, est)
}

// DELETE /estimates/{id}/line_items/{line_item_id}: the estimate.
func (s *Server) deleteEstimateLine(c *call) response {
	st := s.st.generic["estimates"]
	est, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	li, ok := s.lineOf(c, "estimate_id", est.id("id"))
	if !ok {
		return notFound()
	}
	delete(s.st.generic["line_items"].records, li.id("id"))
	est["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"estimate": s.renderGeneric(st, est, false)})
}

// POST /estimates/{id}/convert_to_invoice: a new invoice with copies of
// the estimate's lines; 422 {"error": ...} for an estimate without lines.
func (s *Server) convertEstimate(c *call) response {
	est, ok := s.st.generic["estimates"].lookup(c)
	if !ok {
		return notFound()
	}
	lines := s.lines("estimate_id", est.id("id"))
	if len(lines) == 0 {
		return jsonResp(http.StatusUnprocessableEntity, obj{"error": "Validation failed: Item can't be blank, Name can't be blank"})
	}
	invs := s.st.generic["invoices"]
	inv := s.insertGeneric(invs, params{"customer_id": est["customer_id"], "ticket_id": est["ticket_id"]}, c.now)
	inv["date"], inv["due_date"], inv["user_id"] = c.now, c.now, c.user
	inv["number"] = itoa(inv.id("id") % 100_000)
	lst := s.st.generic["line_items"]
	for _, li := range lines {
		cp := s.insertGeneric(lst, params{}, c.now)
		for k, v := range li {
			if k != "id" && k != "created_at" && k != "updated_at" && k != "estimate_id" {
				cp[k] = v
			}
		}
		cp["invoice_id"] = inv.id("id")
	}
	est["invoice_id"], est["status"], est["updated_at"] = inv.id("id"), "Approved", c.now
	return jsonResp(http.StatusOK, obj{"invoice": s.renderGeneric(invs, inv, false)})
}

// POST /estimates: a missing customer or date is answered with Rails'
// bare field map ({"customer_id": ["can't be blank"], ...}), the shape the
// spec documents for estimates; the rest is the generic create.
func (s *Server) createEstimate(c *call) response {
	errs := obj{}
	for _, k := range []string{"customer_id", "date"} {
		if v, _ := castText(c.p[k]); v == nil || strings.TrimSpace(v.(string)) == "" {
			errs[k] = []string{"can't be blank"}
		}
	}
	if len(errs) > 0 {
		return jsonResp(http.StatusUnprocessableEntity, errs)
	}
	return s.genericCreate(s.st.generic["estimates"], c)
}
