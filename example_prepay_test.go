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
