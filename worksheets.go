package syncro

import (
	"encoding/json"
	"time"
)

// WorksheetResult is a worksheet filled in on a ticket: a copy of one of the
// account's worksheet templates (checklists) with its answers. A ticket
// detail record nests them in worksheet_results.
type WorksheetResult struct {
	ID                  int64            `json:"id"`
	WorksheetTemplateID int64            `json:"worksheet_template_id"`
	TicketID            int64            `json:"ticket_id"`
	UserID              int64            `json:"user_id"`
	Name                string           `json:"name"`
	Public              bool             `json:"public"`
	Complete            bool             `json:"complete"` // Syncro sends null until completed
	Required            bool             `json:"required"`
	FieldList           []WorksheetField `json:"field_list"`
	CreatedAt           time.Time        `json:"created_at"`
	UpdatedAt           time.Time        `json:"updated_at"`
}

// UnmarshalJSON reads a worksheet result whatever the types Syncro used.
func (w *WorksheetResult) UnmarshalJSON(b []byte) error { return decodeModel(b, w) }

// WorksheetField is one item of a worksheet: a section heading or a
// question, in Position order. History holds the answers given to it, as
// Syncro sent them (their shape is not documented).
type WorksheetField struct {
	ID       int64             `json:"id"`
	Name     string            `json:"name"`
	Slug     string            `json:"slug"`
	Position int64             `json:"position"`
	History  []json.RawMessage `json:"history"`
}

// UnmarshalJSON reads a worksheet field whatever the types Syncro used.
func (f *WorksheetField) UnmarshalJSON(b []byte) error { return decodeModel(b, f) }

// WorksheetResultInput adds a worksheet to a ticket or changes one. Nil
// fields are not sent. Creating one needs the id of an existing worksheet
// template (Syncro answers 404 otherwise); TicketSettings lists them.
type WorksheetResultInput struct {
	WorksheetTemplateID *int64  `json:"worksheet_template_id,omitempty"`
	Title               *string `json:"title,omitempty"`
	// The fields below are accepted by updates only.
	UserID   *int64 `json:"user_id,omitempty"`
	Complete *bool  `json:"complete,omitempty"`
	Public   *bool  `json:"public,omitempty"`
	Required *bool  `json:"required,omitempty"`
	// Answers is sent as the answers object of Syncro's update body:
	// {"value": ..., "user": ...}.
	Answers *WorksheetAnswer `json:"answers,omitempty"`
}

// WorksheetAnswer is the answers object of a worksheet update, as the
// OpenAPI document describes it.
type WorksheetAnswer struct {
	Value string `json:"value"`
	User  string `json:"user,omitempty"`
}
