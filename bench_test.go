package syncro

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// customerPage builds a page of n customers in the wire shape, from the
// two real-shaped records of testdata/customers_page.json.
func customerPage(tb testing.TB, n int) []byte {
	tb.Helper()
	var src struct {
		Customers []json.RawMessage `json:"customers"`
	}
	raw, err := readFixture("customers_page.json")
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		tb.Fatal(err)
	}
	items := make([]string, n)
	for i := range items {
		rec := string(src.Customers[i%len(src.Customers)])
		rec = strings.Replace(rec, `"id":1,`, fmt.Sprintf(`"id":%d,`, i+1), 1)
		rec = strings.Replace(rec, `"id":"31383993",`, fmt.Sprintf(`"id":"%d",`, i+1), 1)
		items[i] = rec
	}
	return []byte(`{"customers":[` + strings.Join(items, ",") + `],"meta":{"total_pages":3,"total_entries":300,"per_page":100,"page":1}}`)
}

// staticTransport answers every request with the same body, doing as
// little as a RoundTripper can so that the client's own cost is measured.
type staticTransport struct{ body []byte }

func (s staticTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(s.body)),
		Request:    r,
	}, nil
}

// BenchmarkCustomerPage compares decoding a 100-customer page through the
// client (request, limiter off, body read, envelope, meta) with plain
// encoding/json into the same structs. Compare the two with:
//
//	go test -run '^$' -bench CustomerPage -benchmem
func BenchmarkCustomerPage(b *testing.B) {
	body := customerPage(b, 100)

	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			var page struct {
				Customers []Customer `json:"customers"`
				Meta      Meta       `json:"meta"`
			}
			if err := json.Unmarshal(body, &page); err != nil {
				b.Fatal(err)
			}
			if len(page.Customers) != 100 {
				b.Fatal(len(page.Customers))
			}
		}
	})

	b.Run("client", func(b *testing.B) {
		c, err := NewClient("acme", "Tbench-0000", WithRateLimit(0), WithHTTPClient(&http.Client{Transport: staticTransport{body}}))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			p, err := c.Customers.List(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			if len(p.Items) != 100 {
				b.Fatal(len(p.Items))
			}
		}
	})
}

func readFixture(name string) ([]byte, error) {
	return readFile("testdata/" + name)
}
