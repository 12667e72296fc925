package syncro

import (
	"context"
	"fmt"
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
// It is a token bucket (golang.org/x/time/rate) with a burst of one and a
// refill interval of window/(limit-1). A plain bucket holding the full limit
// as burst would let 2×limit requests into the first window; this one admits
// at most 1 + floor(window/interval) = limit requests in any closed window
// of that length, and sustains (limit-1)/limit of the rate: 179 of 180
// requests a minute, 99.4%. The one interval of slack also absorbs network
// jitter between the client's clock and Syncro's. Safe for concurrent use.
type WindowLimiter struct {
	lim    *rate.Limiter
	limit  int
	window time.Duration
	clk    clock
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
	interval := window + window/20 // a single request per window: keep 5% slack
	if limit > 1 {
		interval = window / time.Duration(limit-1)
	}
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
	now := l.clk.Now()
	r := l.lim.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if delay == 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(delay).After(deadline) {
		r.CancelAt(now)
		return fmt.Errorf("syncro: rate limit: the next request slot is %s away, after the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if err := l.clk.Sleep(ctx, delay); err != nil {
		r.CancelAt(l.clk.Now())
		return err
	}
	return nil
}

// Limit returns the number of requests allowed per window.
func (l *WindowLimiter) Limit() int { return l.limit }

// Window returns the length of the rolling window.
func (l *WindowLimiter) Window() time.Duration { return l.window }

// noLimiter is used when the rate limit is disabled (WithRateLimit(0)).
type noLimiter struct{}

func (noLimiter) Wait(ctx context.Context) error { return ctx.Err() }
