package syncro

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/syncrokit/syncro/internal/number"
)

// Ptr returns a pointer to v. It is the short way to fill the pointer fields
// of the XInput types: &CustomerInput{BusinessName: syncro.Ptr("Acme")}.
func Ptr[T any](v T) *T { return &v }

var jsonNull = []byte("null")

// isNullish reports whether a raw JSON value carries no value: null, or an
// empty string (Syncro sends both for an unset field).
func isNullish(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.Equal(b, jsonNull) || bytes.Equal(b, []byte(`""`))
}

// unquote returns the text of a JSON scalar: the contents of a string, or the
// literal itself for numbers and booleans.
func unquote(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if inner, ok := plainString(b); ok {
		return strings.TrimSpace(string(inner)), nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(s), nil
	}
	return string(b), nil
}

// Int64 is an integer that decodes from a JSON number or a numeric string
// ("42"), as Syncro sends ids both ways. null and "" decode to 0.
type Int64 int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int64) UnmarshalJSON(b []byte) error {
	if v, ok := fastInt(b); ok {
		*n = Int64(v)
		return nil
	}
	if isNullish(b) {
		*n = 0
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	v, err := parseInt64(s)
	if err != nil {
		return fmt.Errorf("syncro: cannot read %s as an integer: %w", quoteShort(b), err)
	}
	*n = Int64(v)
	return nil
}

// parseDecimal reads a decimal number once number.Check has measured it:
// a hostile value of millions of digits is refused by its length, and a
// comma ("12,5") is an error, never 125.
func parseDecimal(s string) (decimal.Decimal, error) {
	if err := number.Check(s); err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.NewFromString(s)
}

// quoteShort is raw JSON as an error message quotes it: cut to a readable
// length, as a hostile value may be megabytes long.
func quoteShort(b []byte) string { return shorten(string(b), 48) }

// parseInt64 accepts "42" and the float spellings of whole numbers ("42.0",
// "4.2e1") that some Syncro payloads carry. Its cost is linear in the text:
// strconv first, and the decimal parser only for what number.Check passes.
func parseInt64(s string) (int64, error) {
	if len(s) > number.MaxLen {
		return 0, fmt.Errorf("%d characters is too long for an integer", len(s))
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	d, err := parseDecimal(s)
	if err != nil {
		return 0, err
	}
	if !d.IsInteger() {
		return 0, fmt.Errorf("not an integer: %q", s)
	}
	if d.LessThan(minInt64) || d.GreaterThan(maxInt64) {
		// IntPart would wrap it into another, valid-looking id.
		return 0, fmt.Errorf("out of the int64 range: %q", s)
	}
	return d.IntPart(), nil
}

var (
	minInt64 = decimal.NewFromInt(math.MinInt64)
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
)

// Bool is a boolean that decodes from true/false, "true"/"false", "1"/"0",
// 1/0, "yes"/"no" and Rails' "t"/"f". null and "" decode to false.
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == 't' || b[0] == 'f') {
		if string(b) == "true" || string(b) == "false" {
			*v = b[0] == 't'
			return nil
		}
	}
	if isNullish(b) {
		*v = false
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	parsed, ok := ParseBool(s)
	if !ok {
		return fmt.Errorf("syncro: cannot read %s as a boolean", b)
	}
	*v = Bool(parsed)
	return nil
}

// ParseBool reads the boolean spellings Syncro and spreadsheets use: true,
// false, 1, 0, yes, no, t, f, y, n, on, off (any case). ok is false for
// anything else, including the empty string.
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "t", "y", "on":
		return true, true
	case "false", "0", "no", "f", "n", "off":
		return false, true
	}
	return false, false
}

// Time is a timestamp that decodes every form Syncro sends: RFC 3339 with
// an offset or Z, offsets without a colon (+0200), a space instead of the T,
// the " UTC" suffix of RepairShopr-era records, more than nine fractional
// digits, and plain dates (2019-02-25, read as midnight UTC). null and ""
// decode to the zero time. The offset Syncro sent is kept.
type Time struct {
	time.Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	// Most timestamps are strict RFC 3339, which time.Time reads without
	// allocating; anything else takes the general path below.
	if len(b) > 2 && b[0] == '"' && t.Time.UnmarshalJSON(b) == nil {
		return nil
	}
	if isNullish(b) {
		t.Time = time.Time{}
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

func (t Time) decodesItself() {} // decodes itself: see selfDecoder

// MarshalJSON writes RFC 3339 with nanoseconds, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return jsonNull, nil
	}
	return []byte(`"` + t.Format(time.RFC3339Nano) + `"`), nil
}

var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
}

// ParseTime parses a Syncro timestamp in any of the forms Time accepts.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	norm := s
	utc := false
	if strings.HasSuffix(norm, " UTC") {
		norm, utc = strings.TrimSuffix(norm, " UTC"), true
	}
	// "2019-10-21 08:33:21 +0200" (Ruby's Time#to_s) and "2019-10-21 08:33:21".
	if len(norm) > 10 && norm[10] == ' ' {
		norm = norm[:10] + "T" + norm[11:]
	}
	norm = strings.Replace(norm, " +", "+", 1)
	norm = strings.Replace(norm, " -", "-", 1)
	norm = trimFraction(norm)
	for _, layout := range timeLayouts {
		loc := time.UTC
		if t, err := time.ParseInLocation(layout, norm, loc); err == nil {
			if utc {
				t = t.UTC()
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("syncro: cannot read %q as a timestamp", s)
}

// trimFraction cuts fractional seconds to nine digits, the most Go parses.
func trimFraction(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := dot + 1
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end-dot-1 <= 9 {
		return s
	}
	return s[:dot+10] + s[end:]
}

// flexDecimal decodes money and quantities sent as a number, a string
// ("1.0"), null or "" (zero). A comma ("12,5", "1,234.50") is an error:
// Syncro writes decimals with a point, and guessing would misread one.
type flexDecimal struct{ d decimal.Decimal }

func (f *flexDecimal) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		f.d = decimal.Decimal{}
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	d, err := parseDecimal(s)
	if err != nil {
		return fmt.Errorf("syncro: cannot read %s as a decimal number: %w", quoteShort(b), err)
	}
	f.d = d
	return nil
}

func (flexDecimal) decodesItself() {}

// optDecimal is a flexDecimal that remembers whether a value was present:
// null and an absent key give nil, which is not the same as zero.
type optDecimal struct{ d *decimal.Decimal }

func (o *optDecimal) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		o.d = nil
		return nil
	}
	var f flexDecimal
	if err := f.UnmarshalJSON(b); err != nil {
		return err
	}
	o.d = &f.d
	return nil
}

func (optDecimal) decodesItself() {}

// optFloat decodes a coordinate sent as a number, a string or null.
type optFloat struct{ f *float64 }

func (o *optFloat) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		o.f = nil
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	if len(s) > number.MaxLen {
		return fmt.Errorf("syncro: cannot read %s as a number: %d characters is too long", quoteShort(b), len(s))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("syncro: cannot read %s as a number", quoteShort(b))
	}
	o.f = &v
	return nil
}

func (optFloat) decodesItself() {}

// Properties holds a record's custom fields, keyed by the field's display
// name exactly as Syncro sends it ("Device Type", "VIP", "Reg No."). Values
// keep their JSON type: string, json.Number, bool, nil, []any or
// map[string]any. Use the typed accessors to read them.
type Properties map[string]any

// UnmarshalJSON implements json.Unmarshaler. Numbers are kept exactly as
// json.Number. A JSON array (some payloads send [] for "no properties") or
// null gives an empty map.
func (p *Properties) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, jsonNull) || b[0] == '[' {
		*p = nil
		return nil
	}
	if len(b) == 2 && b[0] == '{' && b[1] == '}' {
		*p = Properties{} // the common empty object, without a decoder
		return nil
	}
	if b[0] != '{' || !json.Valid(b) {
		return fmt.Errorf("syncro: cannot read properties: %s is not a JSON object", shorten(string(b), 40))
	}
	v, _, err := parseAny(b, 0)
	if err != nil {
		return fmt.Errorf("syncro: cannot read properties: %w", err)
	}
	*p = v.(map[string]any)
	return nil
}

// Lookup returns the value of the custom field name. It tries the exact
// display name first, then a loose match that ignores case, spaces and
// punctuation, so "CPU Age", "CPUAge" and "cpu_age" find the same field.
func (p Properties) Lookup(name string) (any, bool) {
	if v, ok := p[name]; ok {
		return v, true
	}
	want := looseKey(name)
	if want == "" {
		return nil, false
	}
	for k, v := range p {
		if looseKey(k) == want {
			return v, true
		}
	}
	return nil, false
}

func looseKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// String returns the field as text: strings as they are, numbers and
// booleans in their JSON spelling, "" when the field is absent or null.
func (p Properties) String(name string) string {
	v, ok := p.Lookup(name)
	if !ok || v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Bool reads the field as a boolean (true, "1", "yes", ...). ok is false
// when the field is absent or not a boolean spelling.
func (p Properties) Bool(name string) (value, ok bool) {
	v, found := p.Lookup(name)
	if !found || v == nil {
		return false, false
	}
	if b, isBool := v.(bool); isBool {
		return b, true
	}
	return ParseBool(p.String(name))
}

// Int64 reads the field as an integer. ok is false when the field is absent
// or not a whole number.
func (p Properties) Int64(name string) (int64, bool) {
	s := p.String(name)
	if s == "" {
		return 0, false
	}
	v, err := parseInt64(s)
	return v, err == nil
}

// Decimal reads the field as an exact decimal number. ok is false when the
// field is absent or not a number.
func (p Properties) Decimal(name string) (decimal.Decimal, bool) {
	s := p.String(name)
	if s == "" {
		return decimal.Decimal{}, false
	}
	d, err := parseDecimal(s)
	return d, err == nil
}

// Time reads the field as a timestamp or date. ok is false when the field
// is absent or not a time.
func (p Properties) Time(name string) (time.Time, bool) {
	s := p.String(name)
	if s == "" {
		return time.Time{}, false
	}
	t, err := ParseTime(s)
	return t, err == nil
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
