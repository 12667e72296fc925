package csvio

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/syncrokit/syncro"
)

// accountCustomers indexes every organization of the account.
type accountCustomers struct {
	maxID   int64
	list    []*syncro.Customer // in id order
	byName  map[string][]*syncro.Customer
	byID    map[int64]*syncro.Customer
	byEmail map[string][]*syncro.Customer
	byPhone map[string][]*syncro.Customer
}

func loadCustomers(ctx context.Context, client *syncro.Client, progress func(done, total int)) (*accountCustomers, error) {
	acc := &accountCustomers{byID: map[int64]*syncro.Customer{}, byEmail: map[string][]*syncro.Customer{},
		byPhone: map[string][]*syncro.Customer{}, byName: map[string][]*syncro.Customer{}}
	req := &requests{report: progress}
	req.expect(1)
	for p, err := range client.Customers.Pages(ctx, &syncro.CustomerListOptions{IncludeDisabled: true}) {
		if err != nil {
			return nil, fmt.Errorf("csvio: reading the organizations: %w", err)
		}
		if req.done == 0 && p.Meta.TotalPages > 1 {
			req.expect(p.Meta.TotalPages - 1)
		}
		req.sent()
		for i := range p.Items {
			c := &p.Items[i]
			acc.byID[c.ID] = c
			acc.list = append(acc.list, c)
			acc.maxID = max(acc.maxID, c.ID)
			if n := customerName(c.BusinessName, c.Firstname, c.Lastname); n != "" {
				acc.byName[n] = append(acc.byName[n], c)
			}
			if e := lower(c.Email); e != "" {
				acc.byEmail[e] = append(acc.byEmail[e], c)
			}
			for _, p := range []string{c.Phone, c.Mobile} {
				if d := digits(p); d != "" {
					acc.byPhone[d] = append(acc.byPhone[d], c)
				}
			}
		}
	}
	return acc, nil
}

// PlanCustomers decides, for every row of an organization CSV, whether to
// create, update, leave unchanged or refuse it. Syncro's own rule finds the
// organization: by id, else by email, else by phone. It reads every
// organization of the account once (one request per 100), and the phones of
// organizations whose rows fill a labelled phone column. Nothing is written.
//
// A row without id whose email or phone matches an organization updates it
// only with MatchEmail; without it the row is refused as a likely
// duplicate, naming the organization. So is a row to create whose name (the
// business name, else the person's) an organization already has, or another
// row creates, unless AllowDuplicates.
func PlanCustomers(ctx context.Context, client *syncro.Client, rows []*CustomerRow, opts *PlanOptions) (*Plan, error) {
	if opts == nil {
		opts = &PlanOptions{}
	}
	acc, err := loadCustomers(ctx, client, opts.Progress)
	if err != nil {
		return nil, err
	}
	idLines := map[int64][]int{}
	for _, row := range rows {
		if row.Err == nil && !row.Blank && row.ID > 0 {
			idLines[row.ID] = append(idLines[row.ID], row.Line)
		}
	}
	plan := &Plan{Template: CustomerTemplate, Items: make([]PlanItem, 0, len(rows))}
	claimed := map[int64]int{}  // organization -> the line that updates it
	newKeys := map[string]int{} // email, phone or name of a row to create -> line
	held := opts.Previous.holders()
	for _, row := range rows {
		item := PlanItem{Line: row.Line, ID: row.ID, CustomerID: row.ID, Name: row.BusinessName, Email: row.Email}
		if item.Name == "" {
			item.Name = strings.TrimSpace(row.Firstname + " " + row.Lastname)
		}
		if row.TaxFree != nil {
			item.Note = "tax_free cannot be set through Syncro's API: not sent"
		}
		if err := planCustomerRow(ctx, client, &item, row, acc, idLines, claimed, newKeys, held, opts); err != nil {
			return nil, err
		}
		if item.Err != nil {
			item.Action = ActionError
		}
		keepEarlier(&item, opts.Previous, CustomerTemplate)
		plan.Items = append(plan.Items, item)
	}
	return plan, nil
}

func planCustomerRow(ctx context.Context, client *syncro.Client, item *PlanItem, row *CustomerRow, acc *accountCustomers,
	idLines map[int64][]int, claimed map[int64]int, newKeys map[string]int, held map[int64]int, opts *PlanOptions) error {
	switch {
	case row.Blank:
		item.Action, item.Note = ActionSkip, "empty row"
		return nil
	case row.Err != nil:
		item.Err = row.Err
		return nil
	case row.ID > 0 && len(idLines[row.ID]) > 1:
		item.Err = fmt.Errorf("id %d appears on lines %s: each organization can be in the file once", row.ID, joinInts(idLines[row.ID]))
		return nil
	}
	id := row.ID
	if id == 0 {
		e, reused, lookup, err := reuse(opts.Previous, row.Line, 0, item.Name, row.Email)
		if err != nil {
			item.Err = err
			return nil
		}
		id = reused
		if id == 0 && lookup {
			same, err := adoptEarlier(acc.list, earlier[syncro.Customer]{
				e: e, line: row.Line, held: held, what: "organization", idColumn: "the id column", allowDup: opts.AllowDuplicates,
				id:        func(c *syncro.Customer) int64 { return c.ID },
				createdAt: func(c *syncro.Customer) time.Time { return c.CreatedAt },
				plausible: func(c *syncro.Customer) bool { return acc.plausible(c, row) },
				same:      func(c *syncro.Customer) bool { _, changed := row.changes(c); return len(changed) == 0 },
			})
			if err != nil {
				item.Err = err
				return nil
			}
			if same != nil {
				id = same.ID
				item.Note = joinNotes(item.Note, fmt.Sprintf("the earlier run's create did happen: organization %d, made after it was sent, with this row's values", id))
			} else {
				item.Note = joinNotes(item.Note, "the earlier run's create did not happen: no organization like this row was made since it was sent")
			}
		}
		if id == 0 {
			match, how, err := acc.match(row, opts.MatchEmail)
			if err != nil {
				item.Err = err
				return nil
			}
			if match != nil {
				id = match.ID
				item.Note = joinNotes(item.Note, fmt.Sprintf("matched organization %d by %s", id, how))
			}
		}
	}
	if id == 0 {
		for _, key := range []string{"email " + lower(row.Email), "phone " + digits(row.Phone)} {
			if strings.HasSuffix(key, " ") {
				continue
			}
			if first, dup := newKeys[key]; dup {
				item.Err = fmt.Errorf("line %d already creates an organization with the same %s", first, strings.Fields(key)[0])
				return nil
			}
		}
		name := customerName(row.BusinessName, row.Firstname, row.Lastname)
		if name != "" && !opts.AllowDuplicates {
			if same := acc.byName[name]; len(same) > 0 {
				ids := make([]int64, len(same))
				for i, c := range same {
					ids[i] = c.ID
				}
				item.Err = fmt.Errorf("likely duplicate: an organization named %s already exists (%s): put its id in the id column to update it, or import allowing duplicates (--allow-duplicates) to create another",
					item.Name, joinInts(ids))
				return nil
			}
			if first, dup := newKeys["name "+name]; dup {
				item.Err = fmt.Errorf("likely duplicate: line %d already creates an organization named %s: remove one row, or import allowing duplicates (--allow-duplicates) to create both", first, item.Name)
				return nil
			}
		}
		for _, key := range []string{"email " + lower(row.Email), "phone " + digits(row.Phone), "name " + name} {
			if !strings.HasSuffix(key, " ") {
				newKeys[key] = row.Line
			}
		}
		item.Action, item.customer, item.phones, item.before = ActionCreate, row.createInput(), row.extraPhones(), acc.maxID
		return nil
	}
	cur, ok := acc.byID[id]
	if !ok {
		item.Err = fmt.Errorf("organization %d does not exist: clear id to create it, or correct it", id)
		return nil
	}
	if first, dup := claimed[id]; dup {
		item.Err = fmt.Errorf("line %d already updates organization %d", first, id)
		return nil
	}
	claimed[id] = row.Line
	item.ID, item.CustomerID = id, id
	in, changed := row.changes(cur)
	phones, err := missingPhones(ctx, client, id, row.extraPhones())
	if err != nil {
		return err
	}
	for _, p := range phones {
		changed = append(changed, strings.ToLower(*p.Label)+"_phone")
	}
	if len(changed) == 0 {
		item.Action = ActionUnchanged
		return nil
	}
	item.Action, item.customer, item.phones, item.Changes = ActionUpdate, in, phones, changed
	return nil
}

// match finds an existing organization for a row without id: by email,
// else by phone. Without allow, a match is refused as a likely duplicate.
func (a *accountCustomers) match(row *CustomerRow, allow bool) (*syncro.Customer, string, error) {
	var found []*syncro.Customer
	how := "email"
	if e := lower(row.Email); e != "" {
		found = a.byEmail[e]
	}
	if len(found) == 0 {
		how = "phone"
		for _, p := range []string{row.Phone, row.MobilePhone} {
			if d := digits(p); d != "" && len(found) == 0 {
				found = a.byPhone[d]
			}
		}
	}
	switch {
	case len(found) == 0:
		return nil, "", nil
	case len(found) > 1:
		return nil, "", fmt.Errorf("%d organizations have the same %s: put the right one's id in the id column", len(found), how)
	case !allow:
		return nil, "", fmt.Errorf("likely duplicate: organization %d (%s) has the same %s; put its id in the id column to update it (or import with email matching)",
			found[0].ID, found[0].DisplayName(), how)
	}
	return found[0], how, nil
}

// plausible reports whether an organization made since an earlier create
// was sent may be that create's: it shares the row's name, email or phone.
func (a *accountCustomers) plausible(c *syncro.Customer, row *CustomerRow) bool {
	if n := customerName(row.BusinessName, row.Firstname, row.Lastname); n != "" && n == customerName(c.BusinessName, c.Firstname, c.Lastname) {
		return true
	}
	if e := lower(row.Email); e != "" && e == lower(c.Email) {
		return true
	}
	for _, p := range []string{row.Phone, row.MobilePhone} {
		if d := digits(p); d != "" && (d == digits(c.Phone) || d == digits(c.Mobile)) {
			return true
		}
	}
	return false
}

// customerName is the name an organization goes by, for finding likely
// duplicates: its business name, else its person's name, in lower case.
func customerName(business, first, last string) string {
	if n := lower(business); n != "" {
		return n
	}
	return lower(first + " " + last)
}

// missingPhones returns the labelled phones the organization does not have
// yet (compared by digits). It reads the phones only when there are some to
// check.
func missingPhones(ctx context.Context, client *syncro.Client, id int64, want []syncro.PhoneInput) ([]syncro.PhoneInput, error) {
	if len(want) == 0 {
		return nil, nil
	}
	have, err := client.Customers.Phones(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the phones of organization %d: %w", id, err)
	}
	known := map[string]bool{}
	for _, p := range have {
		known[digits(p.Number)] = true
	}
	var out []syncro.PhoneInput
	for _, p := range want {
		if !known[digits(*p.Number)] {
			out = append(out, p)
		}
	}
	return out, nil
}
