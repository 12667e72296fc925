package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
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
	// resp, when set, receives the last attempt's status, headers and meta.
	resp *Response
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

// Is makes errors.Is(err, ErrOutcomeUnknown) true for a write (POST) that
// Syncro answered with a success the client cannot read: it was processed,
// but what it made is unknown.
func (e *DecodeError) Is(target error) bool {
	return target == ErrOutcomeUnknown && !idempotent(e.Method)
}

// errNoID marks a create's answer whose record has no usable id.
var errNoID = errors.New("the answer's record has no usable id")

// created wraps decode, the decoder of a create's answer, so that a record
// without a usable id (0, negative, null or missing) is an error instead of
// a success with ID 0. Every create goes through it. The request path
// reports the failure as a *DecodeError that matches ErrOutcomeUnknown: the
// record may exist all the same.
func created(decode func([]byte) error, id func() int64) func([]byte) error {
	return func(body []byte) error {
		if err := decode(body); err != nil {
			return err
		}
		if n := id(); n <= 0 {
			return fmt.Errorf("%w (got %d)", errNoID, n)
		}
		return nil
	}
}

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
// success body. It returns ctx.Err() when the context ends (wrapped so that
// it also matches ErrOutcomeUnknown when a write was out), an *APIError for
// an error answer, a *DecodeError for an unreadable success body, and a
// wrapped transport error otherwise. Every error of a write that may have
// been processed matches ErrOutcomeUnknown. The last attempt's status,
// headers and meta fill r.resp and the context's response capture, if any.
func (c *Client) do(ctx context.Context, r request) error {
	u, err := c.url(r)
	if err != nil {
		return err
	}
	if c.redact(u) != u {
		return fmt.Errorf("syncro: %s %s: the URL would carry the API token (or part of it): the token goes only in the Authorization header, never in a path or query",
			r.method, c.redact("/"+r.path))
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("syncro: %s /%s: cannot encode the request body: %w", r.method, r.path, err)
		}
	}
	path := "/" + r.path
	capture := captured(ctx)
	var meta *Response
	if r.resp != nil || capture != nil {
		meta = new(Response)
	}
	defer func() {
		if meta != nil && meta.Attempts > 0 {
			r.resp.set(meta)
			capture.store(meta)
		}
	}()
	// limited is when the first 429 without Retry-After came back: such
	// answers are retried, past MaxAttempts if need be, until one window of
	// the limiter has passed since, as a shorter wait is still inside the
	// window Syncro counted the refused requests in.
	var limited time.Time
	for attempt := 1; ; attempt++ {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			return err
		}
		a := c.attempt(ctx, r, u, payload, path, attempt, meta)
		if a.err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			if a.sent || errors.Is(a.err, ErrOutcomeUnknown) {
				return &canceledWrite{method: r.method, path: path, err: ctxErr, last: a.err}
			}
			return ctxErr
		}
		if !a.retry {
			return a.err
		}
		if a.unpaced429 && limited.IsZero() {
			limited = c.clk.Now()
		}
		if attempt >= c.retry.MaxAttempts && (c.retry.MaxAttempts == 1 || !a.unpaced429 || c.clk.Now().Sub(limited) >= c.rateWindow()) {
			return a.err
		}
		wait := a.wait
		// The deadline is real time, so it is compared with real time: the
		// injected clock paces and sleeps, it never decides a deadline.
		if deadline, ok := ctx.Deadline(); ok && wait > time.Until(deadline) {
			c.logger.LogAttrs(ctx, slog.LevelWarn, "syncro: not retrying: the wait would pass the context deadline",
				slog.String("method", r.method), slog.String("path", path), slog.Int("attempt", attempt), slog.Duration("wait", wait))
			return a.err
		}
		c.logger.LogAttrs(ctx, slog.LevelWarn, "syncro: retrying request",
			slog.String("method", r.method), slog.String("path", path), slog.Int("attempt", attempt),
			slog.Duration("wait", wait), slog.String("error", a.err.Error()))
		if err := c.clk.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// rateWindow is the window of the client's limiter, or Syncro's minute when
// the limiter does not say.
func (c *Client) rateWindow() time.Duration {
	if w, ok := c.limiter.(interface{ Window() time.Duration }); ok {
		if d := w.Window(); d > 0 {
			return d
		}
	}
	return time.Minute
}

// outcome is what one attempt came to.
type outcome struct {
	err   error
	retry bool          // another attempt may be made
	wait  time.Duration // how long to wait before it
	// unpaced429 marks a 429 that came without Retry-After.
	unpaced429 bool
	// sent marks a write that failed after it may have reached Syncro.
	sent bool
}

// canceledWrite is the error of a write whose context ended while it was
// out: it matches the context's error and ErrOutcomeUnknown, and keeps the
// attempt's own error for errors.As.
type canceledWrite struct {
	method, path string
	err          error // the context's
	last         error // the attempt's
}

func (e *canceledWrite) Error() string {
	return fmt.Sprintf("syncro: %s %s: %v while the request was out; it may have reached Syncro: check before sending it again", e.method, e.path, e.err)
}
func (e *canceledWrite) Unwrap() []error      { return []error{e.err, e.last} }
func (e *canceledWrite) Is(target error) bool { return target == ErrOutcomeUnknown }

// attempt sends the request once. When meta is not nil, it records the
// answer's status, headers and meta there.
func (c *Client) attempt(ctx context.Context, r request, u string, payload []byte, path string, n int, meta *Response) outcome {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	if meta != nil {
		*meta = Response{Attempts: n}
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return outcome{err: fmt.Errorf("syncro: %s %s: %w", r.method, path, err)}
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
		sent := !idempotent(r.method) && !neverConnected(err)
		err = c.transportError(ctx, r.method, path, n, err)
		return outcome{err: err, retry: retryableNetError(r.method, err), wait: c.retry.backoff(n), sent: sent}
	}
	buf := getBuffer(resp.ContentLength)
	defer putBuffer(buf)
	_, readErr := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBody+1))
	_ = resp.Body.Close()
	data := buf.Bytes() // valid until putBuffer: everything kept is copied
	c.logger.LogAttrs(ctx, slog.LevelDebug, "syncro: request",
		slog.String("method", r.method), slog.String("path", path), slog.Int("status", resp.StatusCode),
		slog.Int("attempt", n), slog.Duration("elapsed", c.clk.Now().Sub(start)))
	if meta != nil {
		meta.StatusCode = resp.StatusCode
		meta.Header = c.safeHeader(resp.Header)
		if readErr == nil && len(data) <= maxResponseBody {
			meta.Meta = readMeta(data)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := c.newAPIError(resp, r.method, path, data)
		apiErr.Attempts = n
		o := outcome{err: apiErr, retry: retryableStatus(r.method, resp.StatusCode), wait: c.retry.backoff(n)}
		// An HTTP date in Retry-After is real time: read it against real time.
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			apiErr.RetryAfter = ra
			o.wait = ra
			if ra > c.retry.MaxRetryAfter {
				o.retry = false
			}
		} else if resp.StatusCode == http.StatusTooManyRequests {
			o.unpaced429 = true
		}
		// A 429 holds back every request sharing the limiter, not only this one.
		if p, ok := c.limiter.(Pauser); ok && resp.StatusCode == http.StatusTooManyRequests {
			p.Pause(apiErr.RetryAfter)
		}
		return o
	}
	if readErr != nil {
		err = c.transportError(ctx, r.method, path, n, readErr)
		return outcome{err: err, retry: retryableNetError(r.method, err), wait: c.retry.backoff(n), sent: !idempotent(r.method)}
	}
	if len(data) > maxResponseBody {
		return outcome{err: &DecodeError{Method: r.method, Path: path, StatusCode: resp.StatusCode, Attempts: n,
			Err: fmt.Errorf("the response is larger than %d MiB", maxResponseBody>>20)}}
	}
	if r.decode == nil || resp.StatusCode == http.StatusNoContent {
		return outcome{}
	}
	if err := r.decode(data); err != nil {
		snippet := ""
		if !r.secretBody {
			snippet = c.redact(shorten(string(bytes.TrimSpace(data)), 80))
		}
		return outcome{retry: idempotent(r.method), wait: c.retry.backoff(n), err: &DecodeError{
			Method: r.method, Path: path, StatusCode: resp.StatusCode,
			Snippet: snippet, Attempts: n, Err: c.redactError(err),
		}}
	}
	return outcome{}
}

// newAPIError builds the *APIError of a non-2xx answer with every text in
// it scrubbed of the token. A redirect is never followed (the token must
// not travel to another address): its error names the target.
func (c *Client) newAPIError(resp *http.Response, method, path string, data []byte) *APIError {
	e := newAPIError(resp, method, path, []byte(c.redact(string(data))))
	for i, m := range e.Messages {
		e.Messages[i] = c.redact(m)
	}
	for _, msgs := range e.FieldErrors {
		for i, m := range msgs {
			msgs[i] = c.redact(m)
		}
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		if loc := resp.Header.Get("Location"); loc != "" {
			target := loc
			if t, err := url.Parse(loc); err == nil && resp.Request != nil {
				target = resp.Request.URL.ResolveReference(t).String()
			} else if err == nil {
				target = t.String()
			}
			e.Messages = append([]string{c.redact(fmt.Sprintf(
				"Syncro redirected the request to %s, and the client does not follow redirects so that the token never goes to another address: "+
					"if the account moved, give its new API root to WithBaseURL", quotableURL(target)))}, e.Messages...)
		}
	}
	return e
}

// transportError wraps a network failure with the operation, says whether
// the request may have reached Syncro, and scrubs the token by value. The
// caller's context ending is returned as is; a timeout of the attempt alone
// (the HTTP client's Timeout) is a network failure like any other and does
// not match context.DeadlineExceeded.
func (c *Client) transportError(ctx context.Context, method, path string, attempts int, err error) error {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return err
	}
	note := ""
	if attempts > 1 {
		note = fmt.Sprintf(" (after %d attempts)", attempts)
	}
	unknown := !idempotent(method) && !neverConnected(err)
	if unknown {
		note += "; the request may have reached Syncro: check before sending it again"
	}
	if isTimeout(err) {
		limit := "a timeout of the HTTP transport"
		if c.hc.Timeout > 0 {
			limit = "the HTTP client's Timeout of " + c.hc.Timeout.String() + "; WithHTTPClient sets another"
		}
		if errors.Is(err, context.DeadlineExceeded) {
			// net/http's words and error would say that the caller's
			// context ended: neither is kept.
			msg := fmt.Sprintf("syncro: %s %s: the attempt timed out (%s)%s", method, path, limit, note)
			return &transportErr{msg: c.redact(msg), timeout: true, unknown: unknown}
		}
		msg := fmt.Sprintf("syncro: %s %s: the attempt timed out (%s): %v%s", method, path, limit, err, note)
		return &transportErr{msg: c.redact(msg), err: err, timeout: true, unknown: unknown}
	}
	return &transportErr{msg: c.redact(fmt.Sprintf("syncro: %s %s: %v%s", method, path, err, note)), err: err, unknown: unknown}
}

// isTimeout reports whether a transport error is a timeout of the attempt:
// net/http reports its Client.Timeout as an error that matches
// context.DeadlineExceeded although no caller's context ended.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// transportErr is a network failure of one request, its message already
// scrubbed of the token. It keeps the transport's error for errors.As,
// except for a timeout, whose error would match context.DeadlineExceeded:
// that one answers Timeout() instead, like a net.Error.
type transportErr struct {
	msg     string
	err     error
	timeout bool
	unknown bool // the request may have been processed
}

func (e *transportErr) Error() string   { return e.msg }
func (e *transportErr) Unwrap() error   { return e.err }
func (e *transportErr) Timeout() bool   { return e.timeout }
func (e *transportErr) Temporary() bool { return e.timeout }
func (e *transportErr) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.unknown
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
