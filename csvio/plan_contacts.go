package csvio

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/syncrokit/syncro"
)

// orgContacts is what Syncro holds for one organization named in the file.
type orgContacts struct {
	missing bool
	maxID   int64 // the highest end-user id of the organization
	byID    map[int64]*syncro.Contact
	byEmail map[string][]*syncro.Contact
	byName  map[string][]*syncro.Contact
	list    []*syncro.Contact // in id order
}

func newOrgContacts() *orgContacts {
	return &orgContacts{byID: map[int64]*syncro.Contact{}, byEmail: map[string][]*syncro.Contact{}, byName: map[string][]*syncro.Contact{}}
}

func (o *orgContacts) add(c *syncro.Contact) {
	o.byID[c.ID] = c
	o.list = append(o.list, c)
	o.maxID = max(o.maxID, c.ID)
	if e := lower(c.Email); e != "" {
		o.byEmail[e] = append(o.byEmail[e], c)
	}
	if n := lower(c.Name); n != "" {
		o.byName[n] = append(o.byName[n], c)
	}
}

// PlanContacts decides, for every row, whether to create an end user,
// update one, leave it unchanged, or refuse the row, reading the current
// state through the client. Nothing is written. When the file names a few
// organizations it reads each (one request, plus one per 100 of its end
// users); when it names more, it reads the account's organizations and end
// users in one pass, whichever costs fewer requests (about one per 100
// records).
//
// Rules: the organization must exist; a contact_id must be an end user of
// that organization and appear once in the file; a row without contact_id
// whose email already belongs to an end user of the organization is refused
// as a likely duplicate (or, with MatchEmail, updates that end user), and
// so is one whose name already belongs to an end user of the organization
// or that another row of the file creates (unless AllowDuplicates); a row
// that matches Syncro exactly is unchanged and costs no write.
//
// The error is for a failure to read Syncro's state (a bad token, the
// network); problems with rows are in the plan.
func PlanContacts(ctx context.Context, client *syncro.Client, rows []*ContactRow, opts *PlanOptions) (*Plan, error) {
	if opts == nil {
		opts = &PlanOptions{}
	}
	var named []int64
	seenOrg := map[int64]bool{}
	for _, row := range rows {
		if row.Err == nil && !row.Blank && !seenOrg[row.CustomerID] {
			seenOrg[row.CustomerID] = true
			named = append(named, row.CustomerID)
		}
	}
	orgs, err := loadContacts(ctx, client, named, opts.Progress)
	if err != nil {
		return nil, err
	}

	idLines := map[int64][]int{}
	for _, row := range rows {
		if row.Err == nil && !row.Blank && row.ContactID > 0 {
			idLines[row.ContactID] = append(idLines[row.ContactID], row.Line)
		}
	}
	p := &contactPlanner{opts: opts, idLines: idLines, held: opts.Previous.holders(), newEmails: map[string]int{}, newNames: map[string]int{}}
	plan := &Plan{Template: ContactTemplate, Items: make([]PlanItem, 0, len(rows))}
	for _, row := range rows {
		item := PlanItem{Line: row.Line, CustomerID: row.CustomerID, ID: row.ContactID, Name: row.Name, Email: row.Email}
		if row.DirectReport != "" {
			item.Note = "direct_report cannot be set through Syncro's API: not sent"
		}
		p.row(&item, row, orgs[row.CustomerID])
		if item.Err != nil {
			item.Action = ActionError
		}
		keepEarlier(&item, opts.Previous, ContactTemplate)
		plan.Items = append(plan.Items, item)
	}
	return plan, nil
}

// contactPlanner holds what planning one row needs to know of the others.
type contactPlanner struct {
	opts      *PlanOptions
	idLines   map[int64][]int
	held      map[int64]int  // records the earlier report holds -> line
	newEmails map[string]int // organization + email of rows to create -> line
	newNames  map[string]int // organization + name of rows to create -> line
}

func (p *contactPlanner) row(item *PlanItem, row *ContactRow, org *orgContacts) {
	opts := p.opts
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
	if id > 0 && len(p.idLines[id]) > 1 {
		item.Err = fmt.Errorf("contact_id %d appears on lines %s: each end user can be in the file once", id, joinInts(p.idLines[id]))
		return
	}
	fromReport := false
	if id == 0 {
		e, reused, lookup, err := reuse(opts.Previous, row.Line, row.CustomerID, row.Name, row.Email)
		switch {
		case err != nil:
			item.Err = err
			return
		case reused > 0:
			id, fromReport = reused, true
		case lookup:
			match, err := adoptEarlier(org.list, earlier[syncro.Contact]{
				e: e, line: row.Line, held: p.held, what: "end user", idColumn: "contact_id", allowDup: opts.AllowDuplicates,
				id:        func(c *syncro.Contact) int64 { return c.ID },
				createdAt: func(c *syncro.Contact) time.Time { return c.CreatedAt },
				plausible: func(c *syncro.Contact) bool {
					return (lower(c.Name) != "" && lower(c.Name) == lower(row.Name)) || (lower(c.Email) != "" && lower(c.Email) == lower(row.Email))
				},
				same: func(c *syncro.Contact) bool { _, changed := row.changes(c); return len(changed) == 0 },
			})
			if err != nil {
				item.Err = err
				return
			}
			if match != nil {
				id, fromReport = match.ID, true
				item.Note = joinNotes(item.Note, fmt.Sprintf("the earlier run's create did happen: end user %d, made after it was sent, with this row's values", match.ID))
			} else {
				item.Note = joinNotes(item.Note, "the earlier run's create did not happen: no end user like this row was made since it was sent")
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
		if err := p.claimNew(row, org); err != nil {
			item.Err = err
			return
		}
		item.Action, item.contact, item.before = ActionCreate, row.createInput(), org.maxID
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

// claimNew checks that a row to create is not a likely duplicate of an end
// user of its organization or of another row of the file, and records it.
func (p *contactPlanner) claimNew(row *ContactRow, org *orgContacts) error {
	email, name := lower(row.Email), lower(row.Name)
	emailKey := fmt.Sprintf("%d/%s", row.CustomerID, email)
	nameKey := fmt.Sprintf("%d/%s", row.CustomerID, name)
	if email != "" {
		if first, dup := p.newEmails[emailKey]; dup {
			return fmt.Errorf("line %d already creates an end user with the email %s in this organization", first, row.Email)
		}
	}
	if name != "" && !p.opts.AllowDuplicates {
		if same := org.byName[name]; len(same) > 0 {
			ids := make([]int64, len(same))
			for i, c := range same {
				ids[i] = c.ID
			}
			return fmt.Errorf("likely duplicate: organization %d already has an end user named %s (%s): put its id in contact_id to update it, or import allowing duplicates (--allow-duplicates) to create another",
				row.CustomerID, strings.TrimSpace(row.Name), joinInts(ids))
		}
		if first, dup := p.newNames[nameKey]; dup {
			return fmt.Errorf("likely duplicate: line %d already creates an end user named %s in this organization: remove one row, or import allowing duplicates (--allow-duplicates) to create both", first, strings.TrimSpace(row.Name))
		}
	}
	if email != "" {
		p.newEmails[emailKey] = row.Line
	}
	if name != "" {
		p.newNames[nameKey] = row.Line
	}
	return nil
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
