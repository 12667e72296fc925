package fleetlimit

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// fakeClock is a limiter's clock whose Sleep returns at once and moves
// time on by the duration slept. When it has a miniredis, the store's
// clock (Redis TIME) moves with it, shifted by skew, so that the store and
// the processes live in one simulated time.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	mr      *miniredis.Miniredis
	slept   []time.Duration
	onSleep func() // called before a sleep returns, once
}

func newFakeClock(mr *miniredis.Miniredis) *fakeClock {
	// Any instant will do: the limiter and the store only see durations.
	c := &fakeClock{now: time.Unix(1_800_000_000, 123_456_000), mr: mr}
	if mr != nil {
		mr.SetTime(c.now)
	}
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	hook := c.onSleep
	c.onSleep = nil
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.mu.Unlock()
	c.Advance(d)
	return nil
}

// Advance moves simulated time on, the store's with it.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	if c.mr != nil {
		c.mr.SetTime(c.now)
	}
}

// Slept returns the sleeps so far and forgets them.
func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slept
	c.slept = nil
	return s
}

// skewed returns a clock that reads the same simulated time as c, but
// shifted by skew: another host of the fleet, whose clock is wrong.
func (c *fakeClock) skewed(skew time.Duration) *skewedClock {
	return &skewedClock{base: c, skew: skew}
}

type skewedClock struct {
	base *fakeClock
	skew time.Duration
}

func (s *skewedClock) Now() time.Time { return s.base.Now().Add(s.skew) }
func (s *skewedClock) Sleep(ctx context.Context, d time.Duration) error {
	return s.base.Sleep(ctx, d)
}

// newMiniredis starts an embedded Redis for one test and a client of it.
func newMiniredis(t *testing.T) (*miniredis.Miniredis, *redis.Client) {
	t.Helper()
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	return mr, rdb
}

// logBuffer is a slog destination safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) Count(substr string) int { return strings.Count(b.String(), substr) }

func (b *logBuffer) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestMain keeps go-redis's own log lines (a refused dial while a test
// has the store down) out of the test output.
func TestMain(m *testing.M) {
	redis.SetLogger(quietRedis{})
	os.Exit(m.Run())
}

type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}
