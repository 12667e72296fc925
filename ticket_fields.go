package syncro

import (
	"encoding/json"
	"time"
)

// TicketField is one of a ticket type's custom fields, as nested in a
// ticket detail record (ticket_fields) and in its ticket type. A ticket's
// values for these fields also arrive in Ticket.Properties, keyed by the
// field's Name; Answers lists the choices of a select box.
type TicketField struct {
	ID           int64          `json:"id"`
	Name         string         `json:"name"`
	FieldType    string         `json:"field_type"` // "text_field", "select_box", ...
	Required     bool           `json:"required"`
	Hidden       bool           `json:"hidden"`
	Position     int64          `json:"position"`
	AccountID    int64          `json:"account_id"`
	TicketTypeID int64          `json:"ticket_type_id"`
	Answers      []TicketAnswer `json:"answers"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a ticket custom field whatever the types Syncro used.
func (f *TicketField) UnmarshalJSON(b []byte) error { return decodeModel(b, f) }

// TicketAnswer is a choice of a select-box custom field (the field
// TicketFieldID). A ticket detail record lists them in ticket_answers, and
// each field in its Answers; in Syncro's example they are the choices, not
// the ticket's values, which are in Ticket.Properties.
type TicketAnswer struct {
	ID            int64     `json:"id"`
	TicketFieldID int64     `json:"ticket_field_id"`
	Content       string    `json:"content"`
	AccountID     int64     `json:"account_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// UnmarshalJSON reads a custom field answer whatever the types Syncro used.
func (a *TicketAnswer) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }
