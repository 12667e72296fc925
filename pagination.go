package syncro

import (
	"bytes"
	"context"
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
	fingerprint uint64 // hash of the raw answer, to catch a page that repeats
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
		Items:  items,
		Meta:   meta,
		number: number,
		// Two pages with the same bytes did not advance. meta.page, when
		// sent, differs between pages, and checkAdvance checks it first.
		fingerprint: maphash.Bytes(fingerprintSeed, body),
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

// pages returns an iterator over the pages of a list. Each range starts
// afresh from a copy of opts: at opts.Page (default 1), asking for
// opts.PerPage items (default MaxPerPage). It checks ctx before each page,
// yields an error once and stops, stops after meta.total_pages (or on an
// empty page when there is no meta) and refuses to loop on a stuck page.
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
		var prev *Page[T]
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			lo.Page = page
			p, err := list(ctx, &o)
			if err != nil {
				yield(nil, err)
				return
			}
			if p.Meta.TotalPages > 0 && page > p.Meta.TotalPages {
				return // resumed past the end
			}
			if err := checkAdvance(prev, p, page); err != nil {
				yield(nil, err)
				return
			}
			if (len(p.Items) > 0 || prev == nil) && !yield(p, nil) {
				return
			}
			next := p.NextPage()
			if next == 0 {
				return
			}
			prev, page = p, next
		}
	}
}

// checkAdvance fails when page p is not the page asked for, or repeats the
// items of the previous page.
func checkAdvance[T any](prev, p *Page[T], asked int) error {
	if p.Meta.Page > 0 && p.Meta.Page != asked {
		return fmt.Errorf("%w: asked for page %d, Syncro answered page %d", ErrStuckPage, asked, p.Meta.Page)
	}
	if prev != nil && len(p.Items) > 0 && p.fingerprint == prev.fingerprint && len(p.Items) == len(prev.Items) {
		return fmt.Errorf("%w: page %d holds the same %d items as page %d (the endpoint seems to ignore the page parameter)", ErrStuckPage, asked, len(p.Items), prev.Number())
	}
	return nil
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
