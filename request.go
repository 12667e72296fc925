package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
)

// maxResponseBody caps a success body; a page of 100 records with nested
// contacts is well under 2 MiB.
const maxResponseBody = 32 << 20

// bodyBuffers recycles the buffers answers are read into. Decoding copies
// what it keeps (strings, json.RawMessage, error bodies), so a buffer is
// free again once the answer is handled.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps rare huge answers from pinning memory in the pool.
const maxPooledBuffer = 4 << 20

func getBuffer(contentLength int64) *bytes.Buffer {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	if contentLength > 0 && contentLength <= maxResponseBody {
		buf.Grow(int(contentLength) + bytes.MinRead)
	}
	return buf
}

func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		bodyBuffers.Put(buf)
	}
}

// request is one API call: what to send, and how to read a success body.
type request struct {
	method string
	path   string // relative to the API root, segments escaped: "customers/12"
	query  any    // a struct for go-querystring, url.Values, or nil
	body   any    // sent as JSON; nil sends no body
	// decode reads a 2xx body. For idempotent methods a body it cannot read
	// (cut short, an HTML page) counts as a transient failure and is retried.
	decode func(body []byte) error
	// secretBody marks a success body that carries a credential other than
	// the token (GET /me's user_token): a *DecodeError keeps no snippet of it.
	secretBody bool
}

// apiPath joins escaped path segments: apiPath("customers", 12) is
// "customers/12". Every segment goes through url.PathEscape.
func apiPath(segments ...any) string {
	var b strings.Builder
	for i, s := range segments {
		if i > 0 {
			b.WriteByte('/')
		}
		switch v := s.(type) {
		case string:
			b.WriteString(url.PathEscape(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		default:
			b.WriteString(url.PathEscape(fmt.Sprint(v)))
		}
	}
	return b.String()
}

// DecodeError is returned when Syncro answers a success status with a body
// the client cannot read: not JSON (an HTML page, "Disabled"), cut short, or
// JSON of an unexpected shape. It never carries the token.
type DecodeError struct {
	Method     string
	Path       string
	StatusCode int
	Snippet    string // the start of the body
	Attempts   int
	Err        error
}

// Error implements error.
func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("syncro: %s %s: %d %s but the body could not be read: %v", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Err)
	if e.Snippet != "" {
		msg += fmt.Sprintf(" (body starts %q)", e.Snippet)
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if !idempotent(e.Method) {
		msg += "; the request may have been processed: check before sending it again"
	}
	return msg
}

// Unwrap returns the underlying decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

// errNotJSON marks a success body that is not JSON at all.
var errNotJSON = errors.New("the body is not JSON")

// requireJSON refuses a body that is not a JSON object or array.
func requireJSON(body []byte) error {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || (b[0] != '{' && b[0] != '[') {
		return errNotJSON
	}
	return nil
}

// do sends r through the limiter and the retry policy and decodes the
// success body. It returns ctx.Err() when the context ends, an *APIError for
// an error answer, a *DecodeError for an unreadable success body, and a
// wrapped transport error otherwise.
func (c *Client) do(ctx context.Context, r request) error {
	u, err := c.url(r)
	if err != nil {
		return err
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("syncro: %s /%s: cannot encode the request body: %w", r.method, r.path, err)
		}
	}
	path := "/" + r.path
	for attempt := 1; ; attempt++ {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			return err
		}
		wait, retry, err := c.attempt(ctx, r, u, payload, path, attempt)
		if err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if !retry || attempt >= c.retry.MaxAttempts {
			return err
		}
		// The deadline is real time, so it is compared with real time: the
		// injected clock paces and sleeps, it never decides a deadline.
		if deadline, ok := ctx.Deadline(); ok && wait > time.Until(deadline) {
			c.logger.LogAttrs(ctx, slog.LevelWarn, "syncro: not retrying: the wait would pass the context deadline",
				slog.String("method", r.method), slog.String("path", path), slog.Int("attempt", attempt), slog.Duration("wait", wait))
			return err
		}
		c.logger.LogAttrs(ctx, slog.LevelWarn, "syncro: retrying request",
			slog.String("method", r.method), slog.String("path", path), slog.Int("attempt", attempt),
			slog.Duration("wait", wait), slog.String("error", err.Error()))
		if err := c.clk.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// attempt sends the request once. It returns the error of this attempt, if
// any, whether another attempt may be made, and how long to wait first.
func (c *Client) attempt(ctx context.Context, r request, u string, payload []byte, path string, n int) (time.Duration, bool, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return 0, false, fmt.Errorf("syncro: %s %s: %w", r.method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := c.clk.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		err = c.transportError(r.method, path, n, err)
		return c.retry.backoff(n), retryableNetError(r.method, err), err
	}
	buf := getBuffer(resp.ContentLength)
	defer putBuffer(buf)
	_, readErr := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBody+1))
	_ = resp.Body.Close()
	data := buf.Bytes() // valid until putBuffer: everything kept is copied
	c.logger.LogAttrs(ctx, slog.LevelDebug, "syncro: request",
		slog.String("method", r.method), slog.String("path", path), slog.Int("status", resp.StatusCode),
		slog.Int("attempt", n), slog.Duration("elapsed", c.clk.Now().Sub(start)))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(resp, r.method, path, []byte(c.redact(string(data))))
		apiErr.Attempts = n
		retry := retryableStatus(r.method, resp.StatusCode)
		wait := c.retry.backoff(n)
		// An HTTP date in Retry-After is real time: read it against real time.
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			apiErr.RetryAfter = ra
			wait = ra
			if ra > c.retry.MaxRetryAfter {
				retry = false
			}
		}
		// A 429 holds back every request sharing the limiter, not only this one.
		if p, ok := c.limiter.(Pauser); ok && resp.StatusCode == http.StatusTooManyRequests {
			p.Pause(apiErr.RetryAfter)
		}
		return wait, retry, apiErr
	}
	if readErr != nil {
		err = c.transportError(r.method, path, n, readErr)
		return c.retry.backoff(n), retryableNetError(r.method, readErr), err
	}
	if len(data) > maxResponseBody {
		return 0, false, fmt.Errorf("syncro: %s %s: the response is larger than %d MiB", r.method, path, maxResponseBody>>20)
	}
	if r.decode == nil || resp.StatusCode == http.StatusNoContent {
		return 0, false, nil
	}
	if err := r.decode(data); err != nil {
		snippet := ""
		if !r.secretBody {
			snippet = c.redact(shorten(string(bytes.TrimSpace(data)), 80))
		}
		return c.retry.backoff(n), idempotent(r.method), &DecodeError{
			Method: r.method, Path: path, StatusCode: resp.StatusCode,
			Snippet: snippet, Attempts: n, Err: c.redactError(err),
		}
	}
	return 0, false, nil
}

// transportError wraps a network failure with the operation, says whether
// the request may have reached Syncro, and scrubs the token by value.
func (c *Client) transportError(method, path string, attempts int, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	note := ""
	if attempts > 1 {
		note = fmt.Sprintf(" (after %d attempts)", attempts)
	}
	if !retryableNetError(method, err) && !idempotent(method) {
		note += "; the request may have reached Syncro: check before sending it again"
	}
	return &redactedError{msg: c.redact(fmt.Sprintf("syncro: %s %s: %v%s", method, path, err, note)), err: err}
}

// redactError returns err, or when its message holds the token (a decoding
// error quoting a value Syncro echoed back), the same error with the token
// scrubbed from its message.
func (c *Client) redactError(err error) error {
	if msg := err.Error(); c.redact(msg) != msg {
		return &redactedError{msg: c.redact(msg), err: err}
	}
	return err
}

// redactedError carries a message already scrubbed of the token and keeps
// the original error for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// url builds the absolute URL of r, query included.
func (c *Client) url(r request) (string, error) {
	u := c.baseURL.String() + r.path
	var values url.Values
	switch q := r.query.(type) {
	case nil:
	case url.Values:
		values = q
	default:
		v, err := query.Values(q)
		if err != nil {
			return "", fmt.Errorf("syncro: %s /%s: cannot encode the query: %w", r.method, r.path, err)
		}
		values = v
	}
	if enc := values.Encode(); enc != "" {
		u += "?" + enc
	}
	return u, nil
}

// get sends a GET and decodes the body with decode.
func (c *Client) get(ctx context.Context, path string, q any, decode func([]byte) error) error {
	return c.do(ctx, request{method: http.MethodGet, path: path, query: q, decode: decode})
}

// send sends a write (POST, PUT, DELETE) with a JSON body.
func (c *Client) send(ctx context.Context, method, path string, body any, decode func([]byte) error) error {
	return c.do(ctx, request{method: method, path: path, body: body, decode: decode})
}

// decodeInto returns a decoder that unmarshals a JSON body into v.
func decodeInto(v any) func([]byte) error {
	return func(body []byte) error {
		if err := requireJSON(body); err != nil {
			return err
		}
		return json.Unmarshal(body, v)
	}
}

// acceptJSON accepts any JSON body (or none): for calls whose answer carries
// nothing the caller needs, like {"success": true}.
func acceptJSON(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return requireJSON(body)
}
