package syncrotest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
)

// TestRequestsWaitForTheSeedData: a request that reaches the server while
// its demo and generated data are still being loaded (a program started as
// soon as the port answers) is answered only once all of it is in, so it
// sees the whole account, never a part of it.
func TestRequestsWaitForTheSeedData(t *testing.T) {
	t.Parallel()
	type answer struct {
		total int
		err   error
	}
	got := make(chan answer, 1)
	cfg := defaultConfig()
	cfg.rateLimit = 0
	cfg.demo = true
	cfg.generate = []Generate{{Seed: 5, Organizations: 3000}}
	cfg.afterStart = func(s *Server) {
		// The port answers from here on; ask at once, while the data
		// goes in.
		client := s.Client()
		go func() {
			p, err := client.Customers.List(context.Background(), &syncro.CustomerListOptions{IncludeDisabled: true})
			if err != nil {
				got <- answer{err: err}
				return
			}
			got <- answer{total: p.Meta.TotalEntries}
		}()
	}
	srv, err := start(cfg)
	require.NoError(t, err)
	defer srv.Close()
	a := <-got
	require.NoError(t, a.err)
	assert.Equal(t, srv.Counts().Customers, a.total, "the first answer counts every organization")
}
