package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spell writes s with each character escaped by format (like `\u%04x`).
func spell(s, format string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, format, r)
	}
	return b.String()
}

func TestRedactorFindsTheTokenInEveryDisguise(t *testing.T) {
	t.Parallel()
	r := newRedactor(canaryToken)
	half := len(canaryToken) / 2
	tests := []struct {
		name, in string
	}{
		{"whole", "token " + canaryToken + " refused"},
		{"JSON escapes", `token ` + spell(canaryToken, `\u%04x`) + ` refused`},
		{"JSON escapes, upper hex", `token ` + spell(canaryToken, `\u%04X`) + ` refused`},
		{"some characters escaped", `token ` + canaryToken[:3] + spell(canaryToken[3:6], `\u%04x`) + canaryToken[6:] + ` refused`},
		{"HTML decimal entities", `token ` + spell(canaryToken, `&#%d;`) + ` refused`},
		{"HTML hex entities", `token ` + spell(canaryToken, `&#x%x;`) + ` refused`},
		{"URL escapes", `token ` + spell(canaryToken, `%%%02X`) + ` refused`},
		{"the first 8 characters", "token " + canaryToken[:8] + "... refused"},
		{"the last 9 characters", "token ..." + canaryToken[len(canaryToken)-9:] + " refused"},
		{"cut in two", "token " + canaryToken[:half] + "\n" + canaryToken[half:] + " refused"},
		{"twice", canaryToken + canaryToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.redact(tt.in)
			assert.Contains(t, got, "[REDACTED]")
			for i := 0; i+redactGram <= len(canaryToken); i++ {
				assert.NotContains(t, got, canaryToken[i:i+redactGram])
			}
			assert.NotContains(t, strings.ToLower(got), `\u0054`)
			assert.NotContains(t, got, "&#84;")
		})
	}
	// Text without the token is left alone, and 7 characters are not a run.
	for _, s := range []string{"", "plain text", `{"a":"\u00e9 &amp; 100%"}`, "Tcanary", canaryToken[:redactGram-1] + " x"} {
		assert.Equal(t, s, r.redact(s))
	}
	assert.Equal(t, "a [REDACTED] b", newRedactor("short").redact("a short b"), "a short token is redacted whole")
	assert.Equal(t, "[REDACTED]", fmt.Sprintf("%v", r))
}

func TestTokenEchoedEscapedOrInPartNeverLeaks(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	c, mt, _ := newTestClient(t, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		WithRetry(RetryPolicy{MaxAttempts: 2}))
	escaped := spell(canaryToken, `\u%04x`)
	body := `{"errors":{"api_key":["` + escaped + ` is not valid"],"name":["was ` + canaryToken[2:12] + `"]},"message":"` +
		spell(canaryToken, `&#%d;`) + `"}`
	mt.RegisterResponder("PUT", apiRoot+"customers/1", jsonResponder(422, []byte(body)))
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(200, "<html>"+spell(canaryToken, "&#x%x;")+"</html>"))
	mt.RegisterResponder("GET", apiRoot+"customers/2", httpmock.NewStringResponder(503, `{"error":"`+escaped+`"}`))

	_, err1 := c.Customers.Update(context.Background(), 1, &CustomerInput{Notes: Ptr("x")})
	_, err2 := c.Customers.Get(context.Background(), 1)
	_, err3 := c.Customers.Get(context.Background(), 2)
	for _, err := range []error{err1, err2, err3} {
		require.Error(t, err)
		assertNoToken(t, err.Error())
		assertNoToken(t, fmt.Sprintf("%+v %#v", err, err))
	}
	var apiErr *APIError
	require.ErrorAs(t, err1, &apiErr)
	assertNoToken(t, string(apiErr.Body))
	assertNoToken(t, strings.Join(apiErr.Messages, " "))
	assertNoToken(t, fmt.Sprint(apiErr.FieldErrors))
	assert.Contains(t, apiErr.FieldErrors["api_key"][0], "[REDACTED]")
	var de *DecodeError
	require.ErrorAs(t, err2, &de)
	assertNoToken(t, de.Snippet)
	assertNoToken(t, logs.String())
}

// assertNoToken fails when s holds the canary token, escaped or in part.
func assertNoToken(t *testing.T, s string) {
	t.Helper()
	for _, form := range []string{canaryToken, spell(canaryToken, `\u%04x`), spell(canaryToken, `&#%d;`), spell(canaryToken, `&#x%x;`)} {
		for i := 0; i+redactGram <= len(form) && i < len(form); i += 4 {
			end := min(i+redactGram*6, len(form))
			require.NotContains(t, s, form[i:end])
		}
	}
	for i := 0; i+redactGram <= len(canaryToken); i++ {
		require.NotContains(t, s, canaryToken[i:i+redactGram])
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	// The other origin: another port on loopback, which records whether
	// the token or the body reached it.
	var gotAuth, gotBody []string
	other := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		gotBody = append(gotBody, readBody(r))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"customer":{"id":1}}`))
	})
	api := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/api/v1"+strings.TrimPrefix(r.URL.Path, "/api/v1")+"?x=1", http.StatusFound)
	})
	c, err := NewClient("", canaryToken, WithBaseURL(api.URL), WithRateLimit(0), WithRetry(NoRetry()))
	require.NoError(t, err)
	_, err = c.Customers.Get(context.Background(), 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirected the request to "+other.URL+"/api/v1/customers/1")
	assert.Contains(t, err.Error(), "does not follow redirects")
	assertNoToken(t, err.Error())
	_, err = c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("Secret Co")})
	require.Error(t, err)
	assert.Empty(t, gotAuth, "nothing reached the other origin: neither the token nor the body")
	assert.Empty(t, gotBody)

	// The caller's own client may follow redirects; the API client still does not.
	c, err = NewClient("", canaryToken, WithBaseURL(api.URL), WithRateLimit(0), WithRetry(NoRetry()),
		WithHTTPClient(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}))
	require.NoError(t, err)
	_, err = c.Customers.Get(context.Background(), 1)
	require.Error(t, err)
	assert.Empty(t, gotAuth)
}

// httptestServer starts a loopback server closed at the end of the test.
func httptestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// BenchmarkRedact runs the redactor on a 64 KiB error body without the
// token (JSON with escapes and entities), against a strings.Contains scan
// for the whole token (the old check, which found neither parts nor
// escapes) and json.Valid over the same bytes (the error path decodes them).
func BenchmarkRedact(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 64<<10 {
		sb.WriteString(`{"errors":{"business_name":["can\u0027t be blank &amp; must be unique"],"email":["abcdefghij1234567890 is not an email"]},"id":1234567890},`)
	}
	body := sb.String()
	r := newRedactor(canaryToken)
	b.Run("contains", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			if strings.Contains(body, canaryToken) {
				b.Fatal("token found")
			}
		}
	})
	// The error path decodes the body as JSON anyway: a scan of it is the
	// cost redaction should stay near.
	b.Run("json.Valid baseline", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		data := []byte("[" + strings.TrimSuffix(body, ",") + "]")
		for i := 0; i < b.N; i++ {
			if !json.Valid(data) {
				b.Fatal("not JSON")
			}
		}
	})
	b.Run("redactor", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			if r.redact(body) != body {
				b.Fatal("text changed")
			}
		}
	})
}

// TestNoDumpOfTheClientShowsTheToken prints the client's fields the way
// a reflection-based dumper would (every unexported field, Go syntax):
// neither the token nor the redactor's pieces of it are reachable.
func TestNoDumpOfTheClientShowsTheToken(t *testing.T) {
	t.Parallel()
	c, _, _ := newTestClient(t)
	v := *c // a copy: fmt prints its fields, as %#v of a struct does
	out := fmt.Sprintf("%#v %+v", v, v)
	assertNoToken(t, out)
	for i := 0; i+redactGram <= len(canaryToken); i++ {
		var g uint64
		for _, ch := range []byte(canaryToken[i : i+redactGram]) {
			g = g<<8 | uint64(ch)
		}
		assert.NotContains(t, out, fmt.Sprint(g), "a packed piece of the token")
		assert.NotContains(t, out, fmt.Sprintf("0x%x", g), "a packed piece of the token")
	}
}
