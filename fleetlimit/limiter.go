package fleetlimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/syncrokit/syncro"
	clockpkg "github.com/syncrokit/syncro/internal/clock"
)

// Defaults of the options.
const (
	// DefaultFallbackShare is the share of the budget a process uses on its
	// own while the store cannot be reached (see WithFallbackShare).
	DefaultFallbackShare = 0.25
	// DefaultStoreTimeout bounds one round trip to the store (see
	// WithStoreTimeout).
	DefaultStoreTimeout = time.Second
	// DefaultProbeInterval is how often a process in fallback asks the store
	// again (see WithProbeInterval).
	DefaultProbeInterval = time.Second
)

// minMargin is the least jitter margin between the window the store keeps
// and Syncro's: the core limiter's quarter of a second.
const minMargin = 250 * time.Millisecond

// IPKey returns the default key of the budget shared by every process
// whose requests leave through the egress IP address addr:
// "syncro:ip:<address>", the address in its canonical form when it parses
// (so "::ffff:10.0.0.1" and "10.0.0.1" name one budget).
func IPKey(addr string) string {
	if a, err := netip.ParseAddr(addr); err == nil {
		addr = a.Unmap().String()
	}
	return "syncro:ip:" + addr
}

// Margin returns the jitter margin the fleet keeps for a window: window/60,
// at least 250ms. A request is admitted when fewer than limit grants lie in
// the last window+margin, so that one reaching Syncro a little late or
// early does not tip Syncro's window over.
func Margin(window time.Duration) time.Duration {
	return max(window/60, minMargin)
}

// Option configures a Limiter.
type Option func(*config) error

type config struct {
	logger        *slog.Logger
	observe       func(time.Duration)
	share         float64
	storeTimeout  time.Duration
	probeInterval time.Duration
	margin        time.Duration // -1: Margin(window)
}

// WithMargin sets the jitter margin the fleet adds to the window (see
// Margin, the default), like the core limiter's syncro.LimiterMargin. A
// smaller margin spends the budget a little faster and risks a 429 when
// requests reach Syncro late; tests on a scaled-down window scale it down
// too. Every process sharing a key must use the same margin.
func WithMargin(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("fleetlimit: WithMargin(%s): the margin must not be negative", d)
		}
		c.margin = d
		return nil
	}
}

// WithLogger sets where the limiter reports falling back to its local share
// and returning to the store. The default drops every record.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("fleetlimit: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithWaitObserver calls observe with the time each granted request waited
// for its slot (0 for a request under the budget), for a metrics histogram.
// observe must be safe for concurrent use and quick: it runs on the
// request's goroutine.
func WithWaitObserver(observe func(time.Duration)) Option {
	return func(c *config) error {
		if observe == nil {
			return errors.New("fleetlimit: WithWaitObserver: nil func")
		}
		c.observe = observe
		return nil
	}
}

// WithFallbackShare sets the share of the budget, greater than 0 and at
// most 1, a process uses on its own while the store cannot be reached.
// Give 1/N for a fleet of N processes so that together they stay within
// the budget. The grants the store gave the process in the last window
// count against its share, so a process that was busy when the store went
// away waits for its own use to fall under the share before it sends more.
// The default is DefaultFallbackShare.
func WithFallbackShare(share float64) Option {
	return func(c *config) error {
		if !(share > 0 && share <= 1) {
			return fmt.Errorf("fleetlimit: WithFallbackShare(%v): the share must be greater than 0 and at most 1, like 1/N for N processes", share)
		}
		c.share = share
		return nil
	}
}

// WithStoreTimeout bounds one round trip to the store; past it the request
// is paced by the local fallback. The default is DefaultStoreTimeout.
func WithStoreTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fleetlimit: WithStoreTimeout(%s): the timeout must be positive", d)
		}
		c.storeTimeout = d
		return nil
	}
}

// WithProbeInterval sets how often a process in fallback asks the store
// again; between probes its requests go straight to the local share, so an
// unreachable store costs no time per request. The default is
// DefaultProbeInterval.
func WithProbeInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fleetlimit: WithProbeInterval(%s): the interval must be positive", d)
		}
		c.probeInterval = d
		return nil
	}
}

// store is one shared budget's backing store. Durations cross it, not
// instants: the store reads its own clock, so the hosts' clocks never meet.
type store interface {
	// reserve first records the process's grants in past, as ages before
	// the store's now, unless it has them already (the store may have lost
	// them, or they were made while it could not be reached), then records
	// a grant
	// under token at the earliest instant t at or after the store's now
	// such that fewer than limit grants lie in (t-span, t] and no pause
	// holds t back, and returns t-now. When maxWait is not negative and
	// t-now exceeds it, the new grant is not recorded and taken is false.
	reserve(ctx context.Context, token string, limit int, span, maxWait time.Duration, past []pastGrant) (delay time.Duration, taken bool, err error)
	// release removes the grant recorded under token.
	release(ctx context.Context, token string) error
	// pause holds every grant back until d from the store's now.
	pause(ctx context.Context, d time.Duration) error
	// explain adds what to do to a store error, where it knows.
	explain(err error) error
}

// clock is the limiter's time source, replaced in tests (the core's).
type clock = clockpkg.Clock

type realClock = clockpkg.Real

// Limiter is a syncro.Limiter (and syncro.Pauser) whose budget is shared
// through a store by every process given the same key. Safe for concurrent
// use.
type Limiter struct {
	st     store
	kind   string // "redis" or "postgres", for log records
	key    string
	limit  int
	window time.Duration
	span   time.Duration // window plus the jitter margin
	cfg    config
	local  *localLog // this process's grants; its pacing in fallback
	clk    clock

	mu          sync.Mutex
	down        bool      // the store failed; requests use the fallback
	nextProbe   time.Time // when a request in fallback asks the store again
	lastWarn    time.Time // when the last outage was logged
	pausedUntil time.Time // this process's own record of the last Pause

	pauses sync.WaitGroup // Pause's writes to the store in flight (tests)
}

var (
	_ syncro.Limiter = (*Limiter)(nil)
	_ syncro.Pauser  = (*Limiter)(nil)
)

func newLimiter(st store, kind, key string, limit int, window time.Duration, opts []Option) (*Limiter, error) {
	if key == "" {
		return nil, errors.New("fleetlimit: empty key: name the shared budget, for example fleetlimit.IPKey(egressIP)")
	}
	if limit < 1 {
		return nil, fmt.Errorf("fleetlimit: limit %d: give at least 1 request per window (Syncro's is %d per minute)", limit, syncro.DefaultRateLimit)
	}
	if window <= 0 {
		return nil, fmt.Errorf("fleetlimit: window %s: give a positive window (Syncro's is a minute)", window)
	}
	cfg := config{
		logger:        slog.New(discardHandler{}),
		share:         DefaultFallbackShare,
		storeTimeout:  DefaultStoreTimeout,
		probeInterval: DefaultProbeInterval,
		margin:        -1,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.margin < 0 {
		cfg.margin = Margin(window)
	}
	return &Limiter{
		st:     st,
		kind:   kind,
		key:    key,
		limit:  limit,
		window: window,
		span:   window + cfg.margin,
		cfg:    cfg,
		local:  newLocalLog(max(int(cfg.share*float64(limit)), 1), window+cfg.margin),
		clk:    realClock{},
	}, nil
}

// Limit returns the number of requests the fleet may send per window.
func (l *Limiter) Limit() int { return l.limit }

// Window returns the length of the rolling window.
func (l *Limiter) Window() time.Duration { return l.window }

// Key returns the name of the shared budget.
func (l *Limiter) Key() string { return l.key }

// Wait blocks until the request may go: it reserves the next slot of the
// shared budget in one round trip to the store and sleeps until it. A slot
// that would come after the context's deadline is not taken, and Wait
// returns an error wrapping context.DeadlineExceeded at once. If the context
// ends while waiting, Wait gives the slot back and returns an error
// wrapping the context's error. While the store cannot be reached, the
// request is paced by the local fallback share instead.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	start := l.clk.Now()
	if err := l.waitLocalPause(ctx, start); err != nil {
		return err
	}
	if l.useStore() {
		err := l.waitStore(ctx)
		if !errors.Is(err, errStore) {
			if err == nil {
				l.observe(l.clk.Now().Sub(start))
			}
			return err
		}
	}
	if err := l.waitLocal(ctx); err != nil {
		return err
	}
	l.observe(l.clk.Now().Sub(start))
	return nil
}

// maxWait returns how long the request may wait for its slot: until the
// context's deadline, or -1 for no bound. The deadline is real time, so it
// is compared with real time, not with the limiter's clock.
func maxWait(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return max(time.Until(deadline), 0)
	}
	return -1
}

// waitLocal paces the request on this process's share of the budget, for
// when the store cannot be reached.
func (l *Limiter) waitLocal(ctx context.Context) error {
	now := l.clk.Now()
	token := newToken("f")
	at, ok := l.local.reserve(now, maxWait(ctx), token)
	delay := at.Sub(now)
	if !ok {
		return fmt.Errorf("fleetlimit: the next request slot of this process's fallback share is %s away, after the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if delay <= 0 {
		return nil
	}
	if err := l.clk.Sleep(ctx, delay); err != nil {
		l.local.remove(token)
		return fmt.Errorf("fleetlimit: %w", err)
	}
	return nil
}

func (l *Limiter) observe(d time.Duration) {
	if l.cfg.observe != nil {
		l.cfg.observe(max(d, 0))
	}
}

// errStore marks a failure of the store, as opposed to the caller's
// context: the request then goes to the fallback.
var errStore = errors.New("fleetlimit: store unreachable")

// waitStore reserves a slot in the store and sleeps until it. It returns
// an error wrapping errStore when the store failed.
func (l *Limiter) waitStore(ctx context.Context) error {
	mw := maxWait(ctx)
	if mw == 0 {
		return fmt.Errorf("fleetlimit: %w", context.DeadlineExceeded)
	}
	token := newToken("s")
	sctx, cancel := context.WithTimeout(ctx, l.cfg.storeTimeout)
	past := l.local.history(l.clk.Now())
	delay, taken, err := l.st.reserve(sctx, token, l.limit, l.span, mw, past)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("fleetlimit: %w", ctx.Err())
		}
		l.markDown(err)
		return fmt.Errorf("%w: %w", errStore, err)
	}
	l.markUp()
	if !taken {
		return fmt.Errorf("fleetlimit: the next request slot is %s away, after the context deadline: %w", delay.Round(time.Millisecond), context.DeadlineExceeded)
	}
	now := l.clk.Now()
	at := now.Add(delay)
	l.local.record(now, at, token)
	if delay <= 0 {
		return nil
	}
	if err := l.clk.Sleep(ctx, delay); err != nil {
		l.local.remove(token)
		// Give the slot back so that the next request may have it. This
		// runs after ctx ended, so it gets a context of its own.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.cfg.storeTimeout)
		defer cancel()
		if rerr := l.st.release(rctx, token); rerr != nil {
			l.cfg.logger.Debug("fleetlimit: could not give a cancelled slot back", "store", l.kind, "key", l.key, "err", rerr)
		}
		return fmt.Errorf("fleetlimit: %w", err)
	}
	return nil
}

// waitLocalPause holds the request while this process's own record of a
// Pause runs: it covers the moment before the store has the pause, and the
// time the store cannot be reached.
func (l *Limiter) waitLocalPause(ctx context.Context, now time.Time) error {
	l.mu.Lock()
	d := l.pausedUntil.Sub(now)
	l.mu.Unlock()
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && d > time.Until(deadline) {
		return fmt.Errorf("fleetlimit: the fleet is paused after a 429 for %s more, past the context deadline: %w", d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if err := l.clk.Sleep(ctx, d); err != nil {
		return fmt.Errorf("fleetlimit: %w", err)
	}
	return nil
}

// useStore says whether this request asks the store: always while the
// store answers, and in fallback one request per probe interval.
func (l *Limiter) useStore() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.down {
		return true
	}
	now := l.clk.Now()
	if now.Before(l.nextProbe) {
		return false
	}
	l.nextProbe = now.Add(l.cfg.probeInterval)
	return true
}

func (l *Limiter) markDown(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clk.Now()
	l.nextProbe = now.Add(l.cfg.probeInterval)
	if l.down {
		l.cfg.logger.Debug("fleetlimit: the store still does not answer", "store", l.kind, "key", l.key, "err", l.st.explain(err))
		return
	}
	l.down = true
	// A store that flaps (a dying server's last connections still answer)
	// is one outage: logged once a window at most.
	if !l.lastWarn.IsZero() && now.Sub(l.lastWarn) < l.span {
		l.cfg.logger.Debug("fleetlimit: shared rate budget unreachable again", "store", l.kind, "key", l.key, "err", l.st.explain(err))
		return
	}
	l.lastWarn = now
	l.cfg.logger.Warn("fleetlimit: shared rate budget unreachable; pacing this process on its fallback share until the store answers",
		"store", l.kind, "key", l.key, "fallback_limit", l.local.limit, "window", l.window, "err", l.st.explain(err))
}

func (l *Limiter) markUp() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.down {
		return
	}
	l.down = false
	l.cfg.logger.Info("fleetlimit: shared rate budget reachable again", "store", l.kind, "key", l.key)
}

// Pause holds back every process sharing the budget after Syncro answered
// 429: for retryAfter, or one full window when retryAfter is 0. This
// process holds back at once; the store learns of it in the background, so
// Pause does not block (syncro.Pauser).
func (l *Limiter) Pause(retryAfter time.Duration) {
	if retryAfter <= 0 {
		retryAfter = l.window
	}
	l.mu.Lock()
	if until := l.clk.Now().Add(retryAfter); until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	l.mu.Unlock()
	l.pauses.Add(1)
	go func() {
		defer l.pauses.Done()
		ctx, cancel := context.WithTimeout(context.Background(), l.cfg.storeTimeout)
		defer cancel()
		if err := l.st.pause(ctx, retryAfter); err != nil {
			l.cfg.logger.Warn("fleetlimit: could not pause the fleet after a 429; this process pauses alone",
				"store", l.kind, "key", l.key, "err", l.st.explain(err))
		}
	}()
}

// newToken names one grant so that a cancelled wait can remove it and the
// store can tell the grants it has from those it lacks. The prefix says who
// handed the grant out: "s" the store, "f" the fallback share.
func newToken(prefix string) string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail (Go 1.24+ panics instead)
	return prefix + hex.EncodeToString(b[:])
}

// discardHandler is a slog.Handler that drops every record.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
