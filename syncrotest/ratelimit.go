package syncrotest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateWindow is the server's rolling-window rate limit: at most limit
// requests in any window ending now. Only requests it admits are counted,
// so a client refused with 429 does not dig itself deeper.
type rateWindow struct {
	mu         sync.Mutex
	limit      int
	window     time.Duration
	retryAfter bool
	times      []time.Time // admitted requests still in the window, oldest first
}

func newRateWindow(limit int, window time.Duration, retryAfter bool) *rateWindow {
	return &rateWindow{limit: limit, window: window, retryAfter: retryAfter}
}

// allow admits a request arriving at now, or says how long until the window
// has room. A request exactly one window after an admitted one no longer
// sees it: the window is (now-window, now].
func (rw *rateWindow) allow(now time.Time) (bool, time.Duration) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.limit <= 0 {
		return true, 0
	}
	cut := 0
	for cut < len(rw.times) && !rw.times[cut].After(now.Add(-rw.window)) {
		cut++
	}
	rw.times = rw.times[cut:]
	if len(rw.times) >= rw.limit {
		return false, rw.times[0].Add(rw.window).Sub(now)
	}
	rw.times = append(rw.times, now)
	return true, 0
}

// tooManyRequests is the 429 answer. Syncro documents neither the status
// nor a body for a breached limit; clients assume 429, and this body is
// Rack::Attack's default throttle response ("Retry later", plain text), the
// usual Rails middleware for per-IP limits, an educated guess.
func (s *Server) tooManyRequests(wait time.Duration) response {
	resp := response{status: http.StatusTooManyRequests, ctype: "text/plain; charset=utf-8", body: []byte("Retry later\n")}
	if s.rl.retryAfter {
		resp.header = http.Header{"Retry-After": {retryAfterSeconds(wait)}}
	}
	return resp
}

// retryAfterSeconds rounds a wait up to whole seconds, at least 1: the
// header carries integers.
func retryAfterSeconds(d time.Duration) string {
	secs := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(secs, 1), 10)
}

// SetRateLimit changes the rolling-window budget while the server runs; see
// WithRateLimit. Requests already counted stay in the window.
func (s *Server) SetRateLimit(limit int, window time.Duration) {
	if window <= 0 {
		window = time.Minute
	}
	s.rl.mu.Lock()
	s.rl.limit, s.rl.window = max(limit, 0), window
	s.rl.mu.Unlock()
}
