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
	for _, s := range []string{"", "=1+1", "+1 555 0100", "'=x", "''", "'", "'tis", "-", "@", "\t", "\r", "12345678901234567", " x", "＝x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := guard(s)
		if unguard(g) != s {
			t.Fatalf("guard(%q) = %q does not read back", s, g)
		}
		if needsGuard(g) {
			t.Fatalf("guard(%q) = %q would still be run or changed by a spreadsheet", s, g)
		}
	})
}

// FuzzReadReport feeds arbitrary bytes to the report reader: it never
// panics, and what it accepts holds entries for real lines only.
//
//	go test ./csvio -run '^$' -fuzz FuzzReadReport -fuzztime 30s
func FuzzReadReport(f *testing.F) {
	var buf bytes.Buffer
	rw, _ := NewReportWriter(&buf, ContactTemplate)
	_ = rw.Write(ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 2, Name: "=A"})
	_ = rw.Write(ReportEntry{Line: 3, Action: OutcomeUnknown, CustomerID: 1, Name: "B", Error: "a,\nb"})
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()-5])
	f.Add([]byte("line,action,id,business_name,email,error,note\n2,created,1,A,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ReadReport(bytes.NewReader(data))
		if err != nil {
			return
		}
		for line := range rep.entries {
			if line < 1 {
				t.Fatalf("entry for line %d", line)
			}
		}
	})
}
