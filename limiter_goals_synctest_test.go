//go:build go1.25

package syncro_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// inProcess is a transport that hands each request to a handler in the
// calling goroutine, rtt/2 of (bubble) time on the way there and rtt/2 on
// the way back: syncrotest over a simulated network, inside a synctest
// bubble, where real sockets would stall the virtual clock.
type inProcess struct {
	h   http.Handler
	rtt time.Duration
}

func (p inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	req := r.Clone(r.Context())
	if req.Body == nil {
		req.Body = http.NoBody
	}
	req.RequestURI = req.URL.RequestURI()
	time.Sleep(p.rtt / 2)
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	time.Sleep(p.rtt / 2)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// busiestWindow is the most requests the server admitted in any rolling
// window (t-window, t], counted on the server's own log.
func busiestWindow(reqs []syncrotest.Request, window time.Duration) int {
	var times []time.Time
	for _, r := range reqs {
		if !r.RateLimited {
			times = append(times, r.Time)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	best, lo := 0, 0
	for hi := range times {
		for !times[lo].After(times[hi].Add(-window)) {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// runJob sends n GETs through one client from the given number of
// goroutines and returns the (virtual) time it took.
func runJob(t *testing.T, c *syncro.Client, n, goroutines int) time.Duration {
	t.Helper()
	start := time.Now()
	jobs := make(chan struct{}, n)
	for i := 0; i < n; i++ {
		jobs <- struct{}{}
	}
	close(jobs)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				_, err := c.Customers.List(context.Background(), nil)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// TestLimiterGoalsAgainstTheFake checks the limiter's goals end to end,
// against syncrotest's rolling window: a job of up to the limit takes its
// round trips and nothing more; a longer job takes at most 1.03 times the
// windows it must wait for, plus round trips; and the server never counts
// more than the limit in a rolling window nor answers 429, with 50
// goroutines sharing the client.
func TestLimiterGoalsAgainstTheFake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		limit      int
		window     time.Duration
		rtt        time.Duration
		n          int
		goroutines int
	}{
		{"10 GETs in a row, no latency", 180, time.Minute, 0, 10, 1},
		{"30 GETs in a row, no latency", 180, time.Minute, 0, 30, 1},
		{"10 GETs at once, 300ms", 180, time.Minute, 300 * time.Millisecond, 10, 10},
		{"10 GETs in a row, 300ms", 180, time.Minute, 300 * time.Millisecond, 10, 1},
		{"180 GETs at once, 300ms", 180, time.Minute, 300 * time.Millisecond, 180, 50},
		{"400 at 60 per 10s, 50 goroutines", 60, 10 * time.Second, 0, 400, 50},
		{"400 at 60 per 10s, 50 goroutines, 300ms", 60, 10 * time.Second, 300 * time.Millisecond, 400, 50},
		{"1000 at 180 a minute, 50 goroutines, 200ms", 180, time.Minute, 200 * time.Millisecond, 1000, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := syncrotest.NewServer(syncrotest.WithRateLimit(tt.limit, tt.window))
			defer srv.Close()
			synctest.Test(t, func(t *testing.T) {
				c := srv.Client(syncro.WithHTTPClient(&http.Client{Transport: inProcess{h: srv, rtt: tt.rtt}}),
					syncro.WithLimiter(syncro.NewWindowLimiter(tt.limit, tt.window)), syncro.WithRetry(syncro.NoRetry()))
				srv.ResetRequests()
				before := srv.Stats()
				took := runJob(t, c, tt.n, tt.goroutines)

				st := srv.Stats()
				assert.Equal(t, 0, st.RateLimited-before.RateLimited, "no 429")
				assert.Equal(t, tt.n, st.Processed-before.Processed)
				assert.LessOrEqual(t, busiestWindow(srv.Requests(), tt.window), tt.limit, "the server never counts more than the limit in a window")

				// Round trips: the sequential ones of the busiest goroutine.
				trips := time.Duration((tt.n+tt.goroutines-1)/tt.goroutines) * tt.rtt
				if tt.n <= tt.limit {
					assert.LessOrEqual(t, float64(took), 1.5*float64(trips), "a job of up to the limit takes its round trips: %s for %s", took, trips)
					return
				}
				windows := time.Duration((tt.n-1)/tt.limit) * tt.window
				assert.LessOrEqual(t, float64(took), 1.03*float64(windows)+float64(trips), "%s for %s of windows and %s of round trips", took, windows, trips)
				t.Logf("%d requests: %s, %.3fx of %s of windows plus round trips", tt.n, took, float64(took)/float64(windows+trips), windows+trips)
			})
		})
	}
}
