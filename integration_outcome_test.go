package syncro_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationWriteFaultsAreOutcomeUnknown breaks the answer to a create
// in every way the network and the proxies can, over real HTTP: whenever
// the fake processed the create, the error matches ErrOutcomeUnknown, and
// the create was sent once.
func TestIntegrationWriteFaultsAreOutcomeUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fault   syncrotest.Fault
		unknown bool
	}{
		{"connection reset after processing", syncrotest.ResetFault().AfterProcessing(), true},
		{"body cut short", syncrotest.TruncateFault(), true},
		{"502 after processing", syncrotest.StatusFault(http.StatusBadGateway).AfterProcessing(), true},
		// The client cannot tell a 5xx before processing from one after.
		{"503 before processing", syncrotest.StatusFault(http.StatusServiceUnavailable), true},
		{"HTML page after processing", syncrotest.HTMLFault().AfterProcessing(), true},
		{"429 before processing", syncrotest.StatusFault(http.StatusTooManyRequests).WithRetryAfter("0"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rule := syncrotest.OnRoute("POST /customers", tt.fault)
			rule.Times = 1
			f := newFake(t, syncrotest.WithFaults(rule))
			client := f.srv.Client(syncro.WithRateLimit(0), syncro.WithRetry(syncro.RetryPolicy{BaseDelay: time.Millisecond}))
			c, err := client.Customers.Create(context.Background(), &syncro.CustomerInput{BusinessName: syncro.Ptr("Once Co")})
			sent := f.requestsTo("POST /customers")
			if !tt.unknown {
				require.NoError(t, err, "a 429 was not processed: the create is retried")
				assert.Positive(t, c.ID)
				assert.Len(t, sent, 2)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, syncro.ErrOutcomeUnknown), "%v", err)
			assert.Nil(t, c)
			assert.Len(t, sent, 1, "a create that may have happened is never resent")
		})
	}
}

// TestIntegrationAttemptTimeoutIsRetried: a GET whose answer is slower than
// the HTTP client's Timeout is retried like any network failure, and the
// error, if it comes to one, does not claim the caller's context ended.
func TestIntegrationAttemptTimeoutIsRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Slow Co"})
	rule := syncrotest.OnRoute("GET /customers/{id}", syncrotest.DelayFault(time.Minute))
	rule.Times = 1
	f.srv.InjectFault(rule)
	client := f.srv.Client(syncro.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}),
		syncro.WithRetry(syncro.RetryPolicy{BaseDelay: time.Millisecond}))
	c, err := client.Customers.Get(context.Background(), id)
	require.NoError(t, err, "the second attempt is answered at once")
	assert.Equal(t, "Slow Co", c.BusinessName)
	assert.Len(t, f.requestsTo("GET /customers/{id}"), 2)

	f.srv.InjectFault(syncrotest.OnRoute("GET /customers/{id}", syncrotest.DelayFault(time.Minute)))
	client = f.srv.Client(syncro.WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}),
		syncro.WithRetry(syncro.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	_, err = client.Customers.Get(context.Background(), id)
	require.Error(t, err)
	assert.False(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
	assert.Contains(t, err.Error(), "the attempt timed out")
	assert.Contains(t, err.Error(), "(after 2 attempts)")
}
