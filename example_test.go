package syncro_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// The examples run against syncrotest, the fake Syncro that ships with the
// SDK, loaded with its demo account; `go test` checks their output.

// A client for an account, and every organization, page after page. Against
// Syncro the client is syncro.NewClient("acme", token): here the base URL
// points at the fake instead.
func ExampleNewClient() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()

	client, err := syncro.NewClient("", srv.Token(), syncro.WithBaseURL(srv.URL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for c, err := range client.Customers.All(context.Background(), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		people := "no end users"
		if len(c.Contacts) > 0 {
			names := make([]string, len(c.Contacts))
			for i, ct := range c.Contacts {
				names[i] = ct.Name
			}
			people = strings.Join(names, ", ")
		}
		fmt.Printf("%s: %s\n", c.DisplayName(), people)
	}
	// Output:
	// [Example] Acme Tech Solutions: Jane Doe, John Smith
	// Northwind Dental Group: Dr. Emily Chen, Raj Patel
	// Bluebird Logistics: Carlos Rivera
	// Riverside Law Group: Hannah Brooks
	// Sam Wilson: no end users
}

// Every failure Syncro answers is an *APIError that matches the package's
// sentinels with errors.Is; an input Syncro would refuse is stopped before
// it is sent, with a *ValidationError that says what to fix.
func ExampleAPIError() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData(), syncrotest.WithLimitedToken("Tread-only", syncrotest.PermTicketsList))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, err := client.Tickets.Get(ctx, 12345)
	var apiErr *syncro.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Messages, errors.Is(err, syncro.ErrNotFound))
	}

	readOnly, _ := syncro.NewClient("", "Tread-only", syncro.WithBaseURL(srv.URL()))
	_, err = readOnly.Customers.List(ctx, nil)
	fmt.Println("token lacks a permission:", errors.Is(err, syncro.ErrForbidden))

	_, err = client.Tickets.Create(ctx, &syncro.TicketInput{Subject: syncro.Ptr("Printer offline")})
	fmt.Println("refused before sending:", errors.Is(err, syncro.ErrValidation))
	fmt.Println(err)
	// Output:
	// 404 [Not found] true
	// token lacks a permission: true
	// refused before sending: true
	// syncro: create ticket: customer_id: Syncro requires them: set CustomerID to the organization's id and a non-blank Subject
}
