//go:build unix

package fleetlimit

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeCase is one real store under test: how to make a limiter on a key
// of its own, and the grant times the store recorded for that key.
type storeCase struct {
	newLimiter func(t *testing.T, key string, limit int, window time.Duration, opts ...Option) *Limiter
	grants     func(t *testing.T, key string) []time.Time
	wipe       func(t *testing.T, key string) // loses the key's grants, as a crash would
}

func TestRealRedis(t *testing.T) {
	_, addr := startRedis(t)
	rdb := newRedisClient(t, addr)
	runStoreTests(t, storeCase{
		newLimiter: func(t *testing.T, key string, limit int, window time.Duration, opts ...Option) *Limiter {
			l, err := NewRedis(rdb, key, limit, window, opts...)
			require.NoError(t, err)
			return l
		},
		grants: func(t *testing.T, key string) []time.Time {
			zs, err := rdb.ZRangeWithScores(context.Background(), key, 0, -1).Result()
			require.NoError(t, err)
			var out []time.Time
			for _, z := range zs {
				out = append(out, time.UnixMicro(int64(z.Score)))
			}
			return out
		},
		wipe: func(t *testing.T, key string) {
			require.NoError(t, rdb.Del(context.Background(), key).Err())
		},
	})
	t.Run("grants expire", func(t *testing.T) {
		l, err := NewRedis(rdb, "expiry", 1, 5*time.Second)
		require.NoError(t, err)
		l.clk = recordingClock{}
		require.NoError(t, l.Wait(context.Background()))
		require.NoError(t, l.Wait(context.Background()))
		ttl, err := rdb.PTTL(context.Background(), "expiry").Result()
		require.NoError(t, err)
		// The second grant lies one span ahead; the set lives a span past it.
		assert.Greater(t, ttl, 10*time.Second)
		assert.LessOrEqual(t, ttl, 2*(5*time.Second+Margin(5*time.Second))+time.Second)
	})
}

func TestRealPostgres(t *testing.T) {
	_, dsn := startPostgres(t)
	pool := newPool(t, dsn)
	ctx := context.Background()

	l, err := NewPostgres(pool, "before-migrate", 5, time.Minute, WithFallbackShare(1))
	require.NoError(t, err, "NewPostgres creates nothing and needs no database at start")
	var logs logBuffer
	l.cfg.logger = logs.Logger()
	require.NoError(t, l.Wait(ctx), "without the schema the request is paced by the fallback")
	assert.Contains(t, logs.String(), "run fleetlimit.Migrate", "the log says what to do")

	// Concurrent migrations, as a careless deploy would run them, all
	// succeed.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = Migrate(ctx, pool) }()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	var unlogged int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM pg_class WHERE relname IN ('syncro_fleet_grants', 'syncro_fleet_pauses') AND relpersistence = 'u'`).Scan(&unlogged))
	assert.Equal(t, 2, unlogged, "both tables are unlogged")

	runStoreTests(t, storeCase{
		newLimiter: func(t *testing.T, key string, limit int, window time.Duration, opts ...Option) *Limiter {
			l, err := NewPostgres(pool, key, limit, window, opts...)
			require.NoError(t, err)
			return l
		},
		grants: func(t *testing.T, key string) []time.Time {
			rows, err := pool.Query(ctx, `SELECT at FROM syncro_fleet_grants WHERE key = $1 ORDER BY at`, key)
			require.NoError(t, err)
			defer rows.Close()
			var out []time.Time
			for rows.Next() {
				var at time.Time
				require.NoError(t, rows.Scan(&at))
				out = append(out, at)
			}
			require.NoError(t, rows.Err())
			return out
		},
		wipe: func(t *testing.T, key string) {
			_, err := pool.Exec(ctx, `DELETE FROM syncro_fleet_grants WHERE key = $1`, key)
			require.NoError(t, err)
		},
	})
}

// recordingClock sleeps not at all: a test on a real store reads the
// delays the store handed out instead of waiting them out.
type recordingClock struct{ slept *[]time.Duration }

func (recordingClock) Now() time.Time { return time.Now() }

func (c recordingClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.slept != nil {
		*c.slept = append(*c.slept, d)
	}
	return ctx.Err()
}

// runStoreTests checks one real store. The store's clock runs for real
// while the limiters' sleeps are only recorded, so a delay is at most
// what an instant reservation would get and less by the little real time
// the test took.
func runStoreTests(t *testing.T, sc storeCase) {
	const slop = 5 * time.Second // real time a subtest may take, at most
	ctx := context.Background()
	window := time.Minute
	span := window + Margin(window)
	newLim := func(t *testing.T, limit int, slept *[]time.Duration, opts ...Option) *Limiter {
		l := sc.newLimiter(t, t.Name(), limit, window, opts...)
		l.clk = recordingClock{slept: slept}
		return l
	}

	t.Run("under the limit does not wait", func(t *testing.T) {
		var slept []time.Duration
		l := newLim(t, 5, &slept)
		for range 5 {
			require.NoError(t, l.Wait(ctx))
		}
		assert.Empty(t, slept)
		assert.Len(t, sc.grants(t, t.Name()), 5)
	})

	t.Run("over the limit waits for the window to free", func(t *testing.T) {
		var slept []time.Duration
		l := newLim(t, 2, &slept)
		for range 3 {
			require.NoError(t, l.Wait(ctx))
		}
		require.Len(t, slept, 1)
		assert.LessOrEqual(t, slept[0], span)
		assert.Greater(t, slept[0], span-slop)
		g := sc.grants(t, t.Name())
		require.Len(t, g, 3)
		assert.Equal(t, span, g[2].Sub(g[0]), "the third grant is exactly one window+margin after the first")
	})

	t.Run("concurrent reservers never share a window", func(t *testing.T) {
		const limit, n = 4, 24
		var mu sync.Mutex
		var slept []time.Duration
		var wg sync.WaitGroup
		for range n {
			// Each reserver its own limiter, as if each were a process.
			var mine []time.Duration
			l := newLim(t, limit, &mine)
			wg.Add(1)
			go func() {
				defer wg.Done()
				require.NoError(t, l.Wait(ctx))
				mu.Lock()
				slept = append(slept, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		g := sc.grants(t, t.Name())
		require.Len(t, g, n)
		// The earliest schedule: each grant one window+margin after the
		// one limit before it, never sooner (they would share a window),
		// never later (a slot would go unused).
		for i := limit; i < n; i++ {
			assert.Equal(t, span, g[i].Sub(g[i-limit]), "grants %d and %d", i-limit, i)
		}
		assert.Len(t, slept, n-limit, "the first %d go at once", limit)
	})

	t.Run("a slot past the deadline is not taken", func(t *testing.T) {
		l := newLim(t, 1, nil)
		require.NoError(t, l.Wait(ctx))
		dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		require.ErrorIs(t, l.Wait(dctx), context.DeadlineExceeded)
		assert.Len(t, sc.grants(t, t.Name()), 1)
	})

	t.Run("a cancelled wait gives its slot back", func(t *testing.T) {
		l := newLim(t, 1, nil)
		require.NoError(t, l.Wait(ctx))
		cctx, cancel := context.WithCancel(ctx)
		l.clk = cancellingClock{cancel}
		require.ErrorIs(t, l.Wait(cctx), context.Canceled)
		assert.Len(t, sc.grants(t, t.Name()), 1)
	})

	t.Run("a pause holds every process", func(t *testing.T) {
		var slept []time.Duration
		saw := newLim(t, 100, nil)
		other := newLim(t, 100, &slept)
		saw.Pause(20 * time.Second)
		saw.pauses.Wait()
		require.NoError(t, other.Wait(ctx))
		require.Len(t, slept, 1)
		assert.LessOrEqual(t, slept[0], 20*time.Second)
		assert.Greater(t, slept[0], 20*time.Second-slop)
	})

	t.Run("a store that lost its grants pauses the fleet", func(t *testing.T) {
		var slept []time.Duration
		a := newLim(t, 4, &slept)
		b := newLim(t, 4, &slept)
		require.NoError(t, a.Wait(ctx))
		require.NoError(t, a.Wait(ctx))
		sc.wipe(t, t.Name())
		require.NoError(t, a.Wait(ctx))
		require.Len(t, slept, 1, "a finds its grants gone and waits for the lost window to pass")
		assert.LessOrEqual(t, slept[0], span)
		assert.Greater(t, slept[0], span-slop)
		require.NoError(t, b.Wait(ctx))
		require.Len(t, slept, 2, "so does every other process")
		assert.Greater(t, slept[1], span-slop)
		assert.Len(t, sc.grants(t, t.Name()), 4)
	})

	t.Run("keys are separate budgets", func(t *testing.T) {
		var slept []time.Duration
		a := sc.newLimiter(t, t.Name()+"-a", 1, window)
		b := sc.newLimiter(t, t.Name()+"-b", 1, window)
		a.clk, b.clk = recordingClock{&slept}, recordingClock{&slept}
		require.NoError(t, a.Wait(ctx))
		require.NoError(t, b.Wait(ctx))
		assert.Empty(t, slept)
	})
}

// cancellingClock cancels the wait's context when asked to sleep.
type cancellingClock struct{ cancel context.CancelFunc }

func (cancellingClock) Now() time.Time { return time.Now() }
func (c cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	return ctx.Err()
}
