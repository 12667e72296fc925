package syncrotest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// fixedNow is the clock of most tests: timestamps in answers are stable.
// It is the server's own clock and never meets real time (the fake compares
// nothing with the machine's clock), so a fixed date is safe here.
var fixedNow = time.Date(2026, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

func fixedClock() time.Time { return fixedNow }

// newServer starts a server with a fixed clock and closes it after the test.
func newServer(t *testing.T, opts ...syncrotest.ServerOption) *syncrotest.Server {
	t.Helper()
	srv := syncrotest.NewServer(append([]syncrotest.ServerOption{syncrotest.WithClock(fixedClock)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// reply is a raw HTTP answer.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// Object decodes the body as a JSON object, numbers kept as json.Number.
func (r reply) Object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&m), "body: %s", r.Body)
	return m
}

// reqOpt changes a raw request.
type reqOpt func(*http.Request)

func withToken(tok string) reqOpt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

// noKeepAlive is a client whose connections are never reused, so a cut
// connection is not retried transparently by the transport.
var noKeepAlive = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}

// send makes a raw request to the API: path is below /api/v1, body is
// marshalled to JSON (a string is sent as is).
func send(t *testing.T, srv *syncrotest.Server, method, path string, body any, opts ...reqOpt) reply {
	t.Helper()
	r, err := try(srv, method, path, body, opts...)
	require.NoError(t, err)
	return r
}

func try(srv *syncrotest.Server, method, path string, body any, opts ...reqOpt) (reply, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		rd = bytes.NewReader(data)
	}
	url := srv.URL() + path
	if !strings.HasPrefix(path, "/my_profile") {
		url = srv.URL() + "/api/v1" + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token())
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := noKeepAlive.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: data}, err
}

// num reads a JSON number as int64.
func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(json.Number)
	require.True(t, ok, "%v (%T) is not a number", v, v)
	i, err := n.Int64()
	require.NoError(t, err)
	return i
}

// list returns the array under key.
func list(t *testing.T, m map[string]any, key string) []any {
	t.Helper()
	l, ok := m[key].([]any)
	require.True(t, ok, "%q is not a list in %v", key, m)
	return l
}

func object(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%v (%T) is not an object", v, v)
	return m
}

// mustJSON marshals v for JSONEq comparisons.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
