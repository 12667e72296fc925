package csvio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/syncrokit/syncro"
)

// ExecOptions tune Execute.
type ExecOptions struct {
	// DryRun sends nothing: the report says what would be done.
	DryRun bool
	// Report, when set, receives one entry per row as it is done.
	Report *ReportWriter
	// Progress, when set, is called after each row with the rows done and
	// the total.
	Progress func(done, total int)
}

// Summary counts the outcomes of a run.
type Summary struct {
	Created, Updated, Unchanged, Skipped, Unknown int
	Failed                                        int // in a dry run, the rows refused
	WouldCreate, WouldUpdate                      int // dry run
}

// OK reports whether every row was carried out (or would be).
func (s Summary) OK() bool { return s.Failed == 0 && s.Unknown == 0 }

func (s *Summary) add(o Outcome) {
	switch o {
	case OutcomeCreated:
		s.Created++
	case OutcomeUpdated:
		s.Updated++
	case OutcomeUnchanged:
		s.Unchanged++
	case OutcomeSkipped:
		s.Skipped++
	case OutcomeFailed, OutcomeRefused:
		s.Failed++
	case OutcomeUnknown:
		s.Unknown++
	case OutcomeWouldCreate:
		s.WouldCreate++
	case OutcomeWouldUpdate:
		s.WouldUpdate++
	}
}

// Execute carries out a plan through the client, so through its rate
// limiter and retry policy, row by row in file order, and records every
// row's outcome in the report. A row that fails does not stop the others.
//
// When ctx ends, the rows not reached are reported as skipped and Execute
// returns the context's error. A create that may have happened although
// its answer says nothing (its error matches syncro.ErrOutcomeUnknown: a
// 5xx, a cut connection, an unreadable answer; or the run was stopped while
// it was out) is reported as unknown, never retried: re-run the import with
// this report (PlanOptions.Previous) and such rows are matched only to a
// record proven to be theirs before anything is created again.
func Execute(ctx context.Context, client *syncro.Client, plan *Plan, opts *ExecOptions) (Summary, error) {
	if plan == nil {
		return Summary{}, errors.New("csvio: Execute: no plan given: build one with PlanContacts or PlanCustomers")
	}
	if opts == nil {
		opts = &ExecOptions{}
	}
	var sum Summary
	var stopped error
	for i := range plan.Items {
		item := &plan.Items[i]
		entry := ReportEntry{Line: item.Line, CustomerID: item.CustomerID, ID: item.ID, Name: item.Name, Email: item.Email, Note: item.Note}
		if stopped == nil {
			stopped = ctx.Err()
		}
		switch {
		case stopped != nil:
			entry.Action = OutcomeSkipped
			entry.Error = "not done: the run was stopped (" + stopped.Error() + ")"
		case item.Action == ActionError && opts.DryRun:
			entry.Action, entry.Error = OutcomeRefused, errorText(item.Err)
		case item.Action == ActionError:
			entry.Action, entry.Error = OutcomeFailed, errorText(item.Err)
		case item.Action == ActionSkip:
			entry.Action = OutcomeSkipped
		case item.Action == ActionUnchanged:
			entry.Action = OutcomeUnchanged
		case opts.DryRun && item.Action == ActionCreate:
			entry.Action = OutcomeWouldCreate
		case opts.DryRun:
			entry.Action, entry.Note = OutcomeWouldUpdate, joinNotes(changesNote(item.Changes), entry.Note)
		default:
			if item.Action == ActionCreate {
				entry.SentAt, entry.MaxIDBefore = time.Now().UTC(), item.before
				if opts.Report != nil {
					if err := opts.Report.intend(entry); err != nil {
						return sum, fmt.Errorf("csvio: writing the results report: %w", err)
					}
				}
			}
			carryOut(ctx, client, plan.Template, item, &entry)
		}
		sum.add(entry.Action)
		if opts.Report != nil {
			if err := opts.Report.Write(entry); err != nil {
				return sum, fmt.Errorf("csvio: writing the results report: %w", err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(plan.Items))
		}
	}
	return sum, stopped
}

// carryOut sends the row's create or update and fills in the outcome.
func carryOut(ctx context.Context, client *syncro.Client, t Template, item *PlanItem, entry *ReportEntry) {
	var id int64
	var err error
	switch {
	case t == ContactTemplate && item.Action == ActionCreate:
		var c *syncro.Contact
		if c, err = client.Contacts.Create(ctx, item.contact); err == nil {
			id = c.ID
		}
	case t == ContactTemplate:
		_, err = client.Contacts.Update(ctx, item.ID, item.contact)
		id = item.ID
	case item.Action == ActionCreate:
		var c *syncro.Customer
		if c, err = client.Customers.Create(ctx, item.customer); err == nil {
			id = c.ID
		}
	default:
		id = item.ID
		if item.customer != nil { // nil when only phones are added
			_, err = client.Customers.Update(ctx, item.ID, item.customer)
		}
	}
	if err == nil && t == CustomerTemplate {
		err = addPhones(ctx, client, id, item.phones)
		if err != nil {
			err = fmt.Errorf("the organization was saved (id %d) but a phone number was not: %w", id, err)
		}
	}
	entry.ID = id
	if t == CustomerTemplate {
		entry.CustomerID = id
	}
	switch {
	case err != nil && id != 0:
		entry.Action, entry.Error = OutcomeFailed, errorText(err)
	case err != nil && item.Action == ActionCreate && errors.Is(err, syncro.ErrOutcomeUnknown):
		entry.Action = OutcomeUnknown
		entry.Error = errorText(err) + " (the record may have been created: re-run with this report to check before creating it again)"
	case err != nil && item.Action == ActionCreate && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		// The run was stopped while the create was out: whether Syncro got
		// it is not known either.
		entry.Action = OutcomeUnknown
		entry.Error = "the run was stopped while this create was out (" + ctx.Err().Error() + "): it may have happened; re-run with this report to check before creating it again"
	case err != nil:
		entry.Action, entry.Error = OutcomeFailed, errorText(err)
	case item.Action == ActionCreate:
		entry.Action = OutcomeCreated
	default:
		entry.Action, entry.Note = OutcomeUpdated, joinNotes(changesNote(item.Changes), entry.Note)
	}
}

func addPhones(ctx context.Context, client *syncro.Client, customerID int64, phones []syncro.PhoneInput) error {
	for i := range phones {
		if _, err := client.Customers.CreatePhone(ctx, customerID, &phones[i]); err != nil {
			return err
		}
	}
	return nil
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	var apiErr *syncro.APIError
	if errors.As(err, &apiErr) && len(apiErr.Messages) > 0 && apiErr.StatusCode != http.StatusUnauthorized {
		return fmt.Sprintf("Syncro refused it (%d): %s", apiErr.StatusCode, strings.Join(apiErr.Messages, "; "))
	}
	return err.Error()
}

func changesNote(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return "changed: " + strings.Join(cols, ", ")
}
