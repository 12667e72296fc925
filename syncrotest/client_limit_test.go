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

// TestClientPacesToTheServersLimit plans an import of an end user in each
// of 300 generated organizations (hundreds of requests, more than the
// window allows) with the fake's own client: the client's limiter matches
// the server's configured limit and window, so not one request is refused
// with 429. The window is scaled down (100 a second) so the test is quick;
// the default server (180 a minute) gives the default client the same
// agreement.
func TestClientPacesToTheServersLimit(t *testing.T) {
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
	st := srv.Stats()
	assert.Greater(t, st.Processed, 100, "more requests than one window holds")
	assert.Equal(t, 0, st.RateLimited, "the client keeps to the server's limit")
}
