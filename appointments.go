package syncro

import (
	"time"

	"github.com/shopspring/decimal"
)

// Appointment is a calendar entry for technicians, optionally tied to an
// organization and a ticket.
type Appointment struct {
	ID                      int64           `json:"id"`
	Summary                 string          `json:"summary"`
	Description             string          `json:"description"`
	CustomerID              int64           `json:"customer_id"`
	TicketID                int64           `json:"ticket_id"`
	StartAt                 time.Time       `json:"start_at"`
	EndAt                   time.Time       `json:"end_at"`
	Duration                decimal.Decimal `json:"duration"` // hours
	Location                string          `json:"location"`
	AppointmentLocationType string          `json:"appointment_location_type"`
	StartAtLabel            string          `json:"start_at_label"`
	AllDay                  bool            `json:"all_day"`
	DoNotEmail              bool            `json:"do_not_email"` // Syncro sends "1"/"0"
	Customer                *Customer       `json:"customer"`
	Ticket                  *Ticket         `json:"ticket"`
	CreatedAt               time.Time       `json:"created_at"`
	UpdatedAt               time.Time       `json:"updated_at"`
}

// AppointmentListOptions filters GET /appointments. DateFrom and DateTo are
// sent as dates (2006-01-02); the time of day is ignored.
type AppointmentListOptions struct {
	ListOptions
	DateFrom time.Time `url:"date_from,omitempty" layout:"2006-01-02"`
	DateTo   time.Time `url:"date_to,omitempty" layout:"2006-01-02"`
	Mine     bool      `url:"mine,omitempty"`
}

// AppointmentInput creates or updates an appointment. Summary and StartAt
// are required to create. Nil fields are not sent.
type AppointmentInput struct {
	Summary             *string    `json:"summary,omitempty"`
	Description         *string    `json:"description,omitempty"`
	StartAt             *time.Time `json:"start_at,omitempty"`
	EndAt               *time.Time `json:"end_at,omitempty"`
	AppointmentDuration *string    `json:"appointment_duration,omitempty"`
	AllDay              *bool      `json:"all_day,omitempty"`
	Location            *string    `json:"location,omitempty"`
	CustomerID          *int64     `json:"customer_id,omitempty"`
	TicketID            *int64     `json:"ticket_id,omitempty"`
	UserID              *int64     `json:"user_id,omitempty"`
	UserIDs             []int64    `json:"user_ids,omitempty"`
	AppointmentTypeID   *int64     `json:"appointment_type_id,omitempty"`
	EmailCustomer       *bool      `json:"email_customer,omitempty"`
	DoNotEmail          *bool      `json:"do_not_email,omitempty"`
}
