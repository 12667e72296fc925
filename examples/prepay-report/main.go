// Prepay-report lists the organizations whose prepay (block) hours are at or
// below a threshold, exactly (decimal hours, never float), and what a
// ticket's uncharged labor would leave.
//
//	go run ./examples/prepay-report -below 5
//
// Syncro's list does not carry the balance, so this reads each
// organization's detail record: one request each, paced at 180 a minute.
// Without credentials it uses the built-in demo account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/shopspring/decimal"
	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

func main() {
	below := flag.String("below", "5", "report organizations with at most this many prepay hours")
	flag.Parse()
	threshold, err := decimal.NewFromString(*below)
	if err != nil {
		log.Fatalf("-below %q is not a number of hours", *below)
	}
	acct, err := demo.Connect("syncro-example-prepay")
	if err != nil {
		log.Fatal(err)
	}
	defer acct.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, acct.Client, threshold); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, client *syncro.Client, threshold decimal.Decimal) error {
	fmt.Printf("Organizations with at most %s prepay hours:\n", threshold)
	found := 0
	var low []syncro.PrepayBalance
	for b, err := range client.Customers.PrepayAtOrBelow(ctx, threshold, nil) {
		if err != nil {
			return err
		}
		fmt.Printf("  %-32s %s h\n", b.Name, b.Hours)
		low = append(low, b)
		found++
	}
	if found == 0 {
		fmt.Println("  none")
	}

	// What would the open tickets of those organizations leave?
	for _, b := range low {
		for t, err := range client.Tickets.All(ctx, &syncro.TicketListOptions{CustomerID: b.CustomerID, Status: syncro.StatusNotClosed}) {
			if err != nil {
				return err
			}
			p, err := client.Tickets.ProjectPrepay(ctx, t.ID, nil)
			if errors.Is(err, syncro.ErrNoPrepayBalance) {
				continue
			}
			if err != nil {
				return err
			}
			fmt.Printf("  ticket #%s of %s: %s h now, %s h after its uncharged labor\n", t.Number, b.Name, p.Balance, p.RemainingHours)
		}
	}
	return nil
}
