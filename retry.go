package syncro

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how the client retries a failed request.
//
// What is retried, whatever the policy's numbers:
//   - 429 Too Many Requests, for every method: Syncro refused the request
//     without processing it. A Retry-After header (seconds or an HTTP date)
//     is honoured; without one the client backs off exponentially.
//   - 500, 502, 503, 504 and network errors, for GET, PUT and DELETE only.
//     Syncro has no idempotency keys, so a POST is never resent once the
//     server may have seen it: a POST is retried after a network error only
//     when the connection was never made.
//
// Unless MaxAttempts is 1, a 429 without Retry-After (Syncro's usual
// answer) is retried, past MaxAttempts if need be, until one full window of the client's limiter has
// passed since the first one (a minute at the default limit; a minute too
// when the limiter does not say its window).
//
// Every attempt waits its turn at the rate limiter, and no wait goes past
// the context's deadline: when the next attempt could not start in time, the
// last error is returned at once.
//
// A zero field takes its default, so RetryPolicy{BaseDelay: time.Second / 2}
// changes only the first wait.
type RetryPolicy struct {
	// MaxAttempts is the number of tries, the first included. 1 disables
	// retries (NoRetry). Default 5.
	MaxAttempts int
	// BaseDelay is the first back-off wait; each further retry doubles it,
	// with jitter. Default 1s.
	BaseDelay time.Duration
	// MaxDelay caps one back-off wait. Default 30s.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait for; a
	// longer one ends the retries and the *APIError carries RetryAfter so
	// the caller can decide. Default 2m.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy returns the policy a client uses unless WithRetry
// says otherwise.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}
}

// NoRetry returns a policy that sends every request once.
func NoRetry() RetryPolicy {
	p := DefaultRetryPolicy()
	p.MaxAttempts = 1
	return p
}

// withDefaults validates p and fills its zero fields with the defaults of
// DefaultRetryPolicy (a zero MaxDelay is at least BaseDelay).
func (p RetryPolicy) withDefaults() (RetryPolicy, error) {
	switch {
	case p.MaxAttempts < 0:
		return p, fmt.Errorf("syncro: retry policy: MaxAttempts must be at least 1 (1 disables retries; 0 takes the default, 5), got %d", p.MaxAttempts)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0:
		return p, errors.New("syncro: retry policy: delays must not be negative (0 takes the default)")
	}
	def := DefaultRetryPolicy()
	if p.MaxAttempts == 0 {
		p.MaxAttempts = def.MaxAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = def.BaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = max(def.MaxDelay, p.BaseDelay)
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = def.MaxRetryAfter
	}
	if p.MaxDelay < p.BaseDelay {
		return p, fmt.Errorf("syncro: retry policy: MaxDelay (%s) is shorter than BaseDelay (%s)", p.MaxDelay, p.BaseDelay)
	}
	return p, nil
}

// backoff returns the wait before retry number n (1 for the first retry):
// BaseDelay·2^(n-1), capped at MaxDelay, with "equal jitter" (between half
// and all of it) so that clients behind one address do not retry in step.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		if d > p.MaxDelay/2 {
			d = p.MaxDelay // doubling would pass the cap, or overflow
			break
		}
		d *= 2
	}
	d = min(d, p.MaxDelay)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// idempotent reports whether a request with this method may be sent again
// after the server may have processed it.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryableStatus reports whether an answer with this status may be retried.
func retryableStatus(method string, status int) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent(method)
	}
	return false
}

// retryableNetError reports whether a transport error may be retried. A
// request that may have reached the server is retried only when idempotent;
// one whose connection was never made is always safe. Errors that a retry
// cannot fix (unknown host, bad certificate) are never retried.
func retryableNetError(method string, err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	var certErr *x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	if errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &invalidErr) {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return idempotent(method) || neverConnected(err)
}

// neverConnected reports whether a transport error happened before any
// connection was made, so the request cannot have reached Syncro.
func neverConnected(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// parseRetryAfter reads a Retry-After header: delay seconds, or an HTTP date
// relative to now. ok is false when the header is absent or unreadable.
func parseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(h, 64); err == nil {
		switch {
		case math.IsNaN(secs):
			return 0, false
		case secs < 0:
			return 0, true
		case secs >= math.MaxInt64/float64(time.Second):
			// Beyond what a Duration holds ("1e30", "Inf"): as long as
			// possible, so that it passes MaxRetryAfter instead of
			// overflowing into an immediate retry.
			return math.MaxInt64, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
