package syncro

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Sentinel errors. An *APIError matches the one that fits its status code
// with errors.Is, so callers can branch without inspecting codes:
//
//	if errors.Is(err, syncro.ErrNotFound) { ... }
var (
	// ErrNotFound matches 404 answers: the record does not exist, or the
	// token's user may not see it.
	ErrNotFound = errors.New("syncro: not found")
	// ErrUnauthorized matches every 401 answer: a wrong, expired or revoked
	// token, and (Syncro's way) a token that lacks a permission.
	ErrUnauthorized = errors.New("syncro: unauthorized")
	// ErrForbidden matches 403 answers and the 401 answers whose message says
	// a permission is missing.
	ErrForbidden = errors.New("syncro: forbidden")
	// ErrRateLimited matches 429 answers that were still refused after the
	// retry policy gave up.
	ErrRateLimited = errors.New("syncro: rate limited")
	// ErrValidation matches 400 and 422 answers, and the client-side
	// *ValidationError raised before a request is sent.
	ErrValidation = errors.New("syncro: validation failed")
	// ErrServer matches 5xx answers.
	ErrServer = errors.New("syncro: server error")

	// ErrOutcomeUnknown is matched (errors.Is) by the error of a write that
	// may have been processed although the client cannot tell: the
	// connection was lost after the request was written, the attempt timed
	// out, the context ended while the request was out (the error matches
	// the context's error too), Syncro answered a POST with a 5xx, or a 2xx
	// came back with a body that cannot be read or a create's answer has no
	// usable id (0, negative, null or missing). Such a write is never resent
	// by the client; check the account before sending it again.
	ErrOutcomeUnknown = errors.New("syncro: the outcome of the write is unknown")
)

// maxErrorBody caps APIError.Body.
const maxErrorBody = 64 << 10

// APIError is returned for every answer from Syncro that is not a success.
// Messages holds every message Syncro sent, whatever the shape of its error
// body; FieldErrors holds per-field messages when Syncro sent a field map.
type APIError struct {
	StatusCode  int
	Method      string
	Path        string              // the API path without query, e.g. /customers/12
	Messages    []string            // every message Syncro sent, whatever the shape
	FieldErrors map[string][]string // when Syncro sent a field map
	RetryAfter  time.Duration       // from a Retry-After header, when present
	Attempts    int                 // how many times the request was sent
	Body        []byte              // the raw body, capped at 64 KiB

	permission bool // a 401 whose message says a permission is missing
}

// Error describes the failure in one line: operation, status, Syncro's
// messages and, for a 401, whether the token or a permission is at fault.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "syncro: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	msgs := e.Messages
	switch {
	case e.StatusCode == http.StatusUnauthorized && e.permission:
		b.WriteString(": the API token lacks a permission this call needs; an admin can add it under Admin > API - API Tokens")
	case e.StatusCode == http.StatusUnauthorized:
		b.WriteString(": the API token was refused (wrong, expired or revoked); create a new one under Admin > API - API Tokens")
	case e.StatusCode == http.StatusTooManyRequests && e.RetryAfter > 0:
		fmt.Fprintf(&b, ": Syncro allows 180 requests per minute per IP address and asked to wait %s (Retry-After)", e.RetryAfter)
	case e.StatusCode == http.StatusTooManyRequests:
		b.WriteString(": Syncro allows 180 requests per minute per IP address")
	}
	if len(msgs) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(msgs, "; "))
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	if e.StatusCode >= 500 && !idempotent(e.Method) {
		b.WriteString("; the request may have been processed: check before sending it again")
	}
	return b.String()
}

// Is reports whether the error matches one of the package's sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden || e.permission
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrServer:
		return e.StatusCode >= 500
	case ErrOutcomeUnknown:
		// A 5xx to a POST: Syncro may have done the work before failing.
		return e.StatusCode >= 500 && !idempotent(e.Method)
	}
	return false
}

// MissingPermission reports whether Syncro refused the call because the
// token lacks a permission (Syncro answers 401, not 403, for this).
func (e *APIError) MissingPermission() bool { return e.permission }

// ValidationError is returned before any request is sent when an input
// misses something Syncro requires or the caller declared required. It
// matches ErrValidation with errors.Is.
type ValidationError struct {
	Op     string   // the operation, e.g. "create customer"
	Fields []string // the wire names of the fields at fault
	Reason string   // what to fix
}

// Error implements error.
func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("syncro: %s: %s", e.Op, e.Reason)
	}
	return fmt.Sprintf("syncro: %s: %s: %s", e.Op, strings.Join(e.Fields, ", "), e.Reason)
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// permissionMessage matches Syncro's wording for a token that lacks a
// permission: "Not authorized. Please ask account admin to update your
// group permissions." A bare "Not authorized" is not enough: nothing says
// what Syncro answers for a wrong token, so only the word "permission"
// marks the permission case.
var permissionMessage = regexp.MustCompile(`(?i)permission`)

// newAPIError builds the error for a non-2xx answer, decoding whatever
// error body Syncro sent.
func newAPIError(resp *http.Response, method, path string, body []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Method:     method,
		Path:       path,
		Body:       capBytes(body, maxErrorBody),
	}
	e.Messages, e.FieldErrors = decodeErrorBody(resp.Header.Get("Content-Type"), body)
	if e.StatusCode == http.StatusUnauthorized {
		for _, m := range e.Messages {
			if permissionMessage.MatchString(m) {
				e.permission = true
			}
		}
	}
	return e
}

func capBytes(b []byte, n int) []byte {
	if len(b) > n {
		b = b[:n]
	}
	return append([]byte(nil), b...)
}

// decodeErrorBody turns every error body shape Syncro is known to send into
// a list of messages and, when there is one, a field map:
//
//	{"message": "Not found"} / {"message": ["..", ".."]}
//	{"error": "Customer required field"} / {"error": [".."]}
//	{"errors": "a, b"} / {"errors": [".."]} / {"errors": {"field": [".."]}}
//	{"errors": {"appointments": {"summary": [".."]}}} (nested maps)
//	{"success": false, "message": [..], "params": {..}}
//	{"record": {..}, "errors": "Email is not an email"}
//	{"customer_id": ["can't be blank"]} (a bare Rails field map)
//	{"login": false, "instructions": ".."}
//	an HTML page, plain text, or nothing.
func decodeErrorBody(contentType string, body []byte) ([]string, map[string][]string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		var v any
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			return messagesFromJSON(v)
		}
	}
	if looksLikeHTML(contentType, trimmed) {
		return []string{htmlSummary(trimmed)}, nil
	}
	return []string{shorten(string(trimmed), 300)}, nil
}

// envelopeKeys are the keys of Syncro's error envelopes that hold no
// message of their own.
var envelopeKeys = map[string]bool{"success": true, "params": true, "record": true, "login": true}

func messagesFromJSON(v any) ([]string, map[string][]string) {
	var msgs []string
	fields := map[string][]string{}
	switch x := v.(type) {
	case []any:
		msgs = appendStrings(msgs, x)
	case map[string]any:
		for _, key := range []string{"errors", "error", "message", "instructions"} {
			val, ok := x[key]
			if !ok {
				continue
			}
			if m, isMap := val.(map[string]any); isMap {
				collectFieldMap("", m, fields)
				continue
			}
			msgs = appendStrings(msgs, val)
		}
		if len(msgs) == 0 && len(fields) == 0 && isFieldMap(x) {
			collectFieldMap("", x, fields)
		}
	}
	if len(fields) == 0 {
		return msgs, nil
	}
	for _, name := range sortedKeys(fields) {
		for _, m := range fields[name] {
			msgs = append(msgs, name+" "+m)
		}
	}
	return msgs, fields
}

// isFieldMap reports whether a top-level object is a bare Rails error map:
// every value a string or a list of strings, and no envelope keys.
func isFieldMap(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k, v := range m {
		if envelopeKeys[k] {
			return false
		}
		switch x := v.(type) {
		case string:
		case []any:
			for _, item := range x {
				if _, ok := item.(string); !ok {
					return false
				}
			}
		case map[string]any:
			if !isFieldMap(x) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// collectFieldMap flattens {"a": {"b": ["m"]}} into fields["a.b"] = ["m"].
func collectFieldMap(prefix string, m map[string]any, fields map[string][]string) {
	for k, v := range m {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if sub, ok := v.(map[string]any); ok {
			collectFieldMap(name, sub, fields)
			continue
		}
		fields[name] = appendStrings(fields[name], v)
	}
}

func appendStrings(dst []string, v any) []string {
	switch x := v.(type) {
	case nil:
	case string:
		if s := strings.TrimSpace(x); s != "" {
			dst = append(dst, s)
		}
	case []any:
		for _, item := range x {
			dst = appendStrings(dst, item)
		}
	case json.Number:
		dst = append(dst, x.String())
	case bool:
		// "success": false and similar flags carry no message.
	default:
		if b, err := json.Marshal(x); err == nil {
			dst = append(dst, string(b))
		}
	}
	return dst
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func looksLikeHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	head := strings.ToLower(string(body[:min(len(body), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") || strings.Contains(head, "<body")
}

var (
	htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlH1    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// htmlSummary describes an HTML error page by its title or first heading.
func htmlSummary(body []byte) string {
	text := ""
	for _, re := range []*regexp.Regexp{htmlTitle, htmlH1} {
		if m := re.FindSubmatch(body); m != nil {
			text = strings.Join(strings.Fields(html.UnescapeString(htmlTag.ReplaceAllString(string(m[1]), " "))), " ")
			if text != "" {
				break
			}
		}
	}
	if text == "" {
		return "Syncro answered with an HTML page instead of JSON"
	}
	return fmt.Sprintf("Syncro answered with an HTML page instead of JSON (%q)", shorten(text, 120))
}

func shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// checkID refuses a non-positive id before any request.
func checkID(op, field string, id int64) error {
	if id <= 0 {
		return &ValidationError{Op: op, Fields: []string{field}, Reason: fmt.Sprintf("must be a positive id, got %d", id)}
	}
	return nil
}

// checkIDs checks several (field, id) pairs.
func checkIDs(op string, pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkID(op, pairs[i].(string), pairs[i+1].(int64)); err != nil {
			return err
		}
	}
	return nil
}
