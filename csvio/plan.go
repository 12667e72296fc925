package csvio

import (
	"fmt"
	"strings"

	"github.com/syncrokit/syncro"
)

// Action is what a plan will do with one row.
type Action string

// The actions of a plan.
const (
	ActionCreate    Action = "create"    // a new record will be created
	ActionUpdate    Action = "update"    // the fields in Changes will be updated
	ActionUnchanged Action = "unchanged" // the row matches Syncro: no request
	ActionSkip      Action = "skip"      // an empty row: nothing to do
	ActionError     Action = "error"     // not carried out: see Err
)

// PlanItem is the decision for one row of the file.
type PlanItem struct {
	Line       int
	Action     Action
	CustomerID int64 // the organization (for organization rows, the same as ID)
	ID         int64 // the end user or organization updated; 0 until created
	Name       string
	Email      string
	Changes    []string // the columns an update changes
	Note       string   // something the user should know, e.g. a column the API cannot set
	Err        error    // why the row is not carried out (ActionError)

	contact  *syncro.ContactInput
	customer *syncro.CustomerInput
	phones   []syncro.PhoneInput // organization phones to add
}

// Plan is what an import will do, row by row, in file order. Build one with
// PlanContacts or PlanCustomers, look at it (a dry run), then Execute it.
type Plan struct {
	Template Template
	Items    []PlanItem
}

// Count returns how many rows have action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for i := range p.Items {
		if p.Items[i].Action == a {
			n++
		}
	}
	return n
}

// PlanOptions tune planning.
type PlanOptions struct {
	// MatchEmail turns a row without an id whose email already belongs to a
	// record (an end user of the same organization, or an organization) into
	// an update of that record. Without it such a row is refused as a likely
	// duplicate.
	MatchEmail bool
	// Previous is the results report of an earlier run of the same file.
	// Rows it records as created (or updated) are matched to that record
	// instead of being created again; rows whose outcome was unknown (the
	// create may have happened) are looked up first: an end user by name
	// and email, an organization by its names, email and phone.
	Previous *Report
}

// reuse decides, from an earlier run's report, which record a row without
// an id stands for. id is 0 when the row is still to be created; lookup is
// true when the earlier create may have happened and the caller must search.
//
// Any entry with an id holds the record the line created or matched, whatever
// happened to the line since (a later run stopped before it, or refused it):
// that record is never created again. A line that holds no record (refused,
// skipped, empty) may have been fixed since and is planned afresh.
func reuse(prev *Report, line int, customerID int64, name, email string) (id int64, lookup bool, err error) {
	if prev == nil {
		return 0, false, nil
	}
	e, ok := prev.Entry(line)
	if !ok || (e.ID == 0 && e.Action != OutcomeUnknown) {
		return 0, false, nil
	}
	// End-user rows belong to an organization that must match too;
	// organization rows pass 0.
	if (customerID != 0 && e.CustomerID != customerID) || e.Name != name || !strings.EqualFold(e.Email, email) {
		return 0, false, errReportMismatch(prev.Template, line, e)
	}
	if e.ID > 0 {
		return e.ID, false, nil
	}
	return 0, true, nil
}

// keepEarlier carries the record an earlier run made for the line into an
// item that will not touch it now (refused, or an empty row), so that the
// new report still holds the record, as the earlier report named it, and a
// later run does not create it again.
func keepEarlier(item *PlanItem, prev *Report, t Template) {
	if item.ID != 0 || (item.Action != ActionError && item.Action != ActionSkip) {
		return
	}
	e, ok := prev.Entry(item.Line)
	if !ok || e.ID == 0 {
		return
	}
	item.ID, item.CustomerID, item.Name, item.Email = e.ID, e.CustomerID, e.Name, e.Email
	item.Note = joinNotes(item.Note, fmt.Sprintf("an earlier run of this file created or matched %s %d for this line", t, e.ID))
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// digits keeps the digits of a phone number: Syncro strips formatting on
// save, so 555-0100 and 5550100 are the same number.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameText compares a cell with Syncro's value. Line ends do not count: a
// quoted CRLF in a CSV file reads back as LF, and browsers save text areas
// with CRLF, so an exported note must not look changed on re-import.
func sameText(cell, have string) bool {
	if cell == have {
		return true
	}
	return strings.ReplaceAll(cell, "\r\n", "\n") == strings.ReplaceAll(have, "\r\n", "\n")
}
