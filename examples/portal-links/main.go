// Portal-links prints the End User Portal addresses an MSP puts in front of
// its end users: the login page, each organization's own portal link (from
// online_profile_url, checked to be on the account's host), and an embed
// snippet for a website, every value HTML-escaped.
//
//	go run ./examples/portal-links
//
// It reads only. Without credentials it uses the built-in demo account.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/examples/internal/demo"
)

func main() {
	acct, err := demo.Connect("syncro-example-portal")
	if err != nil {
		log.Fatal(err)
	}
	defer acct.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, acct.Client); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, client *syncro.Client) error {
	portal, err := client.Portal(ctx)
	if err != nil {
		return err
	}
	fmt.Println("End users log in at:", portal.LoginURL())
	fmt.Println("Embed on a website:  ", portal.LoginButton("Support portal"))
	fmt.Println()
	fmt.Println("Each organization's portal link:")
	n := 0
	for c, err := range client.Customers.All(ctx, nil) {
		if err != nil {
			return err
		}
		link, err := portal.CustomerURL(&c)
		if err != nil {
			link = "none: " + err.Error()
		}
		fmt.Printf("  %-32s %s\n", c.DisplayName(), link)
		if n++; n == 10 {
			break
		}
	}
	fmt.Println()
	fmt.Println("An asset's portal page:", portal.AssetURL("4b3c2d1e-0000-4000-8000-00000000beef"))
	fmt.Println("Tray new-ticket form:  ", portal.AssetTicketFormURL())
	return nil
}
