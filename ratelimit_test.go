package syncro

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxInWindow returns the most events that fall in any closed window of the
// given length.
func maxInWindow(times []time.Time, window time.Duration) int {
	sorted := append([]time.Time(nil), times...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Before(sorted[j]) })
	best, lo := 0, 0
	for hi := range sorted {
		for sorted[hi].Sub(sorted[lo]) > window {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

func TestLimiterRollingWindowAndThroughput(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{180, 60, 7, 2} {
		clk := newFakeClock()
		lim := newWindowLimiter(limit, time.Minute, clk)
		const n = 1000
		start := clk.Now()
		times := make([]time.Time, 0, n)
		for i := 0; i < n; i++ {
			require.NoError(t, lim.Wait(context.Background()))
			times = append(times, clk.Now())
		}
		assert.LessOrEqual(t, maxInWindow(times, time.Minute), limit, "limit %d: no rolling minute holds more", limit)

		elapsed := times[n-1].Sub(start)
		ideal := time.Duration(float64(n) / float64(limit) * float64(time.Minute))
		assert.LessOrEqual(t, float64(elapsed), 1.03*float64(ideal), "limit %d: within 103%% of the ideal %s, took %s", limit, ideal, elapsed)
		t.Logf("limit %d/min: %d requests in %s (ideal %s, %.2f%%), busiest minute %d",
			limit, n, elapsed.Round(time.Millisecond), ideal.Round(time.Millisecond), 100*float64(elapsed)/float64(ideal), maxInWindow(times, time.Minute))
	}
}

func TestLimiterNoDoubleBurstInFirstMinute(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(180, time.Minute, clk)
	start := clk.Now()
	count := 0
	for clk.Now().Sub(start) <= time.Minute {
		require.NoError(t, lim.Wait(context.Background()))
		if clk.Now().Sub(start) <= time.Minute {
			count++
		}
	}
	assert.Equal(t, 180, count, "the first minute holds the limit, not twice it")
}

func TestLimiterSustains97Percent(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(180, time.Minute, clk)
	start := clk.Now()
	for i := 0; i < 180*10; i++ {
		require.NoError(t, lim.Wait(context.Background()))
	}
	perMinute := float64(180*10) / clk.Now().Sub(start).Minutes()
	assert.GreaterOrEqual(t, perMinute, 0.97*180)
}

func TestLimiterConcurrent(t *testing.T) {
	t.Parallel()
	// 20 requests per 200ms window taken by 8 goroutines at once: 64 requests
	// in about 0.6s. The grant times are the limiter's own schedule, so
	// goroutine wake-up delays do not blur the measure.
	lim := NewWindowLimiter(20, 200*time.Millisecond)
	var mu sync.Mutex
	var grants []time.Time
	lim.granted = func(at time.Time) {
		mu.Lock()
		grants = append(grants, at)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				assert.NoError(t, lim.Wait(context.Background()))
			}
		}()
	}
	wg.Wait()
	require.Len(t, grants, 64)
	assert.LessOrEqual(t, maxInWindow(grants, 200*time.Millisecond), 20)
}

func TestLimiterContext(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(60, time.Minute, clk)
	require.NoError(t, lim.Wait(context.Background()))

	// A real deadline, 100ms of real time away: the limiter compares it with
	// real time, never with its own (fake) clock.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := lim.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the next slot is 1s away, past the deadline")
	assert.Contains(t, err.Error(), "after the context deadline")
	assert.Empty(t, clk.Sleeps(), "no pointless wait")

	// The refused slot was given back: the next caller gets it.
	require.NoError(t, lim.Wait(context.Background()))
	assert.Len(t, clk.Sleeps(), 1)

	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	assert.Equal(t, context.Canceled, lim.Wait(cctx))
}

func TestLimiterPanicsOnNonsense(t *testing.T) {
	t.Parallel()
	assert.Panics(t, func() { NewLimiter(0) })
	assert.Panics(t, func() { NewWindowLimiter(5, 0) })
	assert.Equal(t, 180, NewLimiter(180).Limit())
	assert.Equal(t, time.Minute, NewLimiter(180).Window())
}

func TestSharedLimiterAcrossClients(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	shared := newWindowLimiter(30, time.Minute, clk)
	mt := httpmock.NewMockTransport()
	var times []time.Time
	mt.RegisterResponder("GET", apiRoot+"customers/1", func(*http.Request) (*http.Response, error) {
		times = append(times, clk.Now())
		return httpmock.NewStringResponse(200, `{"customer":{"id":1}}`), nil
	})
	var clients []*Client
	for i := 0; i < 3; i++ {
		c, err := NewClient("acme", canaryToken, WithHTTPClient(&http.Client{Transport: mt}), WithLimiter(shared), withClock(clk))
		require.NoError(t, err)
		clients = append(clients, c)
	}
	for i := 0; i < 90; i++ {
		_, err := clients[i%3].Customers.Get(context.Background(), 1)
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, maxInWindow(times, time.Minute), 30, "three clients share one budget")
}

func TestDefaultClientLimiterIs180(t *testing.T) {
	t.Parallel()
	c, err := NewClient("acme", canaryToken)
	require.NoError(t, err)
	wl, ok := c.limiter.(*WindowLimiter)
	require.True(t, ok)
	assert.Equal(t, 180, wl.Limit())

	c, err = NewClient("acme", canaryToken, WithRateLimit(0))
	require.NoError(t, err)
	assert.IsType(t, noLimiter{}, c.limiter)
}
