// Quickstart lists organizations with their end users, then the open
// tickets: the first minute with the SDK.
//
//	go run ./examples/quickstart
//
// Without credentials it runs against the built-in demo account (an
// in-memory fake Syncro). With SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN set it
// reads your account (read only), showing the first 10 organizations and 20
// open tickets.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

const (
	maxOrganizations = 10
	maxTickets       = 20
)

func main() {
	acct, err := demo.Connect("syncro-quickstart")
	if err != nil {
		log.Fatal(err)
	}
	defer acct.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, acct.Client); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, client *syncro.Client) error {
	fmt.Println("Organizations and their end users:")
	n := 0
	// All pages through every organization; the client keeps to Syncro's
	// 180 requests a minute and retries what is safe to retry.
	for org, err := range client.Customers.All(ctx, nil) {
		if err != nil {
			return err
		}
		fmt.Printf("  %s (#%d)\n", org.DisplayName(), org.ID)
		for c, err := range client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: org.ID}) {
			if err != nil {
				return err
			}
			fmt.Printf("    - %s", c.Name)
			if c.Title != "" {
				fmt.Printf(", %s", c.Title)
			}
			if c.Email != "" {
				fmt.Printf(" <%s>", c.Email)
			}
			fmt.Println()
		}
		if n++; n == maxOrganizations {
			fmt.Printf("  (first %d shown)\n", maxOrganizations)
			break
		}
	}

	fmt.Println()
	fmt.Println("Open tickets:")
	n = 0
	for t, err := range client.Tickets.All(ctx, &syncro.TicketListOptions{Status: syncro.StatusNotClosed}) {
		if err != nil {
			return err
		}
		fmt.Printf("  #%s  %-20s %s  (%s)\n", t.Number, t.Status, t.Subject, t.CustomerName())
		if n++; n == maxTickets {
			fmt.Printf("  (first %d shown)\n", maxTickets)
			break
		}
	}
	if n == 0 {
		fmt.Println("  none")
	}
	return nil
}
