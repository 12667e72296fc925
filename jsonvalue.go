package syncro

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// parseAny reads the JSON value starting at b[i] (b is valid JSON: the
// caller checked it) into string, json.Number, bool, nil, []any or
// map[string]any, and returns it with the index after it. It is what
// encoding/json with UseNumber would give, in one pass and without a
// Decoder: custom fields (Properties) are decoded for every record of a
// page, often with nested RMM reports.
func parseAny(b []byte, i int) (any, int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return nil, i, errUnexpectedEnd
	}
	switch c := b[i]; {
	case c == '{':
		m := map[string]any{}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == '}' {
			return m, i + 1, nil
		}
		for {
			k, next, err := parseString(b, skipSpace(b, i))
			if err != nil {
				return nil, next, err
			}
			i = skipSpace(b, next)
			if i >= len(b) || b[i] != ':' {
				return nil, i, errUnexpectedEnd
			}
			v, next2, err := parseAny(b, i+1)
			if err != nil {
				return nil, next2, err
			}
			m[k] = v
			i = skipSpace(b, next2)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == '}' {
				return m, i + 1, nil
			}
			return nil, i, errUnexpectedEnd
		}
	case c == '[':
		list := []any{}
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return list, i + 1, nil
		}
		for {
			v, next, err := parseAny(b, i)
			if err != nil {
				return nil, next, err
			}
			list = append(list, v)
			i = skipSpace(b, next)
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == ']' {
				return list, i + 1, nil
			}
			return nil, i, errUnexpectedEnd
		}
	case c == '"':
		return parseString(b, i)
	case c == 't' && bytes.HasPrefix(b[i:], litTrue):
		return true, i + 4, nil
	case c == 'f' && bytes.HasPrefix(b[i:], litFalse):
		return false, i + 5, nil
	case c == 'n' && bytes.HasPrefix(b[i:], jsonNull):
		return nil, i + 4, nil
	default:
		j := i
		for j < len(b) && strings.IndexByte("+-0123456789.eE", b[j]) >= 0 {
			j++
		}
		if j == i {
			return nil, i, errUnexpectedEnd
		}
		return json.Number(b[i:j]), j, nil
	}
}

var (
	litTrue  = []byte("true")
	litFalse = []byte("false")
)

var errUnexpectedEnd = errors.New("malformed JSON")

// parseString reads the JSON string at b[i]; strings with escapes go
// through encoding/json.
func parseString(b []byte, i int) (string, int, error) {
	if i >= len(b) || b[i] != '"' {
		return "", i, errUnexpectedEnd
	}
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			if !escaped {
				return string(b[i+1 : j]), j + 1, nil
			}
			var s string
			if err := json.Unmarshal(b[i:j+1], &s); err != nil {
				return "", j + 1, err
			}
			return s, j + 1, nil
		}
	}
	return "", len(b), errUnexpectedEnd
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
