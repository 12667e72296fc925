package syncrotest_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: fixedNow} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func statuses(t *testing.T, srv *syncrotest.Server, n int) []int {
	t.Helper()
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, send(t, srv, http.MethodGet, "/me", nil).Status)
	}
	return out
}

func TestRateLimitRollingWindow(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now), syncrotest.WithRateLimit(3, time.Minute))
	defer srv.Close()

	assert.Equal(t, []int{200, 200, 200, 429}, statuses(t, srv, 4))
	r := send(t, srv, http.MethodGet, "/me", nil)
	assert.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, "Retry later\n", string(r.Body))
	assert.Empty(t, r.Header.Get("Retry-After"), "no Retry-After unless configured")

	clk.Advance(30 * time.Second)
	assert.Equal(t, []int{429}, statuses(t, srv, 1), "the window still holds the first three")
	clk.Advance(30 * time.Second)
	// A minute after the first three they leave the window. Had the refused
	// requests counted, the one at 30s would still hold a slot.
	assert.Equal(t, []int{200, 200, 200, 429}, statuses(t, srv, 4))

	st := srv.Stats()
	assert.Equal(t, 4, st.RateLimited)
	assert.Equal(t, 6, st.Processed)
	var limited int
	for _, e := range srv.Requests() {
		if e.RateLimited {
			limited++
			assert.Equal(t, http.StatusTooManyRequests, e.Status)
			assert.False(t, e.Processed)
		}
	}
	assert.Equal(t, 4, limited)
}

func TestRateLimitRetryAfter(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now), syncrotest.WithRateLimit(2, time.Minute), syncrotest.WithRetryAfter(true))
	defer srv.Close()
	statuses(t, srv, 2)
	r := send(t, srv, http.MethodGet, "/me", nil)
	require.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, "60", r.Header.Get("Retry-After"))
	clk.Advance(59*time.Second + 500*time.Millisecond)
	r = send(t, srv, http.MethodGet, "/me", nil)
	require.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, "1", r.Header.Get("Retry-After"), "rounded up to whole seconds")
	clk.Advance(500 * time.Millisecond)
	assert.Equal(t, []int{200}, statuses(t, srv, 1))
}

func TestRateLimitDefaultAndChanges(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now))
	defer srv.Close()
	got := statuses(t, srv, syncrotest.DefaultRateLimit+1)
	assert.Equal(t, http.StatusOK, got[syncrotest.DefaultRateLimit-1])
	assert.Equal(t, http.StatusTooManyRequests, got[syncrotest.DefaultRateLimit], "180 per minute by default")

	srv.SetRateLimit(0, 0)
	assert.Equal(t, []int{200, 200}, statuses(t, srv, 2), "0 turns the limit off")
	srv.SetRateLimit(1, time.Second)
	clk.Advance(time.Second)
	assert.Equal(t, []int{200, 429}, statuses(t, srv, 2))
}

func TestRateLimitCountsEveryRoute(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	srv := syncrotest.NewServer(syncrotest.WithClock(clk.Now), syncrotest.WithRateLimit(2, time.Minute))
	defer srv.Close()
	assert.Equal(t, http.StatusUnauthorized, send(t, srv, http.MethodGet, "/me", nil, withToken("Twrong")).Status)
	assert.Equal(t, http.StatusNotFound, send(t, srv, http.MethodGet, "/nope", nil).Status)
	assert.Equal(t, http.StatusTooManyRequests, send(t, srv, http.MethodGet, "/me", nil).Status, "the limit is per address, whatever the token or route")
}
