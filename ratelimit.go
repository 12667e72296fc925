package syncro

import (
	"context"
	"fmt"
	"sync"
	"time"

	clockpkg "github.com/syncrokit/syncro/internal/clock"
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
type clock = clockpkg.Clock

// realClock is the machine's clock.
type realClock = clockpkg.Real

// WindowLimiter keeps every rolling window of a fixed length (a minute for
// NewLimiter) at or under a request limit, and spends that budget exactly:
// a request goes at once whenever fewer than the limit went in the last
// window, so a job of up to the limit never waits, and the request after
// the limit waits only until the oldest of the window leaves it.
//
// It keeps a log of the times it let requests go (and of the slots it
// promised to waiting requests) and admits a request when fewer than limit
// of them fall in the last window plus a safety margin. The margin is how
// late a request may reach Syncro (a goroutine woken late, a slow network
// path, clocks that differ) without tipping the server's window over: at
// least 250ms, which network jitter does not shrink below, and window/60
// when that is more (1s for a minute). LimiterMargin changes it. So at 180
// a minute, 180 requests go at once and the 181st goes 61s after the first.
//
// Waiting requests are served in arrival order. A request whose slot would
// come after its context's deadline does not take it; a wait that ends
// early (context cancelled) gives its slot back: the requests waiting
// behind it move up where the window allows. When Syncro answers 429
// anyway (other programs share the IP address), the client calls Pause and
// every request sharing the limiter holds back until the window frees.
//
// SmoothPacing spaces requests evenly instead, for tools that share the IP
// address with unknown others and would rather not spend a window's budget
// in one burst. Safe for concurrent use.
type WindowLimiter struct {
	limit  int
	window time.Duration
	margin time.Duration
	span   time.Duration // window + margin: the length no limit+1 slots share
	clk    clock
	// interval is the least time between two slots: 0, or with
	// SmoothPacing (window+margin)/limit.
	interval  time.Duration
	smoothing bool

	mu sync.Mutex
	// slots are the requests let go and the slots promised to waiting
	// ones, sorted by time. A slot leaves the log once it was taken and
	// lies more than span in the past: it no longer counts.
	slots []*slot
	// pausedUntil is when a Pause ends: no slot is given before it.
	pausedUntil time.Time
}

// slot is one request's place in the log.
type slot struct {
	at    time.Time
	taken bool // the request went: its slot no longer moves
	// wake, while the request sleeps, ends its sleep early: its slot moved
	// earlier.
	wake context.CancelFunc
}

// LimiterOption configures a WindowLimiter.
type LimiterOption func(*WindowLimiter)

// LimiterMargin sets the safety margin a WindowLimiter adds to its window
// (see WindowLimiter); it panics if d is negative. A smaller margin spends
// the budget a little faster and risks a 429 when requests reach Syncro
// late; tests and benchmarks on a scaled-down window scale it down too.
func LimiterMargin(d time.Duration) LimiterOption {
	if d < 0 {
		panic(fmt.Sprintf("syncro: LimiterMargin(%s): the margin must not be negative", d))
	}
	return func(l *WindowLimiter) { l.margin = d }
}

// SmoothPacing makes a WindowLimiter space requests evenly, one every
// (window+margin)/limit, as a token bucket with a burst of one would,
// instead of letting a window's budget go at once. Use it for a tool that
// shares the IP address with other programs it does not know of: it leaves
// room in every part of the window, at the cost of making short jobs wait
// (10 requests take 3s at 180 a minute).
func SmoothPacing() LimiterOption {
	return func(l *WindowLimiter) { l.smoothing = true }
}

// NewLimiter returns a limiter for perMinute requests in any rolling
// minute. It panics if perMinute is less than 1.
func NewLimiter(perMinute int, opts ...LimiterOption) *WindowLimiter {
	return NewWindowLimiter(perMinute, time.Minute, opts...)
}

// NewWindowLimiter returns a limiter for limit requests in any rolling
// window of the given length. Tests use short windows to exercise pacing
// quickly. It panics if limit is less than 1 or window is not positive.
func NewWindowLimiter(limit int, window time.Duration, opts ...LimiterOption) *WindowLimiter {
	return newWindowLimiter(limit, window, realClock{}, opts...)
}

func newWindowLimiter(limit int, window time.Duration, clk clock, opts ...LimiterOption) *WindowLimiter {
	if limit < 1 || window <= 0 {
		panic(fmt.Sprintf("syncro: rate limit needs at least 1 request in a positive window, got %d per %s", limit, window))
	}
	l := &WindowLimiter{
		limit:  limit,
		window: window,
		margin: max(window/60, minMargin),
		clk:    clk,
	}
	for _, o := range opts {
		if o != nil {
			o(l)
		}
	}
	l.span = l.window + l.margin
	if l.smoothing {
		// Rounded up, so limit intervals span at least the window and margin.
		l.interval = (l.span + time.Duration(limit) - 1) / time.Duration(limit)
	}
	return l
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
	l.prune(now)
	at := l.next(now)
	if err := beforeDeadline(ctx, at.Sub(now)); err != nil {
		l.mu.Unlock()
		return err
	}
	s := &slot{at: at}
	l.slots = append(l.slots, s)
	for {
		if !s.at.After(now) {
			s.taken = true
			l.mu.Unlock()
			return nil
		}
		sleep, wake := context.WithCancel(ctx)
		s.wake = wake
		l.mu.Unlock()
		err := l.clk.Sleep(sleep, s.at.Sub(now))
		wake()
		l.mu.Lock()
		s.wake = nil
		if err != nil && ctx.Err() == nil {
			err = nil // woken early: a slot before this one was given back
		}
		now = l.clk.Now()
		if err == nil && s.at.After(now) {
			// Not due yet: a Pause moved the slot later, or a give-back
			// moved it up but not to now. Wait again, within the deadline.
			err = beforeDeadline(ctx, s.at.Sub(now))
		}
		if err != nil {
			l.giveBack(s, now)
			l.mu.Unlock()
			return err
		}
	}
}

// beforeDeadline refuses a wait that would end after the context's
// deadline. The deadline is real time, so it is compared with real time,
// never with the limiter's clock (a test's fake clock never meets it).
func beforeDeadline(ctx context.Context, delay time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && delay > 0 && delay > time.Until(deadline) {
		return fmt.Errorf("syncro: rate limit: the next request slot is %s away, after the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	return nil
}

// next returns the earliest slot a request arriving now may have: not
// before a pause ends, not before a slot already given (arrival order, and
// the interval of SmoothPacing), and not before the limit-th last slot has
// left the window plus margin.
// l.mu is held.
func (l *WindowLimiter) next(now time.Time) time.Time {
	at := now
	if l.pausedUntil.After(at) {
		at = l.pausedUntil
	}
	if n := len(l.slots); n > 0 {
		last := l.slots[n-1].at.Add(l.interval)
		if last.After(at) {
			at = last
		}
		if n >= l.limit {
			if free := l.slots[n-l.limit].at.Add(l.span); free.After(at) {
				at = free
			}
		}
	}
	return at
}

// prune drops the oldest slots once they were taken and no longer count.
// Only slots more than span in the past go, so the limit-th last slot, when
// it still counts, is always in the log. l.mu is held.
func (l *WindowLimiter) prune(now time.Time) {
	i := 0
	for i < len(l.slots) && l.slots[i].taken && !l.slots[i].at.Add(l.span).After(now) {
		i++
	}
	if i > 0 {
		l.slots = append(l.slots[:0], l.slots[i:]...)
	}
}

// giveBack removes the slot of a request that will not go, and moves the
// requests waiting behind it earlier where the window allows, waking them.
// Removing a slot never puts more than the limit in a window, and the
// waiting slots are placed again by the same rule as new ones, in their
// order. l.mu is held.
func (l *WindowLimiter) giveBack(s *slot, now time.Time) {
	for i, o := range l.slots {
		if o == s {
			l.slots = append(l.slots[:i], l.slots[i+1:]...)
			break
		}
	}
	l.replace(now, true)
}

// replace places the slots of the waiting requests again, in their order,
// each at the earliest time next allows; with earlier false a slot never
// moves earlier than it was. A request whose slot moved earlier is woken.
// l.mu is held.
func (l *WindowLimiter) replace(now time.Time, earlier bool) {
	var waiting []*slot
	kept := l.slots[:0]
	for _, o := range l.slots {
		if o.taken {
			kept = append(kept, o)
		} else {
			waiting = append(waiting, o)
		}
	}
	l.slots = kept
	for _, o := range waiting {
		at := l.next(now)
		if !earlier && o.at.After(at) {
			at = o.at
		}
		if at.Before(o.at) && o.wake != nil {
			o.wake()
		}
		o.at = at
		l.slots = append(l.slots, o)
	}
}

// Pause holds every request of the limiter back after Syncro answered 429:
// for retryAfter, or for one full window and the margin when retryAfter is
// 0 (Syncro usually sends no Retry-After), so that every request the server
// counted has left its window. Requests already waiting keep their order
// and are given new slots after the pause, as many per window as the limit
// allows. It implements Pauser and does not block.
func (l *WindowLimiter) Pause(retryAfter time.Duration) {
	if retryAfter <= 0 {
		retryAfter = l.span
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clk.Now()
	if until := now.Add(retryAfter); until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	l.replace(now, false)
}

// Limit returns the number of requests allowed per window.
func (l *WindowLimiter) Limit() int { return l.limit }

// Window returns the length of the rolling window.
func (l *WindowLimiter) Window() time.Duration { return l.window }

// Margin returns the safety margin added to the window (see WindowLimiter).
func (l *WindowLimiter) Margin() time.Duration { return l.margin }

// minMargin is the least safety margin of a WindowLimiter: network jitter
// does not shrink with the window.
const minMargin = 250 * time.Millisecond

// noLimiter is used when the rate limit is disabled (WithRateLimit(0)).
type noLimiter struct{}

func (noLimiter) Wait(ctx context.Context) error { return ctx.Err() }
