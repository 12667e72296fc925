package csvio

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadContacts feeds arbitrary bytes to the end-user reader. It must
// never panic or loop, and whatever it returns must hold together: every
// row has a line after the header, and a row without problems has the
// organization id and some data.
//
//	go test ./csvio -run '^$' -fuzz FuzzReadContacts -fuzztime 30s
func FuzzReadContacts(f *testing.F) {
	header := strings.Join(ContactColumns, ",")
	f.Add([]byte(header + "\n1,,Jane,,jane@acme.example,,,,,,,,,,,,true,,,,\n"))
	f.Add([]byte("\xEF\xBB\xBF" + header + "\r\n1,2,\"Doe, J\",,,'+1 555,,,,,,,,\"a\r\nb\",,,1,0,yes,4,\"{\"\"k\"\":1}\"\r\n"))
	f.Add([]byte(strings.ReplaceAll(header, ",", ";") + "\n1;;x\n"))
	f.Add([]byte(header + "\n1,,\"unclosed\n"))
	f.Add([]byte(header + "\n1,,a \"b\" c,,,,,,,,,,,,,,,,,,\n,,,,,,,,,,,,,,,,,,,,\n"))
	f.Add([]byte("\xFF\xFE\x00"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		cr, err := NewContactReader(bytes.NewReader(data))
		if err != nil {
			if cr != nil {
				t.Fatal("a reader and an error")
			}
			return
		}
		n := 0
		for row, err := range cr.All() {
			n++
			if n > len(data)+1 {
				t.Fatal("more rows than bytes: the reader loops")
			}
			if row == nil {
				if err == nil {
					t.Fatal("neither a row nor an error")
				}
				return
			}
			if row.Line < 2 {
				t.Fatalf("row at line %d, before the data starts", row.Line)
			}
			if (err == nil) != (row.Err == nil) {
				t.Fatalf("row error %v and returned error %v disagree", row.Err, err)
			}
			if row.Err == nil && !row.Blank {
				if row.CustomerID <= 0 || !row.hasData() {
					t.Fatalf("a valid row without organization or data: %+v", row)
				}
				if !utf8.ValidString(row.Name + row.Notes + row.Email) {
					t.Fatal("invalid UTF-8 passed as valid")
				}
			}
		}
	})
}

// FuzzGuard checks that the formula guard always round-trips and never
// leaves a cell a spreadsheet would run.
func FuzzGuard(f *testing.F) {
	for _, s := range []string{"", "=1+1", "+1 555 0100", "'=x", "''", "'", "'tis", "-", "@", "\t", "\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := guard(s)
		if unguard(g) != s {
			t.Fatalf("guard(%q) = %q does not read back", s, g)
		}
		if g != "" && isFormulaStart(g[0]) {
			t.Fatalf("guard(%q) = %q starts a formula", s, g)
		}
	})
}
