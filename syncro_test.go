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
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientSubdomain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantURL string
		wantErr string
	}{
		{in: "acme", wantURL: "https://acme.syncromsp.com/api/v1/"},
		{in: "  Acme-IT ", wantURL: "https://acme-it.syncromsp.com/api/v1/"},
		{in: "acme.syncromsp.com", wantErr: "give just the subdomain, e.g. acme"},
		{in: "https://acme.syncromsp.com", wantErr: "give just the subdomain, e.g. acme"},
		{in: "https://contoso.syncromsp.com/api/v1", wantErr: "give just the subdomain, e.g. contoso"},
		{in: "acme:443", wantErr: "give just the subdomain"},
		{in: "-acme", wantErr: "not a valid subdomain"},
		{in: "ac me", wantErr: "not a valid subdomain"},
		{in: strings.Repeat("a", 64), wantErr: "not a valid subdomain"},
		{in: "", wantErr: "no account given"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := NewClient(tt.in, "Tabc-def")
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantURL, c.BaseURL())
		})
	}
}

func TestNewClientToken(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "   ", "\t\n"} {
		_, err := NewClient("acme", tok)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "empty API token")
	}
	_, err := NewClient("acme", "Tabc def")
	require.ErrorContains(t, err, "spaces or control characters")
	_, err = NewClient("acme", "Tabc\r\nX-Evil: 1")
	require.ErrorContains(t, err, "spaces or control characters")

	c, err := NewClient("acme", "  Tabc-def\n")
	require.NoError(t, err, "surrounding whitespace from a copy-paste is trimmed")
	assert.Equal(t, "Tabc-def", c.token())
}

func TestWithBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "https://acme.syncromsp.com/api/v1", want: "https://acme.syncromsp.com/api/v1/"},
		{in: "https://acme.syncromsp.com", want: "https://acme.syncromsp.com/api/v1/"},
		{in: "https://acme.repairshopr.com/", want: "https://acme.repairshopr.com/api/v1/"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080/api/v1/"},
		{in: "http://localhost:9999/api/v1/", want: "http://localhost:9999/api/v1/"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080/api/v1/"},
		{in: "https://proxy.internal/syncro/api/v1", want: "https://proxy.internal/syncro/api/v1/"},
		{in: "http://acme.syncromsp.com", wantErr: "plain http"},
		{in: "http://10.0.0.5:8080", wantErr: "plain http"},
		{in: "ftp://acme.syncromsp.com", wantErr: "must use https"},
		{in: "acme.syncromsp.com", wantErr: "not an absolute URL"},
		{in: "https://user:secret@acme.syncromsp.com", wantErr: "must not carry a user or password"},
		{in: "https://acme.syncromsp.com/api/v1?api_key=secret", wantErr: "must not have a query"},
		{in: "https://acme.syncromsp.com/api/v1#api_key=secret", wantErr: "must not have a query"},
		{in: "acme.syncromsp.com/api/v1?api_key=secret", wantErr: "not an absolute URL"},
		{in: "http://10.0.0.5/api/v1?api_key=secret", wantErr: "must not have a query"},
		{in: "https://user:secret@[::1", wantErr: "not an absolute URL"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := NewClient("", "Tabc-def", WithBaseURL(tt.in))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "secret")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.BaseURL())
		})
	}
}

func TestWithBaseURLRefusesForceQueryBadPortsAndDotSegments(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, wantErr string }{
		{"https://acme.syncromsp.com/api/v1?", `ends with "?": remove it`},
		{"https://acme.syncromsp.com?", `ends with "?"`},
		{"https://acme.syncromsp.com:0/api/v1", `port "0": give a port from 1 to 65535`},
		{"https://acme.syncromsp.com:65536/api/v1", `port "65536"`},
		{"http://127.0.0.1:99999999999999999999", `port "99999999999999999999"`},
		{"https://acme.syncromsp.com:/api/v1", `port "": give a port from 1 to 65535`},
		{"https://acme.syncromsp.com/api/v1/..", `".." segment`},
		{"https://acme.syncromsp.com/other/../api/v1", `".." segment`},
		{"https://acme.syncromsp.com/./api/v1", `"." segment`},
		{"https://acme.syncromsp.com/api/%2e%2e/v1", `".." segment`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := NewClient("", "Tabc-def", WithBaseURL(tt.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	for _, ok := range []string{"https://acme.syncromsp.com:443/api/v1", "http://127.0.0.1:1", "http://[::1]:65535/api/v1", "https://acme.syncromsp.com/api.v1/"} {
		_, err := NewClient("", "Tabc-def", WithBaseURL(ok))
		assert.NoError(t, err, ok)
	}
}

func TestBaseURLWinsOverSubdomain(t *testing.T) {
	t.Parallel()
	c, err := NewClient("acme", "Tabc-def", WithBaseURL("http://127.0.0.1:1234"))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:1234/api/v1/", c.BaseURL())
	_, err = NewClient("acme.syncromsp.com", "Tabc-def", WithBaseURL("http://127.0.0.1:1234"))
	require.Error(t, err, "a malformed subdomain is refused even with a base URL")
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"nil http client", WithHTTPClient(nil), "nil *http.Client"},
		{"negative rate", WithRateLimit(-1), "must be 0 (off) or positive"},
		{"nil limiter", WithLimiter(nil), "nil Limiter"},
		{"negative attempts", WithRetry(RetryPolicy{MaxAttempts: -1}), "MaxAttempts must be at least 1"},
		{"max below base", WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: 2e9, MaxDelay: 1e9}), "shorter than BaseDelay"},
		{"user agent control", WithUserAgent("x\r\ny"), "control characters"},
		{"unknown required field", WithRequiredCustomerFields("business_name", "colour"), `"colour" is not a customer field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewClient("acme", "Tabc-def", tt.opt)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestLimiterOptionsLastWins(t *testing.T) {
	t.Parallel()
	shared := NewLimiter(10)
	c, err := NewClient("acme", "Tabc-def", WithRateLimit(5), WithLimiter(shared))
	require.NoError(t, err)
	assert.Same(t, shared, c.limiter)
	c, err = NewClient("acme", "Tabc-def", WithLimiter(shared), WithRateLimit(5))
	require.NoError(t, err)
	assert.Equal(t, 5, c.limiter.(*WindowLimiter).Limit())
}

func TestNewClientFromEnv(t *testing.T) {
	t.Setenv(EnvSubdomain, "")
	t.Setenv(EnvBaseURL, "")
	t.Setenv(EnvToken, "")
	_, err := NewClientFromEnv()
	require.ErrorContains(t, err, EnvToken+" is not set")

	t.Setenv(EnvToken, "Tabc-def")
	_, err = NewClientFromEnv()
	require.ErrorContains(t, err, EnvSubdomain)

	t.Setenv(EnvSubdomain, "https://acme.syncromsp.com")
	_, err = NewClientFromEnv()
	require.ErrorContains(t, err, "give just the subdomain, e.g. acme")
	assert.Contains(t, err.Error(), "from "+EnvSubdomain)

	t.Setenv(EnvSubdomain, "acme")
	c, err := NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://acme.syncromsp.com/api/v1/", c.BaseURL())

	t.Setenv(EnvSubdomain, "")
	t.Setenv(EnvBaseURL, "http://127.0.0.1:8080")
	c, err = NewClientFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:8080/api/v1/", c.BaseURL())

	c, err = NewClientFromEnv(WithBaseURL("http://127.0.0.1:9090"))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9090/api/v1/", c.BaseURL(), "explicit options override the environment")
}

func TestWithHTTPClientIsCopied(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Transport: httpmock.NewMockTransport()}
	c, err := NewClient("acme", "Tabc-def", WithHTTPClient(hc))
	require.NoError(t, err)
	assert.NotSame(t, hc, c.hc)
	assert.Nil(t, hc.CheckRedirect)
	assert.Zero(t, hc.Timeout, "the caller's client is not mutated")
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithUserAgent("acme-portal/2.1"))
	var got *http.Request
	var body []byte
	mt.RegisterResponder("POST", apiRoot+"customers", func(r *http.Request) (*http.Response, error) {
		got = r
		body, _ = io.ReadAll(r.Body)
		return httpmock.NewBytesResponse(200, []byte(`{"customer":{"id":5,"business_name":"New Co"}}`)), nil
	})
	cu, err := c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("New Co"), GetSms: Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, int64(5), cu.ID)

	assert.Equal(t, "Bearer "+canaryToken, got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"), "Syncro answers an HTML 400 without it")
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, "acme-portal/2.1 syncro-go/"+Version, got.Header.Get("User-Agent"))
	assert.NotContains(t, got.URL.String(), canaryToken)
	assert.JSONEq(t, `{"business_name":"New Co","get_sms":false}`, string(body), "only set fields are sent, false included")
}

func TestGetSendsNoContentType(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/7", func(r *http.Request) (*http.Response, error) {
		assert.Empty(t, r.Header.Get("Content-Type"))
		assert.Equal(t, "syncro-go/"+Version, r.Header.Get("User-Agent"))
		return httpmock.NewBytesResponse(200, fixture(t, "customer_detail.json")), nil
	})
	_, err := c.Customers.Get(context.Background(), 7)
	require.NoError(t, err)
}

func TestPathSegmentsEscaped(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "customers/12/phones/3", apiPath("customers", int64(12), "phones", int64(3)))
	assert.Equal(t, "tickets/a%2Fb%3Fc=d/x", apiPath("tickets", "a/b?c=d", "x"))
	assert.Equal(t, "x/..%2Fadmin", apiPath("x", "../admin"))
}

func TestQueryThroughQuerystring(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var query string
	mt.RegisterResponder("GET", apiRoot+"customers", func(r *http.Request) (*http.Response, error) {
		query = r.URL.RawQuery
		return httpmock.NewBytesResponse(200, fixture(t, "customers_page.json")), nil
	})
	_, err := c.Customers.List(context.Background(), &CustomerListOptions{
		ListOptions:     ListOptions{Page: 2, PerPage: 25},
		Query:           "acme & sons",
		Firstname:       "Jo",
		Lastname:        "Do",
		BusinessName:    "Acme",
		Email:           "a@b.example",
		ID:              []int64{1, 2},
		NotID:           []int64{3},
		IncludeDisabled: true,
		Sort:            "firstname ASC",
	})
	require.NoError(t, err)
	assert.Equal(t, "business_name=Acme&email=a%40b.example&firstname=Jo&id%5B%5D=1&id%5B%5D=2&include_disabled=true&lastname=Do&not_id%5B%5D=3&page=2&per_page=25&query=acme+%26+sons&sort=firstname+ASC", query)

	_, err = c.Customers.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, query, "List with nil options sends no query")
}

func TestNonJSONSuccessIsAnError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"plain text", "Disabled"},
		{"html page", "<!DOCTYPE html><html><title>Maintenance</title></html>"},
		{"empty", ""},
		{"truncated", `{"customer":{"id":1,"business_`},
		{"wrong shape", `{"contacts":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
			mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(200, tt.body))
			cu, err := c.Customers.Get(context.Background(), 1)
			require.Error(t, err)
			assert.Nil(t, cu)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Equal(t, "/customers/1", de.Path)
			assert.Contains(t, err.Error(), "GET /customers/1: 200 OK but the body could not be read")
		})
	}
}

func TestNonJSONSuccessOnGETIsRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		httpmock.NewStringResponder(200, "<html><title>Proxy error</title></html>").
			Then(httpmock.NewBytesResponder(200, fixture(t, "customer_detail.json"))))
	cu, err := c.Customers.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, "test biz", cu.BusinessName)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestNonJSONSuccessOnPOSTIsNotRetried(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("POST", apiRoot+"customers", httpmock.NewStringResponder(200, "<html>oops</html>"))
	_, err := c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("X")})
	require.Error(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the record may exist: never resend")
	assert.Contains(t, err.Error(), "may have been processed")
}

func TestResponseBodyCapped(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	mt.RegisterResponder("GET", apiRoot+"customers/1", func(*http.Request) (*http.Response, error) {
		big := io.MultiReader(strings.NewReader(`{"customer":{"notes":"`), io.LimitReader(neverEnding('x'), maxResponseBody+10))
		return &http.Response{StatusCode: 200, Body: io.NopCloser(big), Header: http.Header{}}, nil
	})
	_, err := c.Customers.Get(context.Background(), 1)
	require.ErrorContains(t, err, "larger than 32 MiB")
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestValidationBeforeRequest(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	ctx := context.Background()
	_, err := c.Customers.Get(ctx, 0)
	require.ErrorIs(t, err, ErrValidation)
	_, err = c.Customers.Update(ctx, -3, &CustomerInput{})
	require.ErrorContains(t, err, "must be a positive id, got -3")
	require.Error(t, c.Customers.Delete(ctx, 0))
	_, err = c.Customers.Create(ctx, nil)
	require.Error(t, err)
	_, err = c.Contacts.Get(ctx, 0)
	require.Error(t, err)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

// TestTokenNeverLeaks drives a client with a recognisable token through
// failures and checks the token appears in no error, log record or printed
// form of the client.
func TestTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt, _ := newTestClient(t, WithLogger(logger), WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: 1, MaxDelay: 1, MaxRetryAfter: 1}))

	echo := fmt.Sprintf(`{"error":"token %s is not valid"}`, canaryToken)
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(401, echo))
	mt.RegisterResponder("GET", apiRoot+"customers/2", httpmock.NewStringResponder(503, "<html><title>down "+canaryToken+"</title></html>"))
	mt.RegisterResponder("GET", apiRoot+"customers/3", httpmock.NewErrorResponder(fmt.Errorf("dial tcp: token %s refused", canaryToken)))
	mt.RegisterResponder("GET", apiRoot+"customers/4", httpmock.NewStringResponder(200, "not json "+canaryToken))
	mt.RegisterResponder("GET", apiRoot+"customers/5", httpmock.NewStringResponder(200, `{"customer":{"id":"`+canaryToken+`"}}`))
	mt.RegisterResponder("POST", apiRoot+"customers", httpmock.NewStringResponder(422, `{"success":false,"message":["`+canaryToken+`"]}`))

	ctx := context.Background()
	var errs []error
	for id := int64(1); id <= 5; id++ {
		_, err := c.Customers.Get(ctx, id)
		require.Error(t, err)
		errs = append(errs, err)
	}
	_, err := c.Customers.Create(ctx, &CustomerInput{BusinessName: Ptr("X")})
	errs = append(errs, err)

	for _, err := range errs {
		assert.NotContains(t, err.Error(), canaryToken)
		assert.NotContains(t, fmt.Sprintf("%+v", err), canaryToken)
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assert.NotContains(t, string(apiErr.Body), canaryToken)
			assert.NotContains(t, strings.Join(apiErr.Messages, " "), canaryToken)
		}
	}
	require.NotEmpty(t, logs.String(), "retries were logged")
	assert.NotContains(t, logs.String(), canaryToken)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, c), canaryToken, verb)
		assert.NotContains(t, fmt.Sprintf(verb, *c), canaryToken, verb)
		assert.NotContains(t, fmt.Sprintf(verb, c.Customers), canaryToken, verb)
	}
	b, _ := json.Marshal(c)
	assert.NotContains(t, string(b), canaryToken)
}
