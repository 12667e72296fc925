package csvio

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// Without a report, a row without contact_id that names an end user the
// organization already has (or another row creates) is a likely duplicate:
// rows without an email were all created again on every run. The user may
// say otherwise with AllowDuplicates.
func TestRowsNamingAnExistingEndUserAreLikelyDuplicates(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	other := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Other"})
	ann := srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Ann Lee"})
	tb := newTable(ContactTemplate)
	tb.add(t, "customer_id", fmt.Sprint(org), "name", "ann lee ")         // line 2: Ann exists
	tb.add(t, "customer_id", fmt.Sprint(org), "name", "Bob")              // line 3: new
	tb.add(t, "customer_id", fmt.Sprint(org), "name", "Bob", "title", "") // line 4: line 3 creates Bob
	tb.add(t, "customer_id", fmt.Sprint(other), "name", "Ann Lee")        // line 5: another organization
	ctx := context.Background()

	plan, sum, err := importContacts(t, ctx, client, tb.bytes(t), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Created: 2, Failed: 2}, sum)
	require.Equal(t, ActionError, plan.Items[0].Action)
	assert.Contains(t, plan.Items[0].Err.Error(), fmt.Sprintf("likely duplicate: organization %d already has an end user named ann lee (%d)", org, ann))
	assert.Contains(t, plan.Items[0].Err.Error(), "--allow-duplicates")
	require.Equal(t, ActionError, plan.Items[2].Action)
	assert.Contains(t, plan.Items[2].Err.Error(), "likely duplicate: line 3 already creates an end user named Bob")
	assert.Equal(t, ActionCreate, plan.Items[3].Action)

	// The same file again: every row names someone who exists now.
	_, sum, err = importContacts(t, ctx, client, tb.bytes(t), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Failed: 4}, sum, "nobody is created twice")
	assert.Equal(t, 3, srv.Counts().Contacts)

	_, sum, err = importContacts(t, ctx, client, tb.bytes(t), &PlanOptions{AllowDuplicates: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Created: 4}, sum, "the user said so")
}

// The same rule for organizations: a business name (or a person's name)
// the account already has, or another row creates.
func TestRowsNamingAnExistingOrganizationAreLikelyDuplicates(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tb := newTable(CustomerTemplate)
	tb.add(t, "business_name", "ACME")
	tb.add(t, "firstname", "Pat", "lastname", "Person")
	tb.add(t, "firstname", "Pat", "lastname", "Person", "city", "Elsewhere")
	plan, sum, err := importCustomers(t, context.Background(), client, tb.bytes(t), nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Created: 1, Failed: 2}, sum)
	assert.Contains(t, plan.Items[0].Err.Error(), fmt.Sprintf("likely duplicate: an organization named ACME already exists (%d)", acme))
	assert.Contains(t, plan.Items[2].Err.Error(), "likely duplicate: line 3 already creates an organization named Pat Person")

	_, sum, err = importCustomers(t, context.Background(), client, tb.bytes(t), &PlanOptions{AllowDuplicates: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Created: 3}, sum)
}
