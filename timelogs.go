package syncro

import "time"

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
