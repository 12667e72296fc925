package syncro_test

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// A low-balance scan: the organizations with a prepay plan and 2 hours or
// fewer. Balances are exact decimals. Syncro reports 0 h for the demo
// organizations that never bought hours; they have no plan and are not
// listed.
func ExampleCustomersService_PrepayAtOrBelow() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()

	for b, err := range client.Customers.PrepayAtOrBelow(context.Background(), decimal.NewFromInt(2), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(b)
	}
	// Output:
	// Riverside Law Group: 1.5 h
}

// What an organization's prepay balance will be once the labor logged on
// its open tickets is charged.
func ExampleTicketsService_ProjectPrepay() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	orgs, err := client.Customers.Autocomplete(ctx, syncrotest.DemoPrepayCustomerName)
	if err != nil || len(orgs) == 0 {
		fmt.Println("no organization:", err)
		return
	}
	balance, err := client.Customers.PrepayBalance(ctx, orgs[0].ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(balance)

	open := &syncro.TicketListOptions{CustomerID: orgs[0].ID, Status: syncro.StatusNotClosed}
	for tk, err := range client.Tickets.All(ctx, open) {
		if err != nil {
			fmt.Println(err)
			return
		}
		p, err := client.Tickets.ProjectPrepay(ctx, tk.ID, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("#%s %s: %s uncharged, %s h left after it\n", tk.Number, tk.Subject, p.Uncharged, p.RemainingHours)
	}
	// Output:
	// Northwind Dental Group: 12.5 h
	// #1005 Front office printer offline: 0s uncharged, 12.5 h left after it
	// #1004 X-ray PC running slow: 1h0m0s uncharged, 11.5 h left after it
}

// The low-balance report: only organizations that bought prepay hours, each
// with the reason it is listed. Four demo organizations read 0 h in Syncro;
// Acme, Bluebird and Sam Wilson never bought hours and are not listed.
func ExampleCustomersService_PrepayReport() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()

	alerts, err := client.Customers.PrepayReport(context.Background(), decimal.NewFromInt(12), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range alerts {
		fmt.Println(a)
	}
	// Output:
	// Northwind Dental Group: bought 20 h, used 7.5 h, 12.5 h left, 11.5 h after 1 h of uncharged labor
	//   - 1 h of uncharged labor on open tickets would leave 11.5 h
	// Riverside Law Group: bought 10 h, used 8.5 h, 1.5 h left, 1.5 h after 0 h of uncharged labor
	//   - balance 1.5 h is at or below 12 h
}
