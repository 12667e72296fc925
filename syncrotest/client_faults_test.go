package syncrotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// fastRetry retries often and quickly, so fault tests take milliseconds.
var fastRetry = syncro.RetryPolicy{MaxAttempts: 12, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: time.Second}

// readFaults are every kind of fault a GET may meet; each is safe to retry.
var readFaults = []syncrotest.Fault{
	syncrotest.StatusFault(429).WithRetryAfter("0"), syncrotest.StatusFault(500), syncrotest.StatusFault(502),
	syncrotest.StatusFault(503), syncrotest.StatusFault(504), syncrotest.ResetFault(), syncrotest.TruncateFault(),
	syncrotest.HTMLFault(), syncrotest.DelayFault(5 * time.Millisecond),
}

// TestClientListsThroughSeededFaults lists 2,000 end users with the All
// iterator while a tenth of the page requests fail in every way: each end
// user is seen exactly once.
func TestClientListsThroughSeededFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithRateLimit(0, 0))
	g := srv.Generate(syncrotest.Generate{Seed: 5, Organizations: 40, Contacts: 2000})
	srv.InjectFault(syncrotest.FaultRule{Route: "GET /contacts", Rate: 0.1, Seed: 2024, Faults: readFaults})
	client := srv.Client(syncro.WithRetry(fastRetry))

	for _, per := range []int{10, 25, 100} {
		seen := map[int64]int{}
		for c, err := range client.Contacts.All(context.Background(), &syncro.ContactListOptions{ListOptions: syncro.ListOptions{PerPage: per}}) {
			require.NoError(t, err)
			seen[c.ID]++
		}
		require.Len(t, seen, len(g.Contacts), "per_page %d", per)
		for _, id := range g.Contacts {
			assert.Equal(t, 1, seen[id], "contact %d, per_page %d", id, per)
		}
	}
	kinds := map[syncrotest.FaultKind]bool{}
	for _, r := range srv.Requests() {
		kinds[r.Fault] = true
	}
	for _, k := range []syncrotest.FaultKind{syncrotest.FaultStatus, syncrotest.FaultReset, syncrotest.FaultTruncate, syncrotest.FaultHTML, syncrotest.FaultDelay} {
		assert.True(t, kinds[k], "the schedule hit %s", k)
	}
	assert.Positive(t, srv.Stats().Faults)
}

// writeFaults are what a POST may meet. The ones before processing lose the
// request, those after lose only the answer; a 429 is only ever before (a
// 429 means the request was not processed, so a client may resend it).
var writeFaults = []syncrotest.Fault{
	syncrotest.StatusFault(429).WithRetryAfter("0"),
	syncrotest.StatusFault(500), syncrotest.StatusFault(500).AfterProcessing(),
	syncrotest.StatusFault(503), syncrotest.StatusFault(504).AfterProcessing(),
	syncrotest.ResetFault(), syncrotest.ResetFault().AfterProcessing(),
	syncrotest.TruncateFault(), syncrotest.HTMLFault().AfterProcessing(),
}

// TestClientNeverDuplicatesWritesUnderFaults creates 200 end users while a
// tenth of the POSTs fail, before or after the write. The test does what the
// SDK asks of its users after a failed POST: look before creating again.
// Every end user exists exactly once, and the server processed exactly one
// POST per end user: the client resent only what the server refused
// unprocessed (429).
func TestClientNeverDuplicatesWritesUnderFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithRateLimit(0, 0))
	cid := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	srv.InjectFault(syncrotest.FaultRule{Route: "POST /contacts", Rate: 0.1, Seed: 99, Faults: writeFaults})
	client := srv.Client(syncro.WithRetry(fastRetry))
	ctx := context.Background()

	exists := func(name string) bool {
		for c, err := range client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: cid}) {
			require.NoError(t, err)
			if c.Name == name {
				return true
			}
		}
		return false
	}
	const n = 200
	failures := 0
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Load Test %03d", i)
		for {
			_, err := client.Contacts.Create(ctx, &syncro.ContactInput{CustomerID: syncro.Ptr(cid), Name: syncro.Ptr(name)})
			if err == nil {
				break
			}
			failures++
			var apiErr *syncro.APIError
			if errors.As(err, &apiErr) {
				require.NotEqual(t, http.StatusTooManyRequests, apiErr.StatusCode, "429 is retried by the client")
			}
			if exists(name) {
				break // the write happened; only the answer was lost
			}
		}
	}
	assert.Positive(t, failures, "the schedule made some POSTs fail")

	names := map[string]int{}
	for c, err := range client.Contacts.All(ctx, &syncro.ContactListOptions{CustomerID: cid}) {
		require.NoError(t, err)
		names[c.Name]++
	}
	require.Len(t, names, n)
	for name, count := range names {
		assert.Equal(t, 1, count, name)
	}
	assert.Equal(t, n, srv.Stats().Created["contacts"])

	var processed, retried429 int
	for _, r := range srv.Requests() {
		if r.Route != "POST /contacts" {
			continue
		}
		if r.Processed {
			processed++
		}
		if r.Status == http.StatusTooManyRequests {
			retried429++
		}
	}
	assert.Equal(t, n, processed, "one processed POST per end user")
	assert.Positive(t, retried429, "the schedule included 429s, which the client resent")
	var after int
	for _, r := range srv.Requests() {
		if r.Fault != "" && r.FaultAfter {
			after++
		}
	}
	assert.Positive(t, after, "the schedule lost some answers after the write")
}
