package syncrotest_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/csvio"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestPlanOf300OrganizationsWithTheFakesClient plans an import of an end
// user in each of 300 generated organizations with the fake's own client:
// however many requests planning takes, the client's limiter matches the
// server's configured limit and window, so not one is refused with 429.
// The window is scaled down (100 a second) so the test is quick.
func TestPlanOf300OrganizationsWithTheFakesClient(t *testing.T) {
	t.Parallel()
	const orgs = 300
	srv := syncrotest.NewServer(syncrotest.WithRateLimit(100, time.Second))
	defer srv.Close()
	gen := srv.Generate(syncrotest.Generate{Seed: 3, Organizations: orgs, Contacts: orgs})
	require.Len(t, gen.Customers, orgs)
	srv.ResetRequests()

	var buf bytes.Buffer
	buf.WriteString(strings.Join(csvio.ContactColumns, ",") + "\n")
	tail := strings.Repeat(",", len(csvio.ContactColumns)-5) // the columns after email
	for i, id := range gen.Customers {
		// customer_id, contact_id, name, title, email, ...
		fmt.Fprintf(&buf, "%d,,New Person %d,,new%d@example.com%s\n", id, i, i, tail)
	}
	rows, err := csvio.ReadContacts(&buf)
	require.NoError(t, err)

	plan, err := csvio.PlanContacts(context.Background(), srv.Client(), rows, nil)
	require.NoError(t, err)
	assert.Equal(t, orgs, plan.Count(csvio.ActionCreate))
	assert.Equal(t, 0, srv.Stats().RateLimited, "the client keeps to the server's limit")
}

// TestClientPacesToTheServersLimit sends two and a half windows' worth of
// requests through the fake's own client: the client's limiter matches the
// server's configured limit and window, so not one is refused with 429
// (today's default server, 180 a minute, gives the default client the same
// agreement; the window is scaled down so the test is quick).
func TestClientPacesToTheServersLimit(t *testing.T) {
	t.Parallel()
	const limit = 100
	srv := syncrotest.NewServer(syncrotest.WithRateLimit(limit, 2*time.Second))
	defer srv.Close()
	client := srv.Client()
	for i := 0; i < 2*limit+limit/2; i++ {
		_, err := client.Customers.List(context.Background(), nil)
		require.NoError(t, err, "request %d", i+1)
	}
	st := srv.Stats()
	assert.Equal(t, 2*limit+limit/2, st.Processed)
	assert.Equal(t, 0, st.RateLimited, "the client keeps to the server's limit")
}
