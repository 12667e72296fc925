package syncro

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Every model decodes tolerantly through one mechanism, decodeModel: a
// model declares its fields with plain Go types (int64, bool, string,
// time.Time, decimal.Decimal, pointers for "absent is not zero") and one
// line,
//
//	func (x *Invoice) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }
//
// decodeModel builds, once per type, a shadow struct type with the same
// memory layout in which each plain field type is replaced by a tolerant
// twin (Int64 for int64, Bool for bool, Time for time.Time, ...), and
// decodes the JSON straight into the model's memory through it. No model
// carries a hand-written shadow struct, and a new field is tolerant the
// moment it is declared. TestModelsDecodeEveryWireVariant walks every
// exported model and proves it.

// afterDecoder is implemented by models that derive fields once decoded
// (a contact lifts its title out of properties). Hooks run for nested
// records too, innermost first.
type afterDecoder interface{ afterDecode() }

// selfDecoder marks a struct type of this package whose UnmarshalJSON is
// its own (Meta, Time, User's [id, name] pairs), not the decodeModel line:
// a twin keeps such a type as it is and lets it decode itself. Every other
// struct of the package is a model, decoded inline through its own twin
// (no second pass over its bytes). TestEveryModelIsListed checks that each
// UnmarshalJSON that is not the decodeModel line belongs to a selfDecoder.
type selfDecoder interface{ decodesItself() }

var (
	typeSelfDecoder  = reflect.TypeFor[selfDecoder]()
	typeAfterDecoder = reflect.TypeFor[afterDecoder]()
	ownPkg           = reflect.TypeFor[shadow]().PkgPath()
)

// isModel reports whether t is a struct decoded through decodeModel.
func isModel(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == ownPkg &&
		!t.Implements(typeSelfDecoder) && !reflect.PointerTo(t).Implements(typeSelfDecoder)
}

// unparsedField is the optional field of a model that keeps, as raw JSON,
// the values of object- or array-typed fields whose shape Syncro varied
// beyond what the field's type can hold: the record still decodes, and
// nothing Syncro sent is lost.
const unparsedField = "Unparsed"

// shadow is the tolerant twin of a model type.
type shadow struct {
	typ reflect.Type
	// composite lists the JSON keys of object- and array-typed fields:
	// the ones whose shape may vary without failing the record.
	composite map[string]int // JSON key -> field index
	unparsed  int            // index of the Unparsed field, or -1
}

var (
	shadows sync.Map // reflect.Type -> *shadow

	// buildMu serialises building (rare: once per type); building holds
	// the types being built, so that a type that refers to itself keeps
	// that reference plain instead of recursing forever.
	buildMu  sync.Mutex
	building = map[reflect.Type]bool{}
)

var (
	typeTime        = reflect.TypeFor[time.Time]()
	typeTimePtr     = reflect.TypeFor[*time.Time]()
	typeDecimal     = reflect.TypeFor[decimal.Decimal]()
	typeDecimalPtr  = reflect.TypeFor[*decimal.Decimal]()
	typeInt64       = reflect.TypeFor[int64]()
	typeInt64Ptr    = reflect.TypeFor[*int64]()
	typeInt         = reflect.TypeFor[int]()
	typeBool        = reflect.TypeFor[bool]()
	typeBoolPtr     = reflect.TypeFor[*bool]()
	typeString      = reflect.TypeFor[string]()
	typeStringPtr   = reflect.TypeFor[*string]()
	typeFloat64     = reflect.TypeFor[float64]()
	typeFloat64Ptr  = reflect.TypeFor[*float64]()
	typeRawMessage  = reflect.TypeFor[json.RawMessage]()
	typeUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	typeUnparsed    = reflect.TypeFor[map[string]json.RawMessage]()
)

// tolerantTwins maps a plain field type to the tolerant type decoded in its
// place. Each twin has the plain type's size and layout.
var tolerantTwins = map[reflect.Type]reflect.Type{
	typeTime:       reflect.TypeFor[Time](),
	typeTimePtr:    reflect.TypeFor[optTime](),
	typeDecimal:    reflect.TypeFor[flexDecimal](),
	typeDecimalPtr: reflect.TypeFor[optDecimal](),
	typeInt64:      reflect.TypeFor[Int64](),
	typeInt64Ptr:   reflect.TypeFor[optInt64](),
	typeInt:        reflect.TypeFor[flexInt](),
	typeBool:       reflect.TypeFor[Bool](),
	typeBoolPtr:    reflect.TypeFor[optBool](),
	typeString:     reflect.TypeFor[wireString](),
	typeStringPtr:  reflect.TypeFor[optString](),
	typeFloat64:    reflect.TypeFor[flexFloat](),
	typeFloat64Ptr: reflect.TypeFor[optFloat](),
}

// shadowOf returns the tolerant twin of struct type t, building it once.
func shadowOf(t reflect.Type) *shadow {
	if s, ok := shadows.Load(t); ok {
		return s.(*shadow)
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	return shadowLocked(t)
}

func shadowLocked(t reflect.Type) *shadow {
	if s, ok := shadows.Load(t); ok {
		return s.(*shadow)
	}
	building[t] = true
	s := buildShadow(t)
	delete(building, t)
	shadows.Store(t, s)
	return s
}

func buildShadow(t reflect.Type) *shadow {
	s := &shadow{composite: map[string]int{}, unparsed: -1}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		nf := reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag, Anonymous: f.Anonymous}
		if !f.IsExported() {
			// reflect.StructOf refuses unexported fields: keep the bytes
			// under an exported name that JSON never touches.
			nf.Name, nf.Tag, nf.Anonymous = fmt.Sprintf("Unexported%d", i), `json:"-"`, false
		} else if unit := f.Tag.Get("wire"); unit != "" {
			nf.Type = unitTwin(t, f, unit)
		} else if !f.Anonymous {
			nf.Type = twinOf(f.Type)
		}
		if f.Name == unparsedField && f.Type == typeUnparsed {
			s.unparsed = i
		}
		if key, ok := jsonKey(f); ok && isComposite(f.Type) {
			s.composite[key] = i
		}
		fields[i] = nf
	}
	st := reflect.StructOf(fields)
	if st.Size() != t.Size() || st.Align() != t.Align() {
		panic(fmt.Sprintf("syncro: the tolerant twin of %s does not share its layout", t))
	}
	for i := range fields {
		if st.Field(i).Offset != t.Field(i).Offset {
			panic(fmt.Sprintf("syncro: the tolerant twin of %s.%s is at another offset", t, t.Field(i).Name))
		}
	}
	s.typ = st
	return s
}

// unitTwins are the twins chosen by a field's wire tag, for values whose
// unit the Go type does not say: `wire:"seconds"` and `wire:"clock"`
// ("HH:MM[:SS]") for a time.Duration, `wire:"cents"` for a
// decimal.Decimal amount in dollars that Syncro sends in integer cents,
// `wire:"list"` for a []string Syncro may send as one comma-separated
// string.
var unitTwins = map[string]struct{ plain, twin reflect.Type }{
	"seconds": {reflect.TypeFor[time.Duration](), reflect.TypeFor[seconds]()},
	"clock":   {reflect.TypeFor[time.Duration](), reflect.TypeFor[clockElapsed]()},
	"cents":   {typeDecimal, reflect.TypeFor[centsDecimal]()},
	"list":    {reflect.TypeFor[[]string](), reflect.TypeFor[tagList]()},
}

func unitTwin(t reflect.Type, f reflect.StructField, unit string) reflect.Type {
	u, ok := unitTwins[unit]
	if !ok || u.plain != f.Type {
		panic(fmt.Sprintf("syncro: %s.%s: wire:%q does not apply to %s", t, f.Name, unit, f.Type))
	}
	return u.twin
}

// centsDecimal reads integer cents (a number or a numeric string) as an
// exact decimal number of dollars.
type centsDecimal struct{ d decimal.Decimal }

func (c *centsDecimal) UnmarshalJSON(b []byte) error {
	var f flexDecimal
	if err := f.UnmarshalJSON(b); err != nil {
		return err
	}
	c.d = f.d.Shift(-2)
	return nil
}

func (centsDecimal) decodesItself() {}

// twinOf returns the type decoded in place of a field of type t.
func twinOf(t reflect.Type) reflect.Type {
	if tw, ok := tolerantTwins[t]; ok {
		return tw
	}
	if isModel(t) && !building[t] {
		return shadowLocked(t).typ // inline: one pass over the bytes
	}
	if t.Kind() == reflect.Pointer && isModel(t.Elem()) && !building[t.Elem()] {
		return reflect.PointerTo(shadowLocked(t.Elem()).typ)
	}
	if t == typeRawMessage || reflect.PointerTo(t).Implements(typeUnmarshaler) || t.Implements(typeUnmarshaler) {
		return t // decodes itself (a model with its own UnmarshalJSON, Properties, ...)
	}
	switch t.Kind() {
	case reflect.Slice:
		if el := twinOf(t.Elem()); el != t.Elem() {
			return reflect.SliceOf(el)
		}
	case reflect.Map:
		// map[string]bool holds "true"/"false" strings (RMM triggers): a map
		// of twins shares the map's representation, its elements having
		// the same size and alignment.
		if t.Key().Kind() == reflect.String {
			if el := twinOf(t.Elem()); el != t.Elem() {
				return reflect.MapOf(t.Key(), el)
			}
		}
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			if el := twinOf(t.Elem()); el != t.Elem() {
				return reflect.PointerTo(el)
			}
		}
	case reflect.Struct:
		if !building[t] {
			return shadowLocked(t).typ
		}
	}
	return t
}

// isComposite reports whether a field holds an object or an array on the
// wire (the shapes Syncro varies), as opposed to a scalar.
func isComposite(t reflect.Type) bool {
	if t == typeTime || t == typeDecimal || t == typeRawMessage {
		return false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
		if t == typeTime || t == typeDecimal {
			return false
		}
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map, reflect.Array:
		return true
	}
	return false
}

// jsonKey returns the JSON key of a struct field, false when JSON skips it.
func jsonKey(f reflect.StructField) (string, bool) {
	if !f.IsExported() || f.Anonymous {
		return "", false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}

// decodeModel decodes a JSON object into the model v (a pointer to a
// struct) through its tolerant twin: ids as numbers or strings, booleans as
// "1"/"0"/"true", timestamps in every form Syncro sends, decimals from
// numbers or strings. A value of the wrong shape in an object- or
// array-typed field does not fail the record: the field stays empty and
// the raw value is kept in the model's Unparsed map when it has one. Any
// other value that cannot be read is an error.
func decodeModel(b []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("syncro: decodeModel needs a pointer to a struct, got %T", v))
	}
	s := shadowOf(rv.Elem().Type())
	twin := reflect.NewAt(s.typ, rv.UnsafePointer()).Interface()
	err := json.Unmarshal(b, twin)
	if err != nil && len(s.composite) > 0 {
		err = decodeLeniently(b, rv.Elem(), s)
	}
	if err != nil {
		return err
	}
	runHooks(rv.Elem())
	return nil
}

// twinOfModel returns the twin of t, and whether t is a model (else t
// decodes as it is).
func twinOfModel(t reflect.Type) (reflect.Type, bool) {
	if !isModel(t) {
		return nil, false
	}
	return shadowOf(t).typ, true
}

var hookPlans sync.Map // reflect.Type -> *hookPlan

// hookPlan says where afterDecode hooks live inside a type: its own, and
// the fields whose type holds some.
type hookPlan struct {
	self   bool
	fields []int
}

func planHooks(t reflect.Type) *hookPlan {
	if p, ok := hookPlans.Load(t); ok {
		return p.(*hookPlan)
	}
	p := &hookPlan{self: reflect.PointerTo(t).Implements(typeAfterDecoder)}
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && holdsHooks(f.Type, map[reflect.Type]bool{t: true}) {
			p.fields = append(p.fields, i)
		}
	}
	// Published only once complete: goroutines decoding the same type for
	// the first time must not read a plan still being filled in
	// (holdsHooks ends cycles with its own seen set).
	actual, _ := hookPlans.LoadOrStore(t, p)
	return actual.(*hookPlan)
}

// holdsHooks reports whether values of type t may contain a model with an
// afterDecode hook, decoded inline.
func holdsHooks(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsHooks(t.Elem(), seen)
	case reflect.Map:
		return holdsHooks(t.Elem(), seen)
	case reflect.Struct:
		if !isModel(t) || seen[t] {
			return false
		}
		if reflect.PointerTo(t).Implements(typeAfterDecoder) {
			return true
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && holdsHooks(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// runHooks calls the afterDecode hooks of v and of the records nested in
// it, innermost first.
func runHooks(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			runHooks(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			runHooks(v.Index(i))
		}
	case reflect.Struct:
		if !isModel(v.Type()) {
			return
		}
		p := planHooks(v.Type())
		for _, i := range p.fields {
			runHooks(v.Field(i))
		}
		if p.self && v.CanAddr() {
			v.Addr().Interface().(afterDecoder).afterDecode()
		}
	}
}

// decodeLeniently is the slow path of decodeModel, taken only when the
// record failed to decode: it finds the object- or array-typed fields whose
// value does not fit, sets them aside, and decodes the rest.
func decodeLeniently(b []byte, rv reflect.Value, s *shadow) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	var unparsed map[string]json.RawMessage
	for key, raw := range fields {
		if _, ok := s.composite[key]; !ok {
			continue
		}
		probe := reflect.New(s.typ).Interface()
		one, _ := json.Marshal(map[string]json.RawMessage{key: raw})
		if json.Unmarshal(one, probe) == nil {
			continue
		}
		if unparsed == nil {
			unparsed = map[string]json.RawMessage{}
		}
		unparsed[key] = bytes.Clone(raw)
		delete(fields, key)
	}
	if unparsed == nil {
		// No composite field is at fault: report the original error.
		return json.Unmarshal(b, reflect.New(s.typ).Interface())
	}
	rest, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	for key := range unparsed {
		rv.Field(s.composite[key]).SetZero() // what the failed pass left there
	}
	if err := json.Unmarshal(rest, reflect.NewAt(s.typ, rv.Addr().UnsafePointer()).Interface()); err != nil {
		return err
	}
	if s.unparsed >= 0 {
		rv.Field(s.unparsed).Set(reflect.ValueOf(unparsed))
	}
	return nil
}

// The tolerant twins not already in types.go. Each has exactly the layout
// of the plain type it stands for.

// flexInt is an int that decodes like Int64.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	var v Int64
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	if int64(int(v)) != int64(v) {
		return fmt.Errorf("syncro: %s does not fit in an int", b)
	}
	*n = flexInt(v)
	return nil
}

// flexFloat is a float64 sent as a number, a string or null (0).
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	var o optFloat
	if err := o.UnmarshalJSON(b); err != nil {
		return err
	}
	*f = 0
	if o.f != nil {
		*f = flexFloat(*o.f)
	}
	return nil
}

// wireString is a string that Syncro may also send as a number or a
// boolean (ticket numbers, phone numbers typed as integers); null is "".
// Strings are kept exactly, spaces included.
type wireString string

func (s *wireString) UnmarshalJSON(b []byte) error {
	if inner, ok := plainString(b); ok {
		*s = wireString(inner)
		return nil
	}
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		*s = wireString(str)
		return nil
	}
	t := bytes.TrimSpace(b)
	switch {
	case bytes.Equal(t, jsonNull):
		*s = ""
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		return fmt.Errorf("syncro: cannot read %s as text", shorten(string(t), 40))
	default:
		*s = wireString(t) // a number or a boolean, in its JSON spelling
	}
	return nil
}

// plainString returns the contents of a JSON string that has no escapes
// and no control characters: the common case, read without a decoder.
func plainString(b []byte) ([]byte, bool) {
	n := len(b)
	if n < 2 || b[0] != '"' || b[n-1] != '"' {
		return nil, false
	}
	inner := b[1 : n-1]
	if bytes.IndexByte(inner, '\\') >= 0 || hasControl(inner) || !utf8.Valid(inner) {
		return nil, false
	}
	return inner, true
}

// fastInt reads a plain JSON integer (or one quoted without spaces) of at
// most 18 digits without allocating; ok is false for anything else, which
// then takes the general path.
func fastInt(b []byte) (int64, bool) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		b = b[1 : n-1]
	}
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// optString is a *string: null gives nil, anything else as wireString.
type optString struct{ p *string }

func (o *optString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		o.p = nil
		return nil
	}
	var s wireString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	str := string(s)
	o.p = &str
	return nil
}

func (optString) decodesItself() {}

// optInt64 is an *int64: null and "" give nil (absent is not zero).
type optInt64 struct{ p *int64 }

func (o *optInt64) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		o.p = nil
		return nil
	}
	var n Int64
	if err := n.UnmarshalJSON(b); err != nil {
		return err
	}
	v := int64(n)
	o.p = &v
	return nil
}

func (optInt64) decodesItself() {}

// optBool is a *bool: null and "" give nil.
type optBool struct{ p *bool }

func (o *optBool) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		o.p = nil
		return nil
	}
	var v Bool
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	x := bool(v)
	o.p = &x
	return nil
}

func (optBool) decodesItself() {}

// optTime is a *time.Time: null and "" give nil.
type optTime struct{ p *time.Time }

func (o *optTime) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		o.p = nil
		return nil
	}
	var t Time
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	o.p = &t.Time
	return nil
}

func (optTime) decodesItself() {}
