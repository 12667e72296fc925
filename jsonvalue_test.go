package syncro

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeWithNumbers is the reference: encoding/json with UseNumber.
func decodeWithNumbers(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func TestParseAnyMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{}`, `{"a":1}`, `{"a":"b","c":[1,2.50,-3e2,true,false,null,{"d":{}}],"e":""}`,
		`{"esc":"line\nbreak \"quoted\" \u00e9 \ud83d\ude00","k\u0041y":"v"}`,
		` { "spaced" : [ 1 , 2 ] , "x" : null } `,
		`{"big":12345678901234567890123,"frac":0.000000001}`,
		`{"kabuto_information":{"general":{"cpu":{"name":"Intel"},"ram_gb":16},"disks":[{"free":"12%"}]}}`,
	} {
		want, err := decodeWithNumbers([]byte(in))
		require.NoError(t, err, in)
		var p Properties
		require.NoError(t, p.UnmarshalJSON([]byte(in)), in)
		assert.Equal(t, want, map[string]any(p), in)
	}
	var p Properties
	for _, bad := range []string{`{"a":}`, `{"a":1`, `"text"`, `{"a":1}x`, `12`} {
		assert.Error(t, p.UnmarshalJSON([]byte(bad)), bad)
	}
}

func FuzzParseAny(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,{"b":"c\n"}],"d":-1.5e3}`, `{"x":null,"y":true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p Properties
		err := p.UnmarshalJSON(b)
		trimmed := bytes.TrimSpace(b)
		if len(trimmed) == 0 || trimmed[0] != '{' {
			return
		}
		want, refErr := decodeWithNumbers(b)
		if refErr != nil || !json.Valid(b) {
			if err == nil {
				t.Fatalf("%q: accepted what encoding/json refuses", b)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if !assert.ObjectsAreEqual(want, map[string]any(p)) {
			t.Fatalf("%q: got %#v, want %#v", b, p, want)
		}
	})
}
