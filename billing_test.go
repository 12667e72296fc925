package syncro

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvoicesListSendsEveryFilterAndReadsTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices", log.reply(200, fixture(t, "billing/invoices_page1.json")))
	since := time.Date(2026, 11, 1, 9, 30, 0, 0, time.FixedZone("EST", -5*3600))
	p, err := c.Invoices.List(context.Background(), &InvoiceListOptions{ListOptions: ListOptions{Page: 1, PerPage: 50}, Paid: true, TicketID: 52000002, SinceUpdatedAt: since})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, "true", q.Get("paid"))
	assert.Empty(t, q.Get("unpaid"))
	assert.Equal(t, "52000002", q.Get("ticket_id"))
	assert.Equal(t, "2026-11-01T09:30:00-05:00", q.Get("since_updated_at"))
	assert.Equal(t, "50", q.Get("per_page"))

	require.Len(t, p.Items, 2)
	assert.Equal(t, 2, p.Meta.TotalPages)
	inv := p.Items[0]
	assert.Equal(t, int64(1649793879), inv.ID)
	assert.Equal(t, "1682", inv.Number)
	assert.Equal(t, "1100", inv.Total.String(), "money from the string \"1100.0\", exactly")
	assert.True(t, inv.IsPaid)
	assert.Equal(t, "Northwind Dental Group", inv.CustomerBusinessThenName)
	_, off := inv.UpdatedAt.Zone()
	assert.Equal(t, -5*3600, off, "the account's offset is kept")
	assert.Equal(t, "281.43", p.Items[1].Total.String())
	assert.Equal(t, int64(52000002), p.Items[1].TicketID)

	_, err = c.Invoices.List(context.Background(), &InvoiceListOptions{Paid: true, Unpaid: true})
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []string{"paid", "unpaid"}, ve.Fields)
	assert.Len(t, log.all(), 1, "refused before sending")
}

func TestInvoiceDetailCarriesLinesAndPayments(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices/1649793879", httpmockJSON(200, fixture(t, "billing/invoice_detail.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices/1682", httpmockJSON(200, fixture(t, "billing/invoice_detail.json")))
	inv, err := c.Invoices.Get(context.Background(), 1649793879)
	require.NoError(t, err)
	require.NotNil(t, inv.Customer)
	assert.Equal(t, "Northwind Dental Group", inv.Customer.BusinessName)
	require.Len(t, inv.LineItems, 2)
	li := inv.LineItems[0]
	assert.Equal(t, "10", li.Quantity.String())
	assert.Equal(t, "110", li.Price.String())
	assert.Equal(t, "1100", li.Amount().String())
	assert.Equal(t, int64(24000011), li.ProductID)
	assert.Equal(t, "Prepay Hours", li.ProductCategory)
	assert.Equal(t, "0.75", inv.LineItems[1].Quantity.String())
	require.Len(t, inv.Payments, 1)
	assert.Equal(t, "1100", inv.Payments[0].PaymentAmount.String())
	assert.Equal(t, []int64{1649793879}, inv.Payments[0].InvoiceIDs)

	byNumber, err := c.Invoices.GetByNumber(context.Background(), "1682")
	require.NoError(t, err)
	assert.Equal(t, inv.ID, byNumber.ID)
	_, err = c.Invoices.Get(context.Background(), 0)
	assert.ErrorIs(t, err, ErrValidation)
}

func TestInvoiceCreateRefusesWhatSyncroRequires(t *testing.T) {
	t.Parallel()
	assertRefusedBeforeSending(t, []refusal{
		{"nothing", func(c *Client) error { _, err := c.Invoices.Create(context.Background(), nil); return err }, []string{"customer_id", "number", "date"}},
		{"no date", func(c *Client) error {
			_, err := c.Invoices.Create(context.Background(), &InvoiceInput{CustomerID: Ptr(int64(1)), Number: Ptr("1")})
			return err
		}, []string{"date"}},
		{"a line without product or item", func(c *Client) error {
			_, err := c.Invoices.CreateWithLineItems(context.Background(), &InvoiceInput{CustomerID: Ptr(int64(1)), Number: Ptr("1"), Date: Ptr(time.Now())},
				[]InvoiceLineItemInput{{ProductID: Ptr(int64(5))}, {Quantity: Ptr(decimal.NewFromInt(1))}})
			return err
		}, []string{"item", "name"}},
		{"payment of a fraction of a cent", func(c *Client) error {
			_, err := c.Payments.Create(context.Background(), &PaymentInput{CustomerID: Ptr(int64(1)), Amount: Ptr(decimal.RequireFromString("12.345"))})
			return err
		}, []string{"amount_cents"}},
		{"payment of nothing", func(c *Client) error {
			_, err := c.Payments.Create(context.Background(), &PaymentInput{CustomerID: Ptr(int64(1))})
			return err
		}, []string{"amount_cents"}},
		{"payment applied beyond its amount", func(c *Client) error {
			_, err := c.Payments.Create(context.Background(), &PaymentInput{CustomerID: Ptr(int64(1)), Amount: Ptr(decimal.NewFromInt(10)),
				ApplyPayments: map[int64]decimal.Decimal{5: decimal.NewFromInt(6), 6: decimal.RequireFromString("4.01")}})
			return err
		}, []string{"apply_payments"}},
		{"schedule line of a fraction of a cent", func(c *Client) error {
			_, err := c.Schedules.AddLineItem(context.Background(), 1, &ScheduleLineItemInput{Name: Ptr("Seat"), Retail: Ptr(decimal.RequireFromString("49.999"))})
			return err
		}, []string{"retail_cents"}},
		{"product update missing reset-prone fields", func(c *Client) error {
			_, err := c.Products.UpdateFull(context.Background(), 1, &ProductInput{Name: Ptr("x"), Description: Ptr("y"), Taxable: Ptr(true)})
			return err
		}, []string{"maintain_stock", "disabled", "serialized"}},
	})
}

func TestInvoiceCreateWithLineItemsIsTwoSteps(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"invoices", log.reply(200, fixture(t, "billing/invoice_created.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"invoices/1649793890/line_items", log.reply(200, fixture(t, "billing/invoice_line_item_added.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices/1649793890", log.reply(200, fixture(t, "billing/invoice_detail.json")))
	date := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	inv, err := c.Invoices.CreateWithLineItems(context.Background(),
		&InvoiceInput{CustomerID: Ptr(int64(31000002)), Number: Ptr("1690"), Date: &date},
		[]InvoiceLineItemInput{
			{ProductID: Ptr(int64(24000011)), Quantity: Ptr(decimal.RequireFromString("5"))},
			{Item: Ptr("Labor"), Name: Ptr("Setup"), Quantity: Ptr(decimal.RequireFromString("0.5")), Price: Ptr(decimal.RequireFromString("95.00"))},
		})
	require.NoError(t, err)
	require.NotNil(t, inv)
	calls := log.all()
	require.Len(t, calls, 4)
	create := jsonBody(t, calls[0].Body)
	assert.NotContains(t, create, "line_items", "Syncro ignores lines in the create body: none are sent there")
	assert.Equal(t, "1690", create["number"])
	first := jsonBody(t, calls[1].Body)
	assert.Equal(t, float64(24000011), first["product_id"])
	assert.Equal(t, "5", first["quantity"])
	second := jsonBody(t, calls[2].Body)
	assert.Equal(t, "95", second["price"], "money travels exactly, as a decimal string")
	assert.Equal(t, http.MethodGet, calls[3].Method, "read back with the recalculated totals")
}

func TestInvoiceCreateWithLineItemsStopsPartWayAndSaysWhere(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"invoices", log.reply(200, fixture(t, "billing/invoice_created.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"invoices/1649793890/line_items", func(req *http.Request) (*http.Response, error) {
		n := len(log.all())
		if n >= 2 {
			return log.reply(422, []byte(`{"errors":"Product must exist"}`))(req)
		}
		return log.reply(200, fixture(t, "billing/invoice_line_item_added.json"))(req)
	})
	date := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	inv, err := c.Invoices.CreateWithLineItems(context.Background(),
		&InvoiceInput{CustomerID: Ptr(int64(31000002)), Number: Ptr("1690"), Date: &date},
		[]InvoiceLineItemInput{{ProductID: Ptr(int64(1))}, {ProductID: Ptr(int64(2))}, {ProductID: Ptr(int64(3))}})
	var le *LineItemsError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, int64(1649793890), le.RecordID)
	assert.Equal(t, 1, le.Added)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "add the remaining lines to 1649793890")
	require.NotNil(t, inv, "the invoice that exists is returned")
	assert.Len(t, log.all(), 3, "nothing after the failed line, and no second invoice")
}

func TestInvoiceDeleteChecksItIsGone(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodDelete, apiRoot+"invoices/1649793879", httpmockJSON(200, []byte(`{"message":"Invoice was deleted."}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices/1649793879", httpmockJSON(200, fixture(t, "billing/invoice_detail.json")))
	err := c.Invoices.Delete(context.Background(), 1649793879)
	assert.ErrorIs(t, err, ErrNotDeleted, "Syncro answers 200 even when the delete fails")

	mt.RegisterResponder(http.MethodGet, apiRoot+"invoices/1649793879", httpmockJSON(404, []byte(`{"message":"Not found"}`)))
	require.NoError(t, c.Invoices.Delete(context.Background(), 1649793879))
}

func TestInvoiceLineItemWrites(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPut, apiRoot+"invoices/1649793890/line_items/123197190", log.reply(200, fixture(t, "billing/invoice_line_item_updated.json")))
	mt.RegisterResponder(http.MethodDelete, apiRoot+"invoices/1649793890/line_items/123197190", log.reply(200, fixture(t, "billing/invoice_line_item_deleted.json")))
	li, err := c.Invoices.UpdateLineItem(context.Background(), 1649793890, 123197190, &InvoiceLineItemInput{Price: Ptr(decimal.RequireFromString("105"))})
	require.NoError(t, err)
	assert.Equal(t, "105", li.Price.String())
	assert.Equal(t, map[string]any{"price": "105"}, jsonBody(t, log.all()[0].Body), "only what was set")
	inv, err := c.Invoices.DeleteLineItem(context.Background(), 1649793890, 123197190)
	require.NoError(t, err)
	require.NotNil(t, inv)
	assert.Equal(t, "0", inv.Total.String(), "the invoice with its recalculated totals")
}

func TestPaymentCreateSendsCentsAndReadsDollars(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"payments", log.reply(200, fixture(t, "billing/payment_created.json")))
	p, err := c.Payments.Create(context.Background(), &PaymentInput{
		CustomerID: Ptr(int64(31000001)), Amount: Ptr(decimal.RequireFromString("12.34")), PaymentMethod: Ptr("Cash"), RefNum: Ptr("REF-001"),
		ApplyPayments: map[int64]decimal.Decimal{1649793880: decimal.RequireFromString("12.3")},
	})
	require.NoError(t, err)
	body := jsonBody(t, log.all()[0].Body)
	assert.Equal(t, float64(1234), body["amount_cents"])
	assert.Equal(t, map[string]any{"1649793880": float64(1230)}, body["apply_payments"], "applied amounts in cents too")
	assert.NotContains(t, body, "amount")
	assert.Equal(t, "12.34", p.PaymentAmount.String(), "answered in dollars")
	assert.Equal(t, []int64{1649793880}, p.InvoiceIDs)
}

func TestPaymentIsNeverSentTwice(t *testing.T) {
	t.Parallel()
	// Retries on: a POST that may have been processed is still not resent.
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodPost, apiRoot+"payments", log.reply(502, []byte(`<html>Bad Gateway</html>`)))
	_, err := c.Payments.Create(context.Background(), &PaymentInput{CustomerID: Ptr(int64(1)), Amount: Ptr(decimal.NewFromInt(5))})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, log.all(), 1, "one payment request, whatever the answer")

	// A success without a usable payment id: the payment may exist.
	c2, mt2, _ := newTestClient(t)
	var log2 callLog
	mt2.RegisterResponder(http.MethodPost, apiRoot+"payments", log2.reply(200, []byte(`{"payment":{"id":null,"payment_amount":5.0}}`)))
	_, err = c2.Payments.Create(context.Background(), &PaymentInput{CustomerID: Ptr(int64(1)), Amount: Ptr(decimal.NewFromInt(5))})
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, log2.all(), 1)
}

func TestPaymentsReadTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"payments", httpmockJSON(200, fixture(t, "billing/payments_page.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"payments/44123335", httpmockJSON(200, fixture(t, "billing/payment_detail.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"payment_methods", httpmockJSON(200, fixture(t, "billing/payment_methods.json")))
	p, err := c.Payments.List(context.Background(), &PaymentListOptions{Query: "CHK"})
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	assert.Equal(t, "1100", p.Items[0].PaymentAmount.String())
	one, err := c.Payments.Get(context.Background(), 44123335)
	require.NoError(t, err)
	assert.Equal(t, "25.5", one.PaymentAmount.String())
	assert.Empty(t, one.InvoiceIDs, "[null]: applied to no invoice")
	methods, err := c.Payments.Methods(context.Background())
	require.NoError(t, err)
	require.Len(t, methods, 3)
	assert.True(t, methods[0].UsesCardProcessing)
	assert.False(t, methods[2].UsesCardProcessing, `"false" as a string`)
}

func TestPaymentProfiles(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	base := apiRoot + "customers/31000002/payment_profiles"
	mt.RegisterResponder(http.MethodGet, base, log.reply(200, fixture(t, "billing/payment_profiles.json")))
	mt.RegisterResponder(http.MethodPut, base+"/88001", log.reply(200, fixture(t, "billing/payment_profile.json")))
	mt.RegisterResponder(http.MethodDelete, base+"/88001", log.reply(200, fixture(t, "billing/success.json")))
	list, err := c.PaymentProfiles.List(context.Background(), 31000002)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "90412233", list[0].PaymentProfileID, "a numeric token read as text")
	assert.Equal(t, "4242", list[0].LastFour)
	_, err = c.PaymentProfiles.Update(context.Background(), 31000002, 88001, &PaymentProfileInput{Expiration: Ptr("09/2029"), PaymentProfileID: Ptr("ignored")})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"expiration": "09/2029"}, jsonBody(t, log.all()[1].Body), "update takes only expiration and last_four")
	require.NoError(t, c.PaymentProfiles.Delete(context.Background(), 31000002, 88001))
}

func TestProductUpdateNeverLetsSyncroResetBooleans(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"products/24000013", log.reply(200, fixture(t, "billing/product_detail.json")))
	mt.RegisterResponder(http.MethodPut, apiRoot+"products/24000013", log.reply(200, fixture(t, "billing/product_detail.json")))
	_, err := c.Products.Update(context.Background(), 24000013, &ProductInput{PriceRetail: Ptr(decimal.RequireFromString("139.99")), Taxable: Ptr(false)})
	require.NoError(t, err)
	calls := log.all()
	require.Len(t, calls, 2)
	assert.Equal(t, http.MethodGet, calls[0].Method, "the product is read first")
	assert.Equal(t, map[string]any{
		"price_retail": "139.99", "taxable": false,
		"name": "2TB Backup Drive", "description": "2TB Backup Drive",
		"maintain_stock": true, "serialized": true, "disabled": false,
	}, jsonBody(t, calls[1].Body), "the change, plus the current values of every field Syncro resets or requires")
}

func TestProductsReadTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"products", log.reply(200, fixture(t, "billing/products_page.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"products/categories", log.reply(200, fixture(t, "billing/categories.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"products/barcode", log.reply(200, fixture(t, "billing/product_detail.json")))
	mt.RegisterResponder(http.MethodGet, apiRoot+"products/24000013/product_serials", log.reply(200, fixture(t, "billing/serials_page.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"products/24000013/product_serials", log.reply(200, fixture(t, "billing/serial.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"products/24000013/product_skus", log.reply(200, fixture(t, "billing/sku.json")))
	mt.RegisterResponder(http.MethodPut, apiRoot+"products/24000013/location_quantities", log.reply(200, fixture(t, "billing/location_quantity.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"products/24000013/product_serials/attach_to_line_item", log.reply(200, fixture(t, "billing/attached.json")))
	ctx := context.Background()

	p, err := c.Products.List(ctx, &ProductListOptions{CategoryID: 2, ID: []int64{1, 2}, IDNot: []int64{3}, Sort: "name ASC"})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, []string{"1", "2"}, q["id[]"])
	assert.Equal(t, []string{"3"}, q["id_not[]"])
	assert.Equal(t, "2", q.Get("category_id"))
	assert.Equal(t, "name ASC", q.Get("sort"))
	require.Len(t, p.Items, 3)
	drive := p.Items[2]
	assert.Equal(t, "129.99", drive.PriceRetail.String(), "a JSON number read exactly")
	assert.Equal(t, "89.5", drive.PriceCost.String())
	assert.True(t, drive.MaintainStock)
	require.Len(t, drive.ProductSkus, 1)
	assert.Equal(t, "WD20EFZX", drive.ProductSkus[0].Sku)
	require.Len(t, drive.LocationQuantities, 1)
	assert.Equal(t, "4", drive.LocationQuantities[0].Quantity.String())
	assert.Equal(t, "Services >> Labor", p.Items[1].CategoryPath)

	cats, err := c.Products.Categories(ctx)
	require.NoError(t, err)
	require.Len(t, cats, 3)
	assert.Equal(t, "Prepay Hours", cats[2].Name)
	assert.Equal(t, "1", cats[1].Ancestry)

	_, err = c.Products.ByBarcode(ctx, "718037891064")
	require.NoError(t, err)
	assert.Equal(t, "718037891064", log.all()[2].Query.Get("barcode"))

	serials, err := c.Products.Serials(ctx, 24000013, &ProductSerialListOptions{Status: "in_stock"})
	require.NoError(t, err)
	require.Len(t, serials.Items, 1)
	assert.Equal(t, "129.99", serials.Items[0].InstancePriceRetail.String())

	_, err = c.Products.AddSerial(ctx, 24000013, &ProductSerialInput{SerialNumber: Ptr("WD-1"), PriceCost: Ptr(decimal.RequireFromString("89.50"))})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"serial_number": "WD-1", "price_cost_cents": float64(8950)}, jsonBody(t, log.all()[4].Body))

	sku, err := c.Products.AddSku(ctx, 24000013, &ProductSkuInput{VendorID: Ptr(int64(798000)), Value: Ptr("WD20EFZX-R")})
	require.NoError(t, err)
	assert.Equal(t, "WD20EFZX-R", sku.Sku, "written as value, read as sku")

	lq, err := c.Products.SetLocationQuantity(ctx, 24000013, 5101, 7)
	require.NoError(t, err)
	assert.Equal(t, "7", lq.Quantity.String())

	require.NoError(t, c.Products.AttachSerials(ctx, 24000013, &AttachSerialsInput{RecordType: SerialOnLineItem, LineItemID: 123197177, ProductSerialIDs: []int64{161225917}}))
}

func TestSchedulesWriteCents(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"schedules/503262", log.reply(200, fixture(t, "billing/schedule.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"schedules/503262/add_line_item", log.reply(200, fixture(t, "billing/schedule_line_item.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"schedules/503262/remove_line_item", log.reply(200, fixture(t, "billing/success.json")))
	ctx := context.Background()
	s, err := c.Schedules.Get(ctx, 503262)
	require.NoError(t, err)
	assert.Equal(t, "599.88", s.Subtotal.String())
	require.Len(t, s.Lines, 1, "lines, not line_items")
	assert.Equal(t, int64(4999), s.Lines[0].RetailCents)
	assert.Equal(t, "49.99", s.Lines[0].PriceRetail.String())
	assert.Equal(t, "12", s.Lines[0].Quantity.String())

	_, err = c.Schedules.AddLineItem(ctx, 503262, &ScheduleLineItemInput{Name: Ptr("Managed Seat"), Retail: Ptr(decimal.RequireFromString("49.99")),
		Cost: Ptr(decimal.RequireFromString("0")), Quantity: Ptr(decimal.NewFromInt(12))})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"name": "Managed Seat", "retail_cents": float64(4999), "cost_cents": float64(0), "quantity": "12"}, jsonBody(t, log.all()[1].Body))

	require.NoError(t, c.Schedules.RemoveLineItem(ctx, 503262, 1823298))
	assert.Equal(t, map[string]any{"schedule_line_item_id": float64(1823298), "line_item_id": float64(1823298)}, jsonBody(t, log.all()[2].Body))
}

func TestEstimatesReadTheWire(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"estimates", log.reply(200, fixture(t, "billing/estimates_page.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"estimates/23902944/line_items", log.reply(200, fixture(t, "billing/estimate_line_item_added.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"estimates/23902944/convert_to_invoice", log.reply(200, fixture(t, "billing/estimate_converted.json")))
	mt.RegisterResponder(http.MethodPost, apiRoot+"estimates/23902944/email", log.reply(200, fixture(t, "billing/queued.json")))
	ctx := context.Background()
	p, err := c.Estimates.List(ctx, &EstimateListOptions{Status: "approved", Mine: true})
	require.NoError(t, err)
	assert.Equal(t, "approved", log.all()[0].Query.Get("status"))
	assert.Equal(t, "true", log.all()[0].Query.Get("mine"))
	require.Len(t, p.Items, 1)
	assert.Equal(t, "1400.92", p.Items[0].Total.String())
	assert.Equal(t, "1016", p.Items[0].Number)

	li, err := c.Estimates.AddLineItem(ctx, 23902944, &InvoiceLineItemInput{Item: Ptr("Manual Item"), Name: Ptr("Dell PowerEdge T350"), Price: Ptr(decimal.RequireFromString("1299"))})
	require.NoError(t, err)
	assert.Equal(t, int64(123196821), li.ID, "the line, out of an answer that also carries the estimate")
	assert.Equal(t, "980", li.Cost.String())

	inv, err := c.Estimates.ConvertToInvoice(ctx, 23902944)
	require.NoError(t, err)
	assert.Equal(t, int64(1649793899), inv.ID)
	assert.Equal(t, "1400.92", inv.Total.String())
	require.NoError(t, c.Estimates.Email(ctx, 23902944))
}

func TestLineItemsList(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"line_items", log.reply(200, fixture(t, "billing/line_items_page.json")))
	p, err := c.LineItems.List(context.Background(), &LineItemListOptions{InvoiceID: 1649793879, EstimateIDNotNull: true})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, "1649793879", q.Get("invoice_id"))
	assert.Equal(t, "true", q.Get("estimate_id_not_null"))
	require.Len(t, p.Items, 1)
	assert.Equal(t, 1, p.Meta.TotalEntries)
	assert.Equal(t, "110", p.Items[0].Price.String())
}

func TestToCentsIsExact(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"0.1": 10, "12.34": 1234, "12.30": 1230, "1e2": 10000, "-3.07": -307, "0.07": 7} {
		got, err := toCents("amount", decimal.RequireFromString(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"0.001", "12.345", "1e-3", "99999999999999999999"} {
		_, err := toCents("amount", decimal.RequireFromString(in))
		assert.Error(t, err, in)
	}
	var le *LineItemsError
	assert.False(t, errors.As(errors.New("x"), &le))
}

// httpmockJSON answers status with body as JSON.
func httpmockJSON(status int, body []byte) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	}
}
