package syncro

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRateLimit is Syncro's documented limit: 180 requests per minute per
// IP address, shared by every token and program behind that address.
const DefaultRateLimit = 180

// Limiter paces requests. The client calls Wait before every attempt it
// sends, retries and later pages included; Wait blocks until the request may
// go, or returns an error that wraps the context's error.
//
// One Limiter may be shared by several clients (WithLimiter) so that they
// draw on one budget. Programs in several processes behind one IP address
// share Syncro's budget too: give each a Limiter backed by a store they all
// see (a database row, Redis), or split the budget with WithRateLimit.
type Limiter interface {
	Wait(ctx context.Context) error
}

// Pauser is an optional interface of a Limiter. When Syncro answers 429,
// the client calls Pause on its limiter so that every request sharing that
// limiter (every goroutine of the client, every client given the same
// limiter, every process of a fleet) holds back until the window frees,
// not only the request that was refused. retryAfter is the wait Syncro
// asked for in Retry-After, or 0 when it sent none; the limiter then waits
// at least one full window. Pause must not block.
type Pauser interface {
	Pause(retryAfter time.Duration)
}

// clock is the time source of the limiter and of retry back-off, replaced in
// tests so that minutes of pacing run in microseconds.
type clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// WindowLimiter keeps every rolling window of a fixed length (a minute for
// NewLimiter) at or under a request limit, while sustaining nearly all of it.
//
// It is a token bucket (golang.org/x/time/rate) with a burst of one whose
// refill interval is (window+slack)/limit. A plain bucket holding the whole
// limit as its burst would let twice the limit into the first window; this
// one admits at most 1 + floor(window/interval) = limit requests in any
// closed window of that length. The slack is how late or early a request
// may reach Syncro without tipping a window over. Network jitter does not
// shrink with the window, so the slack is at least a quarter of a second,
// at most window/60 when that is more, and never more than one request
// interval (window/(limit-1)), past which the limit could not be reached.
// At 180 a minute the slack is 335ms and the rate sustained 99.4% of the
// limit; for any window of a minute or more it is at least 98.3%. Safe for
// concurrent use.
type WindowLimiter struct {
	lim    *rate.Limiter
	limit  int
	window time.Duration
	clk    clock

	// mu makes reading the clock and reserving one step: rate.Limiter
	// counts time from the last timestamp it was given, so two callers that
	// read the clock and then reserve in the opposite order would hand it
	// time running backwards and be granted extra tokens.
	mu sync.Mutex
	// granted, when set (tests), is told when each request may go.
	granted func(at time.Time)
}

// NewLimiter returns a limiter for perMinute requests in any rolling
// minute. It panics if perMinute is less than 1.
func NewLimiter(perMinute int) *WindowLimiter {
	return NewWindowLimiter(perMinute, time.Minute)
}

// NewWindowLimiter returns a limiter for limit requests in any rolling
// window of the given length. Tests use short windows to exercise pacing
// quickly. It panics if limit is less than 1 or window is not positive.
func NewWindowLimiter(limit int, window time.Duration) *WindowLimiter {
	return newWindowLimiter(limit, window, realClock{})
}

func newWindowLimiter(limit int, window time.Duration, clk clock) *WindowLimiter {
	if limit < 1 || window <= 0 {
		panic(fmt.Sprintf("syncro: rate limit needs at least 1 request in a positive window, got %d per %s", limit, window))
	}
	slack := max(window/60, minSlack)
	if limit > 1 {
		slack = min(slack, window/time.Duration(limit-1))
	}
	interval := (window + slack) / time.Duration(limit)
	return &WindowLimiter{
		lim:    rate.NewLimiter(rate.Every(interval), 1),
		limit:  limit,
		window: window,
		clk:    clk,
	}
}

// Wait blocks until one more request fits in the window. If the context ends
// first, or its deadline comes before the request could go, Wait returns an
// error wrapping the context's error and gives the slot back.
func (l *WindowLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	now := l.clk.Now()
	r := l.lim.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	// The context's deadline is real time: compare it with real time, not
	// with the limiter's clock (a test's fake clock never meets it).
	if deadline, ok := ctx.Deadline(); ok && delay > 0 && delay > time.Until(deadline) {
		r.CancelAt(now)
		l.mu.Unlock()
		return fmt.Errorf("syncro: rate limit: the next request slot is %s away, after the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if l.granted != nil {
		l.granted(now.Add(delay))
	}
	l.mu.Unlock()
	if delay == 0 {
		return nil
	}
	if err := l.clk.Sleep(ctx, delay); err != nil {
		l.mu.Lock()
		r.CancelAt(l.clk.Now())
		l.mu.Unlock()
		return err
	}
	return nil
}

// Limit returns the number of requests allowed per window.
func (l *WindowLimiter) Limit() int { return l.limit }

// Window returns the length of the rolling window.
func (l *WindowLimiter) Window() time.Duration { return l.window }

// minSlack is the least slack a WindowLimiter keeps for network jitter,
// unless the limit leaves less room (see WindowLimiter).
const minSlack = 250 * time.Millisecond

// noLimiter is used when the rate limit is disabled (WithRateLimit(0)).
type noLimiter struct{}

func (noLimiter) Wait(ctx context.Context) error { return ctx.Err() }
