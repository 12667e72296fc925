package syncro

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"reflect"
	"sync"
)

// MaxPerPage is the largest page Syncro serves. All and Pages ask for it
// unless the caller chose a size: every request costs 1/180 of a minute.
const MaxPerPage = 100

// ListOptions selects one page of a list. Every XListOptions embeds it.
type ListOptions struct {
	// Page is 1-based. With All and Pages it is the page to start (resume)
	// from.
	Page int `url:"page,omitempty"`
	// PerPage asks for a page size. Syncro documents it only for ticket
	// comments and may ignore it elsewhere; the iterators never depend on
	// getting the size they asked for.
	PerPage int `url:"per_page,omitempty"`
}

func (o *ListOptions) listOptions() *ListOptions { return o }

// Meta is the pagination block of a list answer. Syncro sends several
// shapes (all four fields; total_pages and page only; or no meta at all), so
// any field may be 0, meaning absent.
type Meta struct {
	Page         int
	TotalPages   int
	TotalEntries int
	PerPage      int
}

// UnmarshalJSON reads every meta shape, with numbers sent as numbers or
// strings.
func (m *Meta) UnmarshalJSON(b []byte) error {
	var w struct {
		Page         Int64 `json:"page"`
		TotalPages   Int64 `json:"total_pages"`
		TotalEntries Int64 `json:"total_entries"`
		PerPage      Int64 `json:"per_page"`
	}
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		*m = Meta{}
		return nil
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Meta{Page: int(w.Page), TotalPages: int(w.TotalPages), TotalEntries: int(w.TotalEntries), PerPage: int(w.PerPage)}
	return nil
}

func (m Meta) decodesItself() {} // decodes itself: see selfDecoder

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	Meta  Meta

	number      int    // the page that was asked for
	fingerprint uint64 // hash of the items, to catch a page that repeats
	prefetch    int    // the client's page concurrency (WithPageConcurrency)
}

// Number returns the page's number: Syncro's meta.page, or the page that
// was asked for when Syncro sent none.
func (p *Page[T]) Number() int {
	if p.Meta.Page > 0 {
		return p.Meta.Page
	}
	return max(p.number, 1)
}

// NextPage returns the number of the page after this one, or 0 when this is
// the last: the page meta.total_pages names, or (without meta) an empty page.
func (p *Page[T]) NextPage() int {
	if len(p.Items) == 0 {
		return 0
	}
	n := p.Number()
	if p.Meta.TotalPages > 0 && n >= p.Meta.TotalPages {
		return 0
	}
	return n + 1
}

var fingerprintSeed = maphash.MakeSeed()

// envelopeTypes caches, per item type and key, the struct type
// struct{ Items *[]T `json:"<key>"`; Meta Meta `json:"meta"` } that a list
// answer decodes into in one pass, with no copy of the body.
var envelopeTypes sync.Map

type envelopeKey struct {
	item reflect.Type
	key  string
}

func envelopeType(item reflect.Type, key string) reflect.Type {
	k := envelopeKey{item, key}
	if t, ok := envelopeTypes.Load(k); ok {
		return t.(reflect.Type)
	}
	t := reflect.StructOf([]reflect.StructField{
		{Name: "Items", Type: reflect.PointerTo(reflect.SliceOf(item)), Tag: reflect.StructTag(`json:"` + key + `"`)},
		{Name: "Meta", Type: reflect.TypeOf(Meta{}), Tag: `json:"meta"`},
	})
	envelopeTypes.Store(k, t)
	return t
}

// decodeList reads {"<key>": [...], "meta": {...}}, whatever else the
// object holds. A body without the key is an error, not an empty page.
func decodeList[T any](body []byte, key string, number int) (*Page[T], error) {
	if err := requireJSON(body); err != nil {
		return nil, err
	}
	itemType := reflect.TypeFor[T]()
	items, meta, err := decodeItems[T](body, key, itemType)
	if err != nil {
		return nil, err
	}
	return &Page[T]{
		Items:       items,
		Meta:        meta,
		number:      number,
		fingerprint: fingerprintItems(items),
	}, nil
}

// decodeItems reads the list under key and the meta. A list of models is
// decoded in one pass straight into their tolerant twins; when that fails
// (a record with a field of an odd shape), each record is decoded on its
// own through decodeModel, which keeps such a field aside instead.
func decodeItems[T any](body []byte, key string, itemType reflect.Type) ([]T, Meta, error) {
	if twin, ok := twinOfModel(itemType); ok {
		env := reflect.New(envelopeType(twin, key))
		if err := json.Unmarshal(body, env.Interface()); err == nil {
			list := env.Elem().Field(0)
			if list.IsNil() {
				return nil, Meta{}, fmt.Errorf("the answer has no %q list", key)
			}
			// The twins share the models' layout: view the slice as []T.
			items := *(*[]T)(list.UnsafePointer())
			for i := range items {
				runHooks(reflect.ValueOf(&items[i]).Elem())
			}
			return items, env.Elem().Field(1).Interface().(Meta), nil
		}
	}
	env := reflect.New(envelopeType(itemType, key))
	if err := json.Unmarshal(body, env.Interface()); err != nil {
		return nil, Meta{}, err
	}
	list, _ := env.Elem().Field(0).Interface().(*[]T)
	if list == nil {
		return nil, Meta{}, fmt.Errorf("the answer has no %q list", key)
	}
	return *list, env.Elem().Field(1).Interface().(Meta), nil
}

// fingerprintItems hashes a page's items, so that a page that repeats one
// already seen is caught even when Syncro echoes the page number asked for
// in meta.page. The items' ids stand for them; items without a usable id
// are hashed whole.
func fingerprintItems[T any](list []T) uint64 {
	var h maphash.Hash
	h.SetSeed(fingerprintSeed)
	var b [8]byte
	byID := true
	for i := range list {
		id, ok := recordID(&list[i])
		if !ok || id == 0 {
			byID = false
			break
		}
		binary.LittleEndian.PutUint64(b[:], uint64(id))
		_, _ = h.Write(b[:])
	}
	if byID {
		return h.Sum64()
	}
	h.Reset()
	raw, err := json.Marshal(list)
	if err != nil {
		return 0
	}
	_, _ = h.Write(raw)
	return h.Sum64()
}

// decodeObject reads a single record wrapped as {"<key>": {...}}. When bare
// is true a record sent without the wrapper is accepted too (Syncro sends
// contacts both ways).
func decodeObject[T any](body []byte, key string, bare bool, out *T) error {
	if err := requireJSON(body); err != nil {
		return err
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(body, &wrapped); err != nil {
		return err
	}
	if raw, ok := wrapped[key]; ok && len(raw) > 0 && raw[0] == '{' {
		return json.Unmarshal(raw, out)
	}
	if !bare {
		return fmt.Errorf("the answer has no %q object", key)
	}
	if _, ok := wrapped["id"]; !ok {
		return fmt.Errorf("the answer is neither a %q object nor a bare record", key)
	}
	return json.Unmarshal(body, out)
}

// listPage fetches one page of a list endpoint.
func listPage[T any](ctx context.Context, c *Client, path, key string, opts any, lo *ListOptions) (*Page[T], error) {
	var p *Page[T]
	number := 0
	if lo != nil {
		number = lo.Page
	}
	err := c.get(ctx, path, opts, func(body []byte) error {
		var err error
		p, err = decodeList[T](body, key, number)
		return err
	})
	if p != nil {
		p.prefetch = c.pageConcurrency
	}
	return p, err
}

// ErrStuckPage is returned (wrapped) by the iterators when Syncro answers a
// page that does not advance: a different page than the one asked for, or
// the same items again. The iterator stops instead of looping.
var ErrStuckPage = errors.New("syncro: pagination does not advance")

// listable is the constraint of the options types: pointers to structs that
// embed ListOptions.
type listable[O any] interface {
	*O
	listOptions() *ListOptions
}

// DefaultPageConcurrency is how many page requests All and Pages keep in
// flight unless WithPageConcurrency says otherwise.
const DefaultPageConcurrency = 4

// pages returns an iterator over the pages of a list. Each range starts
// afresh from a copy of opts: at opts.Page (default 1), asking for
// opts.PerPage items (default MaxPerPage).
//
// The first page is fetched alone. When it names the number of pages
// (meta.total_pages) and the client's page concurrency (WithPageConcurrency)
// is more than 1, the following pages are fetched ahead, that many requests
// in flight, each through the client's limiter; they are still yielded one
// by one, in order. Fetching ahead starts only when the caller asks for the
// second page, so a caller that stops within the first page costs one
// request, and one that stops later at most the pages then in flight.
// Without total_pages the pages are fetched one after the other.
//
// It checks ctx before each page it fetches and before each page it
// yields, yields an error once and stops (the first error in page order),
// stops after meta.total_pages (or on an empty page when there is no meta),
// and refuses to loop on a stuck page (see ErrStuckPage). When the range
// ends, for whatever reason, the requests still in flight are cancelled and
// waited for: no goroutine outlives it.
func pages[T, O any, PO listable[O]](ctx context.Context, opts PO, list func(context.Context, PO) (*Page[T], error)) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		var o O
		if opts != nil {
			o = *opts
		}
		lo := PO(&o).listOptions()
		page := max(lo.Page, 1)
		if lo.PerPage <= 0 {
			lo.PerPage = MaxPerPage
		}
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		lo.Page = page
		first, err := list(ctx, &o)
		if err != nil {
			yield(nil, err)
			return
		}
		if first.Meta.TotalPages > 0 && page > first.Meta.TotalPages {
			return // resumed past the end
		}
		w := walk[T]{seen: map[uint64]int{}, maxPages: maxPages(first.Meta.TotalPages)}
		if err := w.check(first, page); err != nil {
			yield(nil, err)
			return
		}
		if !yield(first, nil) {
			return
		}
		next := first.NextPage()
		if next == 0 {
			return
		}
		fetch := func(ctx context.Context, n int) (*Page[T], error) {
			oc := o
			PO(&oc).listOptions().Page = n
			return list(ctx, &oc)
		}
		if first.prefetch > 1 && first.Meta.TotalPages > 0 {
			w.concurrent(ctx, next, first.Meta.TotalPages, first.prefetch, fetch, yield)
			return
		}
		w.sequential(ctx, next, fetch, yield)
	}
}

// maxPages bounds a walk whose first page announced totalPages: a list may
// grow while it is read, but a server whose total_pages keeps growing
// faster than the pages are read does not advance. 0 means no bound (no
// total_pages).
func maxPages(totalPages int) int {
	if totalPages <= 0 {
		return 0
	}
	return 2*totalPages + 1
}

// walk is the state of one range over the pages: the pages seen, to catch
// one that repeats.
type walk[T any] struct {
	seen     map[uint64]int // fingerprint of a non-empty page -> its number
	fetched  int
	maxPages int
}

// check refuses a page that is not the one asked for, repeats the items of
// a page already seen (a server that ignores the page parameter, or one
// that cycles between pages), or that takes the walk past the pages the
// first one announced.
func (w *walk[T]) check(p *Page[T], asked int) error {
	w.fetched++
	if p.Meta.Page > 0 && p.Meta.Page != asked {
		return fmt.Errorf("%w: asked for page %d, Syncro answered page %d", ErrStuckPage, asked, p.Meta.Page)
	}
	if w.maxPages > 0 && w.fetched > w.maxPages {
		return fmt.Errorf("%w: Syncro announced %d pages at first but keeps announcing more (page %d of %d)", ErrStuckPage, (w.maxPages-1)/2, asked, p.Meta.TotalPages)
	}
	if len(p.Items) == 0 {
		return nil
	}
	if before, ok := w.seen[p.fingerprint]; ok {
		return fmt.Errorf("%w: page %d holds the same %d items as page %d (the endpoint seems to ignore the page parameter)", ErrStuckPage, asked, len(p.Items), before)
	}
	w.seen[p.fingerprint] = asked
	return nil
}

// sequential fetches the pages from page on, one request at a time.
func (w *walk[T]) sequential(ctx context.Context, page int, fetch func(context.Context, int) (*Page[T], error), yield func(*Page[T], error) bool) {
	for {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		p, err := fetch(ctx, page)
		if err != nil {
			yield(nil, err)
			return
		}
		if !w.step(p, page, yield) {
			return
		}
		page = p.NextPage()
	}
}

// step checks and yields page p (asked as page asked), and says whether
// the walk goes on.
func (w *walk[T]) step(p *Page[T], asked int, yield func(*Page[T], error) bool) bool {
	if p.Meta.TotalPages > 0 && asked > p.Meta.TotalPages {
		return false // the list shrank while it was read
	}
	if err := w.check(p, asked); err != nil {
		yield(nil, err)
		return false
	}
	if len(p.Items) > 0 && !yield(p, nil) {
		return false
	}
	return p.NextPage() != 0
}

// fetched is the answer of one page fetched ahead.
type fetched[T any] struct {
	p   *Page[T]
	err error
}

// concurrent fetches the pages from page to last (or further, when the
// list grows) with up to inFlight requests at once, and yields them in
// order.
func (w *walk[T]) concurrent(ctx context.Context, page, last, inFlight int, fetch func(context.Context, int) (*Page[T], error), yield func(*Page[T], error) bool) {
	fctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	var queue []chan fetched[T] // the pages in flight, in page order
	start := page
	for ; ; page++ {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		for len(queue) < inFlight && start <= last {
			ch := make(chan fetched[T], 1)
			wg.Add(1)
			go func(n int) {
				defer wg.Done()
				p, err := fetch(fctx, n)
				ch <- fetched[T]{p, err}
			}(start)
			queue = append(queue, ch)
			start++
		}
		if len(queue) == 0 {
			return
		}
		r := <-queue[0]
		queue = queue[1:]
		if r.err != nil {
			if err := ctx.Err(); err != nil {
				r.err = err
			}
			yield(nil, r.err)
			return
		}
		if !w.step(r.p, page, yield) {
			return
		}
		// Follow a list that grows while it is read; check bounds it.
		last = max(last, r.p.Meta.TotalPages)
	}
}

// items flattens a page iterator into an item iterator.
func items[T any](seq iter.Seq2[*Page[T], error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for p, err := range seq {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// listUnpaged fetches a list that Syncro documents without pagination
// (phones, for one): one request without a page parameter, then the further
// pages only if the answer's meta says there are some.
func listUnpaged[T any](ctx context.Context, c *Client, path, key string) ([]T, error) {
	first, err := listPage[T](ctx, c, path, key, nil, nil)
	if err != nil {
		return nil, err
	}
	all := first.Items
	for n := 2; n <= first.Meta.TotalPages; n++ {
		lo := ListOptions{Page: n}
		p, err := listPage[T](ctx, c, path, key, &lo, &lo)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
	}
	return all, nil
}
