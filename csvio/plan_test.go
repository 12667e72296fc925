package csvio

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// planned is what a test expects of one plan item.
type planned struct {
	action Action
	id     int64  // the record updated, when not 0
	errHas string // a part of the error, for ActionError
	note   string // a part of the note
}

func checkPlan(t *testing.T, plan *Plan, want []planned) {
	t.Helper()
	require.Len(t, plan.Items, len(want))
	for i, w := range want {
		it := plan.Items[i]
		assert.Equal(t, i+2, it.Line, "item %d: one item per data line, in file order", i)
		assert.Equal(t, w.action, it.Action, "line %d: %v", it.Line, it.Err)
		if w.id != 0 {
			assert.Equal(t, w.id, it.ID, "line %d", it.Line)
		}
		if w.action == ActionError {
			require.Error(t, it.Err, "line %d", it.Line)
			assert.Contains(t, it.Err.Error(), w.errHas, "line %d", it.Line)
		} else {
			assert.NoError(t, it.Err, "line %d", it.Line)
		}
		assert.Contains(t, it.Note, w.note, "line %d", it.Line)
	}
}

func TestPlanContactsRules(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	other := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Other"})
	jane := srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Jane Doe", Email: "jane@acme.example", Title: "CFO"})
	bob := srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Bob", Email: "bob@acme.example"})
	twin1 := srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Twin One", Email: "twins@acme.example"})
	srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Twin Two", Email: "twins@acme.example"})
	olga := srv.AddContact(syncrotest.ContactData{CustomerID: other, Name: "Olga", Email: "olga@other.example"})
	_ = twin1
	const missingOrg = 999999

	id := fmt.Sprint
	tests := []struct {
		name       string
		rows       [][]string
		matchEmail bool
		want       []planned
	}{
		{
			name: "organization missing",
			rows: [][]string{{"customer_id", id(missingOrg), "name", "Nobody"}},
			want: []planned{{action: ActionError, errHas: fmt.Sprintf("organization %d does not exist", missingOrg)}},
		},
		{
			name: "contact_id of another organization",
			rows: [][]string{{"customer_id", id(acme), "contact_id", id(olga), "name", "Olga"}},
			want: []planned{{action: ActionError, errHas: fmt.Sprintf("contact_id %d is not an end user of organization %d", olga, acme)}},
		},
		{
			name: "contact_id that does not exist",
			rows: [][]string{{"customer_id", id(acme), "contact_id", "424242", "name", "Ghost"}},
			want: []planned{{action: ActionError, errHas: "contact_id 424242 is not an end user"}},
		},
		{
			name: "the same contact_id twice",
			rows: [][]string{
				{"customer_id", id(acme), "contact_id", id(bob), "name", "Bob"},
				{"customer_id", id(acme), "contact_id", id(jane), "name", "Jane Doe", "email", "jane@acme.example", "title", "CFO"},
				{"customer_id", id(acme), "contact_id", id(bob), "name", "Robert"},
			},
			want: []planned{
				{action: ActionError, errHas: fmt.Sprintf("contact_id %d appears on lines 2, 4", bob)},
				{action: ActionUnchanged, id: jane},
				{action: ActionError, errHas: fmt.Sprintf("contact_id %d appears on lines 2, 4", bob)},
			},
		},
		{
			name: "new row whose email exists: likely duplicate",
			rows: [][]string{{"customer_id", id(acme), "name", "Jane D.", "email", "JANE@acme.example"}},
			want: []planned{{action: ActionError, errHas: fmt.Sprintf("likely duplicate: end user %d of organization %d already has the email JANE@acme.example", jane, acme)}},
		},
		{
			name:       "new row whose email exists, with MatchEmail: update",
			rows:       [][]string{{"customer_id", id(acme), "name", "Jane D.", "email", "JANE@acme.example", "title", "CFO"}},
			matchEmail: true,
			want:       []planned{{action: ActionUpdate, id: jane, note: fmt.Sprintf("matched end user %d by email", jane)}},
		},
		{
			name:       "email shared by two end users, with MatchEmail: which one?",
			rows:       [][]string{{"customer_id", id(acme), "name", "A Twin", "email", "twins@acme.example"}},
			matchEmail: true,
			want:       []planned{{action: ActionError, errHas: "belongs to 2 end users"}},
		},
		{
			name: "email of an end user of another organization: a new end user",
			rows: [][]string{{"customer_id", id(acme), "name", "Olga at Acme", "email", "olga@other.example"}},
			want: []planned{{action: ActionCreate}},
		},
		{
			name: "two new rows with the same email",
			rows: [][]string{
				{"customer_id", id(acme), "name", "New One", "email", "new@acme.example"},
				{"customer_id", id(acme), "name", "New Two", "email", "New@Acme.example"},
				{"customer_id", id(other), "name", "New Elsewhere", "email", "new@acme.example"},
			},
			want: []planned{
				{action: ActionCreate},
				{action: ActionError, errHas: "line 2 already creates an end user with the email New@Acme.example"},
				{action: ActionCreate},
			},
		},
		{
			name: "blank rows skipped",
			rows: [][]string{
				{},
				{"customer_id", id(acme), "name", "Solo"},
				{"name", "  "},
			},
			want: []planned{
				{action: ActionSkip, note: "empty row"},
				{action: ActionCreate},
				{action: ActionSkip, note: "empty row"},
			},
		},
		{
			name: "invalid rows are errors with their line",
			rows: [][]string{
				{"customer_id", "abc", "name", "Bad Id"},
				{"customer_id", id(acme), "email", "not-an-email"},
				{"customer_id", id(acme), "contact_id", id(bob)},
				{"customer_id", id(acme), "name", "Flag", "notification_billing", "maybe"},
				{"customer_id", id(acme), "name", "Fields", "custom_fields", "[1,2]"},
			},
			want: []planned{
				{action: ActionError, errHas: `line 2: customer_id: "abc" is not an id`},
				{action: ActionError, errHas: `line 3: email: "not-an-email" is not an email address`},
				{action: ActionError, errHas: "line 4: only ids are filled"},
				{action: ActionError, errHas: `line 5: notification_billing: "maybe" is not a yes/no value`},
				{action: ActionError, errHas: "line 6: custom_fields: must be a JSON object"},
			},
		},
		{
			name: "direct_report is noted, not sent",
			rows: [][]string{
				{"customer_id", id(acme), "contact_id", id(bob), "name", "Bob", "email", "bob@acme.example", "direct_report", "Jane Doe"},
				{"customer_id", id(acme), "name", "Newbie", "direct_report", "Jane Doe"},
			},
			want: []planned{
				{action: ActionUnchanged, id: bob, note: "direct_report cannot be set"},
				{action: ActionCreate, note: "direct_report cannot be set"},
			},
		},
		{
			name: "unchanged rows, and an update of only the differing fields",
			rows: [][]string{
				{"customer_id", id(acme), "contact_id", id(jane), "name", "Jane Doe", "email", "jane@acme.example", "title", "CFO", "notification_billing", "false"},
				{"customer_id", id(acme), "contact_id", id(bob), "name", "Bob", "email", "bob@acme.example", "title", "Boss"},
			},
			want: []planned{
				{action: ActionUnchanged, id: jane},
				{action: ActionUpdate, id: bob},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newTable(ContactTemplate)
			for _, r := range tt.rows {
				tb.add(t, r...)
			}
			rows, err := ReadContacts(bytes.NewReader(tb.bytes(t)))
			require.NoError(t, err)
			plan, err := PlanContacts(context.Background(), client, rows, &PlanOptions{MatchEmail: tt.matchEmail})
			require.NoError(t, err)
			checkPlan(t, plan, tt.want)
		})
	}
}

func TestPlanContactsUpdateSendsOnlyChanges(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	bob := srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Bob", Email: "bob@acme.example", Phone: "555-0100", City: "Austin",
		Properties: map[string]any{"Badge": "A-1", "Seats": 3}})

	tb := newTable(ContactTemplate)
	tb.add(t, "customer_id", fmt.Sprint(acme), "contact_id", fmt.Sprint(bob), "name", "Bob", "email", "bob@acme.example",
		"phone", "555-0100", "title", "Boss", "notification_reports", "yes", "custom_fields", `{"Badge":"A-1","Seats":4}`)
	rows, err := ReadContacts(bytes.NewReader(tb.bytes(t)))
	require.NoError(t, err)
	plan, err := PlanContacts(context.Background(), client, rows, nil)
	require.NoError(t, err)
	require.Len(t, plan.Items, 1)
	it := plan.Items[0]
	assert.Equal(t, ActionUpdate, it.Action)
	// city was emptied in the file: an empty text cell clears the field.
	assert.Equal(t, []string{"title", "city", "notification_reports", "custom_fields"}, it.Changes)
	require.NotNil(t, it.contact)
	assert.Nil(t, it.contact.Name, "unchanged fields are not sent")
	assert.Nil(t, it.contact.Phone)
	assert.Equal(t, "Boss", *it.contact.Title)
	assert.Equal(t, "", *it.contact.City)
	assert.Equal(t, map[string]any{"Seats": json.Number("4")}, it.contact.Properties, "only the custom field that differs")

	srv.ResetRequests()
	sum, err := Execute(context.Background(), client, plan, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Updated: 1}, sum)
	assert.Equal(t, map[string]int{http.MethodPut: 1}, writes(srv))
	c, err := client.Contacts.Get(context.Background(), bob)
	require.NoError(t, err)
	assert.Equal(t, "Boss", c.Title)
	assert.Equal(t, "", c.City)
	assert.True(t, c.NotificationReports)
	assert.Equal(t, "A-1", c.Properties["Badge"])
	assert.Equal(t, json.Number("4"), c.Properties["Seats"])
}

func TestPlanCustomersRules(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme", Email: "office@acme.example", Phone: "555-0100"})
	beta := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Beta", Email: "office@beta.example", Phone: "555-0200"})
	srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Gamma One", Email: "shared@gamma.example"})
	srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Gamma Two", Email: "shared@gamma.example"})
	id := fmt.Sprint
	acmeRow := []string{"id", id(acme), "business_name", "Acme", "email", "office@acme.example", "phone", "555-0100"}
	with := func(base []string, pairs ...string) []string { return append(append([]string(nil), base...), pairs...) }

	tests := []struct {
		name       string
		rows       [][]string
		matchEmail bool
		want       []planned
	}{
		{
			name: "unchanged by id; phone formatting does not count",
			rows: [][]string{{"id", id(acme), "business_name", "Acme", "email", "office@acme.example", "phone", "(555) 0100"}},
			want: []planned{{action: ActionUnchanged, id: acme}},
		},
		{
			name: "id that does not exist",
			rows: [][]string{{"id", "777777", "business_name", "Ghost"}},
			want: []planned{{action: ActionError, errHas: "organization 777777 does not exist"}},
		},
		{
			name: "the same id twice",
			rows: [][]string{acmeRow, with(acmeRow, "city", "Paris")},
			want: []planned{
				{action: ActionError, errHas: fmt.Sprintf("id %d appears on lines 2, 3", acme)},
				{action: ActionError, errHas: fmt.Sprintf("id %d appears on lines 2, 3", acme)},
			},
		},
		{
			name:       "an id row and an email-matched row for one organization",
			rows:       [][]string{acmeRow, {"business_name", "Acme Again", "email", "office@acme.example"}},
			matchEmail: true,
			want: []planned{
				{action: ActionUnchanged, id: acme},
				{action: ActionError, errHas: fmt.Sprintf("line 2 already updates organization %d", acme)},
			},
		},
		{
			name: "email shared by two organizations",
			rows: [][]string{{"business_name", "Gamma", "email", "shared@gamma.example"}},
			want: []planned{{action: ActionError, errHas: "2 organizations have the same email"}},
		},
		{
			name:       "email matches before phone",
			rows:       [][]string{{"business_name", "Beta", "email", "office@beta.example", "phone", "555-0100"}},
			matchEmail: true,
			want:       []planned{{action: ActionUpdate, id: beta, note: "by email"}},
		},
		{
			name:       "mobile phone matches too",
			rows:       [][]string{{"business_name", "Beta", "mobile_phone", "5550200"}},
			matchEmail: true,
			want:       []planned{{action: ActionUpdate, id: beta, note: "by phone"}},
		},
		{
			name: "two new rows with the same email or phone",
			rows: [][]string{
				{"business_name", "New A", "email", "new@new.example", "phone", "555-0900"},
				{"business_name", "New B", "email", "NEW@new.example"},
				{"business_name", "New C", "phone", "555 0900"},
			},
			want: []planned{
				{action: ActionCreate},
				{action: ActionError, errHas: "line 2 already creates an organization with the same email"},
				{action: ActionError, errHas: "line 2 already creates an organization with the same phone"},
			},
		},
		{
			name: "blank and invalid rows",
			rows: [][]string{
				{},
				{"id", "x1", "business_name", "Bad"},
				{"city", "Nowhere"},
				{"business_name", "Flags", "disabled", "perhaps"},
			},
			want: []planned{
				{action: ActionSkip, note: "empty row"},
				{action: ActionError, errHas: `line 3: id: "x1" is not an id`},
				{action: ActionError, errHas: "line 4: fill at least a name"},
				{action: ActionError, errHas: `line 5: disabled: "perhaps" is not a yes/no value`},
			},
		},
		{
			name: "tax_free is noted, not sent",
			rows: [][]string{with(acmeRow, "tax_free", "true")},
			want: []planned{{action: ActionUnchanged, id: acme, note: "tax_free cannot be set"}},
		},
		{
			name: "a labelled phone the organization lacks is added; its main phone is not",
			rows: [][]string{
				with(acmeRow, "office_phone", "+1 555 0101", "fax_phone", "555-0100"),
				{"business_name", "Fresh", "home_phone", "555-0300"},
			},
			want: []planned{
				{action: ActionUpdate, id: acme},
				{action: ActionCreate},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tb := newTable(CustomerTemplate)
			for _, r := range tt.rows {
				tb.add(t, r...)
			}
			rows, err := ReadCustomers(bytes.NewReader(tb.bytes(t)))
			require.NoError(t, err)
			plan, err := PlanCustomers(context.Background(), client, rows, &PlanOptions{MatchEmail: tt.matchEmail})
			require.NoError(t, err)
			checkPlan(t, plan, tt.want)
		})
	}
}

// Labelled phone columns are added to the organization's phones once:
// a re-import of the same file finds them there.
func TestCustomerPhonesAddedOnce(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme", Phone: "555-0100"})
	tb := newTable(CustomerTemplate)
	tb.add(t, "id", fmt.Sprint(acme), "business_name", "Acme", "phone", "555-0100",
		"office_phone", "+1 555 0101", "home_phone", "555-0102", "fax_phone", "555.0100", "other_phone", "")
	tb.add(t, "business_name", "Fresh", "office_phone", "555-0301", "other_phone", "555-0302")
	data := tb.bytes(t)

	plan, sum, err := importCustomers(t, context.Background(), client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"office_phone", "home_phone"}, plan.Items[0].Changes, "the fax number is the main phone")
	assert.Equal(t, Summary{Updated: 1, Created: 1}, sum)

	labels := func(id int64) map[string]string {
		phones, err := client.Customers.Phones(context.Background(), id)
		require.NoError(t, err)
		out := map[string]string{}
		for _, p := range phones {
			out[p.Label] = digits(p.Number)
		}
		return out
	}
	assert.Equal(t, map[string]string{"Phone": "5550100", "Office": "15550101", "Home": "5550102"}, labels(acme))
	var fresh int64
	for c, err := range client.Customers.All(context.Background(), nil) {
		require.NoError(t, err)
		if c.BusinessName == "Fresh" {
			fresh = c.ID
		}
	}
	require.NotZero(t, fresh)
	assert.Equal(t, map[string]string{"Office": "5550301", "Other": "5550302"}, labels(fresh))

	srv.ResetRequests()
	tb.rows[1][tb.col(t, "id")] = fmt.Sprint(fresh)
	_, sum, err = importCustomers(t, context.Background(), client, tb.bytes(t), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 2}, sum)
	assert.Empty(t, writes(srv), "phones already there are not added again")
}
