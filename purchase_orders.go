package syncro

import (
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
