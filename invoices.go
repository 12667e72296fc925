package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

// Invoice is an invoice. List items and detail records share this type;
// Customer, LineItems and Payments come only with the detail record
// (GET /invoices/{id}). Money is exact: Syncro sends it as strings
// ("0.0", "129.99").
type Invoice struct {
	ID                       int64           `json:"id"`
	CustomerID               int64           `json:"customer_id"`
	CustomerBusinessThenName string          `json:"customer_business_then_name"`
	Number                   string          `json:"number"`
	CreatedAt                time.Time       `json:"created_at"`
	UpdatedAt                time.Time       `json:"updated_at"`
	Date                     time.Time       `json:"date"`
	DueDate                  time.Time       `json:"due_date"`
	DateReceived             time.Time       `json:"date_received"`
	Subtotal                 decimal.Decimal `json:"subtotal"`
	Total                    decimal.Decimal `json:"total"`
	Tax                      decimal.Decimal `json:"tax"`
	BalanceDue               decimal.Decimal `json:"balance_due"`
	VerifiedPaid             bool            `json:"verified_paid"`
	TechMarkedPaid           bool            `json:"tech_marked_paid"`
	TicketID                 int64           `json:"ticket_id"`
	PdfURL                   string          `json:"pdf_url"`
	IsPaid                   bool            `json:"is_paid"`
	LocationID               int64           `json:"location_id"`
	PoNumber                 string          `json:"po_number"`
	ContactID                int64           `json:"contact_id"`
	Note                     string          `json:"note"`
	Hardwarecost             decimal.Decimal `json:"hardwarecost"`
	UserID                   int64           `json:"user_id"`

	// Detail-only fields.
	Customer  *Customer         `json:"customer,omitempty"`
	LineItems []InvoiceLineItem `json:"line_items,omitempty"`
	Payments  []Payment         `json:"payments,omitempty"`
}

// InvoiceLineItem is a line of an invoice or an estimate (Syncro keeps both
// in one table, listed by GET /line_items). Quantity, price and cost are
// exact; Syncro sends them as strings ("1.0", "64.99").
type InvoiceLineItem struct {
	ID              int64           `json:"id"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	InvoiceID       int64           `json:"invoice_id"`
	EstimateID      int64           `json:"estimate_id"`
	Item            string          `json:"item"`
	Name            string          `json:"name"`
	Cost            decimal.Decimal `json:"cost"`
	Price           decimal.Decimal `json:"price"`
	Quantity        decimal.Decimal `json:"quantity"`
	ProductID       int64           `json:"product_id"`
	ProductCategory string          `json:"product_category"`
	Taxable         bool            `json:"taxable"`
	TaxNote         string          `json:"tax_note"`
	TaxRateID       int64           `json:"tax_rate_id"`
	DiscountPercent decimal.Decimal `json:"discount_percent"`
	DiscountDollars decimal.Decimal `json:"discount_dollars"`
	Position        int64           `json:"position"`
	InvoiceBundleID int64           `json:"invoice_bundle_id"`
	UserID          int64           `json:"user_id"`
	UpcCode         string          `json:"upc_code"`
}

// Amount is the line's quantity times its price, before discount and tax.
func (l *InvoiceLineItem) Amount() decimal.Decimal { return l.Quantity.Mul(l.Price) }
