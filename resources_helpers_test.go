package syncro

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resToken is the token of the resource tests' clients; tests check that
// it never shows in an error.
const resToken = "T7f3c9a1b2d4e6f80-0a1b2c3d4e5f60718293"

// newMockedClient returns a client for the account "acme" whose requests go
// to a fresh httpmock transport, with no rate limit and no retries.
func newMockedClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	base := []Option{WithHTTPClient(&http.Client{Transport: mt}), WithRateLimit(0), WithRetry(NoRetry())}
	c, err := NewClient("acme", resToken, append(base, opts...)...)
	require.NoError(t, err)
	return c, mt
}

// recordedCall is one request a callLog saw.
type recordedCall struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte
	Header http.Header
}

// callLog records the requests its responders answer.
type callLog struct {
	mu    sync.Mutex
	calls []recordedCall
}

func (l *callLog) record(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, recordedCall{Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(), Body: body, Header: req.Header.Clone()})
}

// reply records the request and answers status with body as JSON.
func (l *callLog) reply(status int, body []byte) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		l.record(req)
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	}
}

// sequence records each request and answers them in turn with the bodies
// given (all 200), failing the request after the last one.
func (l *callLog) sequence(bodies ...[]byte) httpmock.Responder {
	var mu sync.Mutex
	n := 0
	return func(req *http.Request) (*http.Response, error) {
		l.record(req)
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i >= len(bodies) {
			return httpmock.NewStringResponse(http.StatusInternalServerError, `{"error":"unexpected extra request"}`), nil
		}
		resp := httpmock.NewBytesResponse(http.StatusOK, bodies[i])
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		return resp, nil
	}
}

func (l *callLog) all() []recordedCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]recordedCall(nil), l.calls...)
}

// jsonBody decodes a recorded request body into a generic map.
func jsonBody(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), "body %s", b)
	return m
}

// stoppedClock is a clock that never moves: the tests of anything that
// reads the client's clock set it.
type stoppedClock struct{ now time.Time }

func (c stoppedClock) Now() time.Time                                   { return c.now }
func (c stoppedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// mustTime parses an RFC 3339 timestamp.
func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return tm
}

// refusal is a call that must fail validation before anything is sent.
type refusal struct {
	name   string
	call   func(c *Client) error
	fields []string // the fields the *ValidationError names
}

// assertRefusedBeforeSending runs each call on a fresh client and checks
// that it fails with a *ValidationError (matching ErrValidation) naming the
// fields, and that no request was sent.
func assertRefusedBeforeSending(t *testing.T, cases []refusal) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			err := tt.call(c)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrValidation)
			assert.Equal(t, tt.fields, ve.Fields)
			assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing may be sent")
		})
	}
}
