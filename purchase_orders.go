package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// PurchaseOrder is an order of stock from a vendor. Its money fields
// (Other, Shipping, Total) are dollars; its line items count in cents.
// Syncro has no update or DELETE for purchase orders.
type PurchaseOrder struct {
	ID               int64                   `json:"id"`
	AccountSubdomain string                  `json:"account_subdomain"`
	Number           string                  `json:"number"`
	Status           string                  `json:"status"`
	VendorID         int64                   `json:"vendor_id"`
	Vendor           *Vendor                 `json:"vendor"`
	UserID           int64                   `json:"user_id"`
	LocationID       int64                   `json:"location_id"`
	Other            decimal.Decimal         `json:"other"`
	Shipping         decimal.Decimal         `json:"shipping"`
	Total            decimal.Decimal         `json:"total"`
	ShippingNotes    string                  `json:"shipping_notes"`
	DeliveryTracking string                  `json:"delivery_tracking"`
	ExpectedDate     time.Time               `json:"expected_date"`
	DueDate          time.Time               `json:"due_date"`
	PaidDate         time.Time               `json:"paid_date"`
	LineItems        []PurchaseOrderLineItem `json:"line_items"`
	CreatedAt        time.Time               `json:"created_at"`
	UpdatedAt        time.Time               `json:"updated_at"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// PurchaseOrderLineItem is a product ordered on a purchase order. Money is
// in cents, as Syncro sends it.
type PurchaseOrderLineItem struct {
	ID                 int64           `json:"id"`
	PurchaseOrderID    int64           `json:"purchase_order_id"`
	ProductID          int64           `json:"product_id"`
	Quantity           decimal.Decimal `json:"quantity"`
	ReceivedQuantity   decimal.Decimal `json:"received_quantity"`
	Received           bool            `json:"received"`
	CostCents          int64           `json:"cost_cents"`
	TotalCents         int64           `json:"total_cents"`
	OldCostCents       int64           `json:"old_cost_cents"`
	Position           int64           `json:"position"`
	ParentPOLineItemID int64           `json:"parent_po_line_item_id"`
	CreatedAt          time.Time       `json:"created_at"`
	UpdatedAt          time.Time       `json:"updated_at"`
}

// PurchaseOrderListOptions pages GET /purchase_orders.
type PurchaseOrderListOptions struct {
	ListOptions
}

// PurchaseOrderInput creates a purchase order. Money is in cents.
// GeneralNotes is accepted but not returned by Syncro.
type PurchaseOrderInput struct {
	VendorID         *int64     `json:"vendor_id,omitempty"`
	UserID           *int64     `json:"user_id,omitempty"`
	LocationID       *int64     `json:"location_id,omitempty"`
	DiscountPercent  *int64     `json:"discount_percent,omitempty"`
	OtherCents       *int64     `json:"other_cents,omitempty"`
	ShippingCents    *int64     `json:"shipping_cents,omitempty"`
	ShippingNotes    *string    `json:"shipping_notes,omitempty"`
	GeneralNotes     *string    `json:"general_notes,omitempty"`
	DeliveryTracking *string    `json:"delivery_tracking,omitempty"`
	OrderDate        *time.Time `json:"order_date,omitempty"`
	ExpectedDate     *time.Time `json:"expected_date,omitempty"`
	DueDate          *time.Time `json:"due_date,omitempty"`
	PaidDate         *time.Time `json:"paid_date,omitempty"`
}

// PurchaseOrderLineItemInput adds a product to a purchase order. The
// product must maintain stock, or Syncro refuses it (422).
type PurchaseOrderLineItemInput struct {
	ProductID *int64 `json:"product_id,omitempty"`
	Quantity  *int64 `json:"quantity,omitempty"`
}

// PurchaseOrdersService works with purchase orders. Syncro has no update
// and no DELETE for them (quirk 11).
type PurchaseOrdersService service

// UnmarshalJSON reads a purchase order whatever the types Syncro used.
func (x *PurchaseOrder) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a line item whatever the types Syncro used.
func (x *PurchaseOrderLineItem) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var (
	purchaseOrderRec = rec[PurchaseOrder]{one: "purchase_order", many: "purchase_orders"}
	poLineItemRec    = rec[PurchaseOrderLineItem]{one: "po_line_item", many: "po_line_items"}
)

// List returns one page of purchase orders: GET /purchase_orders.
func (s *PurchaseOrdersService) List(ctx context.Context, opts *PurchaseOrderListOptions) (*Page[PurchaseOrder], error) {
	return purchaseOrderRec.list(ctx, s.client, "purchase_orders", opts, listOpts(opts))
}

// Pages iterates over the pages of purchase orders: GET /purchase_orders.
func (s *PurchaseOrdersService) Pages(ctx context.Context, opts *PurchaseOrderListOptions) iter.Seq2[*Page[PurchaseOrder], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every purchase order: GET /purchase_orders.
func (s *PurchaseOrdersService) All(ctx context.Context, opts *PurchaseOrderListOptions) iter.Seq2[PurchaseOrder, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one purchase order with its vendor and line items:
// GET /purchase_orders/{id}.
func (s *PurchaseOrdersService) Get(ctx context.Context, id int64) (*PurchaseOrder, error) {
	if err := checkID("get purchase order", "id", id); err != nil {
		return nil, err
	}
	return purchaseOrderRec.get(ctx, s.client, apiPath("purchase_orders", id), nil)
}

// Create makes a purchase order with a vendor: POST /purchase_orders.
// Syncro numbers it from the vendor's name and the date. Add products with
// AddLineItem.
func (s *PurchaseOrdersService) Create(ctx context.Context, in *PurchaseOrderInput) (*PurchaseOrder, error) {
	if in == nil || in.VendorID == nil || *in.VendorID <= 0 {
		return nil, &ValidationError{Op: "create purchase order", Fields: []string{"vendor_id"}, Reason: "a purchase order is placed with a vendor: set VendorID"}
	}
	return purchaseOrderRec.create(ctx, s.client, "purchase_orders", in)
}

// AddLineItem adds a product to a purchase order:
// POST /purchase_orders/{id}/create_po_line_item. The product must
// maintain stock; Syncro refuses others with a 422.
func (s *PurchaseOrdersService) AddLineItem(ctx context.Context, purchaseOrderID int64, in *PurchaseOrderLineItemInput) (*PurchaseOrderLineItem, error) {
	if err := checkID("add purchase order line item", "purchase_order_id", purchaseOrderID); err != nil {
		return nil, err
	}
	if in == nil || in.ProductID == nil || *in.ProductID <= 0 {
		return nil, &ValidationError{Op: "add purchase order line item", Fields: []string{"product_id"}, Reason: "set ProductID to a product that maintains stock"}
	}
	if in.Quantity != nil && *in.Quantity <= 0 {
		return nil, &ValidationError{Op: "add purchase order line item", Fields: []string{"quantity"}, Reason: "the quantity must be positive"}
	}
	return poLineItemRec.create(ctx, s.client, apiPath("purchase_orders", purchaseOrderID, "create_po_line_item"), in)
}

// Receive marks a purchase order's line item as received, adding it to
// stock, and returns the purchase order:
// POST /purchase_orders/{id}/receive.
func (s *PurchaseOrdersService) Receive(ctx context.Context, purchaseOrderID, lineItemID int64) (*PurchaseOrder, error) {
	if err := checkIDs("receive purchase order", "purchase_order_id", purchaseOrderID, "line_item_id", lineItemID); err != nil {
		return nil, err
	}
	body := struct {
		LineItemID int64 `json:"line_item_id"`
	}{lineItemID}
	return purchaseOrderRec.write(ctx, s.client, http.MethodPost, apiPath("purchase_orders", purchaseOrderID, "receive"), body)
}
