package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strings"
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

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
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

// AppointmentsService works with appointments.
type AppointmentsService service

// UnmarshalJSON reads an appointment whatever the types Syncro used. A
// list item wrapped in its own {"appointment": {...}} object (as the list
// sends each one) reads too.
func (x *Appointment) UnmarshalJSON(b []byte) error {
	return decodeModel(unwrapItem(b, "appointment"), x)
}

// Appointment decodes itself (see selfDecoder): a list item must be
// unwrapped before its fields are read.
func (x Appointment) decodesItself() {}

// unwrapItem returns the inner object of {"<key>": {...}} when that is the
// object's only key, and b unchanged otherwise.
func unwrapItem(b []byte, key string) []byte {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(t[:min(len(t), len(key)+8)], []byte(`"`+key+`"`)) {
		return b
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(t, &m) != nil || len(m) != 1 {
		return b
	}
	if inner := bytes.TrimSpace(m[key]); len(inner) > 0 && inner[0] == '{' {
		return inner
	}
	return b
}

// Syncro wraps an appointment as {"appointment": {...}}; the detail GET
// is documented bare, which reads too.
var appointmentRec = rec[Appointment]{one: "appointment", many: "appointments", bare: true}

// List returns one page of appointments: GET /appointments.
func (s *AppointmentsService) List(ctx context.Context, opts *AppointmentListOptions) (*Page[Appointment], error) {
	return appointmentRec.list(ctx, s.client, "appointments", opts, listOpts(opts))
}

// Pages iterates over the pages of appointments: GET /appointments.
func (s *AppointmentsService) Pages(ctx context.Context, opts *AppointmentListOptions) iter.Seq2[*Page[Appointment], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every appointment matching opts: GET /appointments.
func (s *AppointmentsService) All(ctx context.Context, opts *AppointmentListOptions) iter.Seq2[Appointment, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one appointment: GET /appointments/{id}.
func (s *AppointmentsService) Get(ctx context.Context, id int64) (*Appointment, error) {
	if err := checkID("get appointment", "id", id); err != nil {
		return nil, err
	}
	return appointmentRec.get(ctx, s.client, apiPath("appointments", id), nil)
}

// Create makes an appointment: POST /appointments. Summary and StartAt are
// required. Linking TicketID lets Syncro fill the description and the
// location from the ticket's organization.
func (s *AppointmentsService) Create(ctx context.Context, in *AppointmentInput) (*Appointment, error) {
	if in == nil {
		return nil, &ValidationError{Op: "create appointment", Reason: "no input given"}
	}
	var missing []string
	if in.Summary == nil || strings.TrimSpace(*in.Summary) == "" {
		missing = append(missing, "summary")
	}
	if in.StartAt == nil || in.StartAt.IsZero() {
		missing = append(missing, "start_at")
	}
	if len(missing) > 0 {
		return nil, &ValidationError{Op: "create appointment", Fields: missing, Reason: "Syncro requires a summary and a start time"}
	}
	return appointmentRec.create(ctx, s.client, "appointments", in)
}

// Update changes the fields set in in: PUT /appointments/{id}.
func (s *AppointmentsService) Update(ctx context.Context, id int64, in *AppointmentInput) (*Appointment, error) {
	if err := checkID("update appointment", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update appointment", Reason: "no input given"}
	}
	return appointmentRec.update(ctx, s.client, apiPath("appointments", id), in)
}

// Delete deletes an appointment: DELETE /appointments/{id}.
func (s *AppointmentsService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete appointment", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("appointments", id), nil)
}
