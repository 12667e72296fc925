package syncrotest

import (
	"time"

	"github.com/shopspring/decimal"
)

// Demo billing names that examples and tests may rely on.
const (
	// DemoPrepayProductName is the demo product that sells prepay hours
	// (category "Prepay Hours", priced per hour).
	DemoPrepayProductName = "Prepay Hours - Block"
	// DemoLaborProductName is the demo remote labor product (category
	// "Labor", quantity in hours).
	DemoLaborProductName = "Remote Labor"
)

// seedProducts adds the demo catalog: prepay hours, two labor products and
// a stocked, serialized drive.
func (s *Server) seedProducts() {
	s.Insert("products", map[string]any{"name": DemoPrepayProductName, "description": "Block of prepaid support hours, per hour",
		"price_retail": "110.0", "price_cost": "0", "product_category": "Prepay Hours", "taxable": false})
	s.Insert("products", map[string]any{"name": DemoLaborProductName, "description": "Remote support, per hour",
		"price_retail": "95.0", "price_cost": "0", "product_category": "Labor", "taxable": false})
	s.Insert("products", map[string]any{"name": "Onsite Labor", "description": "Onsite support, per hour",
		"price_retail": "125.0", "price_cost": "0", "product_category": "Labor", "taxable": false})
	drive := s.Insert("products", map[string]any{"name": "2TB Backup Drive", "description": "WD Red Plus 2TB",
		"price_retail": "129.99", "price_cost": "89.5", "product_category": "Hardware", "maintain_stock": true,
		"serialized": true, "taxable": true, "quantity": 4, "upc_code": "718037891064"})
	s.Insert("location_quantities", map[string]any{"product_id": drive, "quantity": 4, "location_id": 1, "desired_stock_level": 0})
	s.Insert("product_serials", map[string]any{"product_id": drive, "serial_number": "WD-WX12A3456789", "status": "In Stock",
		"price_cost_cents": 8950, "price_retail_cents": 12999, "location_id": 1})
}

// seedInvoices adds the demo invoices: Northwind Dental bought 20 prepay
// hours and has used 7.5 on invoiced labor (12.5 left, as its prepay_hours
// says); Riverside Law bought 10 and used 8.5 (1.5 left); Acme and
// Bluebird have ordinary invoices and no plan, and Sam Wilson none.
func (s *Server) seedInvoices() {
	now := s.now()
	ago := func(days int) time.Time {
		return now.Add(-time.Duration(days) * 24 * time.Hour).Truncate(24 * time.Hour)
	}
	products := map[string]int64{}
	customers := map[string]int64{}
	tickets := map[string]int64{}
	s.mu.Lock()
	for _, p := range s.st.generic["products"].live() {
		products[p.str("name")] = p.id("id")
	}
	for id, c := range s.st.customers {
		customers[c.businessThenName()] = id
	}
	for id, t := range s.st.tickets {
		tickets[t.f.str("subject")] = id
	}
	s.mu.Unlock()
	number := 1680
	type line struct {
		product string
		qty     string
	}
	invoice := func(customer string, date time.Time, paid bool, ticket string, lines ...line) int64 {
		number++
		attrs := map[string]any{"customer_id": customers[customer], "number": itoa(int64(number)), "date": date, "due_date": date.Add(30 * 24 * time.Hour),
			"is_paid": paid, "user_id": ownerID}
		if ticket != "" {
			attrs["ticket_id"] = tickets[ticket]
		}
		id := s.Insert("invoices", attrs)
		for i, l := range lines {
			s.mu.Lock()
			prod := s.st.generic["products"].records[products[l.product]]
			s.mu.Unlock()
			s.Insert("line_items", map[string]any{"invoice_id": id, "product_id": products[l.product], "item": prod["name"],
				"name": prod["description"], "price": prod["price_retail"], "cost": prod["price_cost"], "quantity": l.qty,
				"product_category": prod["product_category"], "taxable": prod["taxable"], "position": i + 1})
		}
		if paid {
			sub, _ := s.lineTotalsLocked("invoice_id", id)
			s.Insert("payments", map[string]any{"customer_id": customers[customer], "invoice_id": id, "amount_cents": sub.Shift(2).IntPart(),
				"payment_method": "Check", "ref_num": "CHK-" + itoa(int64(number))})
		}
		return id
	}
	invoice(DemoPrepayCustomerName, ago(200), true, "", line{DemoPrepayProductName, "20"})
	invoice(DemoPrepayCustomerName, ago(150), true, "", line{DemoLaborProductName, "3.5"})
	invoice(DemoPrepayCustomerName, ago(60), true, "", line{DemoLaborProductName, "2.5"}, line{"Onsite Labor", "1.5"})
	invoice("Riverside Law Group", ago(110), true, "", line{DemoPrepayProductName, "10"})
	invoice("Riverside Law Group", ago(80), true, "", line{DemoLaborProductName, "6"})
	invoice("Riverside Law Group", ago(40), false, "Annual firewall review", line{"Onsite Labor", "2.5"})
	invoice(DemoCustomerName, ago(18), false, "Set up new hire workstation", line{"Onsite Labor", "1.5"}, line{"2TB Backup Drive", "1"})
	invoice("Bluebird Logistics", ago(25), true, "", line{DemoLaborProductName, "2"})
}

// lineTotalsLocked is lineTotals for callers that do not hold the lock.
func (s *Server) lineTotalsLocked(key string, id int64) (sub, tax decimal.Decimal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lineTotals(key, id)
}
