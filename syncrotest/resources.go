package syncrotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// A resource is a kind of record the fake stores generically: one
// resourceSpec value (usually in the resource's own file) and one line in
// resourceSpecs below give it its list, get, create, update and delete
// routes in Syncro's wire shapes. Endpoints that are not plain CRUD (print,
// email, mute, ...) are declared in the spec's extra routes, next to it.
// CONTRIBUTING.md has the recipe.

// resourceSpecs lists every generically stored resource: the one place a
// new resource is registered.
func (s *Server) resourceSpecs() []resourceSpec {
	return []resourceSpec{
		s.vendorSpec(),
		s.productSpec(),
		s.productSerialSpec(),
		s.productSkuSpec(),
		s.locationQuantitySpec(),
		s.invoiceSpec(),
		s.lineItemSpec(),
		s.estimateSpec(),
		s.paymentSpec(),
		s.paymentProfileSpec(),
		s.scheduleSpec(),
		s.scheduleLineSpec(),
		s.contractSpec(),
		s.portalUserSpec(),
		s.rmmAlertSpec(),
		s.appointmentSpec(),
		s.appointmentTypeSpec(),
		s.leadSpec(),
		s.purchaseOrderSpec(),
		s.wikiPageSpec(),
		s.cannedResponseSpec(),
		s.newTicketFormSpec(),
		s.timelogSpec(),
		s.userDeviceSpec(),
		s.itemSpec(),
	}
}

// Additional field kinds of generic resources (see kind in json.go).
const (
	// kMoney is a decimal stored exactly and sent as Rails sends a
	// BigDecimal column: a string with a fraction ("12.5", "0.0").
	kMoney kind = iota + 100
	// kNumber is a decimal sent as a JSON number (quantities some
	// endpoints type as numbers).
	kNumber
	// kRaw is any JSON value (object, array, scalar), kept as sent.
	kRaw
)

// op is one of the plain CRUD operations a resource may have.
type op uint8

const (
	opList op = 1 << iota
	opGet
	opCreate
	opUpdate
	opDelete

	opsCRUD = opList | opGet | opCreate | opUpdate | opDelete
)

// perms names the token permission each operation needs ("" = any token).
type perms struct{ list, view, create, edit, delete string }

// resourceSpec declares a generically stored resource.
type resourceSpec struct {
	name    string // the id sequence and the store's name: "invoices"
	path    string // route prefix without /api/v1: "/invoices"
	one     string // key of a single record; "" answers the record bare (quirk 1)
	many    string // key of a list
	idBase  int64  // ids start above this, distinct per kind
	ops     op
	perm    perms
	fields  []field  // writable attributes and their casts
	require []string // attributes that can't be blank on create (422)
	perPage int      // default page size of the list (25 when 0)

	// Optional behaviour.
	updateMethod string                             // PUT when "" (PATCH for canned responses)
	deleteStatus int                                // 200 with a message when 0; 204 answers no body
	softDelete   bool                               // a deleted record answers null (contracts)
	shortMeta    bool                               // {total_pages, page} instead of the four-field meta
	filter       func(q url.Values, r record) bool  // list filters beyond page/per_page
	render       func(s *Server, r record, out obj) // derived or nested attributes
	validate     func(s *Server, c *call) []string  // 422 messages of a create or update
	created      func(s *Server, c *call, r record) // side effects of a create
	extra        func(s *Server) []routeDef         // non-CRUD endpoints, matched before {id}
	seed         func(s *Server)                    // demo data (WithDemoData)
	listOnly     func(s *Server, r record, out obj) // fields only list items carry
	detailOnly   func(s *Server, r record, out obj) // fields only the detail record carries
	order        func(a, b record) bool             // list order (by id when nil)
}

// routeDef is an endpoint declared by a resource spec.
type routeDef struct {
	method, pattern, perm string
	h                     func(*call) response
}

// stored is the records of one resource, by id. Access holds Server.mu.
type stored struct {
	spec    resourceSpec
	records map[int64]record
	deleted map[int64]bool // soft-deleted
}

// registerResources adds the routes of every resource spec. Extra routes
// come first so that literal segments ("/products/barcode") win over {id}.
func (s *Server) registerResources(add func(method, pattern, perm string, h func(*call) response)) {
	specs := s.resourceSpecs()
	for _, sp := range specs {
		s.st.generic[sp.name] = &stored{spec: sp, records: map[int64]record{}, deleted: map[int64]bool{}}
	}
	for _, sp := range specs {
		if sp.extra != nil {
			for _, r := range sp.extra(s) {
				add(r.method, r.pattern, r.perm, r.h)
			}
		}
	}
	for _, sp := range specs {
		st := s.st.generic[sp.name]
		if sp.ops&opList != 0 {
			add(http.MethodGet, sp.path, sp.perm.list, func(c *call) response { return s.genericList(st, c) })
		}
		if sp.ops&opCreate != 0 {
			add(http.MethodPost, sp.path, sp.perm.create, func(c *call) response { return s.genericCreate(st, c) })
		}
		if sp.ops&opGet != 0 {
			add(http.MethodGet, sp.path+"/{id}", sp.perm.view, func(c *call) response { return s.genericGet(st, c) })
		}
		if sp.ops&opUpdate != 0 {
			m := sp.updateMethod
			if m == "" {
				m = http.MethodPut
			}
			add(m, sp.path+"/{id}", sp.perm.edit, func(c *call) response { return s.genericUpdate(st, c) })
		}
		if sp.ops&opDelete != 0 {
			add(http.MethodDelete, sp.path+"/{id}", sp.perm.delete, func(c *call) response { return s.genericDelete(st, c) })
		}
	}
}

// seedResources adds the demo data of every resource that has some, in the
// order of resourceSpecs (a resource may refer to those before it).
func (s *Server) seedResources() {
	for _, sp := range s.resourceSpecs() {
		if sp.seed != nil {
			sp.seed(s)
		}
	}
}

// Insert stores a record of a generically stored resource ("invoices",
// "products", ...) with the given attributes, cast as an API write would
// cast them, and returns its id: the way a test seeds data the API cannot
// create. It panics on an unknown resource name.
func (s *Server) Insert(resource string, attrs map[string]any) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st.generic[resource]
	if st == nil {
		panic("syncrotest: no resource named " + resource)
	}
	return s.insertGeneric(st, params(jsonValues(attrs)), s.now()).id("id")
}

// Record returns a copy of a stored record's attributes in their wire form
// (as a detail GET would answer, without the envelope); ok is false when
// there is none.
func (s *Server) Record(resource string, id int64) (map[string]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st.generic[resource]
	if st == nil {
		return nil, false
	}
	r, ok := st.records[id]
	if !ok || st.deleted[id] {
		return nil, false
	}
	var out map[string]any
	b, _ := json.Marshal(s.renderGeneric(st, r, true))
	_ = json.Unmarshal(b, &out)
	return out, true
}

// jsonValues turns Go values given by a test (ints, floats, time.Time,
// decimal.Decimal) into what a decoded JSON body holds.
func jsonValues(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case int:
			out[k] = json.Number(decimal.NewFromInt(int64(x)).String())
		case int64:
			out[k] = json.Number(decimal.NewFromInt(x).String())
		case float64:
			out[k] = json.Number(decimal.NewFromFloat(x).String())
		case decimal.Decimal:
			out[k] = json.Number(x.String())
		case time.Time:
			out[k] = x.Format(time.RFC3339Nano)
		default:
			out[k] = v
		}
	}
	return out
}

// insertGeneric creates a record from params: every declared field cast,
// id and timestamps set.
func (s *Server) insertGeneric(st *stored, p params, now time.Time) record {
	r := newRecord(st.spec.fields)
	assignGeneric(r, st.spec.fields, p, s.loc)
	r["id"] = s.st.newID(st.spec.name)
	r["created_at"], r["updated_at"] = now, now
	st.records[r.id("id")] = r
	return r
}

// assignGeneric casts and stores every declared field present in p.
func assignGeneric(r record, fields []field, p params, loc *time.Location) {
	var plain []field
	for _, f := range fields {
		v, ok := p[f.name]
		if !ok {
			continue
		}
		switch f.kind {
		case kMoney, kNumber:
			if d, ok := castDecimal(v); ok {
				r[f.name] = d
			} else {
				r[f.name] = nil
			}
		case kRaw:
			r[f.name] = v
		default:
			plain = append(plain, f)
		}
	}
	r.assign(plain, p, loc)
}

// renderGeneric is a record's JSON: every declared field in its wire form,
// then what the spec derives.
func (s *Server) renderGeneric(st *stored, r record, detail bool) obj {
	out := obj{"id": r["id"], "created_at": s.ts(r.time("created_at")), "updated_at": s.ts(r.time("updated_at"))}
	for _, f := range st.spec.fields {
		v := r[f.name]
		switch f.kind {
		case kMoney:
			if d, ok := v.(decimal.Decimal); ok {
				out[f.name] = railsDecimal(d)
			} else {
				out[f.name] = nil
			}
		case kNumber:
			if d, ok := v.(decimal.Decimal); ok {
				out[f.name] = json.Number(d.String())
			} else {
				out[f.name] = nil
			}
		default:
			out[f.name] = s.wire(v)
		}
	}
	if st.spec.render != nil {
		st.spec.render(s, r, out)
	}
	if detail && st.spec.detailOnly != nil {
		st.spec.detailOnly(s, r, out)
	}
	if !detail && st.spec.listOnly != nil {
		st.spec.listOnly(s, r, out)
	}
	return out
}

// one wraps a single record under the spec's key, or answers it bare.
func (st *stored) one(v any) obj {
	if st.spec.one == "" {
		if m, ok := v.(obj); ok {
			return m
		}
	}
	return obj{st.spec.one: v}
}

// records returns the live records in list order.
func (st *stored) live() []record {
	out := make([]record, 0, len(st.records))
	for _, id := range sortedIDs(st.records) {
		if !st.deleted[id] {
			out = append(out, st.records[id])
		}
	}
	if st.spec.order != nil {
		sort.SliceStable(out, func(i, j int) bool { return st.spec.order(out[i], out[j]) })
	}
	return out
}

// lookup finds the record of the {id} path variable.
func (st *stored) lookup(c *call) (record, bool) {
	id, ok := c.pathID("id")
	if !ok || st.deleted[id] {
		return nil, false
	}
	r, ok := st.records[id]
	return r, ok
}

// GET {path}
func (s *Server) genericList(st *stored, c *call) response {
	var items []record
	for _, r := range st.live() {
		if st.spec.filter == nil || st.spec.filter(c.q, r) {
			items = append(items, r)
		}
	}
	def := st.spec.perPage
	if def == 0 {
		def = 25
	}
	pg := pageOf(c.q, def)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, r := range items[lo:hi] {
		out = append(out, s.renderGeneric(st, r, false))
	}
	meta := pg.fullMeta(len(items))
	if st.spec.shortMeta {
		meta = pg.shortMeta(len(items))
	}
	return jsonResp(http.StatusOK, obj{st.spec.many: out, "meta": meta})
}

// GET {path}/{id}
func (s *Server) genericGet(st *stored, c *call) response {
	id, _ := c.pathID("id")
	if st.spec.softDelete && st.deleted[id] {
		return jsonResp(http.StatusOK, nil) // soft-deleted: Syncro answers null
	}
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, st.one(s.renderGeneric(st, r, true)))
}

// POST {path}
func (s *Server) genericCreate(st *stored, c *call) response {
	var msgs []string
	for _, f := range st.spec.require {
		if v, _ := castText(c.p[f]); v == nil || strings.TrimSpace(v.(string)) == "" {
			msgs = append(msgs, humanize(f)+" can't be blank")
		}
	}
	if st.spec.validate != nil {
		msgs = append(msgs, st.spec.validate(s, c)...)
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, echo(c.p))
	}
	r := s.insertGeneric(st, c.p, c.now)
	s.st.created[st.spec.name]++
	if st.spec.created != nil {
		st.spec.created(s, c, r)
	}
	return jsonResp(http.StatusOK, st.one(s.renderGeneric(st, r, true)))
}

// PUT {path}/{id}
func (s *Server) genericUpdate(st *stored, c *call) response {
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	if st.spec.validate != nil {
		if msgs := st.spec.validate(s, c); len(msgs) > 0 {
			return railsErrors(msgs, nil)
		}
	}
	assignGeneric(r, st.spec.fields, c.p, s.loc)
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, st.one(s.renderGeneric(st, r, true)))
}

// DELETE {path}/{id}
func (s *Server) genericDelete(st *stored, c *call) response {
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	id := r.id("id")
	if st.spec.softDelete {
		st.deleted[id] = true
	} else {
		delete(st.records, id)
	}
	if st.spec.deleteStatus == http.StatusNoContent {
		return response{status: http.StatusNoContent}
	}
	return jsonResp(http.StatusOK, obj{"message": humanize(strings.TrimSuffix(st.spec.name, "s")) + " was deleted."})
}
