package syncro

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// canaryToken is recognisable in any output it leaks into.
const canaryToken = "Tcanary5ec7e7-0ddba11c0ffee"

const apiRoot = "https://acme.syncromsp.com/api/v1/"

// fakeClock is a clock whose Sleep returns at once and moves time forward.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// newFakeClock starts at the real time of the call, so that no test depends
// on the date it runs on. Deadlines are real time and the code under test
// never compares them with this clock.
func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Now().UTC()}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// newTestClient returns a client for acme.syncromsp.com whose requests go to
// a fresh httpmock transport, with the limiter off and a fake clock so retry
// waits take no time.
func newTestClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport, *fakeClock) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	clk := newFakeClock()
	base := []Option{WithHTTPClient(&http.Client{Transport: mt}), WithRateLimit(0), withClock(clk)}
	c, err := NewClient("acme", canaryToken, append(base, opts...)...)
	require.NoError(t, err)
	return c, mt, clk
}

// fixture reads a file from testdata.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// jsonResponder answers status with body and a JSON content type.
func jsonResponder(status int, body []byte) httpmock.Responder {
	return httpmock.NewBytesResponder(status, body).HeaderSet(http.Header{"Content-Type": {"application/json; charset=utf-8"}})
}

// sequence answers with each responder in turn; the last one repeats.
func sequence(rs ...httpmock.Responder) httpmock.Responder {
	var mu sync.Mutex
	n := 0
	return func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		i := min(n, len(rs)-1)
		n++
		mu.Unlock()
		return rs[i](r)
	}
}

func mustRegexp(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// readBody returns a request's body, or "" when it has none.
func readBody(r *http.Request) string {
	if r.Body == nil {
		return ""
	}
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
