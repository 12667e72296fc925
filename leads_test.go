package syncro

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLeadsListFiltersReachTheQuery(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"leads", log.reply(200, fixture(t, "leads/list.json")))
	p, err := c.Leads.List(context.Background(), &LeadListOptions{
		Statuses: []string{LeadStatusNew, LeadStatusWaitingOnClient}, Users: []int64{1, 2}, MailboxIDs: []int64{9},
		HasTicket: Ptr(false), Query: "Ratke",
	})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, []string{"New", "Waiting on Client"}, q["statuses[]"], "a Rails array")
	assert.Equal(t, []string{"1", "2"}, q["users[]"])
	assert.Equal(t, []string{"9"}, q["mailbox_ids[]"])
	assert.Equal(t, "false", q.Get("has_ticket"), "false is sent when asked for")
	assert.Equal(t, "Ratke", q.Get("query"))
	require.Len(t, p.Items, 1)
	l := p.Items[0]
	assert.Equal(t, "Susy", l.FirstName)
	assert.Equal(t, "Klocko-Stracke", l.BusinessThenName)
	assert.Empty(t, l.Phone)
	assert.Equal(t, LeadStatusNew, l.Status)
	assert.Equal(t, 25, p.Meta.PerPage)
}

func TestLeadsGetCreateUpdate(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"leads/1", jsonResponder(200, fixture(t, "leads/one.json")))
	mt.RegisterResponder("POST", apiRoot+"leads", log.reply(200, fixture(t, "leads/one.json")))
	mt.RegisterResponder("PUT", apiRoot+"leads/1", log.reply(422, fixture(t, "leads/error_422.json")))
	ctx := context.Background()
	l, err := c.Leads.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "walkin@somedomain.com", l.Email)

	_, err = c.Leads.Create(ctx, &LeadInput{FirstName: Ptr("Susy"), OpportunityAmountDollars: Ptr(decimal.RequireFromString("1250.50")), Properties: map[string]any{"Source": "Web"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"first_name": "Susy", "opportunity_amount_dollars": "1250.5", "properties": map[string]any{"Source": "Web"}}, jsonBody(t, log.all()[0].Body))

	_, err = c.Leads.Update(ctx, 1, &LeadInput{Disabled: Ptr(true)})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Ticket description can't be blank")
}
