package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

// Estimate is an estimate (a quote). Its lines have the shape of invoice
// lines. Syncro stores Note but returns it only in the answer to adding a
// line (OBSERVED).
type Estimate struct {
	ID                       int64           `json:"id"`
	CustomerID               int64           `json:"customer_id"`
	CustomerBusinessThenName string          `json:"customer_business_then_name"`
	Name                     string          `json:"name"`
	Number                   string          `json:"number"`
	Status                   string          `json:"status"`
	CreatedAt                time.Time       `json:"created_at"`
	UpdatedAt                time.Time       `json:"updated_at"`
	Date                     time.Time       `json:"date"`
	Subtotal                 decimal.Decimal `json:"subtotal"`
	Total                    decimal.Decimal `json:"total"`
	Tax                      decimal.Decimal `json:"tax"`
	TicketID                 int64           `json:"ticket_id"`
	PdfURL                   string          `json:"pdf_url"`
	LocationID               int64           `json:"location_id"`
	InvoiceID                int64           `json:"invoice_id"`
	ContactID                int64           `json:"contact_id"`
	Employee                 string          `json:"employee"`
	Note                     string          `json:"note"`

	// Detail-only fields.
	Customer  *Customer         `json:"customer,omitempty"`
	LineItems []InvoiceLineItem `json:"line_items,omitempty"`
}

// Estimate statuses Syncro accepts on create and update.
const (
	EstimateFresh    = "Fresh"
	EstimateDraft    = "Draft"
	EstimateApproved = "Approved"
	EstimateDeclined = "Declined"
)
