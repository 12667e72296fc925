package csvio

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"testing"

	"github.com/syncrokit/syncro"
)

// benchContacts makes n end users with realistic values: phones with a
// leading +, notes with commas, a custom field on every third.
func benchContacts(n int) []syncro.Contact {
	out := make([]syncro.Contact, n)
	for i := range out {
		c := syncro.Contact{
			ID: int64(100000 + i), CustomerID: int64(1 + i%500), Name: fmt.Sprintf("Person %d Lastname", i),
			Title: "Office Manager", Email: fmt.Sprintf("person%d@example-%d.com", i, i%500), Phone: "+1 555 0100",
			Mobile: fmt.Sprintf("555-%04d", i%10000), Address1: fmt.Sprintf("%d Main Street", i), City: "Springfield",
			State: "IL", Zip: "62701", Notes: "Prefers email, not phone", NotificationBilling: i%2 == 0,
		}
		if i%3 == 0 {
			c.Properties = syncro.Properties{"Badge": fmt.Sprintf("B-%d", i), "Seats": json.Number("12")}
		}
		out[i] = c
	}
	return out
}

func seqOf[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

func benchFile(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, err := WriteContacts(&buf, seqOf(benchContacts(n))); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func reportRows(b *testing.B, rows int) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRead compares the end-user reader (header check, cell parsing
// and validation) with plain encoding/csv reading the same 100,000-row file:
//
//	go test ./csvio -run '^$' -bench 'Read|Export' -benchmem
func BenchmarkRead(b *testing.B) {
	const n = 100000
	data := benchFile(b, n)
	b.Run("encoding_csv", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r := csv.NewReader(bytes.NewReader(data))
			rows := 0
			for {
				_, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				rows++
			}
			if rows != n+1 {
				b.Fatal(rows)
			}
		}
		reportRows(b, n)
	})
	b.Run("csvio", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r, err := NewContactReader(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			rows := 0
			for {
				row, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if row.CustomerID == 0 {
					b.Fatal("not parsed")
				}
				rows++
			}
			if rows != n {
				b.Fatal(rows)
			}
		}
		reportRows(b, n)
	})
}

// BenchmarkExport compares the exporter (rendering, formula guard, custom
// fields as JSON) with plain encoding/csv writing the same rows, prepared
// in advance, for 100,000 end users.
func BenchmarkExport(b *testing.B) {
	const n = 100000
	contacts := benchContacts(n)
	// The baseline writes the very rows the exporter produces, read back
	// with encoding/csv.
	records, err := csv.NewReader(bytes.NewReader(benchFile(b, n))).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	records = records[1:]
	b.Run("encoding_csv", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			w := csv.NewWriter(io.Discard)
			if err := w.Write(ContactColumns); err != nil {
				b.Fatal(err)
			}
			for _, rec := range records {
				if err := w.Write(rec); err != nil {
					b.Fatal(err)
				}
			}
			w.Flush()
		}
		reportRows(b, n)
	})
	b.Run("csvio", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rows, err := WriteContacts(io.Discard, seqOf(contacts))
			if err != nil || rows != n {
				b.Fatal(rows, err)
			}
		}
		reportRows(b, n)
	})
}

// BenchmarkExportAllocsPerRow shows the exporter's memory is flat: the
// allocations per row do not grow with the number of rows.
func BenchmarkExportAllocsPerRow(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		contacts := benchContacts(n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := WriteContacts(io.Discard, seqOf(contacts)); err != nil {
					b.Fatal(err)
				}
			}
			res := testing.AllocsPerRun(1, func() { _, _ = WriteContacts(io.Discard, seqOf(contacts)) })
			b.ReportMetric(res/float64(n), "allocs/row")
		})
	}
}
