package syncro

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPurchaseOrdersReadMoneyAndLines(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"purchase_orders", jsonResponder(200, fixture(t, "purchase_orders/list.json")))
	mt.RegisterResponder("GET", apiRoot+"purchase_orders/1", jsonResponder(200, fixture(t, "purchase_orders/one.json")))
	ctx := context.Background()
	p, err := c.PurchaseOrders.List(ctx, nil)
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	po := p.Items[0]
	assert.True(t, po.Total.Equal(decimal.RequireFromString("0.02")), "dollars as a JSON number, exactly")
	assert.True(t, po.Other.Equal(decimal.RequireFromString("0.01")))
	require.NotNil(t, po.Vendor)
	assert.Equal(t, "C & S Wholesalers", po.Vendor.Name)
	assert.Empty(t, po.LineItems)

	one, err := c.PurchaseOrders.Get(ctx, 1)
	require.NoError(t, err)
	assert.True(t, one.Total.Equal(decimal.RequireFromString("10.02")), "a total sent as a string")
	require.Len(t, one.LineItems, 1)
	li := one.LineItems[0]
	assert.Equal(t, int64(10), li.TotalCents)
	assert.True(t, li.Quantity.Equal(decimal.NewFromInt(10)))
	assert.False(t, li.Received)
}

func TestPurchaseOrdersWrites(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"purchase_orders", log.reply(200, fixture(t, "purchase_orders/one.json")))
	mt.RegisterResponder("POST", apiRoot+"purchase_orders/7/create_po_line_item", log.reply(200, fixture(t, "purchase_orders/line_item.json")))
	mt.RegisterResponder("POST", apiRoot+"purchase_orders/8/create_po_line_item", log.reply(422, fixture(t, "purchase_orders/line_item_422.json")))
	mt.RegisterResponder("POST", apiRoot+"purchase_orders/1/receive", log.reply(200, fixture(t, "purchase_orders/one.json")))
	ctx := context.Background()

	po, err := c.PurchaseOrders.Create(ctx, &PurchaseOrderInput{VendorID: Ptr(int64(1)), ShippingCents: Ptr(int64(1)), GeneralNotes: Ptr("rush")})
	require.NoError(t, err)
	assert.Equal(t, int64(1), po.ID)
	assert.Equal(t, map[string]any{"vendor_id": float64(1), "shipping_cents": float64(1), "general_notes": "rush"}, jsonBody(t, log.all()[0].Body))

	li, err := c.PurchaseOrders.AddLineItem(ctx, 7, &PurchaseOrderLineItemInput{ProductID: Ptr(int64(2)), Quantity: Ptr(int64(10))})
	require.NoError(t, err)
	assert.Equal(t, int64(2), li.ID, `read from under "po_line_item"`)
	assert.Equal(t, int64(7), li.PurchaseOrderID)
	assert.Equal(t, int64(1), li.CostCents)

	_, err = c.PurchaseOrders.AddLineItem(ctx, 8, &PurchaseOrderLineItemInput{ProductID: Ptr(int64(3))})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Maintain Stock")

	recv, err := c.PurchaseOrders.Receive(ctx, 1, 2)
	require.NoError(t, err)
	assert.Equal(t, int64(1), recv.ID)
	assert.Equal(t, map[string]any{"line_item_id": float64(2)}, jsonBody(t, log.all()[3].Body))

	assertRefusedBeforeSending(t, []refusal{
		{"no vendor", func(c *Client) error { _, err := c.PurchaseOrders.Create(ctx, &PurchaseOrderInput{}); return err }, []string{"vendor_id"}},
		{"no product", func(c *Client) error {
			_, err := c.PurchaseOrders.AddLineItem(ctx, 7, &PurchaseOrderLineItemInput{})
			return err
		}, []string{"product_id"}},
		{"zero quantity", func(c *Client) error {
			_, err := c.PurchaseOrders.AddLineItem(ctx, 7, &PurchaseOrderLineItemInput{ProductID: Ptr(int64(2)), Quantity: Ptr(int64(0))})
			return err
		}, []string{"quantity"}},
		{"receive without line", func(c *Client) error { _, err := c.PurchaseOrders.Receive(ctx, 1, 0); return err }, []string{"line_item_id"}},
	})
}
