package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
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
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
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
	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go).
	Unparsed map[string]json.RawMessage `json:"-"`
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

// WorksheetResultsService works with the worksheets filled in on tickets.
type WorksheetResultsService service

// WorksheetResultListOptions pages GET /tickets/{ticket_id}/worksheet_results.
type WorksheetResultListOptions struct {
	ListOptions
}

var worksheetResultRec = rec[WorksheetResult]{one: "worksheet_result", many: "worksheet_results", bare: true}

func worksheetsPath(ticketID int64, id ...int64) string {
	if len(id) == 0 {
		return apiPath("tickets", ticketID, "worksheet_results")
	}
	return apiPath("tickets", ticketID, "worksheet_results", id[0])
}

// List returns one page of a ticket's worksheet results.
//
// GET /tickets/{ticket_id}/worksheet_results
func (s *WorksheetResultsService) List(ctx context.Context, ticketID int64, opts *WorksheetResultListOptions) (*Page[WorksheetResult], error) {
	if err := checkID("list worksheet results", "ticket_id", ticketID); err != nil {
		return nil, err
	}
	return worksheetResultRec.list(ctx, s.client, worksheetsPath(ticketID), opts, listOpts(opts))
}

// All iterates over every worksheet result of a ticket.
//
// GET /tickets/{ticket_id}/worksheet_results
func (s *WorksheetResultsService) All(ctx context.Context, ticketID int64, opts *WorksheetResultListOptions) iter.Seq2[WorksheetResult, error] {
	return items(pages(ctx, opts, func(ctx context.Context, o *WorksheetResultListOptions) (*Page[WorksheetResult], error) {
		return s.List(ctx, ticketID, o)
	}))
}

// Get returns one worksheet result of a ticket.
//
// GET /tickets/{ticket_id}/worksheet_results/{id}
func (s *WorksheetResultsService) Get(ctx context.Context, ticketID, id int64) (*WorksheetResult, error) {
	if err := checkIDs("get worksheet result", "ticket_id", ticketID, "id", id); err != nil {
		return nil, err
	}
	return worksheetResultRec.get(ctx, s.client, worksheetsPath(ticketID, id), nil)
}

// Create adds a worksheet to a ticket from one of the account's worksheet
// templates: in.WorksheetTemplateID is required (checked before any
// request); Syncro answers 404 when no such template exists.
//
// POST /tickets/{ticket_id}/worksheet_results
func (s *WorksheetResultsService) Create(ctx context.Context, ticketID int64, in *WorksheetResultInput) (*WorksheetResult, error) {
	const op = "create worksheet result"
	if err := checkID(op, "ticket_id", ticketID); err != nil {
		return nil, err
	}
	if in == nil || in.WorksheetTemplateID == nil || *in.WorksheetTemplateID <= 0 {
		return nil, &ValidationError{Op: op, Fields: []string{"worksheet_template_id"}, Reason: "Syncro creates a worksheet from an existing template: set WorksheetTemplateID (TicketSettings lists the templates)"}
	}
	return worksheetResultRec.create(ctx, s.client, worksheetsPath(ticketID), in)
}

// Update changes the fields set in in. Syncro's documented answer is a bare
// 200: the record is returned when Syncro sends it, else nil (read it
// again with Get).
//
// PUT /tickets/{ticket_id}/worksheet_results/{id}
func (s *WorksheetResultsService) Update(ctx context.Context, ticketID, id int64, in *WorksheetResultInput) (*WorksheetResult, error) {
	const op = "update worksheet result"
	if err := checkIDs(op, "ticket_id", ticketID, "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: op, Reason: "no input given"}
	}
	var out *WorksheetResult
	err := s.client.do(ctx, request{method: http.MethodPut, path: worksheetsPath(ticketID, id), body: in, decode: func(b []byte) error {
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		out = new(WorksheetResult)
		return worksheetResultRec.decodeOne(out)(b)
	}})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete removes a worksheet result from a ticket.
//
// DELETE /tickets/{ticket_id}/worksheet_results/{id}
func (s *WorksheetResultsService) Delete(ctx context.Context, ticketID, id int64) error {
	if err := checkIDs("delete worksheet result", "ticket_id", ticketID, "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, worksheetsPath(ticketID, id), nil)
}
