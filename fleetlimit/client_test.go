package fleetlimit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestClient429PausesEveryProcess: the syncro client tells its limiter of a
// 429 (syncro.Pauser), and through the store every process of the fleet
// holds back for the Retry-After Syncro asked for.
func TestClient429PausesEveryProcess(t *testing.T) {
	mr, rdb := newMiniredis(t)
	clk := newFakeClock(mr)
	saw := newTestRedisLimiter(t, rdb, clk, 100, time.Minute)
	other := newTestRedisLimiter(t, rdb, clk, 100, time.Minute)

	srv := syncrotest.NewServer()
	t.Cleanup(srv.Close)
	id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Paused Ltd"})
	srv.InjectFault(syncrotest.OnNth(1, syncrotest.StatusFault(429).WithRetryAfter("3")))
	client := srv.Client(syncro.WithLimiter(saw), syncro.WithRetry(syncro.NoRetry()))

	_, err := client.Customers.Get(context.Background(), id)
	require.ErrorIs(t, err, syncro.ErrRateLimited)
	saw.pauses.Wait()
	require.NoError(t, other.Wait(context.Background()))
	assert.Equal(t, []time.Duration{3 * time.Second}, clk.Slept(), "another process waits out Syncro's Retry-After")

	_, err = client.Customers.Get(context.Background(), id)
	require.NoError(t, err, "after the pause the request goes through")
}
