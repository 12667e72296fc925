package csvio

import (
	"context"
	"errors"
	"fmt"

	"github.com/syncrokit/syncro"
)

// fewOrganizations is how many organizations a file may name for planning
// to read them one by one without first asking how big the account is.
const fewOrganizations = 3

// requests counts planning's requests for PlanOptions.Progress.
type requests struct {
	done, total int
	report      func(done, total int)
}

func (r *requests) expect(n int) {
	r.total += n
	r.tell()
}

func (r *requests) sent() {
	r.done++
	r.total = max(r.total, r.done)
	r.tell()
}

func (r *requests) tell() {
	if r.report != nil {
		r.report(r.done, r.total)
	}
}

// loadContacts reads the organizations named in a file (ids, in file order)
// and their end users, the cheaper of two ways: organization by
// organization (two requests each, plus one per 100 end users beyond the
// first 100), or one pass over the account's organizations and end users
// (one request per 100 records). Which is cheaper shows on the first page
// of each list, which the pass uses.
func loadContacts(ctx context.Context, client *syncro.Client, ids []int64, progress func(done, total int)) (map[int64]*orgContacts, error) {
	req := &requests{report: progress}
	if len(ids) <= fewOrganizations {
		return loadEachOrganization(ctx, client, ids, req)
	}
	req.expect(2)
	contacts, err := client.Contacts.List(ctx, &syncro.ContactListOptions{ListOptions: syncro.ListOptions{Page: 1, PerPage: syncro.MaxPerPage}})
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the end users: %w", err)
	}
	req.sent()
	customers, err := client.Customers.List(ctx, &syncro.CustomerListOptions{IncludeDisabled: true, ListOptions: syncro.ListOptions{Page: 1, PerPage: syncro.MaxPerPage}})
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the organizations: %w", err)
	}
	req.sent()
	pc, po := contacts.Meta.TotalPages, customers.Meta.TotalPages
	if pc <= 0 || po <= 0 || pc+po > 2*len(ids) {
		// The account is large for the file (or does not say how large):
		// the two requests above are the price of finding out.
		return loadEachOrganization(ctx, client, ids, req)
	}
	req.expect(pc + po - 2)

	orgs := make(map[int64]*orgContacts, len(ids))
	for _, id := range ids {
		orgs[id] = &orgContacts{missing: true}
	}
	addCustomers := func(p *syncro.Page[syncro.Customer]) {
		for _, c := range p.Items {
			if o := orgs[c.ID]; o != nil && o.missing {
				*o = *newOrgContacts()
			}
		}
	}
	addCustomers(customers)
	if customers.NextPage() != 0 {
		for p, err := range client.Customers.Pages(ctx, &syncro.CustomerListOptions{IncludeDisabled: true, ListOptions: syncro.ListOptions{Page: customers.NextPage()}}) {
			if err != nil {
				return nil, fmt.Errorf("csvio: reading the organizations: %w", err)
			}
			req.sent()
			addCustomers(p)
		}
	}
	addContacts := func(p *syncro.Page[syncro.Contact]) {
		for i := range p.Items {
			c := p.Items[i]
			if o := orgs[c.CustomerID]; o != nil && !o.missing {
				o.add(&c)
			}
		}
	}
	addContacts(contacts)
	if contacts.NextPage() != 0 {
		for p, err := range client.Contacts.Pages(ctx, &syncro.ContactListOptions{ListOptions: syncro.ListOptions{Page: contacts.NextPage()}}) {
			if err != nil {
				return nil, fmt.Errorf("csvio: reading the end users: %w", err)
			}
			req.sent()
			addContacts(p)
		}
	}
	return orgs, nil
}

// loadEachOrganization reads the organizations one by one, with their end
// users.
func loadEachOrganization(ctx context.Context, client *syncro.Client, ids []int64, req *requests) (map[int64]*orgContacts, error) {
	req.expect(2 * len(ids))
	orgs := make(map[int64]*orgContacts, len(ids))
	for _, id := range ids {
		org, err := loadOrgContacts(ctx, client, id, req)
		if err != nil {
			return nil, err
		}
		orgs[id] = org
	}
	return orgs, nil
}

func loadOrgContacts(ctx context.Context, client *syncro.Client, customerID int64, req *requests) (*orgContacts, error) {
	_, err := client.Customers.Get(ctx, customerID)
	req.sent()
	if errors.Is(err, syncro.ErrNotFound) {
		req.expect(-1) // no end users to read
		return &orgContacts{missing: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("csvio: reading organization %d: %w", customerID, err)
	}
	org := newOrgContacts()
	first := true
	for p, err := range client.Contacts.Pages(ctx, &syncro.ContactListOptions{CustomerID: customerID}) {
		if err != nil {
			return nil, fmt.Errorf("csvio: reading the end users of organization %d: %w", customerID, err)
		}
		if first && p.Meta.TotalPages > 1 {
			req.expect(p.Meta.TotalPages - 1)
		}
		first = false
		req.sent()
		for i := range p.Items {
			c := p.Items[i]
			org.add(&c)
		}
	}
	return org, nil
}
