package syncro

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// silentTransport never answers: each request ends when its context does,
// which is how net/http's Client.Timeout cuts an attempt short.
type silentTransport struct{ calls chan struct{} }

func (s silentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.calls <- struct{}{}
	<-r.Context().Done()
	return nil, r.Context().Err()
}

func (s silentTransport) count() int { return len(s.calls) }

func newSilentClient(t *testing.T, timeout time.Duration) (*Client, silentTransport) {
	t.Helper()
	tr := silentTransport{calls: make(chan struct{}, 100)}
	c, err := NewClient("acme", canaryToken, WithHTTPClient(&http.Client{Transport: tr, Timeout: timeout}),
		WithRateLimit(0), withClock(newFakeClock()))
	require.NoError(t, err)
	return c, tr
}

func TestAttemptTimeoutIsANetworkFailureNotTheCallersDeadline(t *testing.T) {
	t.Parallel()
	c, tr := newSilentClient(t, 10*time.Millisecond)
	_, err := c.Customers.Get(context.Background(), 1)
	require.Error(t, err)
	assert.Equal(t, 5, tr.count(), "a GET that timed out is retried")
	assert.False(t, errors.Is(err, context.DeadlineExceeded), "the caller's context did not end: %v", err)
	assert.True(t, strings.HasPrefix(err.Error(), "syncro: GET /customers/1: "), err.Error())
	assert.Contains(t, err.Error(), "(after 5 attempts)")
	assert.Contains(t, err.Error(), "the attempt timed out (the HTTP client's Timeout of 10ms; WithHTTPClient sets another)")
	assert.NotContains(t, err.Error(), "context deadline exceeded", "the caller's context did not end")
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
	assert.False(t, errors.Is(err, ErrOutcomeUnknown), "a GET changes nothing")

	c, tr = newSilentClient(t, 10*time.Millisecond)
	_, err = c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("Once")})
	require.Error(t, err)
	assert.Equal(t, 1, tr.count(), "a POST that timed out is never resent")
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.False(t, errors.Is(err, context.DeadlineExceeded))
	assert.True(t, strings.HasPrefix(err.Error(), "syncro: POST /customers: "), err.Error())
}

func TestCallersDeadlineStillReturnsTheContextError(t *testing.T) {
	t.Parallel()
	c, tr := newSilentClient(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.Customers.Get(ctx, 1)
	assert.Equal(t, context.DeadlineExceeded, err)
	assert.Equal(t, 1, tr.count())
}

// cutBody is a body that breaks off after a few bytes.
type cutBody struct{ sent bool }

func (b *cutBody) Read(p []byte) (int, error) {
	if b.sent {
		return 0, io.ErrUnexpectedEOF
	}
	b.sent = true
	return copy(p, `{"customer":{"id":`), nil
}
func (b *cutBody) Close() error { return nil }

func TestPOSTThatMayHaveBeenProcessedIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name    string
		method  string
		reply   httpmock.Responder
		unknown bool
	}{
		{"POST, connection lost after sending", "POST", httpmock.NewErrorResponder(reset), true},
		{"POST, 502", "POST", httpmock.NewStringResponder(502, "<html><title>502</title></html>"), true},
		{"POST, 500 JSON", "POST", jsonResponder(500, []byte(`{"error":"boom"}`)), true},
		{"POST, 2xx HTML", "POST", httpmock.NewStringResponder(200, "<html>Disabled</html>"), true},
		{"POST, 2xx body cut short", "POST", func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: &cutBody{}, Header: http.Header{}}, nil
		}, true},
		{"POST, 2xx without an id", "POST", jsonResponder(200, []byte(`{"customer":{"business_name":"X"}}`)), true},
		{"POST, connection refused", "POST", httpmock.NewErrorResponder(refused), false},
		{"POST, 429", "POST", httpmock.NewStringResponder(429, ""), false},
		{"POST, 422", "POST", jsonResponder(422, []byte(`{"errors":["bad"]}`)), false},
		{"GET, 502", "GET", httpmock.NewStringResponder(502, ""), false},
		{"GET, connection lost", "GET", httpmock.NewErrorResponder(reset), false},
		{"PUT, 2xx HTML", "PUT", httpmock.NewStringResponder(200, "<html>Disabled</html>"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			mt.RegisterResponder(tt.method, apiRoot+"customers", tt.reply)
			mt.RegisterResponder(tt.method, apiRoot+"customers/1", tt.reply)
			var err error
			switch tt.method {
			case "POST":
				_, err = c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("X")})
			case "PUT":
				_, err = c.Customers.Update(context.Background(), 1, &CustomerInput{BusinessName: Ptr("X")})
			default:
				_, err = c.Customers.Get(context.Background(), 1)
			}
			require.Error(t, err)
			assert.Equal(t, tt.unknown, errors.Is(err, ErrOutcomeUnknown), "%v", err)
			if tt.unknown {
				assert.Regexp(t, `may have (been processed|reached Syncro)`, err.Error())
			}
		})
	}
}

func TestCreateWithoutAUsableIDIsNeverASuccess(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	creates := []struct {
		name string
		path string
		key  string
		call func(*Client) (any, error)
	}{
		{"customer", "customers", "customer", func(c *Client) (any, error) {
			return c.Customers.Create(context.Background(), &CustomerInput{BusinessName: Ptr("X")})
		}},
		{"phone", "customers/1/phones", "phone", func(c *Client) (any, error) {
			return c.Customers.CreatePhone(context.Background(), 1, &PhoneInput{Number: Ptr("555")})
		}},
		{"contact", "contacts", "contact", func(c *Client) (any, error) {
			return c.Contacts.Create(context.Background(), &ContactInput{CustomerID: Ptr(int64(1)), Name: Ptr("X")})
		}},
		{"ticket", "tickets", "ticket", func(c *Client) (any, error) {
			return c.Tickets.Create(context.Background(), &TicketInput{CustomerID: Ptr(int64(1)), Subject: Ptr("X")})
		}},
		{"comment", "tickets/1/comment", "comment", func(c *Client) (any, error) {
			return c.Tickets.AddComment(context.Background(), 1, &CommentInput{Subject: "S", Body: "B"})
		}},
		{"asset", "customer_assets", "asset", func(c *Client) (any, error) {
			return c.Assets.Create(context.Background(), &AssetInput{Name: Ptr("X"), CustomerID: Ptr(int64(1)), AssetTypeName: Ptr("Laptop")})
		}},
		{"line item", "tickets/1/add_line_item", "ticket_line_item", func(c *Client) (any, error) {
			return c.Tickets.AddLineItem(context.Background(), 1, &LineItemInput{Name: Ptr("X"), Description: Ptr("Y")})
		}},
		{"timer", "tickets/1/timer_entry", "ticket_timer", func(c *Client) (any, error) {
			return c.Tickets.AddTimer(context.Background(), 1, &TimerInput{StartAt: &start})
		}},
	}
	ids := map[string]string{"zero": `"id":0,`, "negative": `"id":-7,`, "null": `"id":null,`, "missing": ``, "empty string": `"id":"",`}
	for _, cr := range creates {
		for idName, id := range ids {
			t.Run(cr.name+"/"+idName, func(t *testing.T) {
				t.Parallel()
				c, mt := newMockedClient(t)
				body := `{"` + cr.key + `":{` + id + `"name":"X"}}`
				mt.RegisterResponder("POST", apiRoot+cr.path, jsonResponder(200, []byte(body)))
				got, err := cr.call(c)
				require.Error(t, err, "a create answered without an id is not a success")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				assert.Contains(t, err.Error(), "no usable id")
				assert.True(t, isNilPointer(got), "no record with ID 0 is returned: %#v", got)
				assert.Equal(t, 1, mt.GetTotalCallCount(), "never resent")
			})
		}
	}
}

func isNilPointer(v any) bool {
	switch x := v.(type) {
	case *Customer:
		return x == nil
	case *Phone:
		return x == nil
	case *Contact:
		return x == nil
	case *Ticket:
		return x == nil
	case *Comment:
		return x == nil
	case *Asset:
		return x == nil
	case *TicketLineItem:
		return x == nil
	case *TicketTimer:
		return x == nil
	}
	return v == nil
}

func sumDurations(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total
}

func TestRetry429WithoutRetryAfterWaitsOutTheWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		limiter func(clock) Option
		window  time.Duration
	}{
		{"no limiter: Syncro's minute", func(clock) Option { return WithRateLimit(0) }, time.Minute},
		{"the limiter's window", func(clock) Option { return WithLimiter(&countingLimiter{window: 20 * time.Second}) }, 20 * time.Second},
		// A WindowLimiter also pauses on the 429 (Pauser): its waits count.
		{"a window limiter's window", func(clk clock) Option { return WithLimiter(newWindowLimiter(1000, 30*time.Second, clk)) }, 30 * time.Second},
		{"a limiter that does not say: a minute", func(clock) Option {
			return WithLimiter(limiterFunc(func(ctx context.Context) error { return ctx.Err() }))
		}, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			clk := newFakeClock()
			c, err := NewClient("acme", canaryToken, WithHTTPClient(&http.Client{Transport: mt}), withClock(clk), tt.limiter(clk))
			require.NoError(t, err)
			var sent []time.Time // on the client's clock
			mt.RegisterResponder("GET", apiRoot+"customers/1", func(*http.Request) (*http.Response, error) {
				sent = append(sent, clk.Now())
				return httpmock.NewStringResponse(429, `{"error":"Too many requests"}`), nil
			})
			_, err = c.Customers.Get(context.Background(), 1)
			require.ErrorIs(t, err, ErrRateLimited)
			require.GreaterOrEqual(t, len(sent), 2)
			last := len(sent) - 1
			assert.GreaterOrEqual(t, sent[last].Sub(sent[0]), tt.window, "the last try comes a full window after the first 429")
			if len(sent) > DefaultRetryPolicy().MaxAttempts {
				assert.Less(t, sent[last-1].Sub(sent[0]), tt.window, "and past MaxAttempts, no try more than needed")
			}
		})
	}
}

// limiterFunc adapts a function to Limiter.
type limiterFunc func(ctx context.Context) error

func (f limiterFunc) Wait(ctx context.Context) error { return f(ctx) }

func TestRetry429WindowStopsAtTheDeadlineAndForNoRetry(t *testing.T) {
	t.Parallel()
	c, mt, clk := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(429, ""))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Customers.Get(ctx, 1)
	require.ErrorIs(t, err, ErrRateLimited)
	// The fake clock's sleeps take no real time, so only single waits are
	// measured against the real deadline: none passes it, and the retries
	// end long before the window.
	for _, d := range clk.Sleeps() {
		assert.LessOrEqual(t, d, 10*time.Second, "no wait passes the deadline")
	}
	assert.Less(t, sumDurations(clk.Sleeps()), 30*time.Second, "the deadline ends the retries before the window")

	c, mt, clk = newTestClient(t, WithRetry(NoRetry()))
	mt.RegisterResponder("GET", apiRoot+"customers/1", httpmock.NewStringResponder(429, ""))
	_, err = c.Customers.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "NoRetry still means no retry")
	assert.Empty(t, clk.Sleeps())
}

func TestRetryPolicyZeroFieldsTakeDefaults(t *testing.T) {
	t.Parallel()
	c, err := NewClient("acme", canaryToken, WithRetry(RetryPolicy{BaseDelay: time.Millisecond}))
	require.NoError(t, err)
	def := DefaultRetryPolicy()
	assert.Equal(t, RetryPolicy{MaxAttempts: def.MaxAttempts, BaseDelay: time.Millisecond, MaxDelay: def.MaxDelay, MaxRetryAfter: def.MaxRetryAfter}, c.retry)

	c, err = NewClient("acme", canaryToken, WithRetry(RetryPolicy{BaseDelay: time.Minute}))
	require.NoError(t, err)
	assert.Equal(t, time.Minute, c.retry.MaxDelay, "a zero MaxDelay is never below BaseDelay")

	c, err = NewClient("acme", canaryToken, WithRetry(RetryPolicy{}))
	require.NoError(t, err)
	assert.Equal(t, def, c.retry)
}

func TestAPIError429SaysItsRetryAfter(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"customers/1",
		httpmock.NewStringResponder(429, "").HeaderSet(http.Header{"Retry-After": {"3600"}}))
	_, err := c.Customers.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "asked to wait 1h0m0s")
}

func TestWriteCanceledWhileOutIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	c, tr := newSilentClient(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	calls := tr.calls
	go func() {
		<-calls // the request is out
		cancel()
	}()
	_, err := c.Customers.Create(ctx, &CustomerInput{BusinessName: Ptr("X")})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled, "the context's error, as ever")
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "but the create may have happened")
	assert.Contains(t, err.Error(), "syncro: POST /customers: context canceled while the request was out")

	// A GET canceled the same way is just the context's error.
	c, tr = newSilentClient(t, 0)
	ctx, cancel = context.WithCancel(context.Background())
	calls = tr.calls
	go func() {
		<-calls
		cancel()
	}()
	_, err = c.Customers.Get(ctx, 1)
	assert.Equal(t, context.Canceled, err)
}
