package syncrotest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestLogBoundsItsMemory sends refused requests (not JSON) with big
// bodies and long queries to a server whose log caps are lowered: the log
// keeps within them, drops the oldest first, and counts on.
func TestRequestLogBoundsItsMemory(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	t.Cleanup(srv.Close)
	srv.log.mu.Lock()
	srv.log.maxBytes, srv.log.maxEntries = 1<<20, 40
	srv.log.mu.Unlock()

	body := strings.Repeat("x", 200<<10) // over the 64 KiB a body keeps
	query := "?q=" + strings.Repeat("y", 100<<10)
	const n = 60
	for i := 0; i < n; i++ {
		req, err := http.NewRequest(http.MethodPost, srv.APIURL()+"/customers"+query, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, "refused: the body is not JSON")
	}
	entries := srv.Requests()
	require.NotEmpty(t, entries)
	total := 0
	for _, e := range entries {
		assert.LessOrEqual(t, len(e.Body), maxLoggedBody)
		assert.LessOrEqual(t, len(e.Query.Get("q")), maxLoggedText)
		total += entrySize(&e)
	}
	assert.LessOrEqual(t, total, 1<<20, "the log's bytes stay under the cap")
	assert.LessOrEqual(t, len(entries), 40)
	assert.Equal(t, n, entries[len(entries)-1].Seq, "the newest entry is kept, and Seq counts every request")
	assert.Equal(t, n, srv.Stats().Requests)
	srv.log.mu.Lock()
	assert.Equal(t, total, srv.log.bytes, "the running count matches the entries")
	srv.log.mu.Unlock()
}

// BenchmarkCastIntHuge reads an id of a million digits, against
// strconv.ParseInt on the same text (which also gives up on it): the fake's
// refusal costs about what strconv's does, where the decimal parser took
// seconds.
func BenchmarkCastIntHuge(b *testing.B) {
	s := strings.Repeat("7", 1<<20)
	b.Run("strconv baseline", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := strconv.ParseInt(s, 10, 64); err == nil {
				b.Fatal("accepted")
			}
		}
	})
	b.Run("castInt", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if castInt(s) != nil {
				b.Fatal("accepted")
			}
		}
	})
}
