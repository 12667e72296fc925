package syncro_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// An integration's "Test Connection" button: CheckToken says whether the
// token works, and if it lacks permissions the integration needs, which.
func ExampleUsersService_CheckToken() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData(),
		syncrotest.WithLimitedToken("Tread-only", syncrotest.PermTicketsList, syncrotest.PermTicketsView))
	defer srv.Close()
	ctx := context.Background()
	needs := []syncro.Permission{syncro.PermissionTicketRead, syncro.PermissionTicketWrite}

	me, err := srv.Client().Users.CheckToken(ctx, needs...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("connected as", me.UserName)

	readOnly, _ := syncro.NewClient("", "Tread-only", syncro.WithBaseURL(srv.URL()))
	_, err = readOnly.Users.CheckToken(ctx, needs...)
	var ce *syncro.ConnectionError
	if errors.As(err, &ce) {
		fmt.Println("problem:", ce.Problem)
		for _, p := range ce.Missing {
			fmt.Printf("missing %s: %s\n", p, p.Describe())
		}
	}

	bad, _ := syncro.NewClient("", "Tnot-a-real-token", syncro.WithBaseURL(srv.URL()))
	_, err = bad.Users.CheckToken(ctx)
	if errors.As(err, &ce) {
		fmt.Println("problem:", ce.Problem)
	}
	// Output:
	// connected as Alex Morgan
	// problem: missing permissions
	// missing ticket.write: create and edit tickets
	// problem: bad token
}
