package syncro_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// The integration tests drive the client against syncrotest, the fake
// Syncro whose JSON is built independently of this package's types: what
// they prove is that the client reads and writes the wire as Syncro speaks
// it, end to end over real HTTP on loopback.

// epoch is where the fake's clock starts: 90 days before the test run, with
// milliseconds as Syncro's timestamps have them (so the Changes settle
// window, measured on the client's real clock, never holds a watermark
// back). It is taken from the run's own clock, never a fixed date, so the
// suite passes on any day.
var epoch = time.Now().UTC().AddDate(0, 0, -90).Truncate(time.Second).Add(589 * time.Millisecond)

// testClock is the fake's time source; tests move it instead of sleeping.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fake is a running fake account with a client wired to it.
type fake struct {
	srv    *syncrotest.Server
	client *syncro.Client
	clock  *testClock
}

// newFake starts a fake on a clock at epoch, with a client that does not
// retry (a test sees each failure as it happens), and closes it after the
// test. The fake's rate limit stays on: a test that makes more than 180
// requests on one clock reading moves the clock.
func newFake(t *testing.T, opts ...syncrotest.ServerOption) *fake {
	t.Helper()
	clk := &testClock{now: epoch}
	srv := syncrotest.NewServer(append([]syncrotest.ServerOption{syncrotest.WithClock(clk.Now)}, opts...)...)
	t.Cleanup(srv.Close)
	return &fake{srv: srv, client: srv.Client(syncro.WithRetry(syncro.NoRetry())), clock: clk}
}

// clientWithToken returns a client for the fake that sends token.
func (f *fake) clientWithToken(t *testing.T, token string) *syncro.Client {
	t.Helper()
	c, err := syncro.NewClient("", token, syncro.WithBaseURL(f.srv.URL()), syncro.WithRateLimit(0), syncro.WithRetry(syncro.NoRetry()))
	require.NoError(t, err)
	return c
}

// requestsTo returns the logged requests to a route ("POST /tickets").
func (f *fake) requestsTo(route string) []syncrotest.Request {
	var out []syncrotest.Request
	for _, r := range f.srv.Requests() {
		if r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

// lastBody decodes the body of the last request to route, numbers kept as
// json.Number so that money is compared digit for digit.
func (f *fake) lastBody(t *testing.T, route string) map[string]any {
	t.Helper()
	rs := f.requestsTo(route)
	require.NotEmpty(t, rs, "no request to %s", route)
	return decodeObject(t, rs[len(rs)-1].Body)
}

func decodeObject(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m), "body: %s", b)
	return m
}

// rawGet fetches a path below /api/v1 from the fake with the default
// token, bypassing the client: what the fake itself holds and serves.
func (f *fake) rawGet(t *testing.T, path string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, f.srv.APIURL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+f.srv.Token())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s: %s", path, b)
	return decodeObject(t, b)
}

// collect drains an iterator, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// ticketIDs returns the ids of tickets, in order.
func ticketIDs(ts []syncro.Ticket) []int64 {
	out := make([]int64, 0, len(ts))
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

// offset is how a time's zone offset reads: "+02:00".
func offset(t time.Time) string { return t.Format("-07:00") }
