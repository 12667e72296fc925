// Tickets opens a ticket, adds a private note, logs 45 minutes of work and
// charges it: the daily loop of a technician's tool.
//
//	go run ./examples/tickets
//
// Without credentials it runs against the built-in demo account. On a real
// account it writes, so it asks for the organization to use:
//
//	SYNCRO_SUBDOMAIN=acme SYNCRO_API_TOKEN=... go run ./examples/tickets -customer 123
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

func main() {
	customerID := flag.Int64("customer", 0, "organization to open the ticket for (required on a real account)")
	flag.Parse()
	acct, err := demo.Connect("syncro-example-tickets")
	if err != nil {
		log.Fatal(err)
	}
	defer acct.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if *customerID == 0 {
		if acct.Real {
			log.Fatal("this example creates a ticket: choose a test organization with -customer ID")
		}
		first, err := firstCustomer(ctx, acct.Client)
		if err != nil {
			log.Fatal(err)
		}
		*customerID = first
	}
	if err := run(ctx, acct.Client, *customerID); err != nil {
		log.Fatal(err)
	}
}

func firstCustomer(ctx context.Context, client *syncro.Client) (int64, error) {
	for c, err := range client.Customers.All(ctx, nil) {
		return c.ID, err
	}
	return 0, errors.New("the account has no organizations")
}

func run(ctx context.Context, client *syncro.Client, customerID int64) error {
	ticket, err := client.Tickets.Create(ctx, &syncro.TicketInput{
		CustomerID: syncro.Ptr(customerID),
		Subject:    syncro.Ptr("Printer offline after update"),
		CommentsAttributes: []syncro.CommentInput{{
			Subject: syncro.InitialIssueSubject,
			Body:    "The front-desk printer stopped printing after last night's update.",
		}},
	})
	if err != nil {
		return err
	}
	fmt.Printf("Opened ticket #%s for %s: %q (status %s)\n", ticket.Number, ticket.CustomerName(), ticket.Subject, ticket.Status)

	// A private note: the zero Mode never emails the customer.
	note, err := client.Tickets.AddComment(ctx, ticket.ID, &syncro.CommentInput{
		Subject: "Diagnosis",
		Body:    "Driver reset by the update; reinstalled it.",
	})
	if err != nil {
		return err
	}
	fmt.Printf("Added a private note (hidden: %t): %s\n", note.Hidden, note.Body)

	start := time.Now().Add(-45 * time.Minute).Truncate(time.Minute)
	timer, err := client.Tickets.AddTimer(ctx, ticket.ID, &syncro.TimerInput{
		StartAt:         syncro.Ptr(start),
		DurationMinutes: syncro.Ptr(int64(45)),
		Notes:           syncro.Ptr("Reinstalled the printer driver"),
	})
	if err != nil {
		return err
	}
	fmt.Printf("Logged time: timer %d, %s of work\n", timer.ID, timer.EndTime.Sub(timer.StartTime))

	charged, err := client.Tickets.ChargeTimer(ctx, ticket.ID, timer.ID)
	if err != nil {
		return err
	}
	fmt.Printf("Charged it: recorded %t, line item %d\n", charged.Recorded, charged.TicketLineItemID)
	return nil
}
