//go:build go1.25

package syncrotest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// TestWithLatency hands requests to the server in a synctest bubble, whose
// clock the server then reads: each answer comes the latency after the
// request, and the request is counted when it is handled.
func TestWithLatency(t *testing.T) {
	srv := syncrotest.NewServer(syncrotest.WithLatency(300 * time.Millisecond))
	defer srv.Close()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		for i := 1; i <= 3; i++ {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/customers", nil)
			req.Header.Set("Authorization", "Bearer "+srv.Token())
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code)
			assert.Equal(t, time.Duration(i)*300*time.Millisecond, time.Since(start))
		}
		reqs := srv.Requests()
		require.Len(t, reqs, 3)
		assert.Equal(t, start.Add(300*time.Millisecond), reqs[0].Time, "counted when handled, after the latency")
	})
}
