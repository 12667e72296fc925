package syncrotest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestStatusFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault       syncrotest.Fault
		status      int
		ctype, body string
		retryAfter  string
	}{
		{syncrotest.StatusFault(429), 429, "text/plain", "Retry later", ""},
		{syncrotest.StatusFault(429).WithRetryAfter("2"), 429, "text/plain", "Retry later", "2"},
		{syncrotest.StatusFault(500), 500, "application/json", `{"error":"Internal Server Error","status":500}`, ""},
		{syncrotest.StatusFault(502), 502, "text/html", "<title>502 Bad Gateway</title>", ""},
		{syncrotest.StatusFault(503), 503, "text/html", "<title>503 Service Unavailable</title>", ""},
		{syncrotest.StatusFault(504), 504, "text/html", "<title>504 Gateway Timeout</title>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, syncrotest.WithFaults(syncrotest.OnNth(2, tt.fault)))
			assert.Equal(t, http.StatusOK, send(t, srv, http.MethodGet, "/me", nil).Status)
			r := send(t, srv, http.MethodGet, "/me", nil)
			assert.Equal(t, tt.status, r.Status)
			assert.Contains(t, r.Header.Get("Content-Type"), tt.ctype)
			assert.Contains(t, string(r.Body), tt.body)
			assert.Equal(t, tt.retryAfter, r.Header.Get("Retry-After"))
			assert.Equal(t, http.StatusOK, send(t, srv, http.MethodGet, "/me", nil).Status, "only the 2nd")

			log := srv.Requests()
			require.Len(t, log, 3)
			assert.Equal(t, syncrotest.FaultStatus, log[1].Fault)
			assert.False(t, log[1].Processed)
			assert.Equal(t, tt.status, log[1].Status)
			assert.Equal(t, 1, srv.Stats().Faults)
		})
	}
}

func TestConnectionFaults(t *testing.T) {
	t.Parallel()
	t.Run("reset", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.ResetFault())))
		_, err := try(srv, http.MethodGet, "/me", nil)
		require.Error(t, err)
		log := srv.Requests()
		require.Len(t, log, 1)
		assert.Equal(t, 0, log[0].Status)
		assert.Equal(t, syncrotest.FaultReset, log[0].Fault)
		assert.False(t, log[0].Processed)
	})
	t.Run("truncate", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithDemoData(), syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.TruncateFault())))
		_, err := try(srv, http.MethodGet, "/customers", nil)
		require.Error(t, err)
		assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
		log := srv.Requests()
		assert.True(t, log[0].Processed, "a truncated answer was produced first")
		assert.True(t, log[0].FaultAfter)
		assert.Equal(t, http.StatusOK, log[0].Status)
	})
	t.Run("html", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.HTMLFault())))
		r := send(t, srv, http.MethodGet, "/me", nil)
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, r.Header.Get("Content-Type"), "text/html")
		assert.Contains(t, string(r.Body), "<!DOCTYPE html>")
	})
	t.Run("delay", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.DelayFault(150*time.Millisecond))))
		start := time.Now()
		r := send(t, srv, http.MethodGet, "/me", nil)
		assert.Equal(t, http.StatusOK, r.Status)
		assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
		assert.True(t, srv.Requests()[0].Processed)
		assert.False(t, srv.Requests()[0].FaultAfter, "the delay came before processing")
	})
	t.Run("delay ends when the server closes", func(t *testing.T) {
		t.Parallel()
		srv := syncrotest.NewServer(syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.DelayFault(time.Hour).AfterProcessing())))
		done := make(chan error, 1)
		go func() {
			_, err := try(srv, http.MethodPost, "/customers", map[string]any{"business_name": "Slow"})
			done <- err
		}()
		// The write happens before the delay: once it shows, the request is
		// waiting in the server.
		require.Eventually(t, func() bool { return srv.Counts().Customers == 1 }, 10*time.Second, time.Millisecond)
		srv.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Close did not end the delay")
		}
	})
}

func TestFaultsBeforeAndAfterProcessing(t *testing.T) {
	t.Parallel()
	for _, f := range []syncrotest.Fault{syncrotest.StatusFault(500), syncrotest.StatusFault(503), syncrotest.ResetFault(), syncrotest.HTMLFault()} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, syncrotest.WithFaults(
				syncrotest.FaultRule{Route: "POST /customers", Nth: 1, Faults: []syncrotest.Fault{f}},
				syncrotest.FaultRule{Route: "POST /customers", Nth: 2, Faults: []syncrotest.Fault{f.AfterProcessing()}},
			))
			for i := 0; i < 2; i++ {
				// Either way the client sees a failure (or, for HTML, a page
				// it cannot read), never the record.
				r, err := try(srv, http.MethodPost, "/customers", map[string]any{"business_name": fmt.Sprint("Org ", i)})
				if err == nil {
					assert.NotContains(t, string(r.Body), `"customer"`)
				}
			}
			assert.Equal(t, 1, srv.Counts().Customers, "the fault before lost the write, the one after only its answer")
			assert.Equal(t, 1, srv.Stats().Created["customers"])
			log := srv.Requests()
			assert.False(t, log[0].Processed)
			assert.True(t, log[1].Processed)
			assert.True(t, log[1].FaultAfter)
		})
	}
}

func TestFaultRules(t *testing.T) {
	t.Parallel()
	t.Run("route", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnRoute("GET /customers/{id}", syncrotest.StatusFault(503))))
		id := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
		assert.Equal(t, 503, send(t, srv, http.MethodGet, fmt.Sprintf("/customers/%d", id), nil).Status)
		assert.Equal(t, 503, send(t, srv, http.MethodGet, "/customers/42", nil).Status)
		assert.Equal(t, 200, send(t, srv, http.MethodGet, "/customers", nil).Status)
		assert.Equal(t, 200, send(t, srv, http.MethodPut, fmt.Sprintf("/customers/%d", id), map[string]any{}).Status)
	})
	t.Run("glob and any method", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnRoute("* /tickets/*/comment*", syncrotest.StatusFault(502))))
		assert.Equal(t, 502, send(t, srv, http.MethodGet, "/tickets/5/comments", nil).Status)
		assert.Equal(t, 502, send(t, srv, http.MethodPost, "/tickets/5/comment", map[string]any{}).Status)
		assert.Equal(t, 404, send(t, srv, http.MethodGet, "/tickets/5", nil).Status)
	})
	t.Run("path without a method", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithFaults(syncrotest.OnRoute("/me", syncrotest.StatusFault(500))))
		assert.Equal(t, []int{500}, statuses(t, srv, 1))
		assert.Equal(t, 200, send(t, srv, http.MethodGet, "/users", nil).Status)
	})
	t.Run("times and clear", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t)
		rule := syncrotest.OnRoute("GET /me", syncrotest.StatusFault(500))
		rule.Times = 2
		srv.InjectFault(rule)
		assert.Equal(t, []int{500, 500, 200}, statuses(t, srv, 3))
		srv.InjectFault(syncrotest.OnRoute("GET /me", syncrotest.StatusFault(504)))
		assert.Equal(t, []int{504}, statuses(t, srv, 1))
		srv.ClearFaults()
		assert.Equal(t, []int{200}, statuses(t, srv, 1))
	})
	t.Run("nth counts from when the rule is added", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t)
		statuses(t, srv, 3)
		srv.InjectFault(syncrotest.OnNth(2, syncrotest.StatusFault(503)))
		assert.Equal(t, []int{200, 503, 200}, statuses(t, srv, 3))
	})
	t.Run("faults refused before processing do not use the rate budget", func(t *testing.T) {
		t.Parallel()
		srv := newServer(t, syncrotest.WithRateLimit(2, time.Minute), syncrotest.WithFaults(syncrotest.OnNth(1, syncrotest.StatusFault(500))))
		assert.Equal(t, []int{500, 200, 200, 429}, statuses(t, srv, 4))
	})
}

func TestSeededRandomFaults(t *testing.T) {
	t.Parallel()
	schedule := func(seed uint64) []int {
		srv := newServer(t, syncrotest.WithFaults(syncrotest.AtRate(0.2, seed,
			syncrotest.StatusFault(500), syncrotest.StatusFault(503), syncrotest.HTMLFault())))
		var hits []int
		for i, st := range statuses(t, srv, 200) {
			if st != http.StatusOK || srv.Requests()[i].Fault != "" {
				hits = append(hits, i)
			}
		}
		assert.Equal(t, len(hits), srv.Stats().Faults)
		return hits
	}
	a, b, c := schedule(42), schedule(42), schedule(7)
	assert.Equal(t, a, b, "the same seed gives the same schedule")
	assert.NotEqual(t, a, c)
	assert.InDelta(t, 40, len(a), 20, "about a fifth of 200")
}
