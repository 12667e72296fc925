package syncro

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TicketSettings is the account's ticket configuration: its statuses (which
// each account customises), ticket types, saved searches and technicians.
type TicketSettings struct {
	// TicketStatusList is the account's statuses, in Syncro's order.
	TicketStatusList           []string      `json:"ticket_status_list"`
	DefaultLaborProductID      int64         `json:"default_labor_product_id"`
	TicketTimerChargeByDefault bool          `json:"ticket_timer_charge_by_default"`
	SavedSearches              []SavedSearch `json:"saved_searches"`
	TicketTypes                []TicketType  `json:"ticket_types"`
	// TicketTypeFields are the custom fields of every ticket type, and
	// TicketTypeFieldAnswers the choices of their select boxes.
	TicketTypeFields       []TicketField     `json:"ticket_type_fields"`
	TicketTypeFieldAnswers []TicketAnswer    `json:"ticket_type_field_answers"`
	AppointmentTypes       []AppointmentType `json:"appointment_types"`
	// Users is the account's technicians, id and name only.
	Users                        []User            `json:"users"`
	DashboardSettings            json.RawMessage   `json:"dashboard_settings,omitempty"`
	WorksheetTemplates           []json.RawMessage `json:"worksheet_templates"`
	RequireTicketType            bool              `json:"require_ticket_type"`
	RequireIntakeFormWithTicket  bool              `json:"require_intake_form_with_ticket"`
	RequireOuttakeFormWithTicket bool              `json:"require_outtake_form_with_ticket"`
	TicketWorkflowDefaultID      int64             `json:"ticket_workflow_default_id"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the settings whatever the types Syncro used (decode.go).
func (s *TicketSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, s) }

// SavedSearch is a saved ticket search; pass its ID as
// TicketListOptions.TicketSearchID to list its results. Syncro documents
// no shape for it beyond an id and a name: Raw keeps the whole record.
type SavedSearch struct {
	ID   int64           `json:"id"`
	Name string          `json:"name"`
	Raw  json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a saved search (decode.go) and keeps the raw record.
func (ss *SavedSearch) UnmarshalJSON(b []byte) error {
	if err := decodeModel(b, ss); err != nil {
		return err
	}
	ss.Raw = append(json.RawMessage(nil), b...)
	return nil
}

func (s SavedSearch) decodesItself() {} // decodes itself: see selfDecoder

// Settings returns the account's ticket settings.
//
// GET /tickets/settings
func (s *TicketsService) Settings(ctx context.Context) (*TicketSettings, error) {
	ts := new(TicketSettings)
	if err := s.client.get(ctx, "tickets/settings", nil, decodeInto(ts)); err != nil {
		return nil, err
	}
	return ts, nil
}

// StageMap maps the account's statuses to stages (see NewStageMap); the
// overrides, keyed by status name, win over the default rules.
func (s *TicketSettings) StageMap(overrides map[string]Stage) (*StageMap, error) {
	return NewStageMap(s.TicketStatusList, overrides)
}

// Stage is where a ticket stands in its life, whatever the account calls
// its statuses: integrations map each account's own statuses to these.
type Stage string

// The stages, in order.
const (
	StageNew      Stage = "New"
	StageTriaged  Stage = "Triaged"
	StageWorking  Stage = "Working"
	StageWaiting  Stage = "Waiting"
	StageResolved Stage = "Resolved"
)

// Stages lists the stages in order.
func Stages() []Stage {
	return []Stage{StageNew, StageTriaged, StageWorking, StageWaiting, StageResolved}
}

// Valid reports whether s is one of the five stages.
func (s Stage) Valid() bool {
	for _, st := range Stages() {
		if s == st {
			return true
		}
	}
	return false
}

// DefaultStage is the stage a status maps to when nobody said otherwise.
// Statuses are compared without regard to case or surrounding spaces:
//
//   - a status named like a stage ("New", "Triaged", "Working", "Waiting",
//     "Resolved") is that stage;
//   - "Invoiced" and "Closed" are Resolved: the work is done;
//   - any status beginning with the word "Resolved" ("Resolved - No
//     Charge") is Resolved: Syncro treats such statuses as resolved;
//   - any status starting with "Waiting" ("Waiting for Parts", "Waiting on
//     Customer") is Waiting;
//   - "Scheduled" is Triaged: someone looked at it and planned the work,
//     which has not started;
//   - "Customer Reply" is Working: the customer answered, so the ticket is
//     back with the technicians and no longer waits on anyone;
//   - "In Progress" and every other status is Working.
func DefaultStage(status string) Stage {
	s := strings.ToLower(strings.Join(strings.Fields(status), " "))
	for _, st := range Stages() {
		if s == strings.ToLower(string(st)) {
			return st
		}
	}
	switch {
	case s == "invoiced" || s == "closed" || beginsWithWord(s, "resolved"):
		return StageResolved
	case strings.HasPrefix(s, "waiting"):
		return StageWaiting
	case s == "scheduled":
		return StageTriaged
	}
	return StageWorking
}

// beginsWithWord reports whether s starts with the word w: "resolved - no
// charge" begins with "resolved", "resolvedx" does not.
func beginsWithWord(s, w string) bool {
	rest, ok := strings.CutPrefix(s, w)
	if !ok {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// StageMap maps an account's ticket statuses to stages. Build it with
// NewStageMap (or TicketSettings.StageMap); it is safe for concurrent reads.
type StageMap struct {
	statuses []string         // the account's statuses, in order
	stages   map[string]Stage // by normalised status
}

// normStatus is the key a status is compared by: case and runs of spaces
// do not matter.
func normStatus(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// NewStageMap maps each of an account's statuses (TicketSettings'
// TicketStatusList) to a stage: the override given for it, else
// DefaultStage. Overrides may name statuses not in the list (a status
// added later); each must map to one of the five stages, or NewStageMap
// fails naming the bad entries.
func NewStageMap(statuses []string, overrides map[string]Stage) (*StageMap, error) {
	m := &StageMap{stages: make(map[string]Stage, len(statuses)+len(overrides))}
	var bad []string
	for _, status := range sortedKeys(overrides) {
		st := overrides[status]
		if !st.Valid() {
			bad = append(bad, fmt.Sprintf("%q: %q", status, st))
			continue
		}
		if normStatus(status) == "" {
			bad = append(bad, fmt.Sprintf("%q (an empty status)", status))
			continue
		}
		m.stages[normStatus(status)] = st
	}
	if len(bad) > 0 {
		return nil, &ValidationError{Op: "map ticket statuses", Fields: bad, Reason: "each override must map a status to New, Triaged, Working, Waiting or Resolved"}
	}
	seen := map[string]bool{}
	for _, status := range statuses {
		key := normStatus(status)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		m.statuses = append(m.statuses, strings.TrimSpace(status))
		if _, ok := m.stages[key]; !ok {
			m.stages[key] = DefaultStage(status)
		}
	}
	return m, nil
}

// Stage returns the stage of status. A status the map was not built with
// gets its override if one was given, else DefaultStage.
func (m *StageMap) Stage(status string) Stage {
	if st, ok := m.stages[normStatus(status)]; ok {
		return st
	}
	return DefaultStage(status)
}

// Statuses returns the account's statuses that map to one of the given
// stages, in the account's order: for example the statuses to exclude from
// a sync (m.Statuses(StageResolved)).
func (m *StageMap) Statuses(stages ...Stage) []string {
	var out []string
	for _, status := range m.statuses {
		st := m.Stage(status)
		for _, want := range stages {
			if st == want {
				out = append(out, status)
				break
			}
		}
	}
	return out
}

// Mapping returns the whole map, status to stage, for the account's
// statuses.
func (m *StageMap) Mapping() map[string]Stage {
	out := make(map[string]Stage, len(m.statuses))
	for _, status := range m.statuses {
		out[status] = m.Stage(status)
	}
	return out
}
