package syncro

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// InvoicesService works with invoices and their line items.
type InvoicesService service

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

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
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

// UnmarshalJSON reads an invoice whatever the types Syncro used.
func (x *Invoice) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a line item whatever the types Syncro used.
func (x *InvoiceLineItem) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Amount is the line's quantity times its price, before discount and tax.
func (l *InvoiceLineItem) Amount() decimal.Decimal { return l.Quantity.Mul(l.Price) }

// InvoiceListOptions filters GET /invoices. Paid and Unpaid select by
// payment state (both false: every invoice); TicketID the invoices of a
// ticket; SinceUpdatedAt those updated since an instant (see also
// InvoicesService.Changes).
type InvoiceListOptions struct {
	ListOptions
	Paid           bool      `url:"paid,omitempty"`
	Unpaid         bool      `url:"unpaid,omitempty"`
	TicketID       int64     `url:"ticket_id,omitempty"`
	SinceUpdatedAt time.Time `url:"since_updated_at,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
}

// InvoiceInput is the body of POST /invoices and PUT /invoices/{id}. Only
// the fields set are sent. Create needs CustomerID, Number and Date.
//
// Syncro ignores line items in the create body (SYNCRO_API.md §10, quirk
// 9), so InvoiceInput has none: add lines with AddLineItem, or create and
// add in one call with CreateWithLineItems.
type InvoiceInput struct {
	CustomerID   *int64           `json:"customer_id,omitempty"`
	Number       *string          `json:"number,omitempty"`
	Date         *time.Time       `json:"date,omitempty"`
	DueDate      *time.Time       `json:"due_date,omitempty"`
	TicketID     *int64           `json:"ticket_id,omitempty"`
	LocationID   *int64           `json:"location_id,omitempty"`
	ContactID    *int64           `json:"contact_id,omitempty"`
	PoNumber     *string          `json:"po_number,omitempty"`
	Note         *string          `json:"note,omitempty"`
	Hardwarecost *decimal.Decimal `json:"hardwarecost,omitempty"`
}

// InvoiceLineItemInput is the body that adds or updates a line of an
// invoice or an estimate. With ProductID and Quantity alone Syncro fills
// the item, name, cost, price and taxable flag from the product (OBSERVED).
type InvoiceLineItemInput struct {
	ProductID       *int64           `json:"product_id,omitempty"`
	Item            *string          `json:"item,omitempty"`
	Name            *string          `json:"name,omitempty"`
	Quantity        *decimal.Decimal `json:"quantity,omitempty"`
	Price           *decimal.Decimal `json:"price,omitempty"`
	Cost            *decimal.Decimal `json:"cost,omitempty"`
	DiscountPercent *decimal.Decimal `json:"discount_percent,omitempty"`
	DiscountDollars *decimal.Decimal `json:"discount_dollars,omitempty"`
	Taxable         *bool            `json:"taxable,omitempty"`
	TaxNote         *string          `json:"tax_note,omitempty"`
	TaxRateID       *int64           `json:"tax_rate_id,omitempty"`
	UserID          *int64           `json:"user_id,omitempty"`
	Position        *int64           `json:"position,omitempty"`
	UpcCode         *string          `json:"upc_code,omitempty"`
	ProductCategory *string          `json:"product_category,omitempty"`
}

var (
	invoiceRec         = rec[Invoice]{one: "invoice", many: "invoices", bare: true}
	invoiceLineItemRec = rec[InvoiceLineItem]{one: "line_item", bare: true}
	invoiceTicketRec   = rec[Ticket]{one: "ticket", bare: true}
)

// List returns one page of invoices.
//
// GET /invoices
func (s *InvoicesService) List(ctx context.Context, opts *InvoiceListOptions) (*Page[Invoice], error) {
	if opts != nil && opts.Paid && opts.Unpaid {
		return nil, &ValidationError{Op: "list invoices", Fields: []string{"paid", "unpaid"}, Reason: "set one of them, or neither for every invoice"}
	}
	return invoiceRec.list(ctx, s.client, "invoices", opts, listOpts(opts))
}

// Pages iterates over the pages of invoices.
//
// GET /invoices
func (s *InvoicesService) Pages(ctx context.Context, opts *InvoiceListOptions) iter.Seq2[*Page[Invoice], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every invoice matching opts. List items carry no line
// items: Get an invoice for them, or list them with LineItems.
//
// GET /invoices
func (s *InvoicesService) All(ctx context.Context, opts *InvoiceListOptions) iter.Seq2[Invoice, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one invoice with its customer, line items and payments.
//
// GET /invoices/{id}
func (s *InvoicesService) Get(ctx context.Context, id int64) (*Invoice, error) {
	if err := checkID("get invoice", "id", id); err != nil {
		return nil, err
	}
	return invoiceRec.get(ctx, s.client, apiPath("invoices", id), nil)
}

// GetByNumber returns the invoice with the given number (Syncro's detail
// route accepts a number in place of the id).
//
// GET /invoices/{id}
func (s *InvoicesService) GetByNumber(ctx context.Context, number string) (*Invoice, error) {
	if number == "" {
		return nil, &ValidationError{Op: "get invoice", Fields: []string{"number"}, Reason: "give the invoice number"}
	}
	return invoiceRec.get(ctx, s.client, apiPath("invoices", number), nil)
}

// Create makes an invoice without lines; Syncro needs CustomerID, Number
// and Date. To create an invoice with its lines, use CreateWithLineItems.
//
// POST /invoices
func (s *InvoicesService) Create(ctx context.Context, in *InvoiceInput) (*Invoice, error) {
	if err := in.validateCreate("create invoice"); err != nil {
		return nil, err
	}
	return invoiceRec.create(ctx, s.client, "invoices", in)
}

func (in *InvoiceInput) validateCreate(op string) error {
	if in == nil {
		return &ValidationError{Op: op, Fields: []string{"customer_id", "number", "date"}, Reason: "Syncro requires them"}
	}
	var missing []string
	if in.CustomerID == nil || *in.CustomerID <= 0 {
		missing = append(missing, "customer_id")
	}
	if in.Number == nil || *in.Number == "" {
		missing = append(missing, "number")
	}
	if in.Date == nil || in.Date.IsZero() {
		missing = append(missing, "date")
	}
	if len(missing) > 0 {
		return &ValidationError{Op: op, Fields: missing, Reason: "Syncro requires them"}
	}
	return nil
}

// LineItemsError reports a create-with-lines that stopped part way: the
// record was created and the first Added lines were added, in order; the
// line at index Added failed with Err. Retrying the whole call would
// create the record again: add the remaining lines to RecordID instead.
type LineItemsError struct {
	Op       string
	RecordID int64
	Added    int
	Err      error
}

// Error implements error.
func (e *LineItemsError) Error() string {
	return fmt.Sprintf("syncro: %s: record %d was created and its first %d line(s) added, then line %d failed: %v; add the remaining lines to %d rather than creating it again",
		e.Op, e.RecordID, e.Added, e.Added+1, e.Err, e.RecordID)
}

// Unwrap returns the error of the failed line.
func (e *LineItemsError) Unwrap() error { return e.Err }

// CreateWithLineItems creates an invoice, then adds its lines one by one:
// Syncro silently ignores lines sent in the create body (SYNCRO_API.md §10,
// quirk 9). Every line is checked before anything is sent. If a line fails
// after the invoice exists, the error is a *LineItemsError naming the
// invoice and how many lines were added, so that nothing is written twice.
// The invoice returned is read again once every line is in, with Syncro's
// recalculated totals.
//
// POST /invoices, then POST /invoices/{id}/line_items per line, then GET /invoices/{id}
func (s *InvoicesService) CreateWithLineItems(ctx context.Context, in *InvoiceInput, lines []InvoiceLineItemInput) (*Invoice, error) {
	if err := in.validateCreate("create invoice"); err != nil {
		return nil, err
	}
	for i := range lines {
		if err := lines[i].validate(fmt.Sprintf("create invoice: line %d", i+1)); err != nil {
			return nil, err
		}
	}
	inv, err := s.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	for i := range lines {
		if _, err := s.AddLineItem(ctx, inv.ID, &lines[i]); err != nil {
			return inv, &LineItemsError{Op: "create invoice", RecordID: inv.ID, Added: i, Err: err}
		}
	}
	if len(lines) == 0 {
		return inv, nil
	}
	full, err := s.Get(ctx, inv.ID)
	if err != nil {
		return inv, err
	}
	return full, nil
}

// Update changes the fields set in in.
//
// PUT /invoices/{id}
func (s *InvoicesService) Update(ctx context.Context, id int64, in *InvoiceInput) (*Invoice, error) {
	if err := checkID("update invoice", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update invoice", Reason: "no input given"}
	}
	return invoiceRec.update(ctx, s.client, apiPath("invoices", id), in)
}

// ErrNotDeleted is returned (wrapped) when Syncro answered a delete with
// success but the record is still there: Syncro's invoice delete "returns
// 200 even if the delete fails".
var ErrNotDeleted = errors.New("syncro: the delete was answered with success but the record still exists (it may be paid or locked: check it in Syncro)")

// Delete deletes an invoice, then reads it back: Syncro answers 200 even
// when the delete fails, so only a 404 afterwards proves it is gone. A
// failed delete returns an error matching ErrNotDeleted.
//
// DELETE /invoices/{id}, then GET /invoices/{id}
func (s *InvoicesService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete invoice", "id", id); err != nil {
		return err
	}
	if err := remove(ctx, s.client, http.MethodDelete, apiPath("invoices", id), nil); err != nil {
		return err
	}
	_, err := s.Get(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("syncro: delete invoice %d: sent, but could not check that it is gone: %w", id, err)
	}
	return fmt.Errorf("syncro: delete invoice %d: %w", id, ErrNotDeleted)
}

// Ticket returns the ticket the invoice was made from.
//
// GET /invoices/{id}/ticket
func (s *InvoicesService) Ticket(ctx context.Context, id int64) (*Ticket, error) {
	if err := checkID("get invoice ticket", "id", id); err != nil {
		return nil, err
	}
	return invoiceTicketRec.get(ctx, s.client, apiPath("invoices", id, "ticket"), nil)
}

// Print queues a print job of the invoice.
//
// POST /invoices/{id}/print
func (s *InvoicesService) Print(ctx context.Context, id int64) error {
	if err := checkID("print invoice", "id", id); err != nil {
		return err
	}
	return action(ctx, s.client, http.MethodPost, apiPath("invoices", id, "print"), nil, nil, nil)
}

// Email emails the invoice to the customer. It really sends an email; like
// every POST it is never resent once Syncro may have seen it.
//
// POST /invoices/{id}/email
func (s *InvoicesService) Email(ctx context.Context, id int64) error {
	if err := checkID("email invoice", "id", id); err != nil {
		return err
	}
	return action(ctx, s.client, http.MethodPost, apiPath("invoices", id, "email"), nil, nil, nil)
}

// AddLineItem adds a line to an invoice. ProductID and Quantity suffice:
// Syncro fills the rest from the product.
//
// POST /invoices/{id}/line_items
func (s *InvoicesService) AddLineItem(ctx context.Context, invoiceID int64, in *InvoiceLineItemInput) (*InvoiceLineItem, error) {
	if err := checkID("add invoice line item", "id", invoiceID); err != nil {
		return nil, err
	}
	if err := in.validate("add invoice line item"); err != nil {
		return nil, err
	}
	return invoiceLineItemRec.create(ctx, s.client, apiPath("invoices", invoiceID, "line_items"), in)
}

// UpdateLineItem changes a line of an invoice.
//
// PUT /invoices/{id}/line_items/{line_item_id}
func (s *InvoicesService) UpdateLineItem(ctx context.Context, invoiceID, lineItemID int64, in *InvoiceLineItemInput) (*InvoiceLineItem, error) {
	if err := checkIDs("update invoice line item", "id", invoiceID, "line_item_id", lineItemID); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update invoice line item", Reason: "no input given"}
	}
	return invoiceLineItemRec.update(ctx, s.client, apiPath("invoices", invoiceID, "line_items", lineItemID), in)
}

// DeleteLineItem removes a line of an invoice. Syncro answers with the
// invoice and its recalculated totals, returned when present (nil when
// Syncro sent no invoice).
//
// DELETE /invoices/{id}/line_items/{line_item_id}
func (s *InvoicesService) DeleteLineItem(ctx context.Context, invoiceID, lineItemID int64) (*Invoice, error) {
	if err := checkIDs("delete invoice line item", "id", invoiceID, "line_item_id", lineItemID); err != nil {
		return nil, err
	}
	var out struct {
		Invoice *Invoice `json:"invoice"`
	}
	if err := action(ctx, s.client, http.MethodDelete, apiPath("invoices", invoiceID, "line_items", lineItemID), nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Invoice, nil
}

// validate checks that a line names a product or an item and a name.
func (in *InvoiceLineItemInput) validate(op string) error {
	if in == nil {
		return &ValidationError{Op: op, Fields: []string{"product_id"}, Reason: "give a product_id, or an item and a name"}
	}
	if in.ProductID != nil {
		if *in.ProductID <= 0 {
			return &ValidationError{Op: op, Fields: []string{"product_id"}, Reason: fmt.Sprintf("must be a positive id, got %d", *in.ProductID)}
		}
		return nil
	}
	var missing []string
	if in.Item == nil || *in.Item == "" {
		missing = append(missing, "item")
	}
	if in.Name == nil || *in.Name == "" {
		missing = append(missing, "name")
	}
	if len(missing) > 0 {
		return &ValidationError{Op: op, Fields: missing, Reason: "a line without a product_id needs an item and a name"}
	}
	return nil
}
