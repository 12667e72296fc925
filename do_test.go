package syncro

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDoReachesAnyEndpoint(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var query string
	mt.RegisterResponder("GET", apiRoot+"invoices",
		recordQuery(&query, httpmock.NewStringResponder(503, ""),
			jsonResponder(200, []byte(`{"invoices":[{"id":12,"number":"1001"}],"meta":{"page":2,"total_pages":"3","total_entries":250,"per_page":100}}`)).
				HeaderAdd(http.Header{"X-Request-Id": {"abc"}, "Set-Cookie": {"_session=s3cr3t"}, "X-Echo": {"Bearer " + canaryToken}})))
	var out struct {
		Invoices []struct {
			ID     int64  `json:"id"`
			Number string `json:"number"`
		} `json:"invoices"`
	}
	type invoiceQuery struct {
		Paid bool `url:"paid,omitempty"`
		Page int  `url:"page"`
	}
	resp, err := c.Do(context.Background(), "get", "/invoices", invoiceQuery{Paid: true, Page: 2}, nil, &out)
	require.NoError(t, err)
	require.Len(t, out.Invoices, 1)
	assert.Equal(t, "1001", out.Invoices[0].Number)
	require.NotNil(t, resp)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 2, resp.Attempts, "retried through the same policy")
	assert.Equal(t, Meta{Page: 2, TotalPages: 3, TotalEntries: 250, PerPage: 100}, resp.Meta)
	assert.Equal(t, "abc", resp.Header.Get("X-Request-Id"))
	assert.Empty(t, resp.Header.Values("Set-Cookie"), "no session secret")
	assert.Empty(t, resp.Header.Values("X-Echo"), "no header holding the token")
	assert.Equal(t, "page=2&paid=true", query)
}

// recordQuery notes the query of each request it passes on to the responders
// of sequence.
func recordQuery(query *string, rs ...httpmock.Responder) httpmock.Responder {
	next := sequence(rs...)
	return func(r *http.Request) (*http.Response, error) {
		*query = r.URL.RawQuery
		return next(r)
	}
}

func TestDoSendsJSONAndSharesTheErrorsOfTheServices(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", apiRoot+"invoices/12/email", func(r *http.Request) (*http.Response, error) {
		sent = readBody(r)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		return httpmock.NewStringResponse(502, "<html><title>Bad gateway</title></html>"), nil
	})
	resp, err := c.Do(context.Background(), http.MethodPost, "invoices/12/email", url.Values{"x": {"1"}}, map[string]any{"to": "a@b.test"}, nil)
	require.Error(t, err)
	assert.JSONEq(t, `{"to":"a@b.test"}`, sent)
	assert.ErrorIs(t, err, ErrServer)
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "a POST answered 5xx may have been processed")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "never resent")
	require.NotNil(t, resp)
	assert.Equal(t, 502, resp.StatusCode)

	mt.RegisterResponder("DELETE", apiRoot+"products/3", jsonResponder(404, []byte(`{"message":"Not found `+canaryToken+`"}`)))
	_, err = c.Do(context.Background(), "DELETE", "products/3", nil, nil, nil)
	require.ErrorIs(t, err, ErrNotFound)
	assertNoToken(t, err.Error())

	mt.RegisterResponder("PUT", apiRoot+"raw", jsonResponder(200, []byte(`{"ok":true}`)))
	var got map[string]bool
	_, err = c.Do(context.Background(), "PUT", "raw", nil, json.RawMessage(`{"a":1}`), &got)
	require.NoError(t, err)
	assert.True(t, got["ok"])
}

func TestDoRefusesPathsOutsideTheAPIRoot(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	for _, p := range []string{
		"", "/", "https://evil.test/api/v1/customers", "//evil.test/customers", "http:evil.test", "customers/../../admin",
		"../customers", "customers/%2e%2e/x", "./customers", "customers?page=2", "customers#x", `customers\..\x`, "customers/\n1",
		"mailto:x@y.test",
	} {
		_, err := c.Do(context.Background(), "GET", p, nil, nil, nil)
		require.Error(t, err, p)
	}
	_, err := c.Do(context.Background(), "TRACE", "customers", nil, nil, nil)
	require.Error(t, err)
	var notPtr struct{}
	_, err = c.Do(context.Background(), "POST", "customers", nil, map[string]string{}, notPtr)
	require.ErrorContains(t, err, "non-nil pointer")
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing was sent")

	mt.RegisterResponder("GET", apiRoot+"customers/a%20b", jsonResponder(200, []byte(`{}`)))
	_, err = c.Do(context.Background(), "GET", "customers/a b", nil, nil, nil)
	require.NoError(t, err, "segments are escaped")
}

func TestResponseCaptureOnTypedCalls(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers", sequence(httpmock.NewStringResponder(429, ""),
		httpmock.NewBytesResponder(200, fixture(t, "customers_page.json")).HeaderAdd(http.Header{"X-Runtime": {"0.05"}, "Authorization": {"Bearer x"}})))
	var resp Response
	ctx := WithResponseCapture(context.Background(), &resp)
	page, err := c.Customers.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 2, resp.Attempts)
	assert.Equal(t, page.Meta, resp.Meta)
	assert.Equal(t, "0.05", resp.Header.Get("X-Runtime"))
	assert.Empty(t, resp.Header.Get("Authorization"))

	mt.RegisterResponder("GET", apiRoot+"customers/9", jsonResponder(404, []byte(`{"message":"Not found"}`)))
	_, err = c.Customers.Get(ctx, 9)
	require.True(t, errors.Is(err, ErrNotFound))
	assert.Equal(t, 404, resp.StatusCode, "failures are captured too")
	assert.Equal(t, Meta{}, resp.Meta)

	assert.Equal(t, context.Background(), WithResponseCapture(context.Background(), nil))
}

func TestTheTokenNeverGoesInAURL(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	for _, tc := range []struct {
		path  string
		query any
	}{
		{"customers/" + canaryToken, nil},
		{"customers", url.Values{"api_key": {canaryToken}}},
		{"customers", url.Values{"q": {canaryToken[3:14]}}},
	} {
		_, err := c.Do(context.Background(), "GET", tc.path, tc.query, nil, nil)
		require.ErrorContains(t, err, "never in a path or query")
		assertNoToken(t, err.Error())
	}
	assert.Equal(t, 0, mt.GetTotalCallCount())
}
