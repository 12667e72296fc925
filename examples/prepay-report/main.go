// Prepay-report lists the organizations whose prepay (block) hours run
// low, exactly (decimal hours, never float), and says why each is listed:
// a low balance, or a balance the labor logged on open tickets would take
// low once invoiced.
//
//	go run ./examples/prepay-report -below 5
//
// Syncro reports 0 prepay hours both for an organization that used its
// hours up and for one that never bought any. This report tells them apart
// from the invoices: an organization has a plan when a product of the
// "Prepay Hours" category was sold to it; invoiced "Labor" consumed it.
// Organizations without a plan are counted, never listed.
//
// It reads the product catalog, every invoice and invoice line, the
// organizations and the open tickets of those with a plan, paced at 180
// requests a minute. Without credentials it uses the built-in demo account.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

func main() {
	below := flag.String("below", "5", "report organizations with at most this many prepay hours, now or after open tickets")
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
	if err := run(ctx, acct.Client, threshold, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, client *syncro.Client, threshold decimal.Decimal, w io.Writer) error {
	ledgers, err := client.Customers.PrepayLedgers(ctx, nil, nil)
	if err != nil {
		return err
	}
	var plans, none int
	for _, l := range ledgers {
		if l.HasPlan() {
			plans++
		} else {
			none++
		}
	}
	fmt.Fprintf(w, "Prepay hours: %d organizations with a plan, %d without (not listed, whatever Syncro reports).\n", plans, none)
	fmt.Fprintf(w, "At or below %s h now or after open tickets:\n", threshold)
	var alerts []syncro.PrepayAlert
	for _, l := range ledgers {
		if a, ok := l.Alert(threshold); ok {
			alerts = append(alerts, a)
		}
	}
	if len(alerts) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, a := range alerts {
		l := a.Ledger
		fmt.Fprintf(w, "  %s: bought %s h, used %s h: %s h now, %s h after its uncharged labor\n", l.Name, l.Purchased, l.Used, l.Balance, l.Projected)
		for _, r := range a.Reasons {
			fmt.Fprintf(w, "    - %s\n", r)
		}
		for _, n := range a.Notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
	}
	return nil
}
