package syncrotest

import "time"

// ticketFieldDef is a custom field of a ticket type. A select box lists
// its choices; a ticket's values live in its properties, keyed by the
// field's name (SYNCRO_API.md §4.3).
type ticketFieldDef struct {
	id        int64
	typeName  string // the ticket type the field belongs to
	name      string
	fieldType string // "text_field", "select_box", ...
	choices   []string
}

// ticketFieldDefs are the fake account's ticket custom fields. Field and
// choice ids are fixed, so tests may name them.
var ticketFieldDefs = []ticketFieldDef{
	{1, "Hardware", "Device Type", "select_box", []string{"Laptop", "Desktop", "Printer"}},
	{2, "Hardware", "Serial Number", "text_field", nil},
	{3, "Software", "Application", "text_field", nil},
}

// answerID is the id of a field's nth choice.
func answerID(fieldID int64, n int) int64 { return fieldID*100 + int64(n) + 1 }

// ticketAnswersJSON renders a field's choices as the spec's example does.
func (s *Server) ticketAnswersJSON(d ticketFieldDef, created time.Time) []any {
	out := []any{}
	for i, c := range d.choices {
		out = append(out, obj{"id": answerID(d.id, i), "ticket_field_id": d.id, "content": c,
			"created_at": s.ts(created), "updated_at": s.ts(created), "account_id": nil})
	}
	return out
}

// ticketFieldsJSON renders the custom fields of a ticket type, and
// separately all their choices (ticket_answers).
func (s *Server) ticketFieldsJSON(tt *ticketType) (fields, answers []any) {
	fields, answers = []any{}, []any{}
	if tt == nil {
		return fields, answers
	}
	for _, d := range ticketFieldDefs {
		if d.typeName != tt.name {
			continue
		}
		choices := s.ticketAnswersJSON(d, tt.created)
		fields = append(fields, obj{
			"id": d.id, "name": d.name, "field_type": d.fieldType, "required": nil, "account_id": accountID,
			"created_at": s.ts(tt.created), "updated_at": s.ts(tt.created), "ticket_type_id": tt.id,
			"hidden": false, "position": nil, "answers": choices,
		})
		answers = append(answers, choices...)
	}
	return fields, answers
}

// allTicketFieldsJSON is ticket_type_fields and ticket_type_field_answers
// of the ticket settings: every type's fields and choices.
func (s *Server) allTicketFieldsJSON() (fields, answers []any) {
	fields, answers = []any{}, []any{}
	for i := range s.st.ticketTypes {
		f, a := s.ticketFieldsJSON(&s.st.ticketTypes[i])
		fields, answers = append(fields, f...), append(answers, a...)
	}
	return fields, answers
}

// genericJSON renders the live records of a generically stored resource
// that match keep, as its detail GET does; none when the resource is not
// registered.
func (s *Server) genericJSON(resource string, keep func(r record) bool) []any {
	out := []any{}
	st := s.st.generic[resource]
	if st == nil {
		return out
	}
	for _, r := range st.live() {
		if keep == nil || keep(r) {
			out = append(out, s.renderGeneric(st, r, true))
		}
	}
	return out
}
