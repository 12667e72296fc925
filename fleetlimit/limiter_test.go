package fleetlimit

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRedisRejectsBadArguments(t *testing.T) {
	_, rdb := newMiniredis(t)
	for _, tc := range []struct {
		name   string
		rdb    redis.UniversalClient
		key    string
		limit  int
		window time.Duration
		opts   []Option
		want   string
	}{
		{"nil client", nil, testKey, 1, time.Minute, nil, "nil Redis client"},
		{"empty key", rdb, "", 1, time.Minute, nil, "empty key"},
		{"zero limit", rdb, testKey, 0, time.Minute, nil, "at least 1 request"},
		{"zero window", rdb, testKey, 1, 0, nil, "positive window"},
		{"zero share", rdb, testKey, 1, time.Minute, []Option{WithFallbackShare(0)}, "greater than 0 and at most 1"},
		{"share over one", rdb, testKey, 1, time.Minute, []Option{WithFallbackShare(1.5)}, "greater than 0 and at most 1"},
		{"nil logger", rdb, testKey, 1, time.Minute, []Option{WithLogger(nil)}, "nil *slog.Logger"},
		{"nil observer", rdb, testKey, 1, time.Minute, []Option{WithWaitObserver(nil)}, "nil func"},
		{"zero store timeout", rdb, testKey, 1, time.Minute, []Option{WithStoreTimeout(0)}, "must be positive"},
		{"zero probe interval", rdb, testKey, 1, time.Minute, []Option{WithProbeInterval(0)}, "must be positive"},
		{"negative margin", rdb, testKey, 1, time.Minute, []Option{WithMargin(-time.Second)}, "must not be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := NewRedis(tc.rdb, tc.key, tc.limit, tc.window, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, l)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestFallbackShareSizesTheLocalLimiter(t *testing.T) {
	_, rdb := newMiniredis(t)
	for _, tc := range []struct {
		share float64
		limit int
		want  int
	}{
		{0.25, 180, 45},
		{1.0 / 3, 180, 60},
		{0.01, 10, 1}, // never below one request a window
	} {
		l, err := NewRedis(rdb, testKey, tc.limit, time.Minute, WithFallbackShare(tc.share))
		require.NoError(t, err)
		assert.Equal(t, tc.want, l.local.limit, "share %v of %d", tc.share, tc.limit)
	}
}

func TestIPKey(t *testing.T) {
	assert.Equal(t, "syncro:ip:203.0.113.7", IPKey("203.0.113.7"))
	assert.Equal(t, "syncro:ip:203.0.113.7", IPKey("::ffff:203.0.113.7"))
	assert.Equal(t, "syncro:ip:2001:db8::1", IPKey("2001:DB8:0::1"))
	assert.Equal(t, "syncro:ip:nat-gateway-a", IPKey("nat-gateway-a"), "a name that is no address is kept as given")
}

func TestMargin(t *testing.T) {
	assert.Equal(t, 250*time.Millisecond, Margin(2*time.Second))
	assert.Equal(t, time.Second, Margin(time.Minute))
	assert.Equal(t, 10*time.Second, Margin(10*time.Minute))
}

func TestNewPostgresAndMigrateRejectANilPool(t *testing.T) {
	_, err := NewPostgres(nil, testKey, 1, time.Minute)
	require.ErrorContains(t, err, "nil *pgxpool.Pool")
	require.ErrorContains(t, Migrate(context.Background(), nil), "nil *pgxpool.Pool")
}

func TestWithMarginSetsTheSpan(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	l := newTestRedisLimiter(t, rdb, clk, 1, 10*time.Second, WithMargin(0))
	require.NoError(t, l.Wait(context.Background()))
	require.NoError(t, l.Wait(context.Background()))
	assert.Equal(t, []time.Duration{10 * time.Second}, clk.Slept())
}

func TestWaitObserverSeesTheWait(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	var observed []time.Duration
	l := newTestRedisLimiter(t, rdb, clk, 1, 10*time.Second, WithWaitObserver(func(d time.Duration) { observed = append(observed, d) }))
	for range 3 {
		require.NoError(t, l.Wait(context.Background()))
	}
	span := 10*time.Second + Margin(10*time.Second)
	assert.Equal(t, []time.Duration{0, span, span}, observed)
}
