package syncrotest

import (
	"encoding/json"
	"net/http"
	"sort"

	"github.com/shopspring/decimal"
)

// Payment permissions.
const (
	PermPaymentsList   = "Payments - View List"
	PermPaymentsCreate = "Payments - Create"
)

// paymentSpec: payments are created in cents (amount_cents) and answered
// in dollars (payment_amount, a number); apply_payments spreads one over
// invoices ({"invoice id": cents}, OBSERVED); invoice_ids is [null] for a
// payment applied to none. No update, no delete (quirk 11).
func (s *Server) paymentSpec() resourceSpec {
	return resourceSpec{
		name: "payments", path: "/payments", one: "payment", many: "payments", idBase: 44_000_000,
		ops:  opList | opGet | opCreate,
		perm: perms{list: PermPaymentsList, view: PermPaymentsList, create: PermPaymentsCreate},
		fields: []field{
			{"customer_id", kInt}, {"invoice_id", kInt}, {"invoice_number", kText}, {"amount_cents", kInt},
			{"payment_method", kText}, {"ref_num", kText}, {"register_id", kInt}, {"signature_name", kText},
			{"signature_date", kTime}, {"address_street", kText}, {"address_city", kText}, {"address_zip", kText},
			{"apply_payments", kRaw},
		},
		shortMeta: true,
		validate: func(s *Server, c *call) []string {
			var msgs []string
			switch v := c.p["amount_cents"].(type) {
			case json.Number:
				if _, err := v.Int64(); err != nil {
					msgs = append(msgs, "Amount cents must be an integer")
				} else if n, _ := v.Int64(); n <= 0 {
					msgs = append(msgs, "Amount cents must be greater than 0")
				}
			default:
				msgs = append(msgs, "Amount cents can't be blank")
			}
			cid, hasCustomer := c.p.int64("customer_id")
			if hasCustomer && s.st.customers[cid] == nil {
				msgs = append(msgs, "Customer must exist")
			}
			if id, ok := c.p.int64("invoice_id"); ok && s.st.generic["invoices"].records[id] == nil {
				msgs = append(msgs, "Invoice must exist")
			}
			if !hasCustomer && !c.p.has("invoice_id") && !c.p.has("invoice_number") {
				msgs = append(msgs, "Customer can't be blank")
			}
			return msgs
		},
		created: func(s *Server, c *call, r record) {
			invs := s.st.generic["invoices"]
			if r["customer_id"] == nil {
				if inv := invs.records[r.id("invoice_id")]; inv != nil {
					r["customer_id"] = inv["customer_id"]
				}
			}
			for _, id := range s.paymentInvoices(r) {
				if inv := invs.records[id]; inv != nil {
					sub, tax := s.lineTotals("invoice_id", id)
					if s.paidOn(id).GreaterThanOrEqual(sub.Add(tax)) {
						inv["is_paid"] = true
					}
				}
			}
		},
		render: func(s *Server, r record, out obj) {
			out["success"] = true
			out["payment_amount"] = json.Number(decimal.New(r.id("amount_cents"), -2).String())
			ids := []any{}
			for _, id := range s.paymentInvoices(r) {
				ids = append(ids, id)
			}
			if len(ids) == 0 {
				ids = []any{nil}
			}
			out["invoice_ids"] = ids
			out["applied_at"] = s.ts(r.time("created_at").Truncate(24 * 60 * 60 * 1e9))
			out["transaction_response"] = nil
			for _, k := range []string{"amount_cents", "apply_payments", "invoice_id", "invoice_number", "register_id",
				"signature_name", "address_street", "address_city", "address_zip", "customer_id"} {
				delete(out, k)
			}
			if cu := s.st.customers[r.id("customer_id")]; cu != nil {
				out["customer"] = s.customerJSON(cu, custList)
			}
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{{http.MethodGet, "/payment_methods", "", s.paymentMethods}}
		},
	}
}

// paymentInvoices returns the invoices a payment applies to.
func (s *Server) paymentInvoices(r record) []int64 {
	var ids []int64
	if m, ok := r["apply_payments"].(map[string]any); ok {
		for k := range m {
			if n, ok := castInt(k).(int64); ok {
				ids = append(ids, n)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids
	}
	if id := r.id("invoice_id"); id != 0 {
		return []int64{id}
	}
	if num := r.str("invoice_number"); num != "" {
		for _, inv := range s.st.generic["invoices"].live() {
			if inv.str("number") == num {
				return []int64{inv.id("id")}
			}
		}
	}
	return nil
}

// paidOn sums, in dollars, what the payments applied to an invoice.
func (s *Server) paidOn(invoiceID int64) decimal.Decimal {
	var cents int64
	for _, p := range s.st.generic["payments"].live() {
		if m, ok := p["apply_payments"].(map[string]any); ok {
			if n, ok := castInt(m[itoa(invoiceID)]).(int64); ok {
				cents += n
			}
			continue
		}
		for _, id := range s.paymentInvoices(p) {
			if id == invoiceID {
				cents += p.id("amount_cents")
			}
		}
	}
	return decimal.New(cents, -2)
}

// paymentsOf renders the payments applied to an invoice (invoice detail).
func (s *Server) paymentsOf(invoiceID int64) []any {
	st := s.st.generic["payments"]
	out := []any{}
	for _, p := range st.live() {
		for _, id := range s.paymentInvoices(p) {
			if id == invoiceID {
				o := s.renderGeneric(st, p, false)
				delete(o, "customer")
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// GET /payment_methods: the account's methods, no meta.
func (s *Server) paymentMethods(c *call) response {
	created := s.ts(c.now)
	if u := s.st.users[ownerID]; u != nil {
		created = s.ts(u.created)
	}
	out := []any{}
	for i, name := range []string{"Credit Card", "Cash", "Check", "Offline CC", "Quick", "Other"} {
		out = append(out, obj{"id": i + 1, "name": name, "created_at": created, "updated_at": created, "uses_card_processing": false})
	}
	return jsonResp(http.StatusOK, obj{"payment_methods": out})
}

// paymentProfileSpec: a customer's stored payment profiles, under
// /customers/{customer_id}/payment_profiles; no meta, {"success": true}
// on delete. The spec names no permission for them.
func (s *Server) paymentProfileSpec() resourceSpec {
	return resourceSpec{
		name: "payment_profiles", one: "payment_profile", many: "payment_profiles", idBase: 88_000,
		fields: []field{
			{"customer_id", kInt}, {"expiration", kText}, {"customer_external_id", kText}, {"used_gateway", kText},
			{"payment_profile_id", kText}, {"last_four", kText},
		},
		extra: func(s *Server) []routeDef {
			const base = "/customers/{customer_id}/payment_profiles"
			return []routeDef{
				{http.MethodGet, base, PermCustomersView, s.listPaymentProfiles},
				{http.MethodPost, base, PermCustomersEdit, s.createPaymentProfile},
				{http.MethodGet, base + "/{id}", PermCustomersView, s.paymentProfileOp(http.MethodGet)},
				{http.MethodPut, base + "/{id}", PermCustomersEdit, s.paymentProfileOp(http.MethodPut)},
				{http.MethodDelete, base + "/{id}", PermCustomersEdit, s.paymentProfileOp(http.MethodDelete)},
			}
		},
	}
}

func (s *Server) listPaymentProfiles(c *call) response {
	cid, ok := c.pathID("customer_id")
	if !ok || s.st.customers[cid] == nil {
		return notFound()
	}
	st := s.st.generic["payment_profiles"]
	out := []any{}
	for _, r := range st.live() {
		if r.id("customer_id") == cid {
			out = append(out, s.renderGeneric(st, r, true))
		}
	}
	return jsonResp(http.StatusOK, obj{"payment_profiles": out})
}

func (s *Server) createPaymentProfile(c *call) response {
	cid, ok := c.pathID("customer_id")
	if !ok || s.st.customers[cid] == nil {
		return notFound()
	}
	p := params{}
	for _, k := range []string{"customer_external_id", "payment_profile_id", "expiration", "last_four"} {
		if v, ok := c.p[k]; ok {
			p[k] = v
		}
	}
	p["customer_id"], p["used_gateway"] = cid, "authorize_net"
	st := s.st.generic["payment_profiles"]
	r := s.insertGeneric(st, p, c.now)
	return jsonResp(http.StatusOK, obj{"payment_profile": s.renderGeneric(st, r, true)})
}

func (s *Server) paymentProfileOp(method string) func(*call) response {
	return func(c *call) response {
		cid, _ := c.pathID("customer_id")
		st := s.st.generic["payment_profiles"]
		r, ok := st.lookup(c)
		if !ok || r.id("customer_id") != cid {
			return notFound()
		}
		switch method {
		case http.MethodPut:
			p := params{}
			for _, k := range []string{"expiration", "last_four"} {
				if v, ok := c.p[k]; ok {
					p[k] = v
				}
			}
			assignGeneric(r, st.spec.fields, p, s.loc)
			r["updated_at"] = c.now
		case http.MethodDelete:
			delete(st.records, r.id("id"))
			return jsonResp(http.StatusOK, obj{"success": true})
		}
		return jsonResp(http.StatusOK, obj{"payment_profile": s.renderGeneric(st, r, true)})
	}
}
