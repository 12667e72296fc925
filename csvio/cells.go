package csvio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/syncrokit/syncro"
)

// cells reads typed values out of a record, collecting a Problem for every
// cell that does not hold what its column needs.
type cells struct {
	rec  *record
	cols []string
}

func (c cells) raw(i int) string { return c.rec.cells[i] }

// text returns the cell as written (only the formula guard undone).
func (c cells) text(i int) string { return c.rec.cells[i] }

// id reads a positive integer id. A blank cell gives 0, or a problem when
// required.
func (c cells) id(i int, required bool, what string) int64 {
	if v, ok := plainDigits(c.raw(i)); ok && v > 0 {
		return v // the usual cell, read without the general parser
	}
	s := strings.TrimSpace(c.raw(i))
	if s == "" {
		if required {
			c.rec.addProblem(c.cols[i], "is required: the id of "+what)
		}
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		c.rec.addProblem(c.cols[i], fmt.Sprintf("%q is not an id (a positive whole number)", s))
		return 0
	}
	return v
}

// plainDigits reads a cell of 1 to 18 ASCII digits, the form ids take in
// exports; 18 digits cannot overflow an int64. ok is false for anything
// else, which the callers then read the general way.
func plainDigits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + int64(d)
	}
	return v, true
}

// optInt reads an optional non-negative integer into *dst and returns dst,
// or nil for a blank or bad cell. dst lives in the row, which saves an
// allocation per cell.
func (c cells) optInt(i int, dst *int64) *int64 {
	s := strings.TrimSpace(c.raw(i))
	if s == "" {
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		c.rec.addProblem(c.cols[i], fmt.Sprintf("%q is not a whole number", s))
		return nil
	}
	*dst = v
	return dst
}

// flag reads true/false/1/0/yes/no into *dst and returns dst, or nil for a
// blank or bad cell.
func (c cells) flag(i int, dst *bool) *bool {
	s := c.raw(i)
	switch s { // the spellings exports use, without trimming or case folding
	case "":
		return nil
	case "true", "True", "TRUE", "1":
		*dst = true
		return dst
	case "false", "False", "FALSE", "0":
		*dst = false
		return dst
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	v, ok := syncro.ParseBool(s)
	if !ok {
		c.rec.addProblem(c.cols[i], fmt.Sprintf("%q is not a yes/no value: write true or false (1/0 and yes/no work too)", s))
		return nil
	}
	*dst = v
	return dst
}

// email reads one address, or "" for a blank cell.
func (c cells) email(i int) string {
	s := strings.TrimSpace(c.raw(i))
	if s != "" && !validEmail(s) {
		c.rec.addProblem(c.cols[i], fmt.Sprintf("%q is not an email address", s))
	}
	return s
}

// emails reads a list of addresses separated by commas, semicolons or
// spaces, and keeps the cell as written.
func (c cells) emails(i int) string {
	s := c.raw(i)
	rest := s
	for rest != "" {
		end := strings.IndexAny(rest, ",; \n\r\t")
		addr := rest
		if end >= 0 {
			addr, rest = rest[:end], rest[end+1:]
		} else {
			rest = ""
		}
		if addr != "" && !validEmail(addr) {
			c.rec.addProblem(c.cols[i], fmt.Sprintf("%q is not an email address", addr))
		}
	}
	return s
}

// customFields reads the custom_fields cell: a JSON object of field display
// name to value, e.g. {"VIP":"1","Seats":12}. nil for a blank cell.
func (c cells) customFields(i int) map[string]any {
	s := strings.TrimSpace(c.raw(i))
	if s == "" {
		return nil
	}
	m, err := parseFields(s)
	if err != nil {
		c.rec.addProblem(c.cols[i], `must be a JSON object of field name to value, like {"VIP":"1","Seats":12}`)
		return nil
	}
	return m
}

// parseFields reads a custom_fields object. Numbers are kept exactly, as
// json.Number. Flat objects of strings, numbers, booleans and nulls (the
// usual case) are read directly; anything else goes through encoding/json.
func parseFields(s string) (map[string]any, error) {
	if m, ok := parseFlatObject(s); ok {
		return m, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, fmt.Errorf("not a JSON object")
	}
	return m, nil
}

// parseFlatObject is the fast path of parseFields. ok is false when s is
// not a flat object it can read alone; the caller then falls back.
func parseFlatObject(s string) (map[string]any, bool) {
	p := flatParser{s: s}
	if !p.consume('{') {
		return nil, false
	}
	m := map[string]any{}
	if p.consume('}') {
		return m, p.end()
	}
	for {
		key, ok := p.str()
		if !ok || !p.consume(':') {
			return nil, false
		}
		val, ok := p.scalar()
		if !ok {
			return nil, false
		}
		m[key] = val
		if p.consume('}') {
			return m, p.end()
		}
		if !p.consume(',') {
			return nil, false
		}
	}
}

type flatParser struct {
	s string
	i int
}

func (p *flatParser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *flatParser) consume(b byte) bool {
	p.skip()
	if p.i < len(p.s) && p.s[p.i] == b {
		p.i++
		return true
	}
	return false
}

func (p *flatParser) end() bool {
	p.skip()
	return p.i == len(p.s)
}

// str reads a string without escapes or control characters.
func (p *flatParser) str() (string, bool) {
	if !p.consume('"') {
		return "", false
	}
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			p.i++
			return p.s[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return "", false
		}
		p.i++
	}
	return "", false
}

func (p *flatParser) scalar() (any, bool) {
	p.skip()
	if p.i >= len(p.s) {
		return nil, false
	}
	switch p.s[p.i] {
	case '"':
		return p.str()
	case 't', 'f', 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if strings.HasPrefix(p.s[p.i:], lit) {
				p.i += len(lit)
				switch lit {
				case "true":
					return true, true
				case "false":
					return false, true
				}
				return nil, true
			}
		}
		return nil, false
	}
	start := p.i
	if !p.number() {
		return nil, false
	}
	return json.Number(p.s[start:p.i]), true
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *flatParser) number() bool {
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case digits() == 0:
		return false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return false
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// notInEmail marks the bytes an address cannot hold.
var notInEmail = func() (t [256]bool) {
	for _, b := range []byte(" \t\r\n<>,;\"()[]\\") {
		t[b] = true
	}
	return t
}()

// validEmail is a quick, allocation-free check that s looks like one
// address: text, one @, a domain with a dot, no spaces or angle brackets.
func validEmail(s string) bool {
	at, dot := -1, -1
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case notInEmail[b]:
			return false
		case b == '@':
			if at >= 0 {
				return false
			}
			at = i
		case b == '.' && at >= 0:
			if i == dot+1 || i == at+1 {
				return false // ".." or "@."
			}
			dot = i
		}
	}
	return at > 0 && dot > at && dot < len(s)-1
}

// formatFields writes custom fields as the custom_fields cell: a JSON object
// with sorted keys, values as Syncro sent them (numbers exact). "" when
// there are none.
func formatFields(props map[string]any) string {
	if len(props) == 0 {
		return ""
	}
	b, _ := appendFields(nil, nil, props)
	return string(b)
}

// appendFields appends the custom_fields JSON object of props to b, or
// nothing when there are none. keys is scratch space, returned for reuse.
func appendFields(b []byte, keys []string, props map[string]any) ([]byte, []string) {
	if len(props) == 0 {
		return b, keys
	}
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSON(b, props[k])
	}
	return append(b, '}'), keys
}

// appendJSON appends v as JSON. Plain strings, numbers and booleans are
// written directly; anything else goes through encoding/json.
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case json.Number:
		if x != "" {
			return append(b, x...)
		}
	case string:
		return appendJSONString(b, x)
	}
	var out bytes.Buffer
	writeJSON(&out, v)
	return append(b, out.Bytes()...)
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	if plainJSONString(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var out bytes.Buffer
	writeJSON(&out, s)
	return append(b, out.Bytes()...)
}

// plainJSONString reports whether s can go between quotes as it is.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}

func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		b.WriteString(`null`)
		return
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}

// fieldText is the comparable text of a custom field value: strings as
// they are, numbers and booleans in their JSON spelling.
func fieldText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

func formatID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
