package syncrotest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// shapeRules tune the comparison of the fake's JSON with a real sample.
type shapeRules struct {
	// extras are keys the fake may send beyond the sample's, at any depth,
	// each because a source shows Syncro sends them there.
	extras map[string]string
	// nullable are keys the fake may send as null where the sample has a
	// value, because another real sample has them null.
	nullable map[string]string
	// trimmed samples lost keys when they were captured: the fake's extra
	// keys are not checked against them.
	trimmed bool
}

// freeForm keys hold user-defined keys (custom fields, echoed params): only
// their kind is compared.
var freeForm = map[string]bool{"properties": true, "params": true}

// mayBeEmpty lists are empty in the fake for ticket types without custom
// fields, though the sample has items.
var mayBeEmpty = map[string]bool{"ticket_fields": true, "ticket_answers": true, "answers": true}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// compareShape reports every difference in keys and value kinds between a
// real sample and the fake's answer. A null in the sample matches anything.
// A list whose sample items differ in kind (the [id, name] pairs of
// /users) is a tuple, compared position by position; other lists compare
// each of the fake's items with the sample's first.
func compareShape(path string, sample, got any, rules shapeRules) []string {
	key := filepath.Base(path)
	if sample == nil {
		return nil
	}
	if got == nil {
		if _, ok := rules.nullable[key]; ok {
			return nil
		}
		return []string{fmt.Sprintf("%s: null where the sample has %s", path, kindOf(sample))}
	}
	if kindOf(sample) != kindOf(got) {
		return []string{fmt.Sprintf("%s: %s where the sample has %s", path, kindOf(got), kindOf(sample))}
	}
	var problems []string
	switch s := sample.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if freeForm[key] || len(s) == 0 {
			return nil
		}
		for _, k := range sortedKeys(s) {
			gv, ok := g[k]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s/%s: missing", path, k))
				continue
			}
			problems = append(problems, compareShape(path+"/"+k, s[k], gv, rules)...)
		}
		if !rules.trimmed {
			for _, k := range sortedKeys(g) {
				if _, inSample := s[k]; !inSample {
					if _, ok := rules.extras[k]; !ok {
						problems = append(problems, fmt.Sprintf("%s/%s: not in the sample", path, k))
					}
				}
			}
		}
	case []any:
		g := got.([]any)
		if len(s) == 0 {
			return nil
		}
		if len(g) == 0 {
			if !mayBeEmpty[key] {
				problems = append(problems, fmt.Sprintf("%s: empty where the sample has items (set up data to compare)", path))
			}
			return problems
		}
		if isTuple(s) {
			if len(g) != len(s) {
				return []string{fmt.Sprintf("%s: tuple of %d where the sample has %d", path, len(g), len(s))}
			}
			for i := range s {
				problems = append(problems, compareShape(fmt.Sprintf("%s[%d]", path, i), s[i], g[i], rules)...)
			}
			return problems
		}
		for i, item := range g {
			problems = append(problems, compareShape(fmt.Sprintf("%s[%d]", path, i), s[0], item, rules)...)
		}
	}
	return problems
}

// isTuple reports whether a sample list holds items of different kinds,
// like each [1, "Joe Doe"] pair of /users.
func isTuple(s []any) bool {
	for _, v := range s[1:] {
		if kindOf(v) != kindOf(s[0]) {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func loadSample(t *testing.T, name string) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return decodeAny(t, data)
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v), "%s", data)
	return v
}

func TestCompareShapeCatchesDifferences(t *testing.T) {
	t.Parallel()
	sample := map[string]any{"a": json.Number("1"), "b": "x", "c": []any{map[string]any{"d": true}}, "n": nil, "p": map[string]any{"k": "v"}}
	tests := []struct {
		got  string
		want []string
	}{
		{`{"a":2,"b":"y","c":[{"d":false}],"n":"any","p":{"k":"v"}}`, nil},
		{`{"a":"2","b":"y","c":[{"d":false}],"n":1,"p":{"k":"v"}}`, []string{"$/a: string where the sample has number"}},
		{`{"a":2,"c":[{"d":1}],"n":1,"p":{}}`, []string{"$/b: missing", "$/c[0]/d: number where the sample has bool", "$/p/k: missing"}},
		{`{"a":2,"b":null,"c":[],"n":1,"p":{"k":"v"},"x":1}`, []string{"$/b: null where the sample has string", "$/c: empty where the sample has items (set up data to compare)", "$/x: not in the sample"}},
	}
	for _, tt := range tests {
		got := compareShape("$", sample, decodeAny(t, []byte(tt.got)), shapeRules{})
		require.Equal(t, tt.want, got, tt.got)
	}
	pairs := []any{[]any{json.Number("1"), "Joe"}}
	require.Empty(t, compareShape("$", pairs, decodeAny(t, []byte(`[[2,"Ann"],[3,"Bo"]]`)), shapeRules{}))
	require.NotEmpty(t, compareShape("$", pairs, decodeAny(t, []byte(`[["2","Ann"]]`)), shapeRules{}))
	require.NotEmpty(t, compareShape("$", pairs, decodeAny(t, []byte(`[[2]]`)), shapeRules{}))
}
