package csvio

import (
	"context"
	"fmt"
	"strings"

	"github.com/syncrokit/syncro"
)

// accountCustomers indexes every organization of the account.
type accountCustomers struct {
	byID    map[int64]*syncro.Customer
	byEmail map[string][]*syncro.Customer
	byPhone map[string][]*syncro.Customer
}

func loadCustomers(ctx context.Context, client *syncro.Client) (*accountCustomers, error) {
	acc := &accountCustomers{byID: map[int64]*syncro.Customer{}, byEmail: map[string][]*syncro.Customer{}, byPhone: map[string][]*syncro.Customer{}}
	for c, err := range client.Customers.All(ctx, &syncro.CustomerListOptions{IncludeDisabled: true}) {
		if err != nil {
			return nil, fmt.Errorf("csvio: reading the organizations: %w", err)
		}
		c := c
		acc.byID[c.ID] = &c
		if e := lower(c.Email); e != "" {
			acc.byEmail[e] = append(acc.byEmail[e], &c)
		}
		for _, p := range []string{c.Phone, c.Mobile} {
			if d := digits(p); d != "" {
				acc.byPhone[d] = append(acc.byPhone[d], &c)
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
// duplicate, naming the organization.
func PlanCustomers(ctx context.Context, client *syncro.Client, rows []*CustomerRow, opts *PlanOptions) (*Plan, error) {
	if opts == nil {
		opts = &PlanOptions{}
	}
	acc, err := loadCustomers(ctx, client)
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
	newKeys := map[string]int{} // email or phone of a row to create -> line
	for _, row := range rows {
		item := PlanItem{Line: row.Line, ID: row.ID, CustomerID: row.ID, Name: row.BusinessName, Email: row.Email}
		if item.Name == "" {
			item.Name = strings.TrimSpace(row.Firstname + " " + row.Lastname)
		}
		if row.TaxFree != nil {
			item.Note = "tax_free cannot be set through Syncro's API: not sent"
		}
		if err := planCustomerRow(ctx, client, &item, row, acc, idLines, claimed, newKeys, opts); err != nil {
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
	idLines map[int64][]int, claimed map[int64]int, newKeys map[string]int, opts *PlanOptions) error {
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
		reused, lookup, err := reuse(opts.Previous, row.Line, 0, item.Name, row.Email)
		if err != nil {
			item.Err = err
			return nil
		}
		id = reused
		if id == 0 && lookup {
			same, err := acc.findSame(row)
			if err != nil {
				item.Err = err
				return nil
			}
			if same != nil {
				id = same.ID
				item.Note = joinNotes(item.Note, fmt.Sprintf("the earlier run's create did happen: organization %d", id))
			}
		}
		if id == 0 {
			match, how, err := acc.match(row, opts.MatchEmail || lookup)
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
			newKeys[key] = row.Line
		}
		item.Action, item.customer, item.phones = ActionCreate, row.createInput(), row.extraPhones()
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

// findSame looks for the organization an earlier, interrupted create may
// have made: the same names, email and phone as the row. Email and phone
// alone cannot find it when the row has neither (a business name alone is
// a valid row).
func (a *accountCustomers) findSame(row *CustomerRow) (*syncro.Customer, error) {
	var found []*syncro.Customer
	for _, c := range a.byID {
		if c.BusinessName == row.BusinessName && c.Firstname == row.Firstname && c.Lastname == row.Lastname &&
			strings.EqualFold(c.Email, row.Email) && digits(c.Phone) == digits(row.Phone) {
			found = append(found, c)
		}
	}
	return earlierCreate(found, func(c *syncro.Customer) int64 { return c.ID }, "organization", "the id column")
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
