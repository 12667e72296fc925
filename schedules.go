package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

// Schedule is a recurring invoice. Syncro lists its lines under "lines",
// not "line_items".
type Schedule struct {
	ID                           int64              `json:"id"`
	AccountID                    int64              `json:"account_id"`
	CustomerID                   int64              `json:"customer_id"`
	Name                         string             `json:"name"`
	Frequency                    string             `json:"frequency"`
	NextRun                      time.Time          `json:"next_run"`
	EmailCustomer                bool               `json:"email_customer"`
	SnailMail                    bool               `json:"snail_mail"`
	ChargeMop                    bool               `json:"charge_mop"`
	Subtotal                     decimal.Decimal    `json:"subtotal"`
	InvoiceUnbilledTicketCharges bool               `json:"invoice_unbilled_ticket_charges"`
	Paused                       bool               `json:"paused"`
	LastInvoicePaid              bool               `json:"last_invoice_paid"`
	Lines                        []ScheduleLineItem `json:"lines"`
}

// Schedule frequencies Syncro accepts.
const (
	FrequencyDaily        = "Daily"
	FrequencyWeekly       = "Weekly"
	FrequencyBiweekly     = "Biweekly"
	FrequencyMonthly      = "Monthly"
	FrequencyQuarterly    = "Quarterly"
	FrequencySemiAnnually = "Semi-Annually"
	FrequencyAnnually     = "Annually"
	FrequencyBiennially   = "Biennially"
	FrequencyTriennially  = "Triennially"
)

// ScheduleLineItem is a line of a recurring invoice. Syncro answers both
// integer cents (CostCents, RetailCents) and dollars (PriceCost,
// PriceRetail); lines are written in cents (see ScheduleLineItemInput).
type ScheduleLineItem struct {
	ID              int64           `json:"id"`
	ScheduleID      int64           `json:"schedule_id"`
	ProductID       int64           `json:"product_id"`
	Name            string          `json:"name"`
	Description     string          `json:"description"`
	Position        int64           `json:"position"`
	Quantity        decimal.Decimal `json:"quantity"`
	CostCents       int64           `json:"cost_cents"`
	RetailCents     int64           `json:"retail_cents"`
	PriceCost       decimal.Decimal `json:"price_cost"`
	PriceRetail     decimal.Decimal `json:"price_retail"`
	Taxable         bool            `json:"taxable"`
	UserID          int64           `json:"user_id"`
	ProductCategory string          `json:"product_category"`
	AssetTypeID     int64           `json:"asset_type_id"`
	RecurringTypeID int64           `json:"recurring_type_id"`
	DeviceIDs       []int64         `json:"device_ids"`
	OneTimeCharge   bool            `json:"one_time_charge"`
}
