package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// Response describes the last attempt of a call: what Client.Do returns,
// and what WithResponseCapture records for the typed service methods.
type Response struct {
	// StatusCode is the HTTP status of the last answer; 0 when no answer
	// came (a network failure).
	StatusCode int
	// Header holds the answer's headers, without any that could carry a
	// secret: authorization and cookie headers, and any whose value holds
	// the token, are left out.
	Header http.Header
	// Attempts is how many times the request was sent.
	Attempts int
	// Meta is the top-level "meta" object of a list answer (zero when the
	// answer has none).
	Meta Meta
}

// set copies src into r, when r is not nil.
func (r *Response) set(src *Response) {
	if r != nil {
		*r = *src
	}
}

// responseCapture is where WithResponseCapture records a call's response.
type responseCapture struct {
	mu  sync.Mutex
	dst *Response
}

func (rc *responseCapture) store(src *Response) {
	if rc == nil {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	*rc.dst = *src
}

type captureKey struct{}

// WithResponseCapture returns a context that makes every call made with it
// record its last attempt's Response in *dst: status, headers, attempts and
// meta, for the typed service methods whose signatures do not return them.
//
//	var resp syncro.Response
//	page, err := client.Customers.List(syncro.WithResponseCapture(ctx, &resp), nil)
//	// resp.Header, resp.Attempts, resp.Meta: of the call that just returned
//
// Read *dst once the call has returned. When several calls share the
// context (an iterator's pages), *dst holds the one that finished last.
// A nil dst returns ctx unchanged.
func WithResponseCapture(ctx context.Context, dst *Response) context.Context {
	if dst == nil {
		return ctx
	}
	return context.WithValue(ctx, captureKey{}, &responseCapture{dst: dst})
}

// captured returns the context's response capture, or nil.
func captured(ctx context.Context) *responseCapture {
	rc, _ := ctx.Value(captureKey{}).(*responseCapture)
	return rc
}

// readMeta reads the top-level "meta" object of a JSON answer; anything
// else (no meta, not JSON, a meta of another shape) gives a zero Meta.
func readMeta(body []byte) Meta {
	if requireJSON(body) != nil {
		return Meta{}
	}
	var env struct {
		Meta json.RawMessage `json:"meta"`
	}
	if json.Unmarshal(body, &env) != nil || len(env.Meta) == 0 || env.Meta[0] != '{' {
		return Meta{}
	}
	var m Meta
	if m.UnmarshalJSON(env.Meta) != nil {
		return Meta{}
	}
	return m
}

// secretHeaders are left out of Response.Header whatever their value.
var secretHeaders = []string{"authorization", "cookie", "token", "api-key", "apikey", "secret", "session"}

// safeHeader copies h without the headers that could carry a secret.
func (c *Client) safeHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		lower := strings.ToLower(name)
		secret := false
		for _, s := range secretHeaders {
			if strings.Contains(lower, s) {
				secret = true
				break
			}
		}
		if secret {
			continue
		}
		kept := make([]string, 0, len(values))
		for _, v := range values {
			if c.redact(v) == v {
				kept = append(kept, v)
			}
		}
		if len(kept) > 0 {
			out[name] = kept
		}
	}
	return out
}
