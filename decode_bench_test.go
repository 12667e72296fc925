package syncro

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// plainOf returns a type with the layout-free shape of t but none of its
// decoding methods: the "plain encoding/json into the same structs"
// baseline. Nested models become plain too; time.Time and decimal.Decimal
// keep their own JSON methods, which plain encoding/json would use.
func plainOf(t reflect.Type) reflect.Type {
	switch {
	case t == typeTime || t == typeDecimal || t == typeRawMessage:
		return t
	case t.Kind() == reflect.Pointer:
		return reflect.PointerTo(plainOf(t.Elem()))
	case t.Kind() == reflect.Slice:
		return reflect.SliceOf(plainOf(t.Elem()))
	case t.Kind() == reflect.Map:
		return reflect.MapOf(t.Key(), plainOf(t.Elem()))
	case t.Kind() == reflect.Struct:
		var fields []reflect.StructField
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fields = append(fields, reflect.StructField{Name: f.Name, Type: plainOf(f.Type), Tag: reflect.StructTag(`json:"` + f.Tag.Get("json") + `"`)})
		}
		return reflect.StructOf(fields)
	}
	// A named scalar with its own decoder (time.Duration is plain).
	switch t.Kind() {
	case reflect.Int64:
		return reflect.TypeFor[int64]()
	case reflect.String:
		return typeString
	case reflect.Interface:
		return t
	}
	return t
}

// canonicalPage builds a page of n records of type T in the canonical wire
// shape (what plain encoding/json can read: numbers as numbers, RFC 3339
// times), from one tolerantly decoded fixture record.
func canonicalPage[T any](tb testing.TB, key string, fixtureName string, n int) []byte {
	tb.Helper()
	raw, err := readFixture(fixtureName)
	if err != nil {
		tb.Fatal(err)
	}
	var src map[string]json.RawMessage
	if err := json.Unmarshal(raw, &src); err != nil {
		tb.Fatal(err)
	}
	var items []T
	if err := json.Unmarshal(src[key], &items); err != nil {
		tb.Fatal(err)
	}
	recs := make([]string, n)
	for i := range recs {
		b, err := json.Marshal(items[i%len(items)])
		if err != nil {
			tb.Fatal(err)
		}
		recs[i] = string(b)
	}
	return []byte(`{"` + key + `":[` + strings.Join(recs, ",") + `],"meta":{"total_pages":1,"page":1}}`)
}

// pageDecoder decodes a list answer as the client does (decodeList).
func pageDecoder[T any](key string) func([]byte) (int, error) {
	return func(body []byte) (int, error) {
		p, err := decodeList[T](body, key, 1)
		if err != nil {
			return 0, err
		}
		return len(p.Items), nil
	}
}

// BenchmarkDecodeModels decodes a 100-record page of several models two
// ways in the same run: plain encoding/json into method-free copies of the
// same structs (the baseline), and the models' tolerant decoding. The
// issue's budget is 1.3x of the baseline:
//
//	go test -run '^$' -bench DecodeModels -benchmem
func BenchmarkDecodeModels(b *testing.B) {
	cases := []struct {
		name     string
		body     []byte
		typ      reflect.Type
		tolerant func([]byte) (int, error) // the client's own list decoding
	}{
		{"Customer", canonicalPage[Customer](b, "customers", "customers_page.json", 100), reflect.TypeFor[Customer](), pageDecoder[Customer]("customers")},
		{"Ticket", canonicalPage[Ticket](b, "tickets", "tickets/list_page1.json", 100), reflect.TypeFor[Ticket](), pageDecoder[Ticket]("tickets")},
		{"Asset", canonicalPage[Asset](b, "assets", "assets/list_page1.json", 100), reflect.TypeFor[Asset](), pageDecoder[Asset]("assets")},
		{"Vendor", canonicalPage[Vendor](b, "vendors", "vendors/vendors_page.json", 100), reflect.TypeFor[Vendor](), pageDecoder[Vendor]("vendors")},
	}
	for _, c := range cases {
		key := strings.SplitN(strings.TrimPrefix(string(c.body), `{"`), `"`, 2)[0]
		plainPage := reflect.StructOf([]reflect.StructField{
			{Name: "Items", Type: reflect.SliceOf(plainOf(c.typ)), Tag: reflect.StructTag(`json:"` + key + `"`)},
			{Name: "Meta", Type: reflect.TypeFor[Meta](), Tag: `json:"meta"`},
		})
		b.Run(c.name+"/plain", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.body)))
			for i := 0; i < b.N; i++ {
				v := reflect.New(plainPage)
				if err := json.Unmarshal(c.body, v.Interface()); err != nil {
					b.Fatal(err)
				}
				if v.Elem().Field(0).Len() != 100 {
					b.Fatal("short page")
				}
			}
		})
		b.Run(c.name+"/tolerant", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.body)))
			for i := 0; i < b.N; i++ {
				n, err := c.tolerant(c.body)
				if err != nil {
					b.Fatal(err)
				}
				if n != 100 {
					b.Fatal("short page")
				}
			}
		})
	}
}

// TestCanonicalPagesDecodePlainly guards the benchmark: its baseline must
// really decode every record (a plain type that fails would measure
// nothing).
func TestCanonicalPagesDecodePlainly(t *testing.T) {
	t.Parallel()
	body := canonicalPage[Ticket](t, "tickets", "tickets/list_page1.json", 3)
	page := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: "Items", Type: reflect.SliceOf(plainOf(reflect.TypeFor[Ticket]())), Tag: `json:"tickets"`},
	}))
	if err := json.Unmarshal(body, page.Interface()); err != nil {
		t.Fatal(err)
	}
	if page.Elem().Field(0).Len() != 3 {
		t.Fatal("short page")
	}
}
