package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"sync"
)

// rec is the one generic path for a kind of record: how Syncro wraps it in
// its answers, and the calls every resource shares (get, create, update,
// delete, list). A service is a set of one-line methods over a rec value:
//
//	var invoiceRec = rec[Invoice]{one: "invoice", many: "invoices"}
//
//	func (s *InvoicesService) Get(ctx context.Context, id int64) (*Invoice, error) {
//		if err := checkID("get invoice", "id", id); err != nil {
//			return nil, err
//		}
//		return invoiceRec.get(ctx, s.client, apiPath("invoices", id), nil)
//	}
//
// See CONTRIBUTING.md for the whole recipe.
type rec[T any] struct {
	one  string   // key of a single record: {"invoice": {...}}
	many string   // key of a list: {"invoices": [...], "meta": {...}}
	bare bool     // a single record may also come bare: {...} (quirk 1)
	alt  []string // other single-record keys Syncro uses (an RMM alert is created under "alert")
}

// get reads one record: GET path.
func (r rec[T]) get(ctx context.Context, c *Client, path string, query any) (*T, error) {
	out := new(T)
	err := c.do(ctx, request{method: http.MethodGet, path: path, query: query, decode: r.decodeOne(out)})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// create sends a POST that makes a record and returns it. An answer without
// a usable id (missing, null, 0, negative) is never a success: the record
// may or may not exist, so the error matches ErrOutcomeUnknown.
func (r rec[T]) create(ctx context.Context, c *Client, path string, body any) (*T, error) {
	out := new(T)
	decode := r.decodeOne(out)
	if _, ok := recordID(out); ok {
		decode = created(decode, func() int64 { id, _ := recordID(out); return id })
	}
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body, decode: decode}); err != nil {
		return nil, err
	}
	return out, nil
}

// write sends a PUT, PATCH or POST action whose answer is the record.
func (r rec[T]) write(ctx context.Context, c *Client, method, path string, body any) (*T, error) {
	out := new(T)
	if err := c.do(ctx, request{method: method, path: path, body: body, decode: r.decodeOne(out)}); err != nil {
		return nil, err
	}
	return out, nil
}

// update sends a PUT and returns the record Syncro answers with.
func (r rec[T]) update(ctx context.Context, c *Client, path string, body any) (*T, error) {
	return r.write(ctx, c, http.MethodPut, path, body)
}

// list reads one page: GET path with the list options as the query.
func (r rec[T]) list(ctx context.Context, c *Client, path string, opts any, lo *ListOptions) (*Page[T], error) {
	return listPage[T](ctx, c, path, r.many, opts, lo)
}

// listAll reads every record of an unpaged (or short) list.
func (r rec[T]) listAll(ctx context.Context, c *Client, path string) ([]T, error) {
	return listUnpaged[T](ctx, c, path, r.many)
}

// listOpts returns the ListOptions embedded in a resource's list options,
// nil when opts is nil.
func listOpts[O any, PO listable[O]](opts PO) *ListOptions {
	if opts == nil {
		return nil
	}
	return opts.listOptions()
}

// decodeOne returns a decoder of a single record into out.
func (r rec[T]) decodeOne(out *T) func([]byte) error {
	return func(b []byte) error {
		if len(r.alt) == 0 || r.one == "" {
			if r.one == "" {
				return decodeBare(b, out)
			}
			return decodeObject(b, r.one, r.bare, out)
		}
		err := decodeObject(b, r.one, false, out)
		for _, k := range r.alt {
			if err == nil {
				break
			}
			err = decodeObject(b, k, false, out)
		}
		if err != nil && r.bare {
			err = decodeObject(b, r.one, true, out)
		}
		return err
	}
}

// decodeBare reads a record Syncro answers without an envelope.
func decodeBare[T any](b []byte, out *T) error {
	if err := requireJSON(b); err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// remove sends a DELETE (or a POST action that deletes) and accepts any
// JSON answer, or none.
func remove(ctx context.Context, c *Client, method, path string, body any) error {
	return c.do(ctx, request{method: method, path: path, body: body, decode: acceptJSON})
}

// action sends a call whose answer is not a record of the service (print,
// email, mute, convert): out, when not nil, receives the decoded JSON.
func action(ctx context.Context, c *Client, method, path string, query, body, out any) error {
	decode := acceptJSON
	if out != nil {
		decode = decodeInto(out)
	}
	return c.do(ctx, request{method: method, path: path, query: query, body: body, decode: decode})
}

var idFields sync.Map // reflect.Type -> int (field index, -1 when none)

// recordID returns the ID field of a model: an int64 field named ID.
func recordID(v any) (int64, bool) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return 0, false
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return 0, false
	}
	t := rv.Type()
	idx, ok := idFields.Load(t)
	if !ok {
		i := -1
		if f, found := t.FieldByName("ID"); found && f.Type == typeInt64 && len(f.Index) == 1 {
			i = f.Index[0]
		}
		idFields.Store(t, i)
		idx = i
	}
	if idx.(int) < 0 {
		return 0, false
	}
	return rv.Field(idx.(int)).Int(), true
}
