package csvio

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// reads counts the GET requests in the fake's log.
func reads(srv *syncrotest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet {
			n++
		}
	}
	return n
}

// Planning an end-user import that names many organizations reads the
// account in one pass (about one request per 100 records), not two
// requests per organization: 3,008 rows over 1,003 organizations (one
// missing) cost 2,005 requests before, 42 now (31 pages of end users, 11 of
// organizations). Progress reports every request against an expected
// total that is right once the first page of each list is read.
func TestPlanContactsReadsTheAccountInOnePass(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	gen := srv.Generate(syncrotest.Generate{Seed: 11, Organizations: 1002, Contacts: 3006})
	data := exportContactsCSV(t, client, nil)
	tb := parseTable(t, data)
	require.Len(t, tb.rows, 3006)
	// Some rows change, some create, one names an organization that does
	// not exist: the plan must be the same as organization by organization.
	tb.rows[5][tb.col(t, "title")] = "Changed"
	tb.add(t, "customer_id", fmt.Sprint(gen.Customers[7]), "name", "Brand New")
	tb.add(t, "customer_id", "99999999", "name", "Nobody")

	srv.ResetRequests()
	var calls [][2]int
	plan, err := PlanContacts(context.Background(), client, mustRows(t, tb), &PlanOptions{Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	require.NoError(t, err)
	n := reads(srv)
	t.Logf("planning 3,008 rows over 1,003 organizations: %d requests (2,005 when read organization by organization)", n)
	assert.LessOrEqual(t, n, 31+11, "ceil(3006/100) pages of end users and ceil(1002/100) of organizations")
	assert.Equal(t, len(srv.Requests()), n, "planning only reads")
	assert.Equal(t, 3005, plan.Count(ActionUnchanged))
	assert.Equal(t, 1, plan.Count(ActionUpdate))
	assert.Equal(t, 1, plan.Count(ActionCreate))
	require.Equal(t, ActionError, plan.Items[3007].Action)
	assert.Contains(t, plan.Items[3007].Err.Error(), "organization 99999999 does not exist")

	require.NotEmpty(t, calls)
	last := calls[len(calls)-1]
	assert.Equal(t, [2]int{n, n}, last, "the last call: every request done")
	for i, c := range calls[1:] {
		assert.GreaterOrEqual(t, c[0], calls[i][0], "done never goes back")
		if c[0] > 2 {
			assert.Equal(t, n, c[1], "the total is known once the first pages are read")
		}
	}
}

// A file naming a few organizations of a large account reads just those.
func TestPlanContactsReadsFewOrganizationsOneByOne(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	gen := srv.Generate(syncrotest.Generate{Seed: 3, Organizations: 40, Contacts: 4000})
	tb := newTable(ContactTemplate)
	for _, org := range gen.Customers[:2] {
		tb.add(t, "customer_id", fmt.Sprint(org), "name", "New Person")
	}
	srv.ResetRequests()
	plan, err := PlanContacts(context.Background(), client, mustRows(t, tb), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, plan.Count(ActionCreate))
	assert.Equal(t, 2*2, reads(srv), "each organization and its 100 end users")

	// Ten organizations of an account with 4,000 end users: one by one is
	// cheaper (20 requests) than the pass (40 + 1); finding that out costs
	// the two first pages.
	tb = newTable(ContactTemplate)
	for _, org := range gen.Customers[:10] {
		tb.add(t, "customer_id", fmt.Sprint(org), "name", "New Person")
	}
	srv.ResetRequests()
	plan, err = PlanContacts(context.Background(), client, mustRows(t, tb), nil)
	require.NoError(t, err)
	assert.Equal(t, 10, plan.Count(ActionCreate))
	assert.Equal(t, 2+2*10, reads(srv))
}
