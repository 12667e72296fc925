package syncro_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// demoProducts finds the demo products by name.
func demoProducts(t *testing.T, client *syncro.Client) map[string]syncro.Product {
	t.Helper()
	out := map[string]syncro.Product{}
	for p, err := range client.Products.All(context.Background(), nil) {
		require.NoError(t, err)
		out[p.Name] = p
	}
	return out
}

func TestIntegrationInvoiceLifecycle(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)
	products := demoProducts(t, f.client)
	acme := d.customers[syncrotest.DemoCustomerName]
	date := epoch.AddDate(0, 0, 1)

	inv, err := f.client.Invoices.CreateWithLineItems(ctx,
		&syncro.InvoiceInput{CustomerID: &acme, Number: syncro.Ptr("9001"), Date: &date, Note: syncro.Ptr("Q1 hardware")},
		[]syncro.InvoiceLineItemInput{
			{ProductID: syncro.Ptr(products["2TB Backup Drive"].ID), Quantity: syncro.Ptr(dec("2"))},
			{Item: syncro.Ptr("Cabling"), Name: syncro.Ptr("Patch cables"), Quantity: syncro.Ptr(dec("3")), Price: syncro.Ptr(dec("4.33"))},
		})
	require.NoError(t, err)
	require.Len(t, inv.LineItems, 2)
	assert.Equal(t, "Patch cables", inv.LineItems[1].Name)
	assert.Equal(t, "272.97", inv.Subtotal.String(), "2 x 129.99 filled from the product + 3 x 4.33, exactly")
	assert.Equal(t, "272.97", inv.Total.String())
	assert.Equal(t, "9001", inv.Number)
	assert.Equal(t, syncrotest.DemoCustomerName, inv.CustomerBusinessThenName)
	assert.NotContains(t, decodeObject(t, f.requestsTo("POST /invoices")[0].Body), "line_items")

	// Plain Create with lines is impossible: InvoiceInput has none. The
	// fake, like Syncro, drops line_items sent anyway.
	raw := f.rawSend(t, http.MethodPost, "/invoices", map[string]any{"customer_id": acme, "number": "9002", "date": date,
		"line_items": []any{map[string]any{"item": "x", "name": "y", "quantity": 1, "price": 5}}})
	created := raw["invoice"].(map[string]any)
	assert.Equal(t, "0.0", created["total"], "line items in the create body are ignored")

	byNumber, err := f.client.Invoices.GetByNumber(ctx, "9001")
	require.NoError(t, err)
	assert.Equal(t, inv.ID, byNumber.ID)

	up, err := f.client.Invoices.Update(ctx, inv.ID, &syncro.InvoiceInput{PoNumber: syncro.Ptr("PO-77")})
	require.NoError(t, err)
	assert.Equal(t, "PO-77", up.PoNumber)
	assert.Equal(t, "Q1 hardware", up.Note, "untouched")

	li, err := f.client.Invoices.UpdateLineItem(ctx, inv.ID, inv.LineItems[1].ID, &syncro.InvoiceLineItemInput{Price: syncro.Ptr(dec("5"))})
	require.NoError(t, err)
	assert.Equal(t, "5", li.Price.String())
	after, err := f.client.Invoices.DeleteLineItem(ctx, inv.ID, inv.LineItems[0].ID)
	require.NoError(t, err)
	require.NotNil(t, after)
	assert.Equal(t, "15", after.Total.String(), "recalculated: 3 x 5")

	require.NoError(t, f.client.Invoices.Print(ctx, inv.ID))
	require.NoError(t, f.client.Invoices.Email(ctx, inv.ID))
	require.NoError(t, f.client.Invoices.Delete(ctx, inv.ID))
	_, err = f.client.Invoices.Get(ctx, inv.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	// A paid invoice: Syncro answers the delete with 200 and keeps it.
	paid := collect(t, f.client.Invoices.All(ctx, &syncro.InvoiceListOptions{Paid: true}))
	require.NotEmpty(t, paid)
	for _, p := range paid {
		assert.True(t, p.IsPaid)
	}
	assert.ErrorIs(t, f.client.Invoices.Delete(ctx, paid[0].ID), syncro.ErrNotDeleted)

	// The invoice of a ticket.
	onboarding := d.tickets["Set up new hire workstation"]
	ofTicket := collect(t, f.client.Invoices.All(ctx, &syncro.InvoiceListOptions{TicketID: onboarding}))
	require.Len(t, ofTicket, 1)
	tk, err := f.client.Invoices.Ticket(ctx, ofTicket[0].ID)
	require.NoError(t, err)
	assert.Equal(t, onboarding, tk.ID)
	unpaid := collect(t, f.client.Invoices.All(ctx, &syncro.InvoiceListOptions{Unpaid: true}))
	for _, u := range unpaid {
		assert.False(t, u.IsPaid)
	}
	assert.NotEmpty(t, unpaid)
}

func TestIntegrationInvoiceChanges(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)

	first := f.client.Invoices.Changes(ctx, syncro.InvoiceWatermark{}, &syncro.InvoiceChangesOptions{PerPage: 3})
	all := collect(t, first.Invoices())
	assert.Len(t, all, 8, "the zero watermark lists every demo invoice, over pages of 3")
	require.True(t, first.Complete())
	wm := first.Watermark()
	assert.Equal(t, epoch, wm.UpdatedAt.UTC(), "every demo invoice was stored at the fake's start")
	assert.Len(t, wm.Seen, 8, "the boundary's invoices are remembered")

	// Nothing changed: nothing delivered, though Syncro lists the
	// boundary again.
	again := f.client.Invoices.Changes(ctx, wm, nil)
	assert.Empty(t, collect(t, again.Invoices()))
	assert.NotEmpty(t, f.requestsTo("GET /invoices")[len(f.requestsTo("GET /invoices"))-1].Query.Get("since_updated_at"))
	wm = again.Watermark()

	// One invoice changes a minute later: only it comes back.
	f.clock.Advance(time.Minute)
	date := epoch
	acme := d.customers[syncrotest.DemoCustomerName]
	inv, err := f.client.Invoices.Create(ctx, &syncro.InvoiceInput{CustomerID: &acme, Number: syncro.Ptr("9100"), Date: &date})
	require.NoError(t, err)
	next := f.client.Invoices.Changes(ctx, wm, nil)
	got := collect(t, next.Invoices())
	require.Len(t, got, 1)
	assert.Equal(t, inv.ID, got[0].ID)

	// A pass stopped early keeps the watermark it started from.
	stopped := f.client.Invoices.Changes(ctx, syncro.InvoiceWatermark{}, nil)
	for range stopped.Invoices() {
		break
	}
	assert.False(t, stopped.Complete())
	assert.True(t, stopped.Watermark().IsZero())
}

func TestIntegrationPaymentsAreMoney(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)
	acme := d.customers[syncrotest.DemoCustomerName]
	open := collect(t, f.client.Invoices.All(ctx, &syncro.InvoiceListOptions{Unpaid: true}))
	var target syncro.Invoice
	for _, inv := range open {
		if inv.CustomerID == acme {
			target = inv
		}
	}
	require.NotZero(t, target.ID)
	assert.Equal(t, "317.49", target.Total.String(), "1.5 h onsite labor at 125 + one drive at 129.99")

	p, err := f.client.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &acme, Amount: syncro.Ptr(dec("317.49")), PaymentMethod: syncro.Ptr("Check"), RefNum: syncro.Ptr("CHK-9"),
		ApplyPayments: map[int64]decimal.Decimal{target.ID: dec("317.49")}})
	require.NoError(t, err)
	assert.Equal(t, "317.49", p.PaymentAmount.String())
	assert.Equal(t, []int64{target.ID}, p.InvoiceIDs)
	body := f.lastBody(t, "POST /payments")
	assert.Equal(t, "31749", body["amount_cents"].(json.Number).String(), "dollars in, cents on the wire")
	paid, err := f.client.Invoices.Get(ctx, target.ID)
	require.NoError(t, err)
	assert.True(t, paid.IsPaid)
	require.Len(t, paid.Payments, 1)

	got, err := f.client.Payments.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, "317.49", got.PaymentAmount.String())
	require.NotNil(t, got.Customer)
	methods, err := f.client.Payments.Methods(ctx)
	require.NoError(t, err)
	assert.Len(t, methods, 6)

	// The fake answers 502 after recording the payment: the client does
	// not send it again, retries on or not.
	retrying := f.srv.Client(syncro.WithRetry(syncro.DefaultRetryPolicy()))
	before := len(collect(t, f.client.Payments.All(ctx, nil)))
	f.srv.InjectFault(syncrotest.FaultRule{Route: "POST /payments", Nth: 1, Faults: []syncrotest.Fault{syncrotest.StatusFault(http.StatusBadGateway).AfterProcessing()}})
	_, err = retrying.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &acme, Amount: syncro.Ptr(dec("10")), RefNum: syncro.Ptr("CASH-1")})
	assert.ErrorIs(t, err, syncro.ErrOutcomeUnknown, "a 5xx answer to a payment: it may have been recorded")
	assert.Len(t, f.requestsTo("POST /payments"), 2, "the first payment, and this one once")
	assert.Len(t, collect(t, f.client.Payments.All(ctx, nil)), before+1, "recorded once, by the one request")

	// The connection drops once the payment is recorded.
	f.srv.InjectFault(syncrotest.FaultRule{Route: "POST /payments", Nth: 1, Faults: []syncrotest.Fault{syncrotest.ResetFault().AfterProcessing()}})
	_, err = retrying.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &acme, Amount: syncro.Ptr(dec("10")), RefNum: syncro.Ptr("CASH-2")})
	assert.ErrorIs(t, err, syncro.ErrOutcomeUnknown, "the connection dropped after sending")
	assert.Len(t, f.requestsTo("POST /payments"), 3, "not resent")

	// The fake refuses what Syncro refuses; the client refuses sub-cent
	// amounts before sending.
	_, err = f.client.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &acme, Amount: syncro.Ptr(dec("0.005"))})
	assert.ErrorIs(t, err, syncro.ErrValidation)
	assert.Len(t, f.requestsTo("POST /payments"), 3)
}

func TestIntegrationProductsKeepWhatUpdatesLeaveOut(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	drive := demoProducts(t, f.client)["2TB Backup Drive"]
	require.True(t, drive.MaintainStock)
	require.True(t, drive.Serialized)

	// A raw PUT without maintain_stock resets it, as Syncro does.
	f.rawSend(t, http.MethodPut, "/products/"+strconv.FormatInt(drive.ID, 10), map[string]any{"notes": "raw"})
	raw, err := f.client.Products.Get(ctx, drive.ID)
	require.NoError(t, err)
	assert.False(t, raw.MaintainStock, "the quirk the client guards against")

	_, err = f.client.Products.Update(ctx, drive.ID, &syncro.ProductInput{MaintainStock: syncro.Ptr(true), Serialized: syncro.Ptr(true), Taxable: syncro.Ptr(true)})
	require.NoError(t, err)
	up, err := f.client.Products.Update(ctx, drive.ID, &syncro.ProductInput{PriceRetail: syncro.Ptr(dec("139.99"))})
	require.NoError(t, err)
	assert.Equal(t, "139.99", up.PriceRetail.String())
	assert.True(t, up.MaintainStock, "Update sends the current booleans")
	assert.True(t, up.Serialized)
	assert.True(t, up.Taxable)

	cats, err := f.client.Products.Categories(ctx)
	require.NoError(t, err)
	var names []string
	for _, c := range cats {
		names = append(names, c.Name)
	}
	assert.Contains(t, names, "Prepay Hours")
	assert.Contains(t, names, "Labor")

	byCode, err := f.client.Products.ByBarcode(ctx, "718037891064")
	require.NoError(t, err)
	assert.Equal(t, drive.ID, byCode.ID)

	sn, err := f.client.Products.AddSerial(ctx, drive.ID, &syncro.ProductSerialInput{SerialNumber: syncro.Ptr("WD-NEW-1"), PriceRetail: syncro.Ptr(dec("129.99"))})
	require.NoError(t, err)
	assert.Equal(t, "129.99", sn.InstancePriceRetail.String())
	_, err = f.client.Products.AddSerial(ctx, drive.ID, &syncro.ProductSerialInput{SerialNumber: syncro.Ptr("1.2345E+11")})
	assert.ErrorIs(t, err, syncro.ErrValidation, "Syncro refuses serials a spreadsheet mangled")
	serials := collect(t, f.client.Products.AllSerials(ctx, drive.ID, &syncro.ProductSerialListOptions{Status: "in_stock"}))
	assert.Len(t, serials, 2)

	vendors := collect(t, f.client.Vendors.All(ctx, nil))
	require.NotEmpty(t, vendors)
	sku, err := f.client.Products.AddSku(ctx, drive.ID, &syncro.ProductSkuInput{VendorID: &vendors[0].ID, Value: syncro.Ptr("WD20-X")})
	require.NoError(t, err)
	assert.Equal(t, "WD20-X", sku.Sku)
	assert.Equal(t, vendors[0].Name, sku.VendorName)
	skus, err := f.client.Products.Skus(ctx, drive.ID)
	require.NoError(t, err)
	assert.Len(t, skus, 1)

	require.Len(t, up.LocationQuantities, 1)
	lq, err := f.client.Products.SetLocationQuantity(ctx, drive.ID, up.LocationQuantities[0].ID, 9)
	require.NoError(t, err)
	assert.Equal(t, "9", lq.Quantity.String())

	require.NoError(t, f.client.Products.AddImages(ctx, drive.ID, []syncro.ProductImage{{URL: "https://cdn.example/d.jpg", Filename: "d.jpg"}}))
	withPhoto, err := f.client.Products.Get(ctx, drive.ID)
	require.NoError(t, err)
	require.Len(t, withPhoto.Photos, 1)
	require.NoError(t, f.client.Products.DeleteImage(ctx, drive.ID, withPhoto.Photos[0].ID))
	assert.ErrorIs(t, f.client.Products.DeleteImage(ctx, drive.ID, withPhoto.Photos[0].ID), syncro.ErrNotFound)
}

func TestIntegrationEstimatesAndSchedules(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)
	products := demoProducts(t, f.client)
	acme := d.customers[syncrotest.DemoCustomerName]
	date := epoch

	est, err := f.client.Estimates.CreateWithLineItems(ctx, &syncro.EstimateInput{CustomerID: &acme, Date: &date, Name: syncro.Ptr("Server refresh"), Note: syncro.Ptr("30 days")},
		[]syncro.InvoiceLineItemInput{{ProductID: syncro.Ptr(products["Onsite Labor"].ID), Quantity: syncro.Ptr(dec("4"))}})
	require.NoError(t, err)
	assert.Equal(t, "500", est.Total.String())
	assert.Equal(t, syncro.EstimateFresh, est.Status)
	assert.Empty(t, est.Note, "stored, but Syncro does not return it")
	inv, err := f.client.Estimates.ConvertToInvoice(ctx, est.ID)
	require.NoError(t, err)
	assert.Equal(t, "500", inv.Total.String())
	full, err := f.client.Invoices.Get(ctx, inv.ID)
	require.NoError(t, err)
	require.Len(t, full.LineItems, 1, "the lines come along")
	assert.Equal(t, "Labor", full.LineItems[0].ProductCategory)

	empty, err := f.client.Estimates.Create(ctx, &syncro.EstimateInput{CustomerID: &acme, Date: &date})
	require.NoError(t, err)
	_, err = f.client.Estimates.ConvertToInvoice(ctx, empty.ID)
	assert.ErrorIs(t, err, syncro.ErrValidation)
	require.NoError(t, f.client.Estimates.Delete(ctx, empty.ID))

	next := epoch.AddDate(0, 1, 0)
	sch, err := f.client.Schedules.Create(ctx, &syncro.ScheduleInput{CustomerID: &acme, Name: syncro.Ptr("Managed services"),
		Frequency: syncro.Ptr(syncro.FrequencyMonthly), NextRun: &next, Paused: syncro.Ptr(true)})
	require.NoError(t, err)
	line, err := f.client.Schedules.AddLineItem(ctx, sch.ID, &syncro.ScheduleLineItemInput{Name: syncro.Ptr("Seat"), Quantity: syncro.Ptr(dec("12")), Retail: syncro.Ptr(dec("49.99"))})
	require.NoError(t, err)
	assert.Equal(t, int64(4999), line.RetailCents)
	assert.Equal(t, "49.99", line.PriceRetail.String())
	got, err := f.client.Schedules.Get(ctx, sch.ID)
	require.NoError(t, err)
	assert.Equal(t, "599.88", got.Subtotal.String())
	assert.True(t, got.Paused)
	_, err = f.client.Schedules.UpdateLineItem(ctx, sch.ID, line.ID, &syncro.ScheduleLineItemInput{Retail: syncro.Ptr(dec("45"))})
	require.NoError(t, err)
	require.NoError(t, f.client.Schedules.RemoveLineItem(ctx, sch.ID, line.ID))
	got, err = f.client.Schedules.Get(ctx, sch.ID)
	require.NoError(t, err)
	assert.Empty(t, got.Lines)
	mine := collect(t, f.client.Schedules.All(ctx, &syncro.ScheduleListOptions{CustomerID: acme}))
	assert.Len(t, mine, 1)
	_, err = f.client.Schedules.Create(ctx, &syncro.ScheduleInput{CustomerID: &acme, Name: syncro.Ptr("x"), Frequency: syncro.Ptr("Fortnightly"), NextRun: &next})
	assert.ErrorIs(t, err, syncro.ErrValidation)
	require.NoError(t, f.client.Schedules.Delete(ctx, sch.ID))

	profiles, err := f.client.PaymentProfiles.List(ctx, acme)
	require.NoError(t, err)
	assert.Empty(t, profiles)
	pp, err := f.client.PaymentProfiles.Create(ctx, acme, &syncro.PaymentProfileInput{PaymentProfileID: syncro.Ptr("tok_123"), LastFour: syncro.Ptr("4242")})
	require.NoError(t, err)
	_, err = f.client.PaymentProfiles.Update(ctx, acme, pp.ID, &syncro.PaymentProfileInput{Expiration: syncro.Ptr("01/2030")})
	require.NoError(t, err)
	one, err := f.client.PaymentProfiles.Get(ctx, acme, pp.ID)
	require.NoError(t, err)
	assert.Equal(t, "01/2030", one.Expiration)
	require.NoError(t, f.client.PaymentProfiles.Delete(ctx, acme, pp.ID))

	lines := collect(t, f.client.LineItems.All(ctx, &syncro.LineItemListOptions{InvoiceID: inv.ID}))
	assert.Len(t, lines, 1)
}

func TestIntegrationPrepayReport(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	d := findDemo(t, f.client)

	l, err := f.client.Customers.PrepayLedger(ctx, d.customers[syncrotest.DemoPrepayCustomerName], nil)
	require.NoError(t, err)
	assert.True(t, l.HasPlan())
	assert.Equal(t, "20", l.Purchased.String())
	assert.Equal(t, "7.5", l.Used.String())
	assert.Equal(t, "12.5", l.Balance.String())
	assert.Equal(t, "12.5", l.Reported.String(), "Syncro and the invoices agree")
	assert.Equal(t, time.Hour, l.Uncharged, "the X-ray ticket's uncharged timer")
	assert.Equal(t, "11.5", l.Projected.String())

	acme, err := f.client.Customers.PrepayLedger(ctx, d.customers[syncrotest.DemoCustomerName], nil)
	require.NoError(t, err)
	assert.False(t, acme.HasPlan(), "Syncro reports 0 h, but Acme never bought hours")
	assert.Equal(t, "0", acme.Reported.String())

	alerts, err := f.client.Customers.PrepayReport(ctx, dec("2"), nil)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	assert.Equal(t, "Riverside Law Group", alerts[0].Ledger.Name)
	assert.Equal(t, []string{"balance 1.5 h is at or below 2 h"}, alerts[0].Reasons)

	alerts, err = f.client.Customers.PrepayReport(ctx, dec("12"), nil)
	require.NoError(t, err)
	require.Len(t, alerts, 2)
	assert.Equal(t, syncrotest.DemoPrepayCustomerName, alerts[0].Ledger.Name)
	assert.Equal(t, []string{"1 h of uncharged labor on open tickets would leave 11.5 h"}, alerts[0].Reasons)

	// Hours reset by hand in Syncro: a note, not a reason.
	f.srv.SetPrepayHours(d.customers["Riverside Law Group"], "4")
	alerts, err = f.client.Customers.PrepayReport(ctx, dec("2"), nil)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	assert.Equal(t, []string{"Syncro reports 4 h but the invoices add up to 1.5 h (expired, reset or adjusted hours?)"}, alerts[0].Notes)

	// Without the Global Admin permission GET /line_items needs, the
	// ledgers come from each invoice's detail record.
	perms := []string{}
	for _, p := range syncrotest.AllPermissions() {
		if p != syncrotest.PermGlobalAdmin {
			perms = append(perms, p)
		}
	}
	f.srv.AddToken("Tnoadmin", perms...)
	limited := f.clientWithToken(t, "Tnoadmin")
	f.srv.ResetRequests()
	alerts, err = limited.Customers.PrepayReport(ctx, dec("2"), nil)
	require.NoError(t, err)
	require.Len(t, alerts, 1)
	assert.Equal(t, "1.5", alerts[0].Ledger.Balance.String())
	assert.Len(t, f.requestsTo("GET /invoices/{id}"), 8, "one detail per invoice")
}

// rawSend sends a JSON write to the fake with the default token, bypassing
// the client: what Syncro does with a body the client would never send.
func (f *fake) rawSend(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(context.Background(), method, f.srv.APIURL()+path, bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.srv.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, path, out)
	return decodeObject(t, out)
}
