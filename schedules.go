package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// SchedulesService works with recurring invoices (schedules) and their
// lines.
type SchedulesService service

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

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
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

	// Unparsed keeps, as sent, a nested value whose shape Syncro varied.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// ScheduleListOptions filters GET /schedules.
type ScheduleListOptions struct {
	ListOptions
	CustomerID int64 `url:"customer_id,omitempty"`
}

// ScheduleInput is the body of POST /schedules and PUT /schedules/{id}.
// Create needs CustomerID, Name, Frequency and NextRun. Create a schedule
// paused until its lines are in place, or it may invoice half-built.
type ScheduleInput struct {
	CustomerID                   *int64     `json:"customer_id,omitempty"`
	Name                         *string    `json:"name,omitempty"`
	Frequency                    *string    `json:"frequency,omitempty"`
	NextRun                      *time.Time `json:"next_run,omitempty"`
	EmailCustomer                *bool      `json:"email_customer,omitempty"`
	SnailMail                    *bool      `json:"snail_mail,omitempty"`
	ChargeMop                    *bool      `json:"charge_mop,omitempty"`
	InvoiceUnbilledTicketCharges *bool      `json:"invoice_unbilled_ticket_charges,omitempty"`
	Paused                       *bool      `json:"paused,omitempty"`
}

// ScheduleLineItemInput adds or changes a line of a recurring invoice.
// Cost and Retail are in dollars and are sent in cents (cost_cents,
// retail_cents) exactly; a fraction of a cent is refused.
type ScheduleLineItemInput struct {
	ProductID            *int64
	Name                 *string
	Description          *string
	Quantity             *decimal.Decimal
	Cost                 *decimal.Decimal
	Retail               *decimal.Decimal
	Position             *int64
	Taxable              *bool
	OneTimeCharge        *bool
	UserID               *int64
	AssetTypeID          *int64
	ContactFieldTypeID   *int64
	ContactFieldAnswerID *int64
	RecurringTypeID      *int64
	SavedAssetSearchID   *int64
}

// UnmarshalJSON reads a schedule whatever the types Syncro used.
func (x *Schedule) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a schedule line whatever the types Syncro used.
func (x *ScheduleLineItem) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var (
	scheduleRec         = rec[Schedule]{one: "schedule", many: "schedules", bare: true}
	scheduleLineItemRec = rec[ScheduleLineItem]{one: "schedule_line_item", bare: true}
)

// List returns one page of schedules.
//
// GET /schedules
func (s *SchedulesService) List(ctx context.Context, opts *ScheduleListOptions) (*Page[Schedule], error) {
	return scheduleRec.list(ctx, s.client, "schedules", opts, listOpts(opts))
}

// Pages iterates over the pages of schedules.
//
// GET /schedules
func (s *SchedulesService) Pages(ctx context.Context, opts *ScheduleListOptions) iter.Seq2[*Page[Schedule], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every schedule matching opts.
//
// GET /schedules
func (s *SchedulesService) All(ctx context.Context, opts *ScheduleListOptions) iter.Seq2[Schedule, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one schedule with its lines.
//
// GET /schedules/{id}
func (s *SchedulesService) Get(ctx context.Context, id int64) (*Schedule, error) {
	if err := checkID("get schedule", "id", id); err != nil {
		return nil, err
	}
	return scheduleRec.get(ctx, s.client, apiPath("schedules", id), nil)
}

// Create makes a schedule; Syncro needs CustomerID, Name, Frequency and
// NextRun.
//
// POST /schedules
func (s *SchedulesService) Create(ctx context.Context, in *ScheduleInput) (*Schedule, error) {
	var missing []string
	if in == nil || in.CustomerID == nil || *in.CustomerID <= 0 {
		missing = append(missing, "customer_id")
	}
	if in == nil || in.Name == nil || *in.Name == "" {
		missing = append(missing, "name")
	}
	if in == nil || in.Frequency == nil || *in.Frequency == "" {
		missing = append(missing, "frequency")
	}
	if in == nil || in.NextRun == nil || in.NextRun.IsZero() {
		missing = append(missing, "next_run")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: "create schedule", Fields: missing, Reason: "Syncro requires them"}
	}
	return scheduleRec.create(ctx, s.client, "schedules", in)
}

// Update changes the fields set in in.
//
// PUT /schedules/{id}
func (s *SchedulesService) Update(ctx context.Context, id int64, in *ScheduleInput) (*Schedule, error) {
	if err := checkID("update schedule", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update schedule", Reason: "no input given"}
	}
	return scheduleRec.update(ctx, s.client, apiPath("schedules", id), in)
}

// Delete deletes a schedule.
//
// DELETE /schedules/{id}
func (s *SchedulesService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete schedule", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("schedules", id), nil)
}

// scheduleLineBody is the wire form of a ScheduleLineItemInput: money in
// cents.
type scheduleLineBody struct {
	ProductID            *int64           `json:"product_id,omitempty"`
	Name                 *string          `json:"name,omitempty"`
	Description          *string          `json:"description,omitempty"`
	Quantity             *decimal.Decimal `json:"quantity,omitempty"`
	CostCents            *int64           `json:"cost_cents,omitempty"`
	RetailCents          *int64           `json:"retail_cents,omitempty"`
	Position             *int64           `json:"position,omitempty"`
	Taxable              *bool            `json:"taxable,omitempty"`
	OneTimeCharge        *bool            `json:"one_time_charge,omitempty"`
	UserID               *int64           `json:"user_id,omitempty"`
	AssetTypeID          *int64           `json:"asset_type_id,omitempty"`
	ContactFieldTypeID   *int64           `json:"contact_field_type_id,omitempty"`
	ContactFieldAnswerID *int64           `json:"contact_field_answer_id,omitempty"`
	RecurringTypeID      *int64           `json:"recurring_type_id,omitempty"`
	SavedAssetSearchID   *int64           `json:"saved_asset_search_id,omitempty"`
}

func (in *ScheduleLineItemInput) body(op string) (*scheduleLineBody, error) {
	if in == nil {
		return nil, &ValidationError{Op: op, Fields: []string{"name"}, Reason: "no input given"}
	}
	b := &scheduleLineBody{ProductID: in.ProductID, Name: in.Name, Description: in.Description, Quantity: in.Quantity,
		Position: in.Position, Taxable: in.Taxable, OneTimeCharge: in.OneTimeCharge, UserID: in.UserID,
		AssetTypeID: in.AssetTypeID, ContactFieldTypeID: in.ContactFieldTypeID, ContactFieldAnswerID: in.ContactFieldAnswerID,
		RecurringTypeID: in.RecurringTypeID, SavedAssetSearchID: in.SavedAssetSearchID}
	var err error
	if b.CostCents, err = optCents("cost", in.Cost); err != nil {
		return nil, &ValidationError{Op: op, Fields: []string{"cost_cents"}, Reason: err.Error()}
	}
	if b.RetailCents, err = optCents("retail", in.Retail); err != nil {
		return nil, &ValidationError{Op: op, Fields: []string{"retail_cents"}, Reason: err.Error()}
	}
	return b, nil
}

// AddLineItem adds a line to a schedule. Cost and Retail are dollars, sent
// as cost_cents and retail_cents.
//
// POST /schedules/{id}/add_line_item
func (s *SchedulesService) AddLineItem(ctx context.Context, scheduleID int64, in *ScheduleLineItemInput) (*ScheduleLineItem, error) {
	if err := checkID("add schedule line item", "id", scheduleID); err != nil {
		return nil, err
	}
	if in == nil || in.Name == nil || *in.Name == "" {
		return nil, &ValidationError{Op: "add schedule line item", Fields: []string{"name"}, Reason: "Syncro requires a name"}
	}
	b, err := in.body("add schedule line item")
	if err != nil {
		return nil, err
	}
	return scheduleLineItemRec.create(ctx, s.client, apiPath("schedules", scheduleID, "add_line_item"), b)
}

// UpdateLineItem changes a line of a schedule.
//
// PUT /schedules/{id}/line_items/{schedule_line_item_id}
func (s *SchedulesService) UpdateLineItem(ctx context.Context, scheduleID, lineItemID int64, in *ScheduleLineItemInput) (*ScheduleLineItem, error) {
	if err := checkIDs("update schedule line item", "id", scheduleID, "schedule_line_item_id", lineItemID); err != nil {
		return nil, err
	}
	b, err := in.body("update schedule line item")
	if err != nil {
		return nil, err
	}
	return scheduleLineItemRec.update(ctx, s.client, apiPath("schedules", scheduleID, "line_items", lineItemID), b)
}

// RemoveLineItem removes a line from a schedule. The spec does not name
// the body's key; the line's id is sent both as schedule_line_item_id (the
// name of its path parameter elsewhere) and as line_item_id (what another
// client sends), so either reading finds it.
//
// POST /schedules/{id}/remove_line_item
func (s *SchedulesService) RemoveLineItem(ctx context.Context, scheduleID, lineItemID int64) error {
	if err := checkIDs("remove schedule line item", "id", scheduleID, "schedule_line_item_id", lineItemID); err != nil {
		return err
	}
	body := map[string]int64{"schedule_line_item_id": lineItemID, "line_item_id": lineItemID}
	return remove(ctx, s.client, http.MethodPost, apiPath("schedules", scheduleID, "remove_line_item"), body)
}
