package fleetlimit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testKey = "syncro:ip:203.0.113.7"

func newTestRedisLimiter(t *testing.T, rdb redis.UniversalClient, clk clock, limit int, window time.Duration, opts ...Option) *Limiter {
	t.Helper()
	l, err := NewRedis(rdb, testKey, limit, window, opts...)
	require.NoError(t, err)
	l.clk = clk
	return l
}

func TestRedisUnderTheLimitDoesNotWait(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	var observed []time.Duration
	l := newTestRedisLimiter(t, rdb, clk, 5, time.Minute, WithWaitObserver(func(d time.Duration) { observed = append(observed, d) }))
	for range 5 {
		require.NoError(t, l.Wait(context.Background()))
	}
	assert.Empty(t, clk.Slept(), "five requests under a limit of five sleep not at all")
	assert.Equal(t, []time.Duration{0, 0, 0, 0, 0}, observed)
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 5, "each request recorded one grant")
	assert.Positive(t, mr.TTL(testKey), "the grants expire on their own")
}

// TestRedisFleetKeepsEveryWindowUnderTheLimit runs three limiters (three
// processes) on one store in simulated time: every rolling window+margin
// holds at most the limit, and each request goes at the earliest instant
// that allows.
func TestRedisFleetKeepsEveryWindowUnderTheLimit(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	const limit, window = 4, 10 * time.Second
	span := window + Margin(window)
	fleet := []*Limiter{
		newTestRedisLimiter(t, rdb, clk, limit, window),
		newTestRedisLimiter(t, rdb, clk.skewed(time.Hour), limit, window),
		newTestRedisLimiter(t, rdb, clk.skewed(-3*time.Hour), limit, window),
	}
	start := clk.Now()
	var grants []time.Duration
	for i := range 22 {
		require.NoError(t, fleet[i%3].Wait(context.Background()))
		grants = append(grants, clk.Now().Sub(start))
	}
	for i, g := range grants {
		// The earliest schedule: limit at once, then limit per span.
		assert.Equal(t, time.Duration(i/limit)*span, g, "grant %d", i)
	}
	for i := limit; i < len(grants); i++ {
		assert.GreaterOrEqual(t, grants[i]-grants[i-limit], span, "grants %d and %d share a window", i-limit, i)
	}
}

func TestRedisWaitsFromTheStoreClockNotTheHosts(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	window := time.Minute
	a := newTestRedisLimiter(t, rdb, clk.skewed(90*time.Second), 1, window)
	b := newTestRedisLimiter(t, rdb, clk.skewed(-90*time.Second), 1, window)
	require.NoError(t, a.Wait(context.Background()))
	clk.Advance(20 * time.Second)
	require.NoError(t, b.Wait(context.Background()))
	assert.Equal(t, []time.Duration{window + Margin(window) - 20*time.Second}, clk.Slept(),
		"b waits out a's window as the store counts it, whatever the hosts' clocks say")
}

func TestRedisSlotPastTheDeadlineIsNotTaken(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 2, time.Minute)
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, l.Wait(context.Background()))

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := l.Wait(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "after the context deadline")
	assert.Empty(t, clk.Slept(), "no sleep for a slot that cannot be used")
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 2, "the slot past the deadline was not recorded")
}

func TestRedisCancelledWaitGivesItsSlotBack(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	window := time.Minute
	l := newTestRedisLimiter(t, rdb, clk, 1, window)
	require.NoError(t, l.Wait(context.Background()))

	ctx, cancel := context.WithCancel(context.Background())
	clk.onSleep = cancel
	err := l.Wait(ctx)
	require.ErrorIs(t, err, context.Canceled)
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 1, "the cancelled reservation was removed")

	// The next request gets the slot the cancelled one gave back, not the
	// one after it.
	require.NoError(t, l.Wait(context.Background()))
	assert.Equal(t, []time.Duration{window + Margin(window)}, clk.Slept())
}

func TestRedisEndedContextDoesNotTouchTheStore(t *testing.T) {
	mr, rdb := newMiniredis(t)
	l := newTestRedisLimiter(t, rdb, newFakeClock(mr), 1, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, l.Wait(ctx), context.Canceled)
	assert.False(t, mr.Exists(testKey))
}

func TestRedisPauseHoldsTheWholeFleet(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter time.Duration
		want       time.Duration
	}{
		{"retry-after given", 7 * time.Second, 7 * time.Second},
		{"no retry-after: one window", 0, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mr, rdb := newMiniredis(t)
			clk := newFakeClock(mr)
			saw := newTestRedisLimiter(t, rdb, clk, 100, 30*time.Second)
			other := newTestRedisLimiter(t, rdb, clk, 100, 30*time.Second)

			saw.Pause(tc.retryAfter)
			saw.pauses.Wait()
			require.NoError(t, other.Wait(context.Background()))
			assert.Equal(t, []time.Duration{tc.want}, clk.Slept(), "another process waits out the pause from the store")

			require.NoError(t, saw.Wait(context.Background()))
			assert.Empty(t, clk.Slept(), "the pause is over for the process that saw the 429 too")
		})
	}
}

func TestRedisPauseNeverShortensARunningPause(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 100, time.Minute)
	other := newTestRedisLimiter(t, rdb, clk, 100, time.Minute)
	l.Pause(20 * time.Second)
	l.Pause(5 * time.Second)
	l.pauses.Wait()
	require.NoError(t, other.Wait(context.Background()))
	assert.Equal(t, []time.Duration{20 * time.Second}, clk.Slept())
}

func TestRedisPausePastTheDeadlineFailsAtOnce(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 100, time.Minute)
	l.Pause(0)
	l.pauses.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	require.ErrorIs(t, l.Wait(ctx), context.DeadlineExceeded)
	assert.Empty(t, clk.Slept())
}

func TestRedisFallsBackWhenTheStoreIsDownAndRecovers(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	var logs logBuffer
	var observed []time.Duration
	window := time.Minute
	span := window + Margin(window)
	// A share of half of 4: two requests per window+margin on its own.
	l := newTestRedisLimiter(t, rdb, clk, 4, window,
		WithLogger(logs.Logger()), WithFallbackShare(0.5), WithProbeInterval(5*time.Minute),
		WithWaitObserver(func(d time.Duration) { observed = append(observed, d) }))
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, l.Wait(context.Background()))
	assert.Empty(t, clk.Slept())

	mr.Close()
	for range 3 {
		require.NoError(t, l.Wait(context.Background()), "a store that blinked fails no request")
	}
	// The two grants the store gave count against the share: the first
	// request on the share waits for them to leave the window, the next
	// goes with it, the third waits for the window to free again.
	assert.Equal(t, []time.Duration{span, span}, clk.Slept())
	assert.Equal(t, 1, logs.Count("shared rate budget unreachable"), "the outage is logged once: %s", logs.String())
	assert.Contains(t, logs.String(), "fallback_limit=2")

	require.NoError(t, mr.Restart())
	mr.SetTime(clk.Now())
	require.NoError(t, l.Wait(context.Background()))
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 2, "inside the probe interval the store is not asked (it kept the grants from before the outage)")

	clk.Advance(5 * time.Minute)
	require.NoError(t, l.Wait(context.Background()))
	members, err = mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 1, "after the probe interval the store paces again (the old grants left the window)")
	assert.Equal(t, 1, logs.Count("shared rate budget reachable again"))
	assert.Equal(t, 1, logs.Count("shared rate budget unreachable"))
	assert.Equal(t, []time.Duration{0, 0, span, 0, span, 0, 0}, observed, "every granted request is observed with its wait")
}

func TestFlappingStoreIsLoggedOnceAWindow(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	var logs logBuffer
	l := newTestRedisLimiter(t, rdb, clk, 100, time.Minute, WithLogger(logs.Logger()), WithProbeInterval(time.Second))
	for range 3 {
		mr.Close()
		require.NoError(t, l.Wait(context.Background()))
		require.NoError(t, mr.Restart())
		clk.Advance(time.Second)
		require.NoError(t, l.Wait(context.Background()))
	}
	assert.Equal(t, 1, logs.Count("level=WARN"), logs.String())
	assert.Equal(t, 2, logs.Count("unreachable again"), "later failures in the same window are debug records")

	clk.Advance(2 * time.Minute)
	mr.Close()
	require.NoError(t, l.Wait(context.Background()))
	assert.Equal(t, 2, logs.Count("level=WARN"), "an outage a window later is logged again")
}

func TestRedisRunsItsScriptAfterRedisForgotIt(t *testing.T) {
	mr, rdb := newMiniredis(t)
	var logs logBuffer
	l := newTestRedisLimiter(t, rdb, newFakeClock(mr), 10, time.Minute, WithLogger(logs.Logger()))
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, rdb.ScriptFlush(context.Background()).Err())
	require.NoError(t, l.Wait(context.Background()))
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 2, "EVALSHA's miss fell back to EVAL, not to the local share")
	assert.Empty(t, logs.String())
}

func TestRedisConcurrentWaitersAreServedOnePerSlot(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	const limit = 3
	l := newTestRedisLimiter(t, rdb, clk, limit, time.Minute)
	// No time passes: every waiter reserves against the same store clock.
	l.clk = frozen{clk}
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			require.NoError(t, l.Wait(context.Background()))
		}()
	}
	wg.Wait()
	delays := clk.Slept()
	span := time.Minute + Margin(time.Minute)
	counts := map[time.Duration]int{}
	for _, d := range delays {
		counts[d]++
	}
	assert.Equal(t, map[time.Duration]int{span: limit, 2 * span: limit, 3 * span: limit}, counts,
		"the first %d go at once, then %d per window+margin: no two waiters share a slot", limit, limit)
}

// frozen is a clock whose sleeps are recorded but do not move time.
type frozen struct{ c *fakeClock }

func (f frozen) Now() time.Time { return f.c.Now() }
func (f frozen) Sleep(ctx context.Context, d time.Duration) error {
	f.c.mu.Lock()
	f.c.slept = append(f.c.slept, d)
	f.c.mu.Unlock()
	return ctx.Err()
}

func TestFallbackDeadlineAndCancelGiveTheSlotBack(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	window := time.Minute
	span := window + Margin(window)
	l := newTestRedisLimiter(t, rdb, clk, 2, window, WithFallbackShare(0.5), WithProbeInterval(time.Hour))
	mr.Close()
	require.NoError(t, l.Wait(context.Background()), "the first request on the share goes at once")

	dctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := l.Wait(dctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "fallback share")

	cctx, cancel2 := context.WithCancel(context.Background())
	clk.onSleep = cancel2
	require.ErrorIs(t, l.Wait(cctx), context.Canceled)

	// Neither took a slot: the next request gets the first free one.
	require.NoError(t, l.Wait(context.Background()))
	assert.Equal(t, []time.Duration{span}, clk.Slept())
}

// TestStoreLearnsTheGrantsMadeWhileItWasDown: the requests a process sent
// on its fallback share count in the window the store paces once it
// answers again, so the fleet does not spend the window twice.
func TestStoreLearnsTheGrantsMadeWhileItWasDown(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	window := time.Minute
	span := window + Margin(window)
	a := newTestRedisLimiter(t, rdb, clk, 4, window, WithFallbackShare(0.5), WithProbeInterval(time.Second))
	b := newTestRedisLimiter(t, rdb, clk, 4, window)

	mr.Close()
	require.NoError(t, a.Wait(context.Background()))
	require.NoError(t, a.Wait(context.Background()))
	require.NoError(t, mr.Restart())
	clk.Advance(time.Second)
	require.NoError(t, a.Wait(context.Background()), "the probe hands the two grants over")
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 3)
	assert.Empty(t, clk.Slept())

	require.NoError(t, b.Wait(context.Background()), "the fourth grant of the window")
	assert.Empty(t, clk.Slept())
	require.NoError(t, b.Wait(context.Background()))
	assert.Equal(t, []time.Duration{span - time.Second}, clk.Slept(),
		"the fifth waits for the first grant made on the share to leave the window")

	require.NoError(t, a.Wait(context.Background()))
	members, err = mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 4, "grants are handed over once (the two oldest left the window)")
}

func TestRedisHistoryHandedOverExpiresEvenWhenNoSlotIsTaken(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 1, time.Minute)
	require.NoError(t, l.Wait(context.Background()))
	mr.Del(testKey) // the store lost the grant

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	require.ErrorIs(t, l.Wait(ctx), context.DeadlineExceeded, "the handed-over grant fills the window")
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 1, "the store learnt the lost grant back")
	assert.Positive(t, mr.TTL(testKey), "and it expires")
}

// TestStoreThatLostItsGrantsPausesTheFleet: a process that finds the store
// lacking a grant the store itself handed out knows the store lost the
// window, other processes' grants too, and pauses the fleet until its
// latest lost grant leaves the window.
func TestStoreThatLostItsGrantsPausesTheFleet(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	window := time.Minute
	span := window + Margin(window)
	a := newTestRedisLimiter(t, rdb, clk, 4, window)
	b := newTestRedisLimiter(t, rdb, clk, 4, window)
	require.NoError(t, a.Wait(context.Background()))
	require.NoError(t, a.Wait(context.Background()))

	mr.FlushAll() // Redis restarted without persistence
	clk.Advance(10 * time.Second)
	require.NoError(t, a.Wait(context.Background()))
	assert.Equal(t, []time.Duration{span - 10*time.Second}, clk.Slept(),
		"two of four grants in the window, but the others' are unknown: wait for the lost window to pass")
	require.NoError(t, b.Wait(context.Background()))
	assert.Empty(t, clk.Slept(), "the pause is over: b goes at once")
	members, err := mr.ZMembers(testKey)
	require.NoError(t, err)
	assert.Len(t, members, 2, "the two grants learnt back left the window with the pause; two new ones")
}

func TestGrantsMadeOnTheShareDoNotPauseTheFleet(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 4, time.Minute, WithProbeInterval(time.Second))
	mr.Close()
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, mr.Restart())
	clk.Advance(time.Second)
	require.NoError(t, l.Wait(context.Background()))
	assert.Empty(t, clk.Slept(), "the store never had the fallback's grant: nothing was lost")
	assert.False(t, mr.Exists(testKey+":pause"))
}
