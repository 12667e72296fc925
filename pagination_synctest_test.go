//go:build go1.25

package syncro

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowPages serves GET /contacts, total contacts 100 a page, each answer
// after rtt of (bubble) time or when the request's context ends. It counts
// the requests in flight.
type slowPages struct {
	total  int
	rtt    time.Duration
	noMeta bool

	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	asked       []int
}

func (s *slowPages) RoundTrip(r *http.Request) (*http.Response, error) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	s.mu.Lock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.asked = append(s.asked, page)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	t := time.NewTimer(s.rtt)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	totalPages := (s.total + 99) / 100
	var items []string
	for id := (page-1)*100 + 1; id <= min(page*100, s.total); id++ {
		items = append(items, fmt.Sprintf(`{"id":%d}`, id))
	}
	body := `{"contacts":[` + strings.Join(items, ",") + `]`
	if !s.noMeta {
		body += fmt.Sprintf(`,"meta":{"page":%d,"total_pages":%d}`, page, totalPages)
	}
	body += "}"
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: r}, nil
}

func (s *slowPages) InFlight() (now, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight, s.maxInFlight
}

func (s *slowPages) Asked() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.asked...)
}

func pagesClient(t *testing.T, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithHTTPClient(&http.Client{Transport: rt})}
	c, err := NewClient("acme", canaryToken, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// TestConcurrentPagesGoal: 50 pages at a 300ms round trip take the first
// page, then ceil(49/in-flight) round trips, within 1.3x of 50/in-flight
// round trips, items in order, never more requests in flight than asked.
func TestConcurrentPagesGoal(t *testing.T) {
	for _, inFlight := range []int{1, 2, 4, 8} {
		t.Run(fmt.Sprintf("%d in flight", inFlight), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const rtt = 300 * time.Millisecond
				srv := &slowPages{total: 5000, rtt: rtt}
				c := pagesClient(t, srv, WithPageConcurrency(inFlight))
				start := time.Now()
				var ids []int64
				for ct, err := range c.Contacts.All(context.Background(), nil) {
					require.NoError(t, err)
					ids = append(ids, ct.ID)
				}
				took := time.Since(start)
				require.Len(t, ids, 5000)
				for i, id := range ids {
					require.Equal(t, int64(i+1), id, "items in order")
				}
				_, most := srv.InFlight()
				assert.Equal(t, inFlight, most)
				trips := 1 + (49+inFlight-1)/inFlight
				assert.Equal(t, time.Duration(trips)*rtt, took)
				ideal := time.Duration(50 * float64(rtt) / float64(inFlight))
				assert.LessOrEqual(t, float64(took), 1.3*float64(ideal), "%s for an ideal of %s", took, ideal)
				t.Logf("%d in flight: %s, %.2fx of 50/%d round trips", inFlight, took, float64(took)/float64(ideal), inFlight)
			})
		})
	}
}

func TestPagesWithoutTotalAreSequential(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &slowPages{total: 950, rtt: 300 * time.Millisecond, noMeta: true}
		c := pagesClient(t, srv, WithPageConcurrency(8))
		n := 0
		for _, err := range c.Contacts.All(context.Background(), nil) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 950, n)
		_, most := srv.InFlight()
		assert.Equal(t, 1, most, "without total_pages, no page is fetched ahead")
		assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, srv.Asked())
	})
}

// TestConcurrentPagesStopCleanly: however the range ends (the caller
// breaks, the context ends, a page fails), no request is still in flight
// and no goroutine is left when it returns; synctest.Test would also fail
// on a goroutine left blocked.
func TestConcurrentPagesStopCleanly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &slowPages{total: 5000, rtt: 300 * time.Millisecond}
		c := pagesClient(t, srv, WithPageConcurrency(8))

		n := 0
		for _, err := range c.Contacts.All(context.Background(), nil) {
			require.NoError(t, err)
			if n++; n == 150 {
				break
			}
		}
		now, _ := srv.InFlight()
		assert.Zero(t, now, "the pages fetched ahead were cancelled and waited for")
		assert.Equal(t, 9, len(srv.Asked()), "page 1, then 8 in flight")

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var errs []error
		n = 0
		for _, err := range c.Contacts.All(ctx, nil) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if n++; n == 150 {
				cancel()
			}
		}
		now, _ = srv.InFlight()
		assert.Zero(t, now)
		assert.Equal(t, []error{context.Canceled}, errs)
		assert.Equal(t, 200, n)

		// A caller that breaks within the first page costs one request.
		before := len(srv.Asked())
		for range c.Contacts.All(context.Background(), nil) {
			break
		}
		assert.Len(t, srv.Asked(), before+1)
	})
}
