package csvio

import (
	"fmt"
	"strings"
	"time"

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

	before   int64 // for a create: the highest id of its kind the plan saw (see ReportEntry.MaxIDBefore)
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
	// AllowDuplicates creates a row without an id even when a record of the
	// same name already exists (an end user in the same organization, an
	// organization in the account) or another row of the file creates one:
	// without it such a row is refused as a likely duplicate. It also lets a
	// re-run create again a row whose earlier create may have happened when
	// no record proves it did (see Previous).
	AllowDuplicates bool
	// Previous is the results report of an earlier run of the same file.
	// Rows it records as created (or updated) are matched to that record
	// instead of being created again. A row whose create may have happened
	// (its answer was lost, or the run died while it was out) is matched
	// only to a record proven to be that create's: made after the create
	// was sent (a higher id than any the earlier plan saw, created_at not
	// before the send), in the same organization, with the row's values,
	// and held by no other line. When no record sharing the row's name,
	// email or phone was made since, the row is created; otherwise it is
	// refused, naming the records, for the user to decide.
	Previous *Report
	// Progress, when set, is called as planning reads the account, with the
	// requests sent so far and the number it expects to send (which may
	// grow as it learns the account's size).
	Progress func(done, total int)
}

// clockSkew is how far Syncro's clock (created_at) and this machine's (the
// time a create was sent) may disagree.
const clockSkew = 5 * time.Minute

// reuse decides, from an earlier run's report, which record a row without
// an id stands for. id is 0 when the row is still to be created; lookup is
// true when the earlier create (entry e) may have happened and the caller
// must look for proof of it (see adoptEarlier).
//
// Any entry with an id holds the record the line created or matched, whatever
// happened to the line since (a later run stopped before it, or refused it):
// that record is never created again. A line that holds no record (refused,
// skipped, empty) may have been fixed since and is planned afresh.
func reuse(prev *Report, line int, customerID int64, name, email string) (e ReportEntry, id int64, lookup bool, err error) {
	if prev == nil {
		return e, 0, false, nil
	}
	e, ok := prev.Entry(line)
	if !ok || (e.ID == 0 && e.Action != OutcomeUnknown) {
		return e, 0, false, nil
	}
	// End-user rows belong to an organization that must match too;
	// organization rows pass 0.
	if (customerID != 0 && e.CustomerID != customerID) || e.Name != name || !strings.EqualFold(e.Email, email) {
		return e, 0, false, errReportMismatch(prev.Template, line, e)
	}
	if e.ID > 0 {
		return e, e.ID, false, nil
	}
	return e, 0, true, nil
}

// earlier describes the records an earlier create may have made, for
// adoptEarlier.
type earlier[T any] struct {
	e         ReportEntry
	line      int
	held      map[int64]int // record -> the report line that holds it
	id        func(*T) int64
	createdAt func(*T) time.Time
	plausible func(*T) bool // shares the row's name, email or phone
	same      func(*T) bool // has every value the row sets
	what      string        // "end user"
	idColumn  string
	allowDup  bool
}

// adoptEarlier decides what became of a create an earlier run sent without
// learning its outcome, from the records of its organization (or account)
// now. It returns the record when exactly one is proven to be that create's:
// made after the send (an id above every id the earlier plan saw and a
// created_at not before the send), held by no other line, with the row's
// values. It returns nil, nil when no record like the row was made since:
// the create did not happen and the row may be created. Otherwise the row
// needs the user's decision, and the error names the records.
func adoptEarlier[T any](recs []*T, a earlier[T]) (*T, error) {
	if a.e.SentAt.IsZero() {
		return nil, fmt.Errorf("needs a decision: an earlier run's create of this %s may have happened, and the report does not say when it was sent, so no record can be proven to be it: "+
			"look the %s up in Syncro and put its id in %s, or import allowing duplicates (--allow-duplicates) to create it", a.what, a.what, a.idColumn)
	}
	var exact, others []int64
	var match *T
	for _, r := range recs {
		id := a.id(r)
		if holder, ok := a.held[id]; (ok && holder != a.line) || id <= a.e.MaxIDBefore || !a.plausible(r) {
			continue
		}
		if at := a.createdAt(r); !at.IsZero() && at.Before(a.e.SentAt.Add(-clockSkew)) {
			continue
		}
		if a.same(r) {
			exact, match = append(exact, id), r
		} else {
			others = append(others, id)
		}
	}
	switch {
	case len(exact) == 1:
		return match, nil
	case len(exact) > 1:
		return nil, fmt.Errorf("needs a decision: an earlier run's create of this %s may have happened, and %d %ss made since match it (%s): put the right one's id in %s",
			a.what, len(exact), a.what, joinInts(exact), a.idColumn)
	case len(others) > 0 && !a.allowDup:
		return nil, fmt.Errorf("needs a decision: an earlier run's create of this %s may have happened; %ss made since share its name, email or phone but not its values (%s), so none is proven to be it: "+
			"put its id in %s if one is, or import allowing duplicates (--allow-duplicates) to create the row again", a.what, a.what, joinInts(others), a.idColumn)
	}
	return nil, nil
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
