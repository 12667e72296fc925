package syncro

import (
	"context"
	"time"
)

// Timelog is a technician's clock-in/clock-out record (time clock), not
// time worked on a ticket (see the ticket timers for that).
type Timelog struct {
	ID              int64     `json:"id"`
	AccountID       int64     `json:"account_id"`
	UserID          int64     `json:"user_id"`
	InAt            time.Time `json:"in_at"`
	OutAt           time.Time `json:"out_at"` // zero while clocked in
	InNote          string    `json:"in_note"`
	OutNote         string    `json:"out_note"`
	Lunch           bool      `json:"lunch"`
	ManuallyUpdated bool      `json:"manually_updated"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// TimelogListOptions filters GET /timelogs and GET /timelogs/last. Without
// UserID Syncro answers for the token's user (a token with "Timelogs -
// Manage" may ask for any user).
type TimelogListOptions struct {
	UserID int64 `url:"user_id,omitempty"`
}

// TimelogInput is what PUT /timelogs takes: it changes the token user's
// current timelog (clock in or out, notes, lunch).
type TimelogInput struct {
	InAt    *time.Time `json:"in_at,omitempty"`
	OutAt   *time.Time `json:"out_at,omitempty"`
	InNote  *string    `json:"in_note,omitempty"`
	OutNote *string    `json:"out_note,omitempty"`
	Lunch   *bool      `json:"lunch,omitempty"`
}

// TimelogsService works with the technicians' time clock.
type TimelogsService service

// UnmarshalJSON reads a timelog whatever the types Syncro used.
func (x *Timelog) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Timelogs come bare from PUT and GET /timelogs/last.
var timelogRec = rec[Timelog]{one: "timelog", many: "timelogs", bare: true}

// List returns the timelogs of the token's user, or of opts.UserID:
// GET /timelogs.
func (s *TimelogsService) List(ctx context.Context, opts *TimelogListOptions) ([]Timelog, error) {
	p, err := listPage[Timelog](ctx, s.client, "timelogs", "timelogs", opts, nil)
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// Last returns the latest timelog of the token's user, or of opts.UserID:
// GET /timelogs/last. A zero OutAt means the user is clocked in.
func (s *TimelogsService) Last(ctx context.Context, opts *TimelogListOptions) (*Timelog, error) {
	return timelogRec.get(ctx, s.client, "timelogs/last", opts)
}

// Update changes the token user's current timelog (clock out, notes,
// lunch): PUT /timelogs.
func (s *TimelogsService) Update(ctx context.Context, in *TimelogInput) (*Timelog, error) {
	if in == nil {
		return nil, &ValidationError{Op: "update timelog", Reason: "no input given"}
	}
	return timelogRec.update(ctx, s.client, "timelogs", in)
}
