package syncro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetry429WithRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"7"}}).
			Then(httpmock.NewBytesResponder(200, fixture(t, "customer_detail.json"))))
	_, err := c.Customers.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{7 * time.Second}, clk.Sleeps())
}

func TestRetry429WithRetryAfterDate(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	// An HTTP date is real time (to the second), so the wait is measured
	// against the real clock: 12s from now, less what the format drops.
	when := time.Now().Add(12 * time.Second).Format(http.TimeFormat)
	mt.RegisterResponder("POST", apiRoot+"customers",
		httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {when}}).
			Then(httpmock.NewStringResponder(200, `{"customer":{"id":3}}`)))
	cu, err := c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("X")})
	require.NoError(t, err, "a 429 was not processed, so even a POST is retried")
	assert.Equal(t, int64(3), cu.ID)
	sleeps := clk.Sleeps()
	require.Len(t, sleeps, 1)
	assert.InDelta(t, float64(11*time.Second), float64(sleeps[0]), float64(time.Second+100*time.Millisecond), "about 12s, got %s", sleeps[0])
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestRetry429WithoutRetryAfterBacksOff(t *testing.T) {
	t.Parallel()
	policy := RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 3 * time.Second, MaxRetryAfter: time.Minute}
	// A limiter window shorter than the first wait: the retries end at
	// MaxAttempts, as the window has long passed by then.
	c, mt, clk := newTestClient(t, WithRetry(policy), WithLimiter(&countingLimiter{window: time.Millisecond}))
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(429, `{"error":"Too many requests"}`))
	_, err := c.Customers.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrRateLimited)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 4, apiErr.Attempts)
	assert.Contains(t, err.Error(), "(after 4 attempts)")
	assert.Equal(t, 4, mt.GetTotalCallCount())

	sleeps := clk.Sleeps()
	require.Len(t, sleeps, 3)
	// Equal jitter: each wait lies between half and all of 1s, 2s, 3s (capped).
	for i, ceiling := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second} {
		assert.GreaterOrEqual(t, sleeps[i], ceiling/2, "retry %d", i+1)
		assert.LessOrEqual(t, sleeps[i], ceiling, "retry %d", i+1)
	}
}

func TestRetryAfterBeyondCeilingStops(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"3600"}}))
	_, err := c.Customers.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter, "the caller learns when to come back")
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Empty(t, clk.Sleeps())
}

func TestRetryStopsAtContextDeadline(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"30"}}))
	// The deadline is real time, 10s away; the answer asks for 30s.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Customers.Get(ctx, 1)
	require.ErrorIs(t, err, ErrRateLimited, "the last answer is returned instead of a pointless wait")
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Empty(t, clk.Sleeps())
}

func TestPOSTGetting502IsSentOnce(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	mt.RegisterResponder("POST", apiRoot+"customers", httpmock.NewStringResponder(502, "<html><title>502 Bad Gateway</title></html>"))
	_, err := c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("Once Only")})
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.Empty(t, clk.Sleeps())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, apiErr.Attempts)
}

func TestGETGetting503TwiceThen200(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	c, mt, clk := newTestClient(t, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		sequence(httpmock.NewStringResponder(503, ""), httpmock.NewStringResponder(503, ""),
			httpmock.NewBytesResponder(200, fixture(t, "customer_detail.json"))))
	cu, err := c.Customers.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "test biz", cu.BusinessName)
	assert.Equal(t, 3, mt.GetTotalCallCount())
	assert.Len(t, clk.Sleeps(), 2)
	assert.Equal(t, 2, strings.Count(logs.String(), "syncro: retrying request"), logs.String())
	assert.Contains(t, logs.String(), "attempt=2")
}

func TestPUTAndDELETERetriedOn5xx(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("PUT", apiRoot+"customers/1",
		httpmock.NewStringResponder(504, "").Then(httpmock.NewStringResponder(200, `{"customer":{"id":1}}`)))
	mt.RegisterResponder("DELETE", apiRoot+"customers/1",
		httpmock.NewStringResponder(500, "").Then(httpmock.NewStringResponder(200, `{"message":"Customer was deleted from the system."}`)))
	_, err := c.Customers.Update(context.Background(), 1, &CustomerInput{Notes: Ptr("x")})
	require.NoError(t, err)
	require.NoError(t, c.Customers.Delete(context.Background(), 1))
	assert.Equal(t, 4, mt.GetTotalCallCount())
}

func TestNotRetried4xx(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(404, `{"message":"Not found"}`))
	_, err := c.Customers.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestNetworkErrors(t *testing.T) {
	t.Parallel()
	reset := fmt.Errorf("read: %w", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")})
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	nxdomain := &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nope.syncromsp.com", IsNotFound: true}}
	tests := []struct {
		name      string
		method    string
		err       error
		wantCalls int
		wantText  string
	}{
		{"GET after reset is retried", "GET", reset, 5, "after 5 attempts"},
		{"POST after reset is not resent", "POST", reset, 1, "may have reached Syncro"},
		{"POST whose connection was refused is retried", "POST", refused, 5, "connection refused"},
		{"unknown host is not retried", "GET", nxdomain, 1, "no such host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			mt.RegisterResponder(tt.method, apiRoot+"customers", httpmock.NewErrorResponder(tt.err))
			mt.RegisterResponder(tt.method, apiRoot+"customers/1", httpmock.NewErrorResponder(tt.err))
			var err error
			if tt.method == "POST" {
				_, err = c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("X")})
			} else {
				_, err = c.Customers.Get(context.Background(), 1)
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantCalls, mt.GetTotalCallCount())
			assert.Contains(t, err.Error(), tt.wantText)
			var opErr *net.OpError
			assert.ErrorAs(t, err, &opErr, "the transport error stays reachable")
		})
	}
}

func TestCancelledContextReturnsContextError(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewBytesResponder(200, fixture(t, "customer_detail.json")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Customers.Get(ctx, 1)
	assert.Equal(t, context.Canceled, err)
	assert.Equal(t, 0, mt.GetTotalCallCount())

	// Cancelled while waiting to retry.
	ctx, cancel = context.WithCancel(context.Background())
	mt.RegisterResponder("GET", apiRoot+"customers/2", func(*http.Request) (*http.Response, error) {
		cancel()
		return httpmock.NewStringResponse(503, ""), nil
	})
	_, err = c.Customers.Get(ctx, 2)
	assert.Equal(t, context.Canceled, err)
}

func TestRetryPolicyBackoffGrowsAndCaps(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 9: time.Second} {
		for i := 0; i < 50; i++ {
			d := p.backoff(n)
			assert.GreaterOrEqual(t, d, ceiling/2)
			assert.LessOrEqual(t, d, ceiling)
		}
	}
	assert.Zero(t, RetryPolicy{MaxAttempts: 2}.backoff(1))

	huge := RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: math.MaxInt64}
	for n := 1; n <= 100; n++ {
		assert.GreaterOrEqual(t, huge.backoff(n), 30*time.Minute, "attempt %d: doubling never overflows into no wait", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Second)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"5", 5 * time.Second, true},
		{"0.5", 500 * time.Millisecond, true},
		{"-3", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"soon", 0, false},
		{"1e30", math.MaxInt64, true},
		{"Inf", math.MaxInt64, true},
		{"NaN", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestLimiterWaitsBeforeEveryAttempt(t *testing.T) {
	t.Parallel()
	lim := &countingLimiter{}
	c, mt, _ := newTestClient(t, WithLimiter(lim))
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		sequence(httpmock.NewStringResponder(503, ""), httpmock.NewStringResponder(503, ""),
			httpmock.NewBytesResponder(200, fixture(t, "customer_detail.json"))))
	_, err := c.Customers.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, 3, lim.n, "each retry waits its turn at the limiter")
}

type countingLimiter struct {
	n      int
	window time.Duration
}

func (l *countingLimiter) Window() time.Duration { return l.window }

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.n++
	return ctx.Err()
}
