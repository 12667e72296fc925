package csvio

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var contactHeader = strings.Join(ContactColumns, ",")

// contactLine builds a data line from column=value pairs.
func contactLine(pairs ...string) string {
	cells := make([]string, len(ContactColumns))
	for i := 0; i+1 < len(pairs); i += 2 {
		for j, c := range ContactColumns {
			if c == pairs[i] {
				cells[j] = pairs[i+1]
			}
		}
	}
	return strings.Join(cells, ",")
}

func readAll(t *testing.T, data string) ([]*ContactRow, error) {
	t.Helper()
	return ReadContacts(strings.NewReader(data))
}

func TestReadSpreadsheetFile(t *testing.T) {
	t.Parallel()
	// Saved by a spreadsheet: byte-order mark, CRLF, quoted cells with a
	// comma, a doubled quote and an embedded line break, spaces around
	// header names.
	header := strings.ReplaceAll(contactHeader, "name,", " Name ,")
	data := "\xEF\xBB\xBF" + header + "\r\n" +
		`12,,"Doe, Jane",CFO,jane@acme.example,'+1 555 0100,,,,,,,,"Line one` + "\r\n" + `said ""hi""",,,true,0,yes,,"{""Badge"":""A-12""}"` + "\r\n" +
		contactLine("customer_id", "12", "email", "bob@acme.example") + "\r\n"
	rows, err := readAll(t, data)
	require.NoError(t, err)
	require.Len(t, rows, 2)

	jane := rows[0]
	require.Nil(t, jane.Err)
	assert.Equal(t, 2, jane.Line)
	assert.Equal(t, int64(12), jane.CustomerID)
	assert.Equal(t, int64(0), jane.ContactID)
	assert.Equal(t, "Doe, Jane", jane.Name)
	assert.Equal(t, "+1 555 0100", jane.Phone, "the formula guard is undone")
	assert.Equal(t, "Line one\nsaid \"hi\"", jane.Notes, "encoding/csv reads a quoted CRLF as LF")
	require.NotNil(t, jane.NotificationBilling)
	assert.True(t, *jane.NotificationBilling)
	assert.False(t, *jane.NotificationMarketing)
	assert.True(t, *jane.NotificationReports)
	assert.Nil(t, jane.VendorID)
	assert.Equal(t, map[string]any{"Badge": "A-12"}, jane.CustomFields)

	assert.Equal(t, 4, rows[1].Line, "a row's line counts the embedded line break")
	assert.Equal(t, "bob@acme.example", rows[1].Email)
}

func TestReadLFAndNoBOM(t *testing.T) {
	t.Parallel()
	rows, err := readAll(t, contactHeader+"\n"+contactLine("customer_id", "3", "name", "Solo")+"\n")
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "Solo", rows[0].Name)
}

func TestHeaderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		want    []string
		notWant []string
		short   bool // a likely cause, said alone
	}{
		{"one misspelled column", strings.Replace(contactHeader, "customer_id", "customer_idd", 1),
			[]string{`unknown column "customer_idd" (did you mean "customer_id"?)`}, nil, false},
		{"misspelled flag", strings.Replace(contactHeader, "notification_marketing", "notifcation_marketing", 1),
			[]string{`unknown column "notifcation_marketing" (did you mean "notification_marketing"?)`}, nil, false},
		{"missing column", strings.Replace(contactHeader, ",vendor_id", "", 1),
			[]string{`missing column "vendor_id"`}, nil, false},
		{"extra column", contactHeader + ",favourite_colour",
			[]string{`unknown column "favourite_colour"`}, nil, false},
		{"repeated column", contactHeader + ",email",
			[]string{`column "email" appears more than once`}, nil, false},
		{"semicolons", strings.ReplaceAll(contactHeader, ",", ";"),
			[]string{"separated by semicolons", "save it as comma-separated CSV (UTF-8)"}, []string{"missing column"}, true},
		{"the organization template", strings.Join(CustomerColumns, ","),
			[]string{"the file is in the organization template, not the end user template", "import it as organizations"},
			[]string{"unknown column", "missing column"}, true},
		{"many wrong columns", "a,b,c,d,e,f,g,h,i,j,k,l",
			[]string{`unknown column "a"`, "more; the header must be"}, []string{`unknown column "l"`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAll(t, tt.header+"\n"+contactLine("customer_id", "1", "name", "X")+"\n")
			var he *HeaderError
			require.ErrorAs(t, err, &he)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, err.Error(), w)
			}
			assert.Contains(t, err.Error(), "nothing was imported")
			if tt.short {
				assert.Less(t, len(err.Error()), 200, "one hint, not a clause per column: %s", err)
			} else {
				assert.Contains(t, err.Error(), contactHeader, "the error shows the right header")
			}
		})
	}
}

// TestHugeHeaderErrorIsBounded: a header of enormous unknown columns, or
// of very many, gives a short error, quickly.
func TestHugeHeaderErrorIsBounded(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", 4<<20)
	many := strings.TrimSuffix(strings.Repeat("column_zz,", 200000), ",")
	for name, header := range map[string]string{"one huge column": huge + "," + contactHeader, "many columns": many} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadContacts(strings.NewReader(header + "\n"))
			var he *HeaderError
			require.ErrorAs(t, err, &he)
			assert.Less(t, len(err.Error()), 1500, "a bounded message")
		})
	}
}

func TestHeaderToleratesCaseSpacesOrderAndTrailingComma(t *testing.T) {
	t.Parallel()
	cols := append([]string(nil), ContactColumns...)
	cols[0], cols[2] = cols[2], cols[0]
	header := strings.ToUpper(strings.Join(cols, " , ")) + ","
	line := strings.Join([]string{"Jane", "", "7"}, ",") + strings.Repeat(",", len(cols)-3) + ","
	rows, err := readAll(t, header+"\n"+line+"\n")
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.Nil(t, rows[0].Err)
	assert.Equal(t, int64(7), rows[0].CustomerID)
	assert.Equal(t, "Jane", rows[0].Name)
}

func TestRowErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		line string
		want []string
	}{
		{"too many fields", contactLine("customer_id", "1", "name", "A") + ",extra,more", []string{"line 2: 23 cells, the header has 21 (a value holding a comma must be quoted)"}},
		{"too few fields", "1,,A", []string{"line 2: 3 cells, the header has 21"}},
		{"invalid UTF-8", contactLine("customer_id", "1", "name", "Jos\xe9"), []string{"line 2: name: is not valid UTF-8 text: save the file as CSV UTF-8"}},
		{"customer_id missing", contactLine("name", "A"), []string{"customer_id: is required"}},
		{"ids not numbers", contactLine("customer_id", "abc", "contact_id", "1.5", "name", "A"), []string{`customer_id: "abc" is not an id`, `contact_id: "1.5" is not an id`}},
		{"negative id", contactLine("customer_id", "-4", "name", "A"), []string{`customer_id: "-4" is not an id`}},
		{"ids only", contactLine("customer_id", "1", "contact_id", "2"), []string{"only ids are filled"}},
		{"bad email", contactLine("customer_id", "1", "email", "jane@"), []string{`email: "jane@" is not an email address`}},
		{"bad matching emails", contactLine("customer_id", "1", "name", "A", "ticket_matching_emails", "a@b.example; nope"), []string{`ticket_matching_emails: "nope" is not an email address`}},
		{"bad flag", contactLine("customer_id", "1", "name", "A", "notification_billing", "maybe"), []string{`notification_billing: "maybe" is not a yes/no value`}},
		{"bad vendor", contactLine("customer_id", "1", "name", "A", "vendor_id", "x"), []string{`vendor_id: "x" is not a whole number`}},
		{"bad custom fields", contactLine("customer_id", "1", "name", "A", "custom_fields", `"[1]"`), []string{"custom_fields: must be a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cr, err := NewContactReader(strings.NewReader(contactHeader + "\n" + tt.line + "\n" + contactLine("customer_id", "1", "name", "Next") + "\n"))
			require.NoError(t, err)
			row, err := cr.Read()
			require.NotNil(t, row, "a bad row is returned for the report")
			var re *RowError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 2, re.Line)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Same(t, row.Err, re)
			next, err := cr.Read()
			require.NoError(t, err, "reading goes on after a bad row")
			assert.Equal(t, "Next", next.Name)
			_, err = cr.Read()
			assert.ErrorIs(t, err, io.EOF)
		})
	}
}

func TestEveryProblemOfARowIsReported(t *testing.T) {
	t.Parallel()
	rows, err := readAll(t, contactHeader+"\n"+contactLine("customer_id", "x", "email", "bad", "notification_reports", "2")+"\n")
	require.NoError(t, err)
	require.NotNil(t, rows[0].Err)
	cols := []string{}
	for _, p := range rows[0].Err.Problems {
		cols = append(cols, p.Column)
	}
	assert.Equal(t, []string{"customer_id", "email", "notification_reports"}, cols)
}

func TestBlankRowsAreKeptAndMarked(t *testing.T) {
	t.Parallel()
	rows, err := readAll(t, contactHeader+"\n"+strings.Repeat(",", 20)+"\n"+contactLine("customer_id", "1", "name", "A")+"\n")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.True(t, rows[0].Blank)
	assert.Nil(t, rows[0].Err)
	assert.False(t, rows[1].Blank)
}

func TestFileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "the file is empty"},
		{"utf-16", "\xFF\xFEc\x00u\x00", "UTF-16"},
		{"unclosed quote", contactHeader + "\n" + `1,,"Jane` + "\n", "a quoted cell is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAll(t, tt.data)
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestBareQuoteIsARowErrorAndReadingGoesOn(t *testing.T) {
	t.Parallel()
	rows, err := readAll(t, contactHeader+"\n"+`1,,Jane "JJ" Doe`+strings.Repeat(",", 18)+"\n"+contactLine("customer_id", "1", "name", "B")+"\n")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	require.NotNil(t, rows[0].Err)
	assert.Contains(t, rows[0].Err.Error(), "line 2: a double quote inside a cell that is not quoted")
	assert.Equal(t, "B", rows[1].Name)
}

func TestGuardRoundTrip(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"", "plain", "+1 555 0100", "=SUM(A1:A2)", "-5", "@user", "\tTab", "\rCR", "'tis", "'=x", "''", "'", "a=b"} {
		assert.Equal(t, v, unguard(guard(v)), "%q", v)
		g := guard(v)
		if g != "" {
			assert.False(t, isFormulaStart(g[0]), "%q must not start a formula", g)
		}
	}
	assert.Equal(t, "'+1 555 0100", guard("+1 555 0100"))
	assert.Equal(t, "'tis", guard("'tis"), "an apostrophe before a harmless character is left alone")
	assert.Equal(t, "''=x", guard("'=x"))
}

func TestEditDistanceAndNearest(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 0, editDistance("email", "email"))
	assert.Equal(t, 1, editDistance("emial", "email")-1) // a swap is two edits
	assert.Equal(t, 1, editDistance("zip", "zips"))
	assert.Equal(t, "customer_id", nearest("customerid", ContactColumns))
	assert.Equal(t, "", nearest("favourite_colour", ContactColumns))
}

func TestReaderAllStopsOnFileError(t *testing.T) {
	t.Parallel()
	cr, err := NewContactReader(strings.NewReader(contactHeader + "\n" + contactLine("customer_id", "1", "name", "A") + "\n" + `2,,"never closed` + "\n"))
	require.NoError(t, err)
	var got []error
	n := 0
	for row, err := range cr.All() {
		if row != nil {
			n++
		}
		if err != nil {
			got = append(got, err)
		}
	}
	assert.Equal(t, 1, n)
	require.Len(t, got, 1)
	var fe *FileError
	assert.True(t, errors.As(got[0], &fe))
}

func TestPlainDigits(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"0": 0, "7": 7, "31000001": 31000001, "999999999999999999": 999999999999999999} {
		v, ok := plainDigits(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, v, in)
	}
	for _, in := range []string{"", " 7", "7 ", "-7", "+7", "1e3", "1.0", "9999999999999999999", "١٢"} {
		_, ok := plainDigits(in)
		assert.False(t, ok, "%q goes to the general parser", in)
	}
}
