// Tour is the README's tour of the SDK, runnable as shown:
//
//	go run ./examples/tour
//
// With SYNCRO_SUBDOMAIN and SYNCRO_API_TOKEN set it reads your account,
// with SYNCRO_BASE_URL and SYNCRO_API_TOKEN the server there (such as
// `syncro fake-server`); without, an in-memory fake Syncro with demo data.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

func main() {
	client, done := connect()
	defer done()
	if err := tour(context.Background(), client); err != nil {
		log.Fatal(err)
	}
}

func connect() (*syncro.Client, func()) {
	if os.Getenv("SYNCRO_API_TOKEN") != "" {
		// SYNCRO_SUBDOMAIN (just "acme") or SYNCRO_BASE_URL, and leave room
		// for other tools behind the same IP: Syncro allows 180 requests a
		// minute in all.
		client, err := syncro.NewClientFromEnv(syncro.WithRateLimit(120))
		if err != nil {
			log.Fatal(err) // says what to fix, e.g. "give just the subdomain, e.g. acme"
		}
		return client, func() {}
	}
	srv := syncrotest.NewServer(syncrotest.WithDemoData()) // an in-memory fake Syncro
	return srv.Client(), srv.Close
}

func tour(ctx context.Context, client *syncro.Client) error {
	// Every organization, 100 a page, paced and retried by the client.
	for org, err := range client.Customers.All(ctx, nil) {
		if err != nil {
			return err
		}
		fmt.Println(org.ID, org.DisplayName())
	}
	// One error type for every Syncro error shape, with sentinels.
	_, err := client.Customers.Get(ctx, 1)
	var apiErr *syncro.APIError
	switch {
	case errors.Is(err, syncro.ErrNotFound) && errors.As(err, &apiErr):
		fmt.Println("not found:", apiErr.Path, apiErr.Messages)
	case err != nil:
		return err
	}
	return nil
}
