package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// TicketLineItem is a product or service charged on a ticket. Syncro sends
// its money twice: PriceCost and PriceRetail in dollars, CostCents and
// RetailCents in integer cents. The quantity arrives as a string ("1.0").
type TicketLineItem struct {
	ID                       int64           `json:"id"`
	TicketID                 int64           `json:"ticket_id"`
	UserID                   int64           `json:"user_id"`
	ProductID                int64           `json:"product_id"`
	ItemID                   int64           `json:"item_id"`
	Name                     string          `json:"name"`
	Description              string          `json:"description"`
	Quantity                 decimal.Decimal `json:"quantity"`
	ProductCategory          string          `json:"product_category"`
	UpcCode                  string          `json:"upc_code"`
	Taxable                  bool            `json:"taxable"`
	PriceCost                decimal.Decimal `json:"price_cost"`
	PriceRetail              decimal.Decimal `json:"price_retail"`
	CostCents                int64           `json:"cost_cents"`
	RetailCents              int64           `json:"retail_cents"`
	OldPrice                 decimal.Decimal `json:"old_price"`
	LineDiscountPercent      decimal.Decimal `json:"line_discount_percent"`
	DiscountDollars          decimal.Decimal `json:"discount_dollars"`
	Converted                bool            `json:"converted"`
	Position                 int64           `json:"position"`
	EstimateLineItemID       int64           `json:"estimate_line_item_id"`
	OriginalTicketLineItemID int64           `json:"original_ticket_line_item_id"`
	CreatedAt                time.Time       `json:"created_at"`
	UpdatedAt                time.Time       `json:"updated_at"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (li *TicketLineItem) UnmarshalJSON(b []byte) error { return decodeModel(b, li) }

// Total returns quantity × retail price, in dollars.
func (li *TicketLineItem) Total() decimal.Decimal { return li.Quantity.Mul(li.PriceRetail) }

// LineItemInput adds or changes a ticket line item. Nil fields are not
// sent. Syncro requires Name and Description when adding, even with a
// ProductID, and does not fill PriceRetail from the product: set it.
// Money and quantities are sent as JSON numbers.
type LineItemInput struct {
	Name        *string          `json:"name,omitempty"`
	Description *string          `json:"description,omitempty"`
	ProductID   *int64           `json:"product_id,omitempty"`
	UpcCode     *string          `json:"upc_code,omitempty"`
	Quantity    *decimal.Decimal `json:"-"`
	PriceCost   *decimal.Decimal `json:"-"`
	PriceRetail *decimal.Decimal `json:"-"`
	Taxable     *bool            `json:"taxable,omitempty"`
}

// MarshalJSON writes the wire form, with the decimals as JSON numbers.
func (in LineItemInput) MarshalJSON() ([]byte, error) {
	type plain LineItemInput
	return json.Marshal(struct {
		plain
		Quantity    *json.Number `json:"quantity,omitempty"`
		PriceCost   *json.Number `json:"price_cost,omitempty"`
		PriceRetail *json.Number `json:"price_retail,omitempty"`
	}{plain(in), jsonNumber(in.Quantity), jsonNumber(in.PriceCost), jsonNumber(in.PriceRetail)})
}

// jsonNumber writes a decimal as a bare JSON number, exactly.
func jsonNumber(d *decimal.Decimal) *json.Number {
	if d == nil {
		return nil
	}
	n := json.Number(d.String())
	return &n
}

// lineItemBody is the body of update_line_item and remove_line_item.
type lineItemBody struct {
	*LineItemInput
	TicketLineItemID int64 `json:"ticket_line_item_id"`
}

// MarshalJSON merges the id into the input's wire form.
func (b lineItemBody) MarshalJSON() ([]byte, error) {
	return mergeJSON(b.LineItemInput, map[string]any{"ticket_line_item_id": b.TicketLineItemID})
}

// mergeJSON marshals v (an object, or nil) and adds the extra keys.
func mergeJSON(v any, extra map[string]any) ([]byte, error) {
	fields := map[string]json.RawMessage{}
	if v != nil {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		if string(raw) != "null" {
			if err := json.Unmarshal(raw, &fields); err != nil {
				return nil, err
			}
		}
	}
	for k, x := range extra {
		raw, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		fields[k] = raw
	}
	return json.Marshal(fields)
}

// AddLineItem charges a product or service on a ticket. Name and
// Description are required (checked before any request).
//
// POST /tickets/{id}/add_line_item
func (s *TicketsService) AddLineItem(ctx context.Context, ticketID int64, in *LineItemInput) (*TicketLineItem, error) {
	const op = "add line item"
	if err := checkID(op, "ticket_id", ticketID); err != nil {
		return nil, err
	}
	var missing []string
	if in == nil || in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		missing = append(missing, "name")
	}
	if in == nil || in.Description == nil || strings.TrimSpace(*in.Description) == "" {
		missing = append(missing, "description")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: op, Fields: missing, Reason: "Syncro requires both a name and a description, even with a product_id: set them"}
	}
	li := new(TicketLineItem)
	err := s.client.send(ctx, http.MethodPost, apiPath("tickets", ticketID, "add_line_item"), in, created(func(b []byte) error {
		return decodeObject(b, "ticket_line_item", true, li)
	}, func() int64 { return li.ID }))
	if err != nil {
		return nil, err
	}
	return li, nil
}

// UpdateLineItem changes the fields set in in on one of a ticket's line
// items.
//
// PUT /tickets/{id}/update_line_item
func (s *TicketsService) UpdateLineItem(ctx context.Context, ticketID, lineItemID int64, in *LineItemInput) (*TicketLineItem, error) {
	const op = "update line item"
	if err := checkIDs(op, "ticket_id", ticketID, "ticket_line_item_id", lineItemID); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: op, Reason: "no input given"}
	}
	var blank []string
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		blank = append(blank, "name")
	}
	if in.Description != nil && strings.TrimSpace(*in.Description) == "" {
		blank = append(blank, "description")
	}
	if len(blank) > 0 {
		return nil, &ValidationError{Op: op, Fields: blank, Reason: "Syncro requires a line item's name and description: they cannot be cleared"}
	}
	li := new(TicketLineItem)
	body := lineItemBody{LineItemInput: in, TicketLineItemID: lineItemID}
	err := s.client.send(ctx, http.MethodPut, apiPath("tickets", ticketID, "update_line_item"), body, func(b []byte) error {
		return decodeObject(b, "ticket_line_item", true, li)
	})
	if err != nil {
		return nil, err
	}
	return li, nil
}

// RemoveLineItem removes a line item from a ticket. Syncro takes a POST for
// this, not a DELETE, so it is never resent after a failure that may have
// reached Syncro.
//
// POST /tickets/{id}/remove_line_item
func (s *TicketsService) RemoveLineItem(ctx context.Context, ticketID, lineItemID int64) error {
	if err := checkIDs("remove line item", "ticket_id", ticketID, "ticket_line_item_id", lineItemID); err != nil {
		return err
	}
	body := lineItemBody{TicketLineItemID: lineItemID}
	return s.client.send(ctx, http.MethodPost, apiPath("tickets", ticketID, "remove_line_item"), body, acceptJSON)
}

// TicketTimer is a timer entry: time logged on a ticket. Recorded is true
// once the entry was charged (turned into a line item). ActiveDuration and
// BillableTime arrive in seconds.
type TicketTimer struct {
	ID       int64 `json:"id"`
	TicketID int64 `json:"ticket_id"`
	UserID   int64 `json:"user_id"`
	// StartTime and EndTime are what Syncro returns for the start_at and
	// end_at of TimerInput.
	StartTime time.Time `json:"start_time"`
	EndTime   time.Time `json:"end_time"`
	Recorded  bool      `json:"recorded"` // charged
	Billable  bool      `json:"billable"`
	Notes     string    `json:"notes"`
	ProductID int64     `json:"product_id"`
	CommentID int64     `json:"comment_id"`
	// TicketLineItemID is the line item the entry became when charged.
	TicketLineItemID int64         `json:"ticket_line_item_id"`
	ActiveDuration   time.Duration `json:"active_duration" wire:"seconds"`
	BillableTime     time.Duration `json:"billable_time" wire:"seconds"`
	// BillableOverride is kept as Syncro sent it (null in every known
	// example).
	BillableOverride json.RawMessage `json:"billable_override,omitempty"`
	TogglID          string          `json:"toggl_id"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
	SinceUpdatedAt   time.Time       `json:"since_updated_at,omitempty"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (tm *TicketTimer) UnmarshalJSON(b []byte) error { return decodeModel(b, tm) }

// Worked returns the time the entry stands for: BillableTime when Syncro
// computed one, else ActiveDuration, else EndTime minus StartTime.
func (tm *TicketTimer) Worked() time.Duration {
	switch {
	case tm.BillableTime > 0:
		return tm.BillableTime
	case tm.ActiveDuration > 0:
		return tm.ActiveDuration
	case !tm.StartTime.IsZero() && tm.EndTime.After(tm.StartTime):
		return tm.EndTime.Sub(tm.StartTime)
	}
	return 0
}

// seconds reads a duration sent as a number of seconds (a number or a
// numeric string, possibly fractional). null and "" read as zero.
type seconds time.Duration

func (s *seconds) UnmarshalJSON(b []byte) error {
	var d flexDecimal
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	*s = seconds(secondsToDuration(d.d))
	return nil
}

var nanosPerSecond = decimal.NewFromInt(int64(time.Second))

// secondsToDuration converts decimal seconds to a Duration, rounding to
// the nanosecond.
func secondsToDuration(d decimal.Decimal) time.Duration {
	return time.Duration(d.Mul(nanosPerSecond).Round(0).IntPart())
}

// TimerInput adds or changes a timer entry. Nil fields are not sent.
// StartAt is required to add one (Syncro answers with an unhelpful 422
// otherwise). Give EndAt or DurationMinutes for the length; UserID defaults
// to the token's user; ProductID defaults to the account's labor product.
type TimerInput struct {
	StartAt *time.Time `json:"start_at,omitempty"`
	// EndAt is accepted when adding; Syncro's update takes
	// DurationMinutes instead.
	EndAt           *time.Time `json:"end_at,omitempty"`
	DurationMinutes *int64     `json:"duration_minutes,omitempty"`
	UserID          *int64     `json:"user_id,omitempty"`
	Notes           *string    `json:"notes,omitempty"`
	ProductID       *int64     `json:"product_id,omitempty"`
}

// AddTimer logs time on a ticket. in.StartAt is required (checked before
// any request). Syncro sends the new entry back with start_time and
// end_time.
//
// POST /tickets/{id}/timer_entry
func (s *TicketsService) AddTimer(ctx context.Context, ticketID int64, in *TimerInput) (*TicketTimer, error) {
	const op = "add timer entry"
	if err := checkID(op, "ticket_id", ticketID); err != nil {
		return nil, err
	}
	if in == nil || in.StartAt == nil || in.StartAt.IsZero() {
		return nil, &ValidationError{Op: op, Fields: []string{"start_at"}, Reason: "Syncro requires the time the work started: set StartAt"}
	}
	if err := in.checkLength(op); err != nil {
		return nil, err
	}
	return s.timer(ctx, http.MethodPost, ticketID, "timer_entry", in, 0)
}

func (in *TimerInput) checkLength(op string) error {
	if in.EndAt != nil && in.StartAt != nil && in.EndAt.Before(*in.StartAt) {
		return &ValidationError{Op: op, Fields: []string{"end_at"}, Reason: fmt.Sprintf("ends (%s) before it starts (%s)", in.EndAt.Format(time.RFC3339), in.StartAt.Format(time.RFC3339))}
	}
	if in.DurationMinutes != nil && *in.DurationMinutes < 0 {
		return &ValidationError{Op: op, Fields: []string{"duration_minutes"}, Reason: "must not be negative"}
	}
	return nil
}

// UpdateTimer changes the fields set in in on a timer entry. Syncro does
// not recompute end_time or active_duration when duration_minutes changes.
//
// PUT /tickets/{id}/update_timer_entry
func (s *TicketsService) UpdateTimer(ctx context.Context, ticketID, timerID int64, in *TimerInput) (*TicketTimer, error) {
	const op = "update timer entry"
	if err := checkIDs(op, "ticket_id", ticketID, "timer_entry_id", timerID); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: op, Reason: "no input given"}
	}
	if err := in.checkLength(op); err != nil {
		return nil, err
	}
	return s.timer(ctx, http.MethodPut, ticketID, "update_timer_entry", in, timerID)
}

// ChargeTimer turns a timer entry into a billable charge (a line item);
// the entry comes back with Recorded true. Syncro ignores a product change
// at this point: set ProductID with UpdateTimer first.
//
// POST /tickets/{id}/charge_timer_entry
func (s *TicketsService) ChargeTimer(ctx context.Context, ticketID, timerID int64) (*TicketTimer, error) {
	if err := checkIDs("charge timer entry", "ticket_id", ticketID, "timer_entry_id", timerID); err != nil {
		return nil, err
	}
	return s.timer(ctx, http.MethodPost, ticketID, "charge_timer_entry", nil, timerID)
}

// DeleteTimer deletes a timer entry.
//
// POST /tickets/{id}/delete_timer_entry
func (s *TicketsService) DeleteTimer(ctx context.Context, ticketID, timerID int64) error {
	if err := checkIDs("delete timer entry", "ticket_id", ticketID, "timer_entry_id", timerID); err != nil {
		return err
	}
	return s.client.send(ctx, http.MethodPost, apiPath("tickets", ticketID, "delete_timer_entry"),
		map[string]int64{"timer_entry_id": timerID}, acceptJSON)
}

// timer sends a timer call; a non-zero timerID is sent as timer_entry_id.
// Syncro answers with the bare timer (a {"ticket_timer": ...} envelope is
// accepted too).
func (s *TicketsService) timer(ctx context.Context, method string, ticketID int64, action string, in *TimerInput, timerID int64) (*TicketTimer, error) {
	var body any = in
	if timerID != 0 {
		raw, err := mergeJSON(in, map[string]any{"timer_entry_id": timerID})
		if err != nil {
			return nil, err
		}
		body = json.RawMessage(raw)
	}
	tm := new(TicketTimer)
	decode := func(b []byte) error { return decodeObject(b, "ticket_timer", true, tm) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return tm.ID })
	}
	err := s.client.send(ctx, method, apiPath("tickets", ticketID, action), body, decode)
	if err != nil {
		return nil, err
	}
	return tm, nil
}
