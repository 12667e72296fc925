package syncro_test

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// An incremental invoice sync: the first pass from the zero watermark
// sees every invoice; a pass from the watermark it returned sees only what
// changed since.
func ExampleInvoicesService_Changes() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	var wm syncro.InvoiceWatermark // persisted between runs
	for run := 1; run <= 2; run++ {
		changes := client.Invoices.Changes(ctx, wm, nil)
		n := 0
		for _, err := range changes.Invoices() {
			if err != nil {
				fmt.Println(err)
				return
			}
			n++ // upsert the invoice here
		}
		wm = changes.Watermark()
		fmt.Printf("run %d: %d invoices\n", run, n)
	}
	// Output:
	// run 1: 8 invoices
	// run 2: 0 invoices
}

// Recording a payment: dollars in, cents on the wire, dollars back. A
// fraction of a cent is refused before anything is sent.
func ExamplePaymentsService_Create() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	orgs, err := client.Customers.Autocomplete(ctx, syncrotest.DemoCustomerName)
	if err != nil || len(orgs) == 0 {
		fmt.Println("no organization:", err)
		return
	}
	p, err := client.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &orgs[0].ID, Amount: syncro.Ptr(decimal.RequireFromString("49.90")), PaymentMethod: syncro.Ptr("Cash")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("recorded", p.PaymentAmount.StringFixed(2))

	_, err = client.Payments.Create(ctx, &syncro.PaymentInput{CustomerID: &orgs[0].ID, Amount: syncro.Ptr(decimal.RequireFromString("0.125"))})
	fmt.Println(err)
	// Output:
	// recorded 49.90
	// syncro: create payment: amount_cents: amount: 0.125 has a fraction of a cent; give the amount in whole cents (two decimal places at most)
}
