package syncro

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Do sends a request to any endpoint of the API, also those the SDK has no
// service for, through the same limiter, retries, error decoding and
// redaction as the services: errors are *APIError, *DecodeError or a
// network error as for any call, and a write that may have been processed
// matches ErrOutcomeUnknown.
//
// method is GET, POST, PUT, PATCH or DELETE. path is relative to the API
// root, like "invoices/12" (a leading "/" is tolerated); an absolute URL, a
// "." or ".." segment, a query or a fragment in path are refused: pass the
// query in query. query is a struct with `url` tags (go-querystring), a
// url.Values, or nil. body is sent as JSON (a json.RawMessage as is); nil
// sends none. out, a pointer, receives the decoded JSON answer; nil
// discards it.
//
//	var out struct{ Invoice struct{ Number string } }
//	resp, err := client.Do(ctx, "GET", "invoices/12", nil, nil, &out)
//
// The *Response describes the last attempt (status, safe headers, attempts
// and a list answer's meta); it is nil when nothing was sent.
func (c *Client) Do(ctx context.Context, method, path string, query, body, out any) (*Response, error) {
	method = strings.ToUpper(strings.TrimSpace(method))
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, fmt.Errorf("syncro: Do: method %q: use GET, POST, PUT, PATCH or DELETE", method)
	}
	rel, err := apiRelativePath(path)
	if err != nil {
		return nil, fmt.Errorf("syncro: Do %s %q: %w", method, path, err)
	}
	decode := acceptJSON
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return nil, fmt.Errorf("syncro: Do %s /%s: out must be a non-nil pointer (or nil to discard the answer), got %T", method, rel, out)
		}
		decode = decodeInto(out)
	}
	resp := new(Response)
	err = c.do(ctx, request{method: method, path: rel, query: query, body: body, decode: decode, resp: resp})
	if resp.Attempts == 0 {
		resp = nil
	}
	return resp, err
}

// apiRelativePath checks a path given to Do and returns it escaped and
// relative to the API root, so that the request can never leave it.
func apiRelativePath(path string) (string, error) {
	p := strings.TrimSpace(path)
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return "", fmt.Errorf("empty path: give one relative to the API root, like \"invoices/12\"")
	}
	if strings.HasPrefix(p, "/") || strings.Contains(p, "://") || strings.Contains(p, `\`) {
		return "", fmt.Errorf("not a path relative to the API root: give one like \"invoices/12\", never a URL")
	}
	if strings.IndexFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("the path contains control characters")
	}
	u, err := url.Parse(p)
	if err != nil {
		return "", fmt.Errorf("not a valid path: %w", err)
	}
	switch {
	case u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "":
		return "", fmt.Errorf("not a path relative to the API root: give one like \"invoices/12\", never a URL")
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("the path has a query: pass it as Do's query argument")
	case u.Fragment != "" || strings.Contains(p, "#"):
		return "", fmt.Errorf("the path has a fragment (#): remove it")
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", fmt.Errorf("the path has a %q segment: it would leave the API root", seg)
		}
	}
	return u.EscapedPath(), nil
}
