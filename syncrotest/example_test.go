package syncrotest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// A test starts a fake account, gets a client wired to it, and uses the
// client as it would against Syncro.
func ExampleNewServer() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()

	ctx := context.Background()
	for c, err := range client.Customers.All(ctx, &syncro.CustomerListOptions{BusinessName: "acme"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.BusinessName)
		for _, ct := range c.Contacts {
			fmt.Printf("  %s (%s)\n", ct.Name, ct.Title)
		}
	}
	// Output:
	// [Example] Acme Tech Solutions
	//   Jane Doe (Office Manager)
	//   John Smith (IT Coordinator)
}

// Fault rules break chosen requests; here the first organization created
// is written but its answer is lost, as after a network failure.
func ExampleServer_InjectFault() {
	srv := syncrotest.NewServer()
	defer srv.Close()
	srv.InjectFault(syncrotest.OnRoute("POST /customers", syncrotest.StatusFault(503).AfterProcessing()))

	client := srv.Client()
	_, err := client.Customers.Create(context.Background(), &syncro.CustomerInput{BusinessName: syncro.Ptr("Acme")})
	fmt.Println(errors.Is(err, syncro.ErrServer))
	fmt.Println(srv.Counts().Customers, "organization on the server")
	// Output:
	// true
	// 1 organization on the server
}

// A token with limited permissions sees Syncro's 401 permission error.
func ExampleWithLimitedToken() {
	srv := syncrotest.NewServer(syncrotest.WithLimitedToken("Tread-tickets", syncrotest.PermTicketsList))
	defer srv.Close()

	client, _ := syncro.NewClient("", "Tread-tickets", syncro.WithBaseURL(srv.URL()))
	_, err := client.Customers.List(context.Background(), nil)
	var apiErr *syncro.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.MissingPermission())
	}
	// Output:
	// 401 true
}
