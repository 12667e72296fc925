package syncro_test

import (
	"context"
	"fmt"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// Open a ticket whose description is its first comment, answer with a
// note the customer can see in the portal (but is not emailed), and read
// the thread back oldest first. Comments are private unless their Mode
// says otherwise.
func ExampleTicketsService_Create() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	found, err := client.Customers.Autocomplete(ctx, "Acme")
	if err != nil || len(found) == 0 {
		fmt.Println("no organization:", err)
		return
	}
	tk, err := client.Tickets.Create(ctx, &syncro.TicketInput{
		CustomerID: syncro.Ptr(found[0].ID),
		Subject:    syncro.Ptr("Printer out of toner"),
		CommentsAttributes: []syncro.CommentInput{
			{Subject: syncro.InitialIssueSubject, Body: "The front office printer is out of toner."},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("#%s %s (%s) for %s\n", tk.Number, tk.Subject, tk.Status, tk.CustomerName())

	_, err = client.Tickets.AddComment(ctx, tk.ID, &syncro.CommentInput{
		Subject: "On the way", Body: "A technician brings a cartridge today.", Mode: syncro.CommentPublicNoEmail,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	oldestFirst := &syncro.CommentListOptions{SortDirection: syncro.SortAscending}
	for c, err := range client.Tickets.Comments(ctx, tk.ID, oldestFirst) {
		if err != nil {
			fmt.Println(err)
			return
		}
		visibility := "public"
		if c.Hidden {
			visibility = "private"
		}
		fmt.Printf("%s (%s): %s\n", c.Subject, visibility, c.Text())
	}
	// Output:
	// #1009 Printer out of toner (New) for [Example] Acme Tech Solutions
	// Initial Issue (private): The front office printer is out of toner.
	// On the way (public): A technician brings a cartridge today.
}
