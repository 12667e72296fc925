package csvio

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// Quirk 23: a spreadsheet turns more than 15 digits into a number in
// scientific notation and loses the last ones; cells starting with
// whitespace or a fullwidth ＝＋－＠ can run as formulas. Such cells are
// guarded like formulas, and the guard comes off again on reading.
func TestGuardLongDigitsWhitespaceAndFullwidth(t *testing.T) {
	t.Parallel()
	for _, v := range []string{
		"1234567890123456", "12345678901234567890123", "0000000000000000042",
		" =1+1", " leading space", "\u00a0nbsp", "\u3000ideographic", "\nnewline",
		"＝SUM(A1)", "＋1", "－5", "＠user",
		"'1234567890123456", "' x", "'＝x",
	} {
		g := guard(v)
		assert.Equal(t, "'", g[:1], "%q must be guarded", v)
		assert.Equal(t, v, unguard(g), "%q must come back", v)
	}
	for _, v := range []string{"123456789012345", "12345678901234567a", "1234 5678 9012 3456", "a＝b", "'12", "'a b"} {
		assert.Equal(t, v, guard(v), "%q needs no guard", v)
		assert.Equal(t, v, unguard(v), "%q is read as written", v)
	}
}

// An export holding a long serial in a text cell and an id beyond 15 digits
// writes both guarded, and re-importing the file gives back the same
// values: the round trip costs no write.
func TestLongDigitsSurviveTheRoundTrip(t *testing.T) {
	t.Parallel()
	contacts := []syncro.Contact{{ID: 1234567890123456789, CustomerID: 9, Name: "Serial", Notes: "98765432109876543210", Title: " indented"}}
	var buf bytes.Buffer
	_, err := WriteContacts(&buf, seqOf(contacts))
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "9,'1234567890123456789,Serial,' indented,")
	assert.Contains(t, buf.String(), ",'98765432109876543210,")
	rows, err := ReadContacts(&buf)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, int64(1234567890123456789), rows[0].ContactID)
	assert.Equal(t, "98765432109876543210", rows[0].Notes)
	assert.Equal(t, " indented", rows[0].Title)

	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Serial", Notes: "98765432109876543210", Title: "＝HYPERLINK()"})
	data := exportContactsCSV(t, client, nil)
	assert.Contains(t, string(data), "'98765432109876543210")
	assert.Contains(t, string(data), "'＝HYPERLINK()")
	srv.ResetRequests()
	_, sum, err := importContacts(t, context.Background(), client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 1}, sum)
	assert.Empty(t, writes(srv))
}

// A NUL byte in a cell is an error naming the line and the column.
func TestNULByteIsARowError(t *testing.T) {
	t.Parallel()
	data := contactHeader + "\n" + contactLine("customer_id", "1", "name", "Ann") + "\n" +
		contactLine("customer_id", "1", "name", "Bo\x00b", "notes", "x") + "\n"
	rows, err := ReadContacts(strings.NewReader(data))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Nil(t, rows[0].Err)
	var rowErr *RowError
	rowErr = rows[1].Err
	require.NotNil(t, rowErr)
	assert.Equal(t, 3, rowErr.Line)
	require.Len(t, rowErr.Problems, 1)
	assert.Equal(t, "name", rowErr.Problems[0].Column)
	assert.Contains(t, rowErr.Error(), "line 3: name: holds a NUL byte (character 0) at character 3")

	orgs := strings.Join(CustomerColumns, ",") + "\n" + strings.Repeat(",", 10) + "Acme\x00" + strings.Repeat(",", len(CustomerColumns)-11) + "\n"
	crows, err := ReadCustomers(strings.NewReader(orgs))
	require.NoError(t, err)
	require.Len(t, crows, 1)
	require.NotNil(t, crows[0].Err)
	assert.Contains(t, crows[0].Err.Error(), "line 2: "+CustomerColumns[10]+": holds a NUL byte")
}
