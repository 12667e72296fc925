package csvio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// formulaStarts are values a spreadsheet would run, or that look like a
// guarded value, as every text column may hold them.
var formulaStarts = []string{
	"=SUM(A1)", "+1 555 0100", "-5", "@mention", "\tTAB", "\rCR", "'=already guarded", "''", "'tis", "=", "-",
	`=HYPERLINK("http://evil.example","click")`, "plain, with comma", "line one\nline two", " leading space",
}

func TestExportContactsGuardsEveryCellAndRoundTrips(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "=Acme"})
	var ids []int64
	for i, v := range formulaStarts {
		ids = append(ids, srv.AddContact(syncrotest.ContactData{
			CustomerID: org, Name: v, Title: v, Phone: v, Mobile: v, Address1: v, City: v, State: v, Zip: v, Notes: v,
			Email:      fmt.Sprintf("p%d@acme.example", i),
			Properties: map[string]any{"Note": v, "=Key": "x"},
		}))
	}

	data := exportContactsCSV(t, client, &ExportOptions{CustomerID: org})
	assertNoFormulaCells(t, data)

	rows, err := ReadContacts(bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, rows, len(formulaStarts))
	for i, row := range rows {
		require.Nil(t, row.Err, "line %d", row.Line)
		c, err := client.Contacts.Get(context.Background(), ids[i])
		require.NoError(t, err)
		assert.Equal(t, c.ID, row.ContactID)
		for _, f := range row.texts() {
			assert.True(t, sameText(f.value, f.current(c)), "line %d %s: read %q, Syncro has %q", row.Line, f.column, f.value, f.current(c))
		}
		assert.Equal(t, map[string]any{"Note": formulaStarts[i], "=Key": "x"}, row.CustomFields)
	}

	// Re-imported unchanged: nothing to write.
	srv.ResetRequests()
	_, sum, err := importContacts(t, context.Background(), client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: len(formulaStarts)}, sum)
	assert.Empty(t, writes(srv))
}

func TestExportCustomersGuardsEveryCellAndRoundTrips(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	for i, v := range formulaStarts {
		srv.AddCustomer(syncrotest.CustomerData{
			BusinessName: v, Firstname: v, Lastname: v, Address: v, City: v, Notes: v, Zip: v,
			Email: fmt.Sprintf("o%d@orgs.example", i), Phone: fmt.Sprintf("+1 555 01%02d", i),
			Properties: map[string]any{"Note": v},
		})
	}
	data := exportCustomersCSV(t, client)
	assertNoFormulaCells(t, data)
	rows, err := ReadCustomers(bytes.NewReader(data))
	require.NoError(t, err)
	require.Len(t, rows, len(formulaStarts))
	for _, row := range rows {
		require.Nil(t, row.Err, "line %d", row.Line)
		c, err := client.Customers.Get(context.Background(), row.ID)
		require.NoError(t, err)
		for _, f := range row.texts() {
			assert.True(t, sameText(f.value, f.current(c)), "line %d %s: read %q, Syncro has %q", row.Line, f.column, f.value, f.current(c))
		}
	}
	srv.ResetRequests()
	_, sum, err := importCustomers(t, context.Background(), client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: len(formulaStarts)}, sum)
	assert.Empty(t, writes(srv))
}

// Custom field numbers are written exactly as Syncro sent them, and read
// back exactly: no float64 on the way.
func TestExportCustomFieldNumbersExact(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	props := map[string]any{
		"Big":      json.Number("12345678901234567890"),
		"Price":    json.Number("0.10"),
		"Tiny":     json.Number("1e-400"),
		"Negative": json.Number("-5"),
		"Text":     "12345678901234567890",
		"Flag":     true,
		"Nothing":  nil,
		"List":     []any{json.Number("1"), "two"},
		"Quote":    `say "hi" \ bye`,
	}
	srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Numbers", Properties: props})

	data := exportContactsCSV(t, client, nil)
	tb := parseTable(t, data)
	require.Len(t, tb.rows, 1)
	cell := tb.rows[0][tb.col(t, "custom_fields")]
	assert.Equal(t, `{"Big":12345678901234567890,"Flag":true,"List":[1,"two"],"Negative":-5,"Nothing":null,"Price":0.10,"Quote":"say \"hi\" \\ bye","Text":"12345678901234567890","Tiny":1e-400}`, cell)

	rows, err := ReadContacts(bytes.NewReader(data))
	require.NoError(t, err)
	require.Nil(t, rows[0].Err)
	assert.Equal(t, json.Number("12345678901234567890"), rows[0].CustomFields["Big"])
	assert.Equal(t, json.Number("0.10"), rows[0].CustomFields["Price"])
	assert.Equal(t, json.Number("1e-400"), rows[0].CustomFields["Tiny"])
	assert.Equal(t, "12345678901234567890", rows[0].CustomFields["Text"])

	srv.ResetRequests()
	_, sum, err := importContacts(t, context.Background(), client, data, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, Summary{Unchanged: 1}, sum)
	assert.Empty(t, writes(srv))
}

func TestExportContactsOfOneOrganizationOrAll(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	gen := srv.Generate(syncrotest.Generate{Seed: 11, Organizations: 3, Contacts: 250})
	var progress []int
	one := exportContactsCSV(t, client, &ExportOptions{CustomerID: gen.Customers[1], Progress: func(n int) { progress = append(progress, n) }})
	tb := parseTable(t, one)
	assert.Equal(t, ContactColumns, tb.header)
	require.Len(t, tb.rows, 83)
	for _, r := range tb.rows {
		assert.Equal(t, fmt.Sprint(gen.Customers[1]), r[0])
	}
	require.Len(t, progress, 83)
	assert.Equal(t, 83, progress[82])

	all := parseTable(t, exportContactsCSV(t, client, nil))
	assert.Len(t, all.rows, 250)
}

// An export that fails halfway says how far it got and returns the error.
func TestExportStopsOnError(t *testing.T) {
	t.Parallel()
	srv, _ := newFake(t)
	// The fault hits the second request to arrive: fetch one page at a
	// time, so that it is page 2.
	client := srv.Client(syncro.WithRetry(fastRetry()), syncro.WithPageConcurrency(1))
	srv.Generate(syncrotest.Generate{Seed: 2, Organizations: 1, Contacts: 250})
	srv.InjectFault(syncrotest.OnNth(2, syncrotest.StatusFault(http.StatusNotFound)))
	var buf bytes.Buffer
	n, err := ExportContacts(context.Background(), client, &buf, nil)
	require.Error(t, err)
	assert.Equal(t, 100, n)
	assert.Contains(t, err.Error(), "export stopped after 100 rows")
	assert.True(t, errors.Is(err, syncro.ErrNotFound), "%v", err)
}

func TestWriteContactsFromAnySource(t *testing.T) {
	t.Parallel()
	contacts := []syncro.Contact{
		{ID: 1, CustomerID: 9, Name: "Ann", Email: "ann@x.example", NotificationBilling: true, VendorID: 4},
		{ID: 2, CustomerID: 9, Name: "-Bob", Properties: syncro.Properties{"Seats": json.Number("12")}},
	}
	var buf bytes.Buffer
	n, err := WriteContacts(&buf, seqOf(contacts))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, contactHeader+"\n"+
		"9,1,Ann,,ann@x.example,,,,,,,,,,,,True,False,False,4,\n"+
		`9,2,'-Bob,,,,,,,,,,,,,,False,False,False,,"{""Seats"":12}"`+"\n", buf.String())
}
