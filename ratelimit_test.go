package syncro

import (
	"context"
	"net/http"
	"sort"
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

// windowsFor is floor((n-1)/limit): how many times a job of n requests
// must wait for a window to free, at best.
func windowsFor(n, limit int) int { return (n - 1) / limit }

func TestLimiterRollingWindowAndThroughput(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{180, 60, 7, 2, 1} {
		clk := newFakeClock()
		lim := newWindowLimiter(limit, time.Minute, clk)
		const n = 1000
		start := clk.Now()
		times := make([]time.Time, 0, n)
		for i := 0; i < n; i++ {
			require.NoError(t, lim.Wait(context.Background()))
			times = append(times, clk.Now())
		}
		span := lim.Window() + lim.Margin()
		assert.LessOrEqual(t, maxInWindow(times, time.Minute), limit, "limit %d: no rolling minute holds more", limit)
		assert.LessOrEqual(t, maxInWindow(times, span-time.Nanosecond), limit, "limit %d: nor does any window and its margin", limit)

		// The budget is spent exactly: each window's requests go at once,
		// and the job waits only for the windows it needs.
		elapsed := times[n-1].Sub(start)
		waits := windowsFor(n, limit)
		assert.Equal(t, time.Duration(waits)*span, elapsed, "limit %d: %d windows of %s", limit, waits, span)
		ideal := time.Duration(waits) * time.Minute
		assert.LessOrEqual(t, float64(elapsed), 1.03*float64(ideal), "limit %d: within 103%% of the ideal %s, took %s", limit, ideal, elapsed)
		t.Logf("limit %d/min: %d requests in %s (ideal %s, %.2f%%), busiest minute %d",
			limit, n, elapsed.Round(time.Millisecond), ideal, 100*float64(elapsed)/float64(ideal), maxInWindow(times, time.Minute))
	}
}

func TestLimiterNoDoubleBurstInFirstMinute(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(180, time.Minute, clk)
	start := clk.Now()
	var times []time.Time
	for clk.Now().Sub(start) <= 2*time.Minute {
		require.NoError(t, lim.Wait(context.Background()))
		times = append(times, clk.Now())
	}
	assert.Equal(t, 180, maxInWindow(times, time.Minute), "every minute holds the limit, not twice it")
	for i, at := range times[:180] {
		require.Equal(t, start, at, "request %d of the first 180 goes at once", i+1)
	}
	assert.Equal(t, start.Add(61*time.Second), times[180], "the 181st goes when the first has left the minute and its 1s margin")
}

func TestLimiterJobUpToTheLimitNeverWaits(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		limit  int
		window time.Duration
	}{{180, time.Minute}, {60, 10 * time.Second}, {1, time.Second}} {
		clk := newFakeClock()
		lim := newWindowLimiter(tt.limit, tt.window, clk)
		for i := 0; i < tt.limit; i++ {
			require.NoError(t, lim.Wait(context.Background()))
		}
		assert.Empty(t, clk.Sleeps(), "%d per %s: a job of %d requests does not wait", tt.limit, tt.window, tt.limit)
		require.NoError(t, lim.Wait(context.Background()))
		assert.Equal(t, []time.Duration{tt.window + lim.Margin()}, clk.Sleeps(), "the next one waits for the window and its margin")
	}
}

func TestLimiterMargin(t *testing.T) {
	t.Parallel()
	assert.Equal(t, time.Second, NewLimiter(180).Margin(), "a minute's margin is window/60")
	assert.Equal(t, 250*time.Millisecond, NewWindowLimiter(60, 10*time.Second).Margin(), "at least 250ms")
	assert.Equal(t, 250*time.Millisecond, NewWindowLimiter(5, 100*time.Millisecond).Margin(), "jitter does not shrink with the window")
	assert.Equal(t, 10*time.Millisecond, NewWindowLimiter(5, time.Second, LimiterMargin(10*time.Millisecond)).Margin())
	assert.Panics(t, func() { LimiterMargin(-time.Second) })

	clk := newFakeClock()
	lim := newWindowLimiter(2, time.Second, clk, LimiterMargin(0))
	for i := 0; i < 5; i++ {
		require.NoError(t, lim.Wait(context.Background()))
	}
	assert.Equal(t, []time.Duration{time.Second, time.Second}, clk.Sleeps(), "no margin: exactly a window apart")
}

func TestLimiterSmoothPacing(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(180, time.Minute, clk, SmoothPacing())
	start := clk.Now()
	var times []time.Time
	for i := 0; i < 360; i++ {
		require.NoError(t, lim.Wait(context.Background()))
		times = append(times, clk.Now())
	}
	interval := (time.Minute + time.Second + 179) / 180 // rounded up
	for i := 1; i < len(times); i++ {
		require.Equal(t, interval, times[i].Sub(times[i-1]), "request %d is one interval after the one before", i+1)
	}
	assert.LessOrEqual(t, maxInWindow(times, time.Minute), 180)
	assert.Equal(t, 359*interval, times[359].Sub(start))
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

func TestLimiterContext(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(60, time.Minute, clk)
	for i := 0; i < 60; i++ {
		require.NoError(t, lim.Wait(context.Background()))
	}

	// A real deadline, 100ms of real time away: the limiter compares it with
	// real time, never with its own (fake) clock.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := lim.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the next slot is 61s away, past the deadline")
	assert.Contains(t, err.Error(), "after the context deadline")
	assert.Empty(t, clk.Sleeps(), "no pointless wait")

	// The refused slot was not taken: the next caller gets it.
	require.NoError(t, lim.Wait(context.Background()))
	assert.Equal(t, []time.Duration{61 * time.Second}, clk.Sleeps())

	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	assert.Equal(t, context.Canceled, lim.Wait(cctx))
}

func TestLimiterDeadlineFarEnoughWaits(t *testing.T) {
	t.Parallel()
	// A deadline in a fixed instant of the past or the future never meets
	// the fake clock: only real time decides.
	clk := newFakeClock()
	lim := newWindowLimiter(1, time.Minute, clk)
	require.NoError(t, lim.Wait(context.Background()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	require.NoError(t, lim.Wait(ctx), "61s fits in an hour")
	assert.Equal(t, []time.Duration{61 * time.Second}, clk.Sleeps())
}

func TestLimiterPause(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	lim := newWindowLimiter(10, 10*time.Second, clk)
	var _ Pauser = lim
	for i := 0; i < 3; i++ {
		require.NoError(t, lim.Wait(context.Background()))
	}
	lim.Pause(0)
	require.NoError(t, lim.Wait(context.Background()))
	assert.Equal(t, []time.Duration{10*time.Second + 250*time.Millisecond}, clk.Sleeps(), "no Retry-After: a full window and the margin")

	lim.Pause(3 * time.Second)
	require.NoError(t, lim.Wait(context.Background()))
	assert.Equal(t, 3*time.Second, clk.Sleeps()[1], "Syncro's Retry-After")

	// A shorter pause never shortens a longer one.
	lim.Pause(5 * time.Second)
	lim.Pause(time.Second)
	require.NoError(t, lim.Wait(context.Background()))
	assert.Equal(t, 5*time.Second, clk.Sleeps()[2])

	// The pause holds requests back; it does not stop counting them. The
	// window and margin before now (18.25s) hold the three sent after
	// pauses: seven more go at once, the next when the one of 10.25s leaves.
	for i := 0; i < 7; i++ {
		require.NoError(t, lim.Wait(context.Background()))
	}
	assert.Len(t, clk.Sleeps(), 3)
	require.NoError(t, lim.Wait(context.Background()))
	assert.Equal(t, 2250*time.Millisecond, clk.Sleeps()[3])
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
