package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// EstimatesService works with estimates and their line items.
type EstimatesService service

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

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads an estimate whatever the types Syncro used.
func (x *Estimate) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Estimate statuses Syncro accepts on create and update.
const (
	EstimateFresh    = "Fresh"
	EstimateDraft    = "Draft"
	EstimateApproved = "Approved"
	EstimateDeclined = "Declined"
)

// EstimateListOptions filters GET /estimates. Status is "approved" or
// "declined"; Mine selects the token user's estimates.
type EstimateListOptions struct {
	ListOptions
	Mine   bool   `url:"mine,omitempty"`
	Status string `url:"status,omitempty"`
}

// EstimateInput is the body of POST /estimates and PUT /estimates/{id}.
// Create needs CustomerID and Date. Like invoices, Syncro ignores line
// items in the create body: add them with AddLineItem or use
// CreateWithLineItems.
type EstimateInput struct {
	CustomerID *int64     `json:"customer_id,omitempty"`
	Number     *string    `json:"number,omitempty"`
	Name       *string    `json:"name,omitempty"`
	Date       *time.Time `json:"date,omitempty"`
	Note       *string    `json:"note,omitempty"`
	Status     *string    `json:"status,omitempty"`
	TicketID   *int64     `json:"ticket_id,omitempty"`
	LocationID *int64     `json:"location_id,omitempty"`
}

var estimateRec = rec[Estimate]{one: "estimate", many: "estimates", bare: true}

// List returns one page of estimates.
//
// GET /estimates
func (s *EstimatesService) List(ctx context.Context, opts *EstimateListOptions) (*Page[Estimate], error) {
	return estimateRec.list(ctx, s.client, "estimates", opts, listOpts(opts))
}

// Pages iterates over the pages of estimates.
//
// GET /estimates
func (s *EstimatesService) Pages(ctx context.Context, opts *EstimateListOptions) iter.Seq2[*Page[Estimate], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every estimate matching opts.
//
// GET /estimates
func (s *EstimatesService) All(ctx context.Context, opts *EstimateListOptions) iter.Seq2[Estimate, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one estimate.
//
// GET /estimates/{id}
func (s *EstimatesService) Get(ctx context.Context, id int64) (*Estimate, error) {
	if err := checkID("get estimate", "id", id); err != nil {
		return nil, err
	}
	return estimateRec.get(ctx, s.client, apiPath("estimates", id), nil)
}

// Create makes an estimate without lines; Syncro needs CustomerID and
// Date. To create one with its lines, use CreateWithLineItems.
//
// POST /estimates
func (s *EstimatesService) Create(ctx context.Context, in *EstimateInput) (*Estimate, error) {
	if err := in.validateCreate(); err != nil {
		return nil, err
	}
	return estimateRec.create(ctx, s.client, "estimates", in)
}

func (in *EstimateInput) validateCreate() error {
	var missing []string
	if in == nil || in.CustomerID == nil || *in.CustomerID <= 0 {
		missing = append(missing, "customer_id")
	}
	if in == nil || in.Date == nil || in.Date.IsZero() {
		missing = append(missing, "date")
	}
	if len(missing) > 0 {
		return &ValidationError{Op: "create estimate", Fields: missing, Reason: "Syncro requires them"}
	}
	return nil
}

// CreateWithLineItems creates an estimate, then adds its lines one by one
// (Syncro ignores lines in the create body). Lines are checked before
// anything is sent; a line failing after the estimate exists gives a
// *LineItemsError. The estimate is read again once every line is in.
//
// POST /estimates, then POST /estimates/{id}/line_items per line, then GET /estimates/{id}
func (s *EstimatesService) CreateWithLineItems(ctx context.Context, in *EstimateInput, lines []InvoiceLineItemInput) (*Estimate, error) {
	if err := in.validateCreate(); err != nil {
		return nil, err
	}
	for i := range lines {
		if err := lines[i].validate(fmt.Sprintf("create estimate: line %d", i+1)); err != nil {
			return nil, err
		}
	}
	est, err := s.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	for i := range lines {
		if _, err := s.AddLineItem(ctx, est.ID, &lines[i]); err != nil {
			return est, &LineItemsError{Op: "create estimate", RecordID: est.ID, Added: i, Err: err}
		}
	}
	if len(lines) == 0 {
		return est, nil
	}
	full, err := s.Get(ctx, est.ID)
	if err != nil {
		return est, err
	}
	return full, nil
}

// Update changes the fields set in in.
//
// PUT /estimates/{id}
func (s *EstimatesService) Update(ctx context.Context, id int64, in *EstimateInput) (*Estimate, error) {
	if err := checkID("update estimate", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update estimate", Reason: "no input given"}
	}
	return estimateRec.update(ctx, s.client, apiPath("estimates", id), in)
}

// Delete deletes an estimate.
//
// DELETE /estimates/{id}
func (s *EstimatesService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete estimate", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("estimates", id), nil)
}

// Print queues a print job of the estimate.
//
// POST /estimates/{id}/print
func (s *EstimatesService) Print(ctx context.Context, id int64) error {
	if err := checkID("print estimate", "id", id); err != nil {
		return err
	}
	return action(ctx, s.client, http.MethodPost, apiPath("estimates", id, "print"), nil, nil, nil)
}

// Email emails the estimate to the customer (a real email; never resent).
//
// POST /estimates/{id}/email
func (s *EstimatesService) Email(ctx context.Context, id int64) error {
	if err := checkID("email estimate", "id", id); err != nil {
		return err
	}
	return action(ctx, s.client, http.MethodPost, apiPath("estimates", id, "email"), nil, nil, nil)
}

// ConvertToInvoice makes an invoice from the estimate, lines included, and
// returns it. Like any create it is never resent; an answer without an
// invoice id is ErrOutcomeUnknown.
//
// POST /estimates/{id}/convert_to_invoice
func (s *EstimatesService) ConvertToInvoice(ctx context.Context, id int64) (*Invoice, error) {
	if err := checkID("convert estimate", "id", id); err != nil {
		return nil, err
	}
	return rec[Invoice]{one: "invoice"}.create(ctx, s.client, apiPath("estimates", id, "convert_to_invoice"), nil)
}

// AddLineItem adds a line to an estimate; ProductID and Quantity suffice.
// Syncro answers with the line and the estimate; the line is returned.
//
// POST /estimates/{id}/line_items
func (s *EstimatesService) AddLineItem(ctx context.Context, estimateID int64, in *InvoiceLineItemInput) (*InvoiceLineItem, error) {
	if err := checkID("add estimate line item", "id", estimateID); err != nil {
		return nil, err
	}
	if err := in.validate("add estimate line item"); err != nil {
		return nil, err
	}
	return invoiceLineItemRec.create(ctx, s.client, apiPath("estimates", estimateID, "line_items"), in)
}

// UpdateLineItem changes a line of an estimate.
//
// PUT /estimates/{id}/line_items/{line_item_id}
func (s *EstimatesService) UpdateLineItem(ctx context.Context, estimateID, lineItemID int64, in *InvoiceLineItemInput) (*InvoiceLineItem, error) {
	if err := checkIDs("update estimate line item", "id", estimateID, "line_item_id", lineItemID); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update estimate line item", Reason: "no input given"}
	}
	return invoiceLineItemRec.update(ctx, s.client, apiPath("estimates", estimateID, "line_items", lineItemID), in)
}

// DeleteLineItem removes a line of an estimate and returns the estimate
// with its recalculated totals, as Syncro answers (nil when it sent none).
//
// DELETE /estimates/{id}/line_items/{line_item_id}
func (s *EstimatesService) DeleteLineItem(ctx context.Context, estimateID, lineItemID int64) (*Estimate, error) {
	if err := checkIDs("delete estimate line item", "id", estimateID, "line_item_id", lineItemID); err != nil {
		return nil, err
	}
	var out struct {
		Estimate *Estimate `json:"estimate"`
	}
	if err := action(ctx, s.client, http.MethodDelete, apiPath("estimates", estimateID, "line_items", lineItemID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Estimate, nil
}
