package syncrotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/syncrokit/syncro/internal/number"
)

// This file holds the wire helpers: how values are read from requests
// (loosely, as Rails does) and written to responses (as Syncro does). The
// JSON is built from maps, never from the root package's model types.

// timeLayout is how Rails renders a timestamp: milliseconds and the account
// time zone's offset ("2024-05-10T08:26:04.743+02:00", "Z" in UTC).
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// obj is a JSON object under construction.
type obj = map[string]any

// response is what a handler answers. It is built under the state lock and
// written afterwards, so that a fault can still replace it.
type response struct {
	status int
	ctype  string
	body   []byte
	header http.Header
}

func jsonResp(status int, v any) response {
	b, err := json.Marshal(v)
	if err != nil {
		// Only maps of plain values are marshalled; this is a bug.
		panic("syncrotest: cannot encode response: " + err.Error())
	}
	return response{status: status, ctype: "application/json; charset=utf-8", body: b}
}

func htmlResp(status int, page string) response {
	return response{status: status, ctype: "text/html; charset=utf-8", body: []byte(page)}
}

// notFound is Syncro's 404 body (documented on contacts and tickets).
func notFound() response { return jsonResp(http.StatusNotFound, obj{"message": "Not found"}) }

// railsErrors is the {"success": false, "message": [...]} 422 shape of
// customers, phones, assets and ticket updates; params, when not nil, is
// echoed as Syncro does on create.
func railsErrors(msgs []string, params obj) response {
	body := obj{"success": false, "message": msgs}
	if params != nil {
		body["params"] = params
	}
	return jsonResp(http.StatusUnprocessableEntity, body)
}

// ts renders a timestamp in the account's zone, or null.
func (s *Server) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(s.loc).Format(timeLayout)
}

// wire turns a stored value into its JSON form: timestamps in the account
// zone, decimals as JSON numbers.
func (s *Server) wire(v any) any {
	switch x := v.(type) {
	case time.Time:
		return s.ts(x)
	case decimal.Decimal:
		return json.Number(x.String())
	}
	return v
}

// railsDecimal renders a decimal the way Ruby's BigDecimal#to_s does in
// Syncro's JSON: always with a fractional part ("1.0", "12.5").
func railsDecimal(d decimal.Decimal) string {
	if d.IsInteger() {
		return d.StringFixed(1)
	}
	return d.String()
}

// params are the request's parameters: the query string merged with the
// JSON body (the body wins), as Rails merges them.
type params map[string]any

func (p params) has(k string) bool { _, ok := p[k]; return ok }

// text returns a parameter as text: numbers and booleans are converted,
// null is "" with ok true.
func (p params) text(k string) (string, bool) {
	v, ok := p[k]
	if !ok {
		return "", false
	}
	s, _ := castText(v)
	if s == nil {
		return "", true
	}
	return s.(string), true
}

// int64 returns a parameter as an integer; ok is false when absent, null or
// not a number.
func (p params) int64(k string) (int64, bool) {
	v, ok := p[k]
	if !ok {
		return 0, false
	}
	n := castInt(v)
	if n == nil {
		return 0, false
	}
	return n.(int64), true
}

// object returns a parameter that is a JSON object.
func (p params) object(k string) (map[string]any, bool) {
	m, ok := p[k].(map[string]any)
	return m, ok
}

// kind is the type a stored field is cast to on write, the way
// ActiveRecord casts attributes.
type kind int

const (
	kText kind = iota
	kBool
	kInt
	kTime
)

// field is one writable attribute of a resource, by wire name.
type field struct {
	name string
	kind kind
}

// record holds a resource's plain attributes by wire name: nil, string,
// bool, int64 or time.Time.
type record map[string]any

// newRecord returns a record with every field null, booleans false.
func newRecord(fields []field) record {
	r := make(record, len(fields))
	for _, f := range fields {
		if f.kind == kBool {
			r[f.name] = false
		} else {
			r[f.name] = nil
		}
	}
	return r
}

// assign casts and stores every field present in p.
func (r record) assign(fields []field, p params, loc *time.Location) {
	for _, f := range fields {
		v, ok := p[f.name]
		if !ok {
			continue
		}
		switch f.kind {
		case kText:
			r[f.name], _ = castText(v)
		case kBool:
			if b := castBool(v); b != nil {
				r[f.name] = b
			} else {
				r[f.name] = false
			}
		case kInt:
			r[f.name] = castInt(v)
		case kTime:
			if t, ok := castTime(v, loc); ok {
				r[f.name] = t
			} else {
				r[f.name] = nil
			}
		}
	}
}

// str returns a text attribute, "" when null.
func (r record) str(k string) string {
	s, _ := r[k].(string)
	return s
}

// id returns an integer attribute, 0 when null.
func (r record) id(k string) int64 {
	n, _ := r[k].(int64)
	return n
}

func (r record) flag(k string) bool {
	b, _ := r[k].(bool)
	return b
}

func (r record) time(k string) time.Time {
	t, _ := r[k].(time.Time)
	return t
}

// castText casts to a string as Rails does for a string column; objects and
// arrays are refused (nil, false).
func castText(v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return nil, false
}

// castBool casts like ActiveModel::Type::Boolean: "", nil are nil; "0",
// "f", "false", "off", "no" (any case) and 0 are false; the rest true.
func castBool(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		return x
	case json.Number:
		f, err := x.Float64()
		return err != nil || f != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "":
			return nil
		case "0", "f", "false", "off", "no", "n":
			return false
		}
		return true
	}
	return true
}

// castInt casts to an integer, or nil for null, "" and what is not a
// number. Numbers sent as strings are accepted, as Syncro does.
func castInt(v any) any {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		if x == math.Trunc(x) {
			return int64(x)
		}
		return nil
	case int64:
		return x
	case int:
		return int64(x)
	default:
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	// "42.0" and "4.2e1" are whole numbers too. The text is measured before
	// the decimal parser sees it (a million digits or "1e999999999" would
	// freeze the fake), and a value beyond int64 is not a number here
	// rather than one wrapped into another, valid-looking id.
	if number.Check(s) != nil {
		return nil
	}
	if d, err := decimal.NewFromString(s); err == nil && d.IsInteger() && !d.LessThan(minInt64) && !d.GreaterThan(maxInt64) {
		return d.IntPart()
	}
	return nil
}

var (
	minInt64 = decimal.NewFromInt(math.MinInt64)
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
)

// castDecimal reads a number sent as a number or a string.
func castDecimal(v any) (decimal.Decimal, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		return decimal.NewFromFloat(x), true
	case int64:
		return decimal.NewFromInt(x), true
	case int:
		return decimal.NewFromInt(int64(x)), true
	default:
		return decimal.Decimal{}, false
	}
	if number.Check(s) != nil {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

var inputTimeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// castTime parses a timestamp the way Rails' Time.zone.parse would for the
// usual inputs: RFC 3339, a space for the T, or a plain date; a value
// without an offset is read in the account's zone.
func castTime(v any, loc *time.Location) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), " UTC"))
	for _, layout := range inputTimeLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// emailPattern is a loose check standing in for Syncro's email validation.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func validEmail(s string) bool { return s == "" || emailPattern.MatchString(s) }

// digitsOnly strips the formatting Syncro strips from phone numbers
// ("555-0999" becomes "5550999").
func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// containsFold is the "like" match of Syncro's text filters.
func containsFold(haystack, needle string) bool {
	return strings.Contains(strings.ToLower(haystack), strings.ToLower(needle))
}

// listPage is one page of a list: the page number, the size and the window
// of items.
type listPage struct {
	page, perPage int
}

// maxPerPage is the largest page the fake serves; a bigger per_page is
// capped, as the third-party guide reports for Syncro.
const maxPerPage = 100

// pageOf reads page and per_page. A missing, zero or unreadable per_page
// gives the endpoint's default; page is 1-based.
func pageOf(q url.Values, def int) listPage {
	p := listPage{page: 1, perPage: def}
	// A page past int's range is past the end too (Atoi clamps it), not
	// the first page again.
	if n, err := strconv.Atoi(q.Get("page")); (err == nil || errors.Is(err, strconv.ErrRange)) && n > 0 {
		p.page = n
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		p.perPage = min(n, maxPerPage)
	}
	return p
}

// window returns the index range of the page within n items; past the end
// it is empty (Syncro answers 200 with an empty list there).
func (p listPage) window(n int) (lo, hi int) {
	if p.page-1 > n/p.perPage {
		return n, n // past the end; also keeps (page-1)*perPage from overflowing
	}
	lo = (p.page - 1) * p.perPage
	return lo, min(lo+p.perPage, n)
}

// totalPages follows will_paginate: at least 1, even for no entries.
func (p listPage) totalPages(n int) int {
	return max(1, (n+p.perPage-1)/p.perPage)
}

// fullMeta is the four-field meta of customers, contacts and assets.
func (p listPage) fullMeta(n int) obj {
	return obj{"total_pages": p.totalPages(n), "total_entries": n, "per_page": p.perPage, "page": p.page}
}

// shortMeta is the {total_pages, page} meta of tickets.
func (p listPage) shortMeta(n int) obj {
	return obj{"total_pages": p.totalPages(n), "page": p.page}
}

// idList reads an id filter in any of the spellings a client may use:
// id[]=1&id[]=2, id=1&id=2 or id=1,2.
func idList(q url.Values, name string) (map[int64]bool, bool) {
	vals := append(append([]string(nil), q[name+"[]"]...), q[name]...)
	if len(vals) == 0 {
		return nil, false
	}
	set := map[int64]bool{}
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			if n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil {
				set[n] = true
			}
		}
	}
	return set, true
}

// sortedIDs returns the keys of m in ascending order.
func sortedIDs[V any](m map[int64]V) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// validJSON reports whether a body is one JSON value.
func validJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && json.Valid(b)
}

// mergeProps merges a properties object into dst by key, as Syncro does on
// update: keys not sent are kept.
func mergeProps(dst map[string]any, src map[string]any) map[string]any {
	if dst == nil {
		dst = map[string]any{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

func copyProps(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// humanize turns a wire name into the attribute name Rails puts in a
// message: "business_name" becomes "Business name".
func humanize(name string) string {
	name = strings.TrimSuffix(name, "_id")
	name = strings.ReplaceAll(name, "_", " ")
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
