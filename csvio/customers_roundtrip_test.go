package csvio

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestCustomersRoundTrip(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t, syncrotest.WithDemoData(), syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 3, Organizations: 150}))
	ctx := context.Background()

	data := exportCustomersCSV(t, client)
	tb := parseTable(t, data)
	total := len(tb.rows)
	require.Greater(t, total, 150)

	srv.ResetRequests()
	plan, sum, err := importCustomers(t, ctx, client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, total, plan.Count(ActionUnchanged), "%+v", plan.Items[0])
	assert.Equal(t, Summary{Unchanged: total}, sum)
	assert.Empty(t, writes(srv), "an unchanged export costs no write")

	// Edit 10 organizations: notes and city through PUT, an office phone
	// through the phones sub-resource.
	cID, cNotes, cCity, cOffice := tb.col(t, "id"), tb.col(t, "notes"), tb.col(t, "city"), tb.col(t, "office_phone")
	edited := map[int64]string{}
	for i := 0; i < 10; i++ {
		row := tb.rows[i*13+1]
		id, err := strconv.ParseInt(row[cID], 10, 64)
		require.NoError(t, err)
		row[cNotes] = guard(fmt.Sprintf("=renewal %d, due\nin March", i))
		row[cCity] = "Zürich"
		if i < 3 {
			row[cOffice] = fmt.Sprintf("+1 555 77%02d", i)
		}
		edited[id] = fmt.Sprintf("=renewal %d, due\nin March", i)
	}
	data = tb.bytes(t)
	srv.ResetRequests()
	plan, sum, err = importCustomers(t, ctx, client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 10, plan.Count(ActionUpdate))
	assert.Equal(t, Summary{Updated: 10, Unchanged: total - 10}, sum)
	assert.Equal(t, map[string]int{http.MethodPut: 10, http.MethodPost: 3}, writes(srv))
	for id, notes := range edited {
		c, err := client.Customers.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, notes, c.Notes)
		assert.Equal(t, "Zürich", c.City)
	}

	// The same file again: the office phones are there now, nothing to do.
	srv.ResetRequests()
	_, sum, err = importCustomers(t, ctx, client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: total}, sum)
	assert.Empty(t, writes(srv))

	srv.ResetRequests()
	_, sum, err = importCustomers(t, ctx, client, exportCustomersCSV(t, client), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: total}, sum)
	assert.Empty(t, writes(srv))
}

// Rows without an id find their organization as Syncro does: by id, else
// email, else phone (digits only).
func TestCustomersMatchByIDEmailPhone(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	byID := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "By Id", Email: "id@one.example", Phone: "555-0001"})
	byEmail := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "By Email", Email: "office@two.example", Phone: "555-0002"})
	byPhone := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "By Phone", Phone: "(555) 000-0003"})
	before := srv.Counts().Customers

	tb := newTable(CustomerTemplate)
	tb.add(t, "id", fmt.Sprint(byID), "business_name", "By Id Renamed", "email", "id@one.example", "phone", "555-0001")
	tb.add(t, "business_name", "By Email", "email", "OFFICE@two.example", "phone", "555-0002", "city", "Lyon")
	tb.add(t, "business_name", "By Phone", "phone", "555.000.0003", "city", "Oslo")
	tb.add(t, "business_name", "Brand New", "email", "hello@new.example", "phone", "555-0004")
	data := tb.bytes(t)

	// Without email matching, the two rows that match are likely
	// duplicates, each naming the organization it matches.
	plan, sum, err := importCustomers(t, context.Background(), client, data, nil, &ExecOptions{DryRun: true})
	require.NoError(t, err)
	require.Len(t, plan.Items, 4)
	assert.Equal(t, ActionUpdate, plan.Items[0].Action)
	for i, id := range map[int]int64{1: byEmail, 2: byPhone} {
		assert.Equal(t, ActionError, plan.Items[i].Action)
		assert.ErrorContains(t, plan.Items[i].Err, "likely duplicate")
		assert.ErrorContains(t, plan.Items[i].Err, fmt.Sprint(id))
	}
	assert.ErrorContains(t, plan.Items[1].Err, "same email")
	assert.ErrorContains(t, plan.Items[2].Err, "same phone")
	assert.Equal(t, ActionCreate, plan.Items[3].Action)
	assert.Equal(t, Summary{WouldUpdate: 1, WouldCreate: 1, Failed: 2}, sum)

	srv.ResetRequests()
	plan, sum, err = importCustomers(t, context.Background(), client, data, &PlanOptions{MatchEmail: true}, nil)
	require.NoError(t, err)
	want := []struct {
		action Action
		id     int64
		note   string
	}{
		{ActionUpdate, byID, ""},
		{ActionUpdate, byEmail, "by email"},
		{ActionUpdate, byPhone, "by phone"},
		{ActionCreate, 0, ""},
	}
	for i, w := range want {
		assert.Equal(t, w.action, plan.Items[i].Action, "line %d", plan.Items[i].Line)
		if w.id != 0 {
			assert.Equal(t, w.id, plan.Items[i].ID, "line %d", plan.Items[i].Line)
		}
		assert.Contains(t, plan.Items[i].Note, w.note)
	}
	assert.Equal(t, Summary{Updated: 3, Created: 1}, sum)
	assert.Equal(t, map[string]int{http.MethodPut: 3, http.MethodPost: 1}, writes(srv))
	assert.Equal(t, before+1, srv.Counts().Customers)

	c, err := client.Customers.Get(context.Background(), byEmail)
	require.NoError(t, err)
	assert.Equal(t, "Lyon", c.City)
	c, err = client.Customers.Get(context.Background(), byPhone)
	require.NoError(t, err)
	assert.Equal(t, "Oslo", c.City)

	// Again: all four are found now, and nothing changes.
	srv.ResetRequests()
	_, sum, err = importCustomers(t, context.Background(), client, data, &PlanOptions{MatchEmail: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 4}, sum)
	assert.Empty(t, writes(srv))
}
