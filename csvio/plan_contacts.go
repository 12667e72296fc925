package csvio

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/syncrokit/syncro"
)

// orgContacts is what Syncro holds for one organization named in the file.
type orgContacts struct {
	missing bool
	byID    map[int64]*syncro.Contact
	byEmail map[string][]*syncro.Contact
}

// PlanContacts decides, for every row, whether to create an end user,
// update one, leave it unchanged, or refuse the row, reading the current
// state through the client (one request per organization named, plus one
// per 100 of its end users). Nothing is written.
//
// Rules: the organization must exist; a contact_id must be an end user of
// that organization and appear once in the file; a row without contact_id
// whose email already belongs to an end user of the organization is refused
// as a likely duplicate (or, with MatchEmail, updates that end user); a
// row that matches Syncro exactly is unchanged and costs no write.
//
// The error is for a failure to read Syncro's state (a bad token, the
// network); problems with rows are in the plan.
func PlanContacts(ctx context.Context, client *syncro.Client, rows []*ContactRow, opts *PlanOptions) (*Plan, error) {
	if opts == nil {
		opts = &PlanOptions{}
	}
	orgs := map[int64]*orgContacts{}
	for _, row := range rows {
		if row.Err != nil || row.Blank || orgs[row.CustomerID] != nil {
			continue
		}
		org, err := loadOrgContacts(ctx, client, row.CustomerID)
		if err != nil {
			return nil, err
		}
		orgs[row.CustomerID] = org
	}

	idLines := map[int64][]int{}
	for _, row := range rows {
		if row.Err == nil && !row.Blank && row.ContactID > 0 {
			idLines[row.ContactID] = append(idLines[row.ContactID], row.Line)
		}
	}
	plan := &Plan{Template: ContactTemplate, Items: make([]PlanItem, 0, len(rows))}
	newEmails := map[string]int{} // organization + email of rows to create -> line
	for _, row := range rows {
		item := PlanItem{Line: row.Line, CustomerID: row.CustomerID, ID: row.ContactID, Name: row.Name, Email: row.Email}
		if row.DirectReport != "" {
			item.Note = "direct_report cannot be set through Syncro's API: not sent"
		}
		planContactRow(&item, row, orgs[row.CustomerID], idLines, newEmails, opts)
		if item.Err != nil {
			item.Action = ActionError
		}
		keepEarlier(&item, opts.Previous, ContactTemplate)
		plan.Items = append(plan.Items, item)
	}
	return plan, nil
}

func planContactRow(item *PlanItem, row *ContactRow, org *orgContacts, idLines map[int64][]int, newEmails map[string]int, opts *PlanOptions) {
	switch {
	case row.Blank:
		item.Action, item.Note = ActionSkip, "empty row"
		return
	case row.Err != nil:
		item.Err = row.Err
		return
	case org.missing:
		item.Err = fmt.Errorf("organization %d does not exist: create it first, or correct customer_id", row.CustomerID)
		return
	}
	id := row.ContactID
	if id > 0 && len(idLines[id]) > 1 {
		item.Err = fmt.Errorf("contact_id %d appears on lines %s: each end user can be in the file once", id, joinInts(idLines[id]))
		return
	}
	fromReport := false
	if id == 0 {
		reused, lookup, err := reuse(opts.Previous, row.Line, row.CustomerID, row.Name, row.Email)
		switch {
		case err != nil:
			item.Err = err
			return
		case reused > 0:
			id, fromReport = reused, true
		case lookup:
			match, err := org.findSame(row)
			if err != nil {
				item.Err = err
				return
			}
			if match != nil {
				id, fromReport = match.ID, true
				item.Note = joinNotes(item.Note, fmt.Sprintf("the earlier run's create did happen: end user %d", match.ID))
			}
		}
	}
	if id == 0 {
		if match, err := org.emailMatch(row, opts.MatchEmail); err != nil || match != nil {
			if err != nil {
				item.Err = err
				return
			}
			id = match.ID
			item.Note = joinNotes(item.Note, fmt.Sprintf("matched end user %d by email", id))
		}
	}
	if id == 0 {
		if e := lower(row.Email); e != "" {
			key := fmt.Sprintf("%d/%s", row.CustomerID, e)
			if first, dup := newEmails[key]; dup {
				item.Err = fmt.Errorf("line %d already creates an end user with the email %s in this organization", first, row.Email)
				return
			}
			newEmails[key] = row.Line
		}
		item.Action, item.contact = ActionCreate, row.createInput()
		return
	}
	cur, ok := org.byID[id]
	if !ok {
		if fromReport {
			item.Err = fmt.Errorf("end user %d, created by an earlier run of this file, is no longer in organization %d", id, row.CustomerID)
		} else {
			item.Err = fmt.Errorf("contact_id %d is not an end user of organization %d: check both ids", id, row.CustomerID)
		}
		return
	}
	item.ID = id
	in, changed := row.changes(cur)
	if len(changed) == 0 {
		item.Action = ActionUnchanged
		return
	}
	item.Action, item.contact, item.Changes = ActionUpdate, in, changed
}

func loadOrgContacts(ctx context.Context, client *syncro.Client, customerID int64) (*orgContacts, error) {
	org := &orgContacts{byID: map[int64]*syncro.Contact{}, byEmail: map[string][]*syncro.Contact{}}
	if _, err := client.Customers.Get(ctx, customerID); err != nil {
		if errors.Is(err, syncro.ErrNotFound) {
			org.missing = true
			return org, nil
		}
		return nil, fmt.Errorf("csvio: reading organization %d: %w", customerID, err)
	}
	for c, err := range client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: customerID}) {
		if err != nil {
			return nil, fmt.Errorf("csvio: reading the end users of organization %d: %w", customerID, err)
		}
		c := c
		org.byID[c.ID] = &c
		if e := lower(c.Email); e != "" {
			org.byEmail[e] = append(org.byEmail[e], &c)
		}
	}
	return org, nil
}

// emailMatch finds an existing end user with the row's email. Without
// matchEmail a match is an error (a likely duplicate).
func (o *orgContacts) emailMatch(row *ContactRow, matchEmail bool) (*syncro.Contact, error) {
	found := o.byEmail[lower(row.Email)]
	switch {
	case len(found) == 0:
		return nil, nil
	case !matchEmail:
		return nil, fmt.Errorf("likely duplicate: end user %d of organization %d already has the email %s; put its id in contact_id to update it (or import with email matching)",
			found[0].ID, row.CustomerID, row.Email)
	case len(found) > 1:
		return nil, fmt.Errorf("the email %s belongs to %d end users of organization %d: put the right one's id in contact_id", row.Email, len(found), row.CustomerID)
	}
	return found[0], nil
}

// findSame looks for the end user an earlier, interrupted create may have
// made: same name and email in the organization.
func (o *orgContacts) findSame(row *ContactRow) (*syncro.Contact, error) {
	var found []*syncro.Contact
	for _, c := range o.byID {
		if c.Name == row.Name && strings.EqualFold(c.Email, row.Email) {
			found = append(found, c)
		}
	}
	return earlierCreate(found, func(c *syncro.Contact) int64 { return c.ID }, "end user", "contact_id")
}

// earlierCreate returns the one record an earlier, interrupted create may
// have made, nil when none matches, or an error naming every match when
// several do, so that the user puts the right id in the idColumn.
func earlierCreate[T any](found []*T, id func(*T) int64, what, idColumn string) (*T, error) {
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	ids := make([]int64, len(found))
	for i, r := range found {
		ids[i] = id(r)
	}
	return nil, fmt.Errorf("an earlier run may have created this %s, and %d %ss (%s) match it: put the right id in %s",
		what, len(found), what, joinInts(ids), idColumn)
}

// joinInts lists line numbers or ids, in order: "3, 7, 12".
func joinInts[T int | int64](v []T) string {
	slices.Sort(v)
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.FormatInt(int64(n), 10)
	}
	return strings.Join(parts, ", ")
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
