package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
)

func TestIntegrationItems(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	fuser := f.srv.Insert("items", map[string]any{"ticketnum": "1042", "description": "Fuser kit", "price": "89.5",
		"quantity": "2.0", "retail_cents": 12900, "taxable": true, "trackingnum": "1Z999"})
	received := f.srv.Insert("items", map[string]any{"ticketnum": "1043", "description": "Toner", "price": "45",
		"received_at": epoch.Add(-24 * 3600e9)})
	for i := 0; i < 53; i++ {
		f.srv.Insert("items", map[string]any{"description": "Cable", "price": "3.25"})
	}

	all := collect(t, f.client.Items.All(ctx, nil))
	require.Len(t, all, 55)
	assert.Equal(t, fuser, all[0].ID)
	assert.Equal(t, "89.5", all[0].Price.String())
	assert.Equal(t, "2", all[0].Quantity.String())
	assert.Equal(t, int64(12900), all[0].RetailCents)
	assert.True(t, all[0].Taxable)
	assert.Equal(t, "1042", all[0].Ticketnum)
	raw := f.rawGet(t, "/items")
	assert.Equal(t, map[string]any{"total_pages": jsonNum(2), "page": jsonNum(1)}, raw["meta"], "the spec's short meta, pages of 50")
	assert.Len(t, raw["items"], 50)
	first := raw["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "89.5", first["price"], "price is a BigDecimal string")

	page, err := f.client.Items.List(ctx, &syncro.ItemListOptions{Query: "toner"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, received, page.Items[0].ID)

	page, err = f.client.Items.List(ctx, &syncro.ItemListOptions{Completed: true})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, received, page.Items[0].ID)
	assert.False(t, page.Items[0].ReceivedAt.IsZero())
}
