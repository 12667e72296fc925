//go:build go1.25

package syncrotest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// jitteryNetwork hands each request to the fake in the calling goroutine,
// inside a synctest bubble, after a delay that varies from request to
// request (up to maxDelay): the network jitter the limiter's margin is for,
// on a virtual clock, so that the test does not depend on the machine's
// load.
type jitteryNetwork struct {
	h        http.Handler
	maxDelay time.Duration
	n        *atomic.Int64
}

func (j jitteryNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	k := j.n.Add(1)
	time.Sleep(time.Duration(k*7919%101) * j.maxDelay / 100)
	req := r.Clone(r.Context())
	if req.Body == nil {
		req.Body = http.NoBody
	}
	req.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	j.h.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestClientLimiterKeepsUnderTheRollingWindow sends 500 requests from 10
// goroutines through the client's limiter against the fake's rolling
// window, both scaled to 30 requests per 250ms, over a network whose delay
// varies by up to 200ms: not one 429.
func TestClientLimiterKeepsUnderTheRollingWindow(t *testing.T) {
	const limit, window = 30, 250 * time.Millisecond
	srv := syncrotest.NewServer(syncrotest.WithRateLimit(limit, window))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		var n atomic.Int64
		hc := &http.Client{Transport: jitteryNetwork{h: srv, maxDelay: 200 * time.Millisecond, n: &n}}
		client := srv.Client(syncro.WithHTTPClient(hc), syncro.WithLimiter(syncro.NewWindowLimiter(limit, window)), syncro.WithRetry(syncro.NoRetry()))
		ctx := context.Background()
		var wg sync.WaitGroup
		for g := 0; g < 10; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 50; i++ {
					_, err := client.Customers.List(ctx, nil)
					assert.NoError(t, err)
				}
			}()
		}
		wg.Wait()
		st := srv.Stats()
		assert.Equal(t, 0, st.RateLimited)
		assert.Equal(t, 500, st.Processed)

		// Without the limiter the same server refuses a burst: the test has teeth.
		instant := &http.Client{Transport: jitteryNetwork{h: srv, n: &n}}
		burst := srv.Client(syncro.WithHTTPClient(instant), syncro.WithRateLimit(0), syncro.WithRetry(syncro.NoRetry()))
		var limited int
		for i := 0; i < 3*limit; i++ {
			if _, err := burst.Customers.List(ctx, nil); errors.Is(err, syncro.ErrRateLimited) {
				limited++
			}
		}
		assert.Positive(t, limited)
	})
}
