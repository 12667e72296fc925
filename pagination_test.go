package syncro

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contactsServer serves total contacts over GET /contacts in the wire shape,
// recording the page and per_page asked for.
type contactsServer struct {
	total int
	// size decides the page size from the per_page asked (0 if none).
	size func(asked int) int
	// meta renders the meta block; nil sends none.
	meta func(page, totalPages, perPage, total int) string

	mu    sync.Mutex
	asked []string
}

func (s *contactsServer) respond(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	s.mu.Lock()
	s.asked = append(s.asked, fmt.Sprintf("page=%s per_page=%s", q.Get("page"), q.Get("per_page")))
	s.mu.Unlock()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	perPage, _ := strconv.Atoi(q.Get("per_page"))
	size := s.size(perPage)
	totalPages := (s.total + size - 1) / size
	var items []string
	for id := (page-1)*size + 1; id <= min(page*size, s.total); id++ {
		items = append(items, fmt.Sprintf(`{"id":%d,"name":"Person %d","customer_id":1,"properties":{}}`, id, id))
	}
	body := `{"contacts":[` + strings.Join(items, ",") + `]`
	if s.meta != nil {
		body += `,"meta":` + s.meta(page, totalPages, size, s.total)
	}
	return httpmock.NewStringResponse(200, body+"}"), nil
}

func (s *contactsServer) Asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.asked...)
}

func fullMeta(page, totalPages, perPage, total int) string {
	return fmt.Sprintf(`{"total_pages":%d,"total_entries":%d,"per_page":%d,"page":%d}`, totalPages, total, perPage, page)
}

func honour(asked int) int {
	if asked == 0 {
		return 25
	}
	return asked
}

func collectIDs(t *testing.T, seq func(func(Contact, error) bool)) ([]int64, []error) {
	t.Helper()
	var ids []int64
	var errs []error
	for c, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, c.ID)
	}
	return ids, errs
}

func seqIDs(from, to int) []int64 {
	var ids []int64
	for i := from; i <= to; i++ {
		ids = append(ids, int64(i))
	}
	return ids
}

func TestAllMetaShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		meta      func(page, totalPages, perPage, total int) string
		wantAsked []string
	}{
		{"full meta", fullMeta, []string{"page=1 per_page=100", "page=2 per_page=100", "page=3 per_page=100"}},
		{"total_pages and page", func(page, tp, _, _ int) string { return fmt.Sprintf(`{"total_pages":%d,"page":%d}`, tp, page) },
			[]string{"page=1 per_page=100", "page=2 per_page=100", "page=3 per_page=100"}},
		{"numbers as strings", func(page, tp, pp, total int) string {
			return fmt.Sprintf(`{"total_pages":"%d","total_entries":"%d","per_page":"%d","page":"%d"}`, tp, total, pp, page)
		}, []string{"page=1 per_page=100", "page=2 per_page=100", "page=3 per_page=100"}},
		{"no meta: stop on the empty page", nil,
			[]string{"page=1 per_page=100", "page=2 per_page=100", "page=3 per_page=100", "page=4 per_page=100"}},
		{"null meta", func(int, int, int, int) string { return "null" },
			[]string{"page=1 per_page=100", "page=2 per_page=100", "page=3 per_page=100", "page=4 per_page=100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt, _ := newTestClient(t)
			srv := &contactsServer{total: 250, size: honour, meta: tt.meta}
			mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
			ids, errs := collectIDs(t, c.Contacts.All(context.Background(), nil))
			require.Empty(t, errs)
			assert.Equal(t, seqIDs(1, 250), ids)
			assert.ElementsMatch(t, tt.wantAsked, srv.Asked(), "pages fetched ahead may arrive in any order")
			assert.Equal(t, tt.wantAsked[0], srv.Asked()[0], "the first page is fetched alone")
		})
	}
}

func TestAllFollowsMetaWhenPerPageIgnored(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	// The endpoint serves 50 a page whatever it is asked: a short page is
	// not the last page.
	srv := &contactsServer{total: 120, size: func(int) int { return 50 }, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	ids, errs := collectIDs(t, c.Contacts.All(context.Background(), nil))
	require.Empty(t, errs)
	assert.Equal(t, seqIDs(1, 120), ids)
	assert.Len(t, srv.Asked(), 3)

	// Without meta too: the items received drive it, not the size asked.
	srv2 := &contactsServer{total: 120, size: func(int) int { return 50 }}
	c2, mt2, _ := newTestClient(t)
	mt2.RegisterResponder("GET", apiRoot+"contacts", srv2.respond)
	ids, errs = collectIDs(t, c2.Contacts.All(context.Background(), nil))
	require.Empty(t, errs)
	assert.Equal(t, seqIDs(1, 120), ids)
}

func TestAllCallerPageSizeAndResume(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	srv := &contactsServer{total: 100, size: honour, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	opts := &ContactListOptions{ListOptions: ListOptions{Page: 3, PerPage: 20}, CustomerID: 1}
	ids, errs := collectIDs(t, c.Contacts.All(context.Background(), opts))
	require.Empty(t, errs)
	assert.Equal(t, seqIDs(41, 100), ids, "resumed from page 3")
	assert.ElementsMatch(t, []string{"page=3 per_page=20", "page=4 per_page=20", "page=5 per_page=20"}, srv.Asked())
	assert.Equal(t, ListOptions{Page: 3, PerPage: 20}, opts.ListOptions, "the caller's options are not changed")

	// The same iterator ranged again starts afresh.
	seq := c.Contacts.All(context.Background(), opts)
	first, _ := collectIDs(t, seq)
	second, _ := collectIDs(t, seq)
	assert.Equal(t, first, second)
}

func TestResumePastTheEnd(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts", httpmock.NewStringResponder(200, `{"contacts":[{"id":1}],"meta":{"total_pages":2,"page":2}}`))
	ids, errs := collectIDs(t, c.Contacts.All(context.Background(), &ContactListOptions{ListOptions: ListOptions{Page: 9}}))
	assert.Empty(t, errs)
	assert.Empty(t, ids, "page 9 of 2: nothing left, and no loop")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestPagesYieldsPagesWithMeta(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	srv := &contactsServer{total: 5, size: func(int) int { return 2 }, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	var sizes, numbers, next []int
	for p, err := range c.Contacts.Pages(context.Background(), nil) {
		require.NoError(t, err)
		sizes = append(sizes, len(p.Items))
		numbers = append(numbers, p.Number())
		next = append(next, p.NextPage())
		assert.Equal(t, 5, p.Meta.TotalEntries)
		assert.Equal(t, 3, p.Meta.TotalPages)
	}
	assert.Equal(t, []int{2, 2, 1}, sizes)
	assert.Equal(t, []int{1, 2, 3}, numbers)
	assert.Equal(t, []int{2, 3, 0}, next)
}

func TestEmptyFirstPageIsYielded(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts", httpmock.NewStringResponder(200, `{"contacts":[],"meta":{"total_pages":0,"total_entries":0,"page":1}}`))
	n := 0
	for p, err := range c.Contacts.Pages(context.Background(), nil) {
		require.NoError(t, err)
		assert.Empty(t, p.Items)
		assert.Equal(t, 0, p.NextPage())
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// allUntilCancelAt ranges over every contact and cancels the context once
// the contact with the given id is in hand; it returns the ids and the
// errors yielded.
func allUntilCancelAt(c *Client, id int64) (ids []int64, errs []error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for ct, err := range c.Contacts.All(ctx, nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, ct.ID)
		if ct.ID == id {
			cancel()
		}
	}
	return ids, errs
}

func TestIteratorChecksContextBeforeEachPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithPageConcurrency(1))
	srv := &contactsServer{total: 300, size: honour, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	ids, errs := allUntilCancelAt(c, 150)
	assert.Equal(t, seqIDs(1, 200), ids, "the page in hand is finished")
	require.Len(t, errs, 1, "the error is yielded once")
	assert.Equal(t, context.Canceled, errs[0])
	assert.Len(t, srv.Asked(), 2, "no page is fetched after the cancel")
}

func TestConcurrentIteratorChecksContextBeforeEachPage(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	srv := &contactsServer{total: 1000, size: honour, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	ids, errs := allUntilCancelAt(c, 150)
	assert.Equal(t, seqIDs(1, 200), ids, "the page in hand is finished, pages fetched ahead are not yielded")
	require.Len(t, errs, 1, "the error is yielded once")
	assert.Equal(t, context.Canceled, errs[0])
	assert.LessOrEqual(t, len(srv.Asked()), 1+DefaultPageConcurrency, "no page is started after the cancel: page 1, then pages 2-5 in flight")
}

func TestIteratorYieldsErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	for _, inFlight := range []int{1, 4} {
		c, mt, _ := newTestClient(t, WithPageConcurrency(inFlight))
		mt.RegisterResponder("GET", apiRoot+"contacts",
			sequence(httpmock.NewStringResponder(200, `{"contacts":[{"id":1},{"id":2}],"meta":{"total_pages":5,"page":1}}`),
				httpmock.NewStringResponder(404, `{"message":"Not found"}`)))
		ids, errs := collectIDs(t, c.Contacts.All(context.Background(), nil))
		assert.Equal(t, []int64{1, 2}, ids)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrNotFound)
		if inFlight == 1 {
			assert.Equal(t, 2, mt.GetTotalCallCount(), "no page after the error")
		}
		assert.LessOrEqual(t, mt.GetTotalCallCount(), 1+inFlight, "page 1, then %d in flight", inFlight)
	}
}

func TestIteratorBreakStopsFetching(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	srv := &contactsServer{total: 1000, size: honour, meta: fullMeta}
	mt.RegisterResponder("GET", apiRoot+"contacts", srv.respond)
	for ct, err := range c.Contacts.All(context.Background(), nil) {
		require.NoError(t, err)
		if ct.ID == 3 {
			break
		}
	}
	assert.Len(t, srv.Asked(), 1)
}

// pageResponder answers GET /contacts with body(page) for the page asked.
// Past 100 pages it answers 404, so that an iterator that loops fails
// instead of running forever.
func pageResponder(body func(page int) string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page > 100 {
			return httpmock.NewStringResponse(404, `{"message":"the iterator looped"}`), nil
		}
		return httpmock.NewStringResponse(200, body(max(page, 1))), nil
	}
}

// contactsBody renders a page of contacts with the given ids and meta.
func contactsBody(ids []int, meta string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"id":%d,"name":"Person %d"}`, id, id)
	}
	body := `{"contacts":[` + strings.Join(items, ",") + `]`
	if meta != "" {
		body += `,"meta":` + meta
	}
	return body + "}"
}

func TestStuckPages(t *testing.T) {
	t.Parallel()
	hundred := func(from int) []int {
		ids := make([]int, 100)
		for i := range ids {
			ids[i] = from + i
		}
		return ids
	}
	tests := []struct {
		name     string
		body     func(page int) string
		wantText string
		wantIDs  int // items yielded before the error
		maxCalls int // with one page at a time, exactly this many
	}{
		{"meta names another page", func(int) string { return `{"contacts":[{"id":1}],"meta":{"total_pages":4,"page":1}}` },
			"asked for page 2, Syncro answered page 1", 1, 2},
		{"no meta, same items again", func(int) string { return `{"contacts":[{"id":1},{"id":2}]}` },
			"page 2 holds the same 2 items as page 1", 2, 2},
		// issue 8: the same 100 rows on every page, meta.page echoed: the
		// export wrote 6,000 copies.
		{"same items, meta.page echoed, no total", func(p int) string { return contactsBody(hundred(1), fmt.Sprintf(`{"page":%d}`, p)) },
			"page 2 holds the same 100 items as page 1", 100, 2},
		{"same items, meta.page echoed, huge total", func(p int) string {
			return contactsBody(hundred(1), fmt.Sprintf(`{"page":%d,"total_pages":1000000,"per_page":100}`, p))
		}, "page 2 holds the same 100 items as page 1", 100, 2},
		{"alternating pages, meta.page echoed", func(p int) string {
			return contactsBody(hundred(1+100*((p-1)%2)), fmt.Sprintf(`{"page":%d,"total_pages":1000000}`, p))
		}, "page 3 holds the same 100 items as page 1", 200, 3},
		{"alternating pages, no meta", func(p int) string { return contactsBody(hundred(1+100*((p-1)%2)), "") },
			"page 3 holds the same 100 items as page 1", 200, 3},
		{"total_pages keeps growing", func(p int) string {
			return contactsBody([]int{p}, fmt.Sprintf(`{"page":%d,"total_pages":%d}`, p, p+1))
		}, "Syncro announced 2 pages at first but keeps announcing more", 5, 6},
	}
	for _, tt := range tests {
		for _, inFlight := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/%d in flight", tt.name, inFlight), func(t *testing.T) {
				t.Parallel()
				c, mt, _ := newTestClient(t, WithPageConcurrency(inFlight))
				mt.RegisterResponder("GET", apiRoot+"contacts", pageResponder(tt.body))
				ids, errs := collectIDs(t, c.Contacts.All(context.Background(), nil))
				assert.Len(t, ids, tt.wantIDs, "the pages before the stuck one are yielded, once")
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], ErrStuckPage)
				assert.Contains(t, errs[0].Error(), tt.wantText)
				if inFlight == 1 {
					assert.Equal(t, tt.maxCalls, mt.GetTotalCallCount())
				}
				assert.LessOrEqual(t, mt.GetTotalCallCount(), tt.maxCalls+inFlight-1)
			})
		}
	}
}

func TestListKeyMissingIsAnError(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	mt.RegisterResponder("GET", apiRoot+"contacts", httpmock.NewStringResponder(200, `{"customers":[],"meta":{}}`))
	_, err := c.Contacts.List(context.Background(), nil)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, err.Error(), `the answer has no "contacts" list`)
}

func TestListExtraKeysIgnored(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contacts", httpmock.NewStringResponder(200,
		`{"extra":{"a":[1,2]},"contacts":[{"id":4,"name":"X"}],"note":"hi","meta":{"total_pages":1,"page":1}}`))
	p, err := c.Contacts.List(context.Background(), &ContactListOptions{ListOptions: ListOptions{Page: 1}})
	require.NoError(t, err)
	require.Len(t, p.Items, 1)
	assert.Equal(t, int64(4), p.Items[0].ID)
	assert.Equal(t, 1, p.Meta.TotalPages)
}

func TestNextPageWithoutMetaUsesAskedPage(t *testing.T) {
	t.Parallel()
	p := &Page[int]{Items: []int{1}, number: 4}
	assert.Equal(t, 4, p.Number())
	assert.Equal(t, 5, p.NextPage())
	p.Meta = Meta{Page: 4, TotalPages: 4}
	assert.Equal(t, 0, p.NextPage())
	assert.Equal(t, 0, (&Page[int]{number: 1}).NextPage(), "an empty page is the last")
}
