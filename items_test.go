package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestItemsListDecodesPartOrders(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"items", log.reply(200, fixture(t, "items/list.json")))
	page, err := c.Items.List(context.Background(), &ItemListOptions{Completed: true, Query: "fuser"})
	require.NoError(t, err)

	q := log.all()[0].Query
	assert.Equal(t, "true", q.Get("completed"))
	assert.Equal(t, "fuser", q.Get("query"))

	require.Len(t, page.Items, 2)
	it := page.Items[0]
	assert.Equal(t, int64(4401), it.ID)
	assert.Equal(t, "1042", it.Ticketnum)
	assert.Equal(t, int64(52000001), it.TicketID)
	assert.True(t, decimal.RequireFromString("89.5").Equal(it.Price), it.Price.String())
	assert.True(t, decimal.NewFromInt(2).Equal(it.Quantity))
	assert.Equal(t, int64(12900), it.RetailCents)
	assert.Equal(t, "https://parts.example/fuser-kit", it.Parturl)
	assert.Equal(t, "+02:00", it.Requestedon.Format("-07:00"))
	assert.True(t, it.Orderedon.IsZero())
	assert.True(t, it.Taxable)
	assert.Zero(t, page.Items[1].RetailCents, "null cents")
	assert.True(t, page.Items[1].Quantity.IsZero())
	assert.Equal(t, 1, page.Meta.TotalPages)
}

func TestItemsListWithoutFiltersSendsNone(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"items", log.reply(200, fixture(t, "items/list.json")))
	n := 0
	for _, err := range c.Items.All(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n)
	assert.Empty(t, log.all()[0].Query.Get("completed"))
}
