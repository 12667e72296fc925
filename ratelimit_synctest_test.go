//go:build go1.25

package syncro

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run in a synctest bubble: the limiter's real clock is the
// bubble's virtual clock, so goroutines wake exactly on time and the
// schedule is asserted to the nanosecond, whatever the machine's speed.

func TestLimiterConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// 50 goroutines share 20 requests per 10s, 4 requests each.
		const limit, window, goroutines, each = 20, 10 * time.Second, 50, 4
		lim := NewWindowLimiter(limit, window)
		start := time.Now()
		var mu sync.Mutex
		var sent []time.Time
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					if !assert.NoError(t, lim.Wait(context.Background())) {
						return
					}
					mu.Lock()
					sent = append(sent, time.Now())
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		n := goroutines * each
		require.Len(t, sent, n)
		assert.Equal(t, limit, maxInWindow(sent, window), "the budget is spent, never passed")
		assert.Equal(t, limit, maxInWindow(sent, window+lim.Margin()-time.Nanosecond))
		assert.Equal(t, time.Duration(windowsFor(n, limit))*(window+lim.Margin()), time.Since(start), "%d requests take %d windows and margins", n, windowsFor(n, limit))
	})
}

func TestLimiterServesInArrivalOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewWindowLimiter(1, time.Second)
		require.NoError(t, lim.Wait(context.Background()))
		var mu sync.Mutex
		var order []int
		var wg sync.WaitGroup
		for i := 1; i <= 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, lim.Wait(context.Background()))
				mu.Lock()
				order = append(order, i)
				mu.Unlock()
			}()
			synctest.Wait() // goroutine i is waiting before i+1 arrives
		}
		wg.Wait()
		assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, order)
	})
}

func TestLimiterCancelledWaitGivesItsSlotBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewWindowLimiter(1, time.Second) // span 1.25s
		start := time.Now()
		require.NoError(t, lim.Wait(context.Background()))

		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- lim.Wait(ctx) }()
		synctest.Wait()
		time.Sleep(500 * time.Millisecond)
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)

		// The cancelled request's slot (1.25s) goes to the next one, not
		// the slot after it (2.5s).
		require.NoError(t, lim.Wait(context.Background()))
		assert.Equal(t, 1250*time.Millisecond, time.Since(start))
	})
}

func TestLimiterCancelledWaitMovesUpThoseBehind(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewWindowLimiter(1, time.Second) // span 1.25s
		start := time.Now()
		require.NoError(t, lim.Wait(context.Background()))

		ctx, cancel := context.WithCancel(context.Background())
		cancelled := make(chan error)
		go func() { cancelled <- lim.Wait(ctx) }() // slot 1.25s
		synctest.Wait()
		went := make(chan time.Duration)
		go func() { // slot 2.5s
			assert.NoError(t, lim.Wait(context.Background()))
			went <- time.Since(start)
		}()
		synctest.Wait()

		time.Sleep(500 * time.Millisecond)
		cancel()
		assert.ErrorIs(t, <-cancelled, context.Canceled)
		assert.Equal(t, 1250*time.Millisecond, <-went, "the request behind moves up to the slot given back")

		// And the window still holds: the next one goes a span later.
		require.NoError(t, lim.Wait(context.Background()))
		assert.Equal(t, 2500*time.Millisecond, time.Since(start))
	})
}

func TestLimiterSmoothPacingAfterAPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewWindowLimiter(4, time.Second, SmoothPacing(), LimiterMargin(0)) // one every 250ms
		start := time.Now()
		var mu sync.Mutex
		var sent []time.Duration
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if assert.NoError(t, lim.Wait(context.Background())) {
					mu.Lock()
					sent = append(sent, time.Since(start))
					mu.Unlock()
				}
			}()
			synctest.Wait()
		}
		lim.Pause(2 * time.Second)
		wg.Wait()
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{0, 2000 * ms, 2250 * ms, 2500 * ms}, sent, "still one every 250ms after the pause")
	})
}

func TestLimiterDeadlineInTheBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := NewWindowLimiter(1, time.Second)
		require.NoError(t, lim.Wait(context.Background()))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start := time.Now()
		err := lim.Wait(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Zero(t, time.Since(start), "a slot past the deadline is refused at once, not waited for")
		ctx2, cancel2 := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel2()
		require.NoError(t, lim.Wait(ctx2), "the refused slot is free")
		assert.Equal(t, 1250*time.Millisecond, time.Since(start))
	})
}

func TestLimiterPauseMovesWaitingRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, window = 3, time.Second // span 1.25s
		lim := NewWindowLimiter(limit, window)
		start := time.Now()
		var mu sync.Mutex
		var sent []time.Duration
		record := func() {
			mu.Lock()
			sent = append(sent, time.Since(start))
			mu.Unlock()
		}
		var wg sync.WaitGroup
		for i := 0; i < 9; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if assert.NoError(t, lim.Wait(context.Background())) {
					record()
				}
			}()
			synctest.Wait()
		}
		time.Sleep(100 * time.Millisecond)
		lim.Pause(0) // until 0.1s + 1.25s
		wg.Wait()
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{0, 0, 0, 1350 * ms, 1350 * ms, 1350 * ms, 2600 * ms, 2600 * ms, 2600 * ms}, sent,
			"the three waiting for 1.25s go when the pause ends, the next three a window and margin later")
	})
}

// TestClient429PausesEveryGoroutine: one request gets a 429 without
// Retry-After; every other request of the client, in flight in other
// goroutines, holds back a full window and margin.
func TestClient429PausesEveryGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		start := time.Now()
		var mu sync.Mutex
		var arrived []time.Duration
		calls := 0
		mt.RegisterResponder("GET", apiRoot+"customers/1", func(*http.Request) (*http.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			arrived = append(arrived, time.Since(start))
			if calls == 1 {
				return httpmock.NewStringResponse(429, "Retry later\n"), nil
			}
			return httpmock.NewStringResponse(200, `{"customer":{"id":1}}`), nil
		})
		c, err := NewClient("acme", canaryToken, WithHTTPClient(&http.Client{Transport: mt}),
			WithLimiter(NewWindowLimiter(100, 10*time.Second)))
		require.NoError(t, err)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Customers.Get(context.Background(), 1)
			assert.NoError(t, err, "the 429 is retried")
		}()
		synctest.Wait() // the first request got its 429 and waits to retry
		require.Equal(t, time.Duration(0), time.Since(start))
		for i := 0; i < 5; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.Customers.Get(context.Background(), 1)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		require.Len(t, arrived, 7)
		assert.Zero(t, arrived[0])
		for i, at := range arrived[1:] {
			assert.GreaterOrEqual(t, at, 10250*time.Millisecond, "request %d waits for the window and margin after the 429", i+2)
		}
	})
}
