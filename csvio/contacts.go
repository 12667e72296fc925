package csvio

import (
	"io"
	"iter"
	"strings"

	"github.com/syncrokit/syncro"
)

// Column positions in ContactColumns.
const (
	ccCustomerID = iota
	ccContactID
	ccName
	ccTitle
	ccEmail
	ccPhone
	ccExtension
	ccMobile
	ccAddress1
	ccAddress2
	ccCity
	ccState
	ccZip
	ccNotes
	ccDirectReport
	ccTicketMatchingEmails
	ccNotificationBilling
	ccNotificationMarketing
	ccNotificationReports
	ccVendorID
	ccCustomFields
)

// ContactRow is one row of an end-user CSV.
//
// Text cells are kept as written: on an update an empty cell clears the
// field. Cells with a type (the notification flags, vendor_id,
// custom_fields) are left alone when empty.
type ContactRow struct {
	Line       int   // the line of the file where the row starts
	CustomerID int64 // the organization; required
	ContactID  int64 // the end user to update; 0 creates a new one

	Name                 string
	Title                string
	Email                string
	Phone                string
	Extension            string
	Mobile               string
	Address1             string
	Address2             string
	City                 string
	State                string
	Zip                  string
	Notes                string
	DirectReport         string // not settable through the API: reported, not sent
	TicketMatchingEmails string

	NotificationBilling   *bool
	NotificationMarketing *bool
	NotificationReports   *bool
	VendorID              *int64
	// CustomFields is the custom_fields cell: a JSON object of custom field
	// display name to value, {"Badge":"A-12","VIP":"1"}. Fields not named
	// are left as they are.
	CustomFields map[string]any

	// Err lists what is wrong with the row, if anything; such a row is
	// planned as an error and never sent.
	Err *RowError
	// Blank is true for a row whose cells are all empty; it is reported as
	// skipped.
	Blank bool

	// Storage the pointer fields point into, one allocation for the row.
	flagStore   [3]bool
	vendorStore int64
}

// ContactReader reads an end-user CSV row by row, without loading the file.
type ContactReader struct{ rows rowReader[ContactRow] }

// NewContactReader checks the header and returns a reader positioned at
// the first row. A header that misses, misspells or adds columns gives a
// *HeaderError naming each, before any row is read.
func NewContactReader(r io.Reader) (*ContactReader, error) {
	tr, err := newTableReader(r, ContactTemplate)
	if err != nil {
		return nil, err
	}
	return &ContactReader{rows: rowReader[ContactRow]{tr: tr, parse: parseContactRowInto, err: func(r *ContactRow) *RowError { return r.Err }}}, nil
}

// Read returns the next row, or io.EOF after the last. A row with problems
// is returned with its Err set, and that *RowError as the error; reading
// can go on. A *FileError means the rest of the file cannot be read.
func (r *ContactReader) Read() (*ContactRow, error) { return r.rows.read() }

// All iterates over the rows; see Read. It stops after io.EOF or a
// *FileError (yielded with a nil row).
func (r *ContactReader) All() iter.Seq2[*ContactRow, error] { return r.rows.all() }

// ReadContacts reads a whole end-user CSV. Rows with problems are included
// with their Err set; the error is for the file as a whole (header,
// encoding, I/O).
func ReadContacts(r io.Reader) ([]*ContactRow, error) {
	cr, err := NewContactReader(r)
	if err != nil {
		return nil, err
	}
	return collectRows(cr.All())
}

func parseContactRowInto(row *ContactRow, rec *record) {
	row.Line = rec.line
	if rec.cells == nil {
		row.Err = rec.err
		return
	}
	if rec.blank() {
		row.Blank = true
		return
	}
	c := cells{rec: rec, cols: ContactColumns}
	row.CustomerID = c.id(ccCustomerID, true, "the organization (customer) the end user belongs to")
	row.ContactID = c.id(ccContactID, false, "")
	row.Name = c.text(ccName)
	row.Title = c.text(ccTitle)
	row.Email = c.email(ccEmail)
	row.Phone = c.text(ccPhone)
	row.Extension = c.text(ccExtension)
	row.Mobile = c.text(ccMobile)
	row.Address1 = c.text(ccAddress1)
	row.Address2 = c.text(ccAddress2)
	row.City = c.text(ccCity)
	row.State = c.text(ccState)
	row.Zip = c.text(ccZip)
	row.Notes = c.text(ccNotes)
	row.DirectReport = c.text(ccDirectReport)
	row.TicketMatchingEmails = c.emails(ccTicketMatchingEmails)
	row.NotificationBilling = c.flag(ccNotificationBilling, &row.flagStore[0])
	row.NotificationMarketing = c.flag(ccNotificationMarketing, &row.flagStore[1])
	row.NotificationReports = c.flag(ccNotificationReports, &row.flagStore[2])
	row.VendorID = c.optInt(ccVendorID, &row.vendorStore)
	row.CustomFields = c.customFields(ccCustomFields)
	if !row.hasData() {
		rec.addProblem("", "only ids are filled: fill at least one other field (a name alone or an email alone is enough)")
	}
	row.Err = rec.err
}

// hasData reports whether any cell besides the ids is filled.
func (r *ContactRow) hasData() bool {
	for _, s := range [...]string{r.Name, r.Title, r.Email, r.Phone, r.Extension, r.Mobile, r.Address1, r.Address2,
		r.City, r.State, r.Zip, r.Notes, r.DirectReport, r.TicketMatchingEmails} {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return r.NotificationBilling != nil || r.NotificationMarketing != nil || r.NotificationReports != nil ||
		r.VendorID != nil || len(r.CustomFields) > 0
}

// textField ties a text column of the row to the Contact field it sets.
type textField struct {
	column  string
	value   string
	current func(*syncro.Contact) string
	set     func(*syncro.ContactInput, *string)
}

// texts lists the text columns that map onto the API. direct_report has no
// API field and is left out.
func (r *ContactRow) texts() []textField {
	return []textField{
		{"name", r.Name, func(c *syncro.Contact) string { return c.Name }, func(in *syncro.ContactInput, v *string) { in.Name = v }},
		{"title", r.Title, func(c *syncro.Contact) string { return c.Title }, func(in *syncro.ContactInput, v *string) { in.Title = v }},
		{"email", r.Email, func(c *syncro.Contact) string { return c.Email }, func(in *syncro.ContactInput, v *string) { in.Email = v }},
		{"phone", r.Phone, func(c *syncro.Contact) string { return c.Phone }, func(in *syncro.ContactInput, v *string) { in.Phone = v }},
		{"extension", r.Extension, func(c *syncro.Contact) string { return c.Extension }, func(in *syncro.ContactInput, v *string) { in.Extension = v }},
		{"mobile", r.Mobile, func(c *syncro.Contact) string { return c.Mobile }, func(in *syncro.ContactInput, v *string) { in.Mobile = v }},
		{"address1", r.Address1, func(c *syncro.Contact) string { return c.Address1 }, func(in *syncro.ContactInput, v *string) { in.Address1 = v }},
		{"address2", r.Address2, func(c *syncro.Contact) string { return c.Address2 }, func(in *syncro.ContactInput, v *string) { in.Address2 = v }},
		{"city", r.City, func(c *syncro.Contact) string { return c.City }, func(in *syncro.ContactInput, v *string) { in.City = v }},
		{"state", r.State, func(c *syncro.Contact) string { return c.State }, func(in *syncro.ContactInput, v *string) { in.State = v }},
		{"zip", r.Zip, func(c *syncro.Contact) string { return c.Zip }, func(in *syncro.ContactInput, v *string) { in.Zip = v }},
		{"notes", r.Notes, func(c *syncro.Contact) string { return c.Notes }, func(in *syncro.ContactInput, v *string) { in.Notes = v }},
		{"ticket_matching_emails", r.TicketMatchingEmails, func(c *syncro.Contact) string { return c.TicketMatchingEmails }, func(in *syncro.ContactInput, v *string) { in.TicketMatchingEmails = v }},
	}
}

// flagField ties a notification column to its Contact field.
type flagField struct {
	column  string
	value   *bool
	current func(*syncro.Contact) bool
	set     func(*syncro.ContactInput, *bool)
}

func (r *ContactRow) flags() []flagField {
	return []flagField{
		{"notification_billing", r.NotificationBilling, func(c *syncro.Contact) bool { return c.NotificationBilling }, func(in *syncro.ContactInput, v *bool) { in.NotificationBilling = v }},
		{"notification_marketing", r.NotificationMarketing, func(c *syncro.Contact) bool { return c.NotificationMarketing }, func(in *syncro.ContactInput, v *bool) { in.NotificationMarketing = v }},
		{"notification_reports", r.NotificationReports, func(c *syncro.Contact) bool { return c.NotificationReports }, func(in *syncro.ContactInput, v *bool) { in.NotificationReports = v }},
	}
}

// createInput is what creating the row's end user sends: every filled cell.
func (r *ContactRow) createInput() *syncro.ContactInput {
	in := &syncro.ContactInput{CustomerID: syncro.Ptr(r.CustomerID)}
	for _, f := range r.texts() {
		if f.value != "" {
			f.set(in, syncro.Ptr(f.value))
		}
	}
	for _, f := range r.flags() {
		if f.value != nil {
			f.set(in, syncro.Ptr(*f.value))
		}
	}
	if r.VendorID != nil {
		in.VendorID = syncro.Ptr(*r.VendorID)
	}
	if len(r.CustomFields) > 0 {
		in.Properties = r.CustomFields
	}
	return in
}

// changes compares the row with the end user as Syncro has it and returns
// the update that makes them equal (only the differing fields) and the
// columns that differ. No columns means the row is unchanged.
func (r *ContactRow) changes(cur *syncro.Contact) (*syncro.ContactInput, []string) {
	in := &syncro.ContactInput{}
	var cols []string
	for _, f := range r.texts() {
		if !sameText(f.value, f.current(cur)) {
			f.set(in, syncro.Ptr(f.value))
			cols = append(cols, f.column)
		}
	}
	for _, f := range r.flags() {
		if f.value != nil && *f.value != f.current(cur) {
			f.set(in, syncro.Ptr(*f.value))
			cols = append(cols, f.column)
		}
	}
	if r.VendorID != nil && *r.VendorID != cur.VendorID {
		in.VendorID = syncro.Ptr(*r.VendorID)
		cols = append(cols, "vendor_id")
	}
	if props := changedFields(r.CustomFields, cur.Properties); props != nil {
		in.Properties = props
		cols = append(cols, "custom_fields")
	}
	return in, cols
}

// changedFields returns the custom fields of want whose value differs from
// have, or nil when none does.
func changedFields(want map[string]any, have syncro.Properties) map[string]any {
	var out map[string]any
	for k, v := range want {
		cur, ok := have[k]
		if ok && sameText(fieldText(v), fieldText(cur)) {
			continue
		}
		if !ok && fieldText(v) == "" {
			continue // setting an absent field to empty changes nothing
		}
		if out == nil {
			out = map[string]any{}
		}
		out[k] = v
	}
	return out
}

// writeContact renders an end user as a template row. direct_report has no
// API counterpart and is left empty.
func writeContact(c *syncro.Contact, rw *rowWriter) {
	rw.id(c.CustomerID)
	rw.id(c.ID)
	for _, s := range [...]string{c.Name, c.Title, c.Email, c.Phone, c.Extension, c.Mobile,
		c.Address1, c.Address2, c.City, c.State, c.Zip, c.Notes, "", c.TicketMatchingEmails} {
		rw.text(s)
	}
	for _, b := range [...]bool{c.NotificationBilling, c.NotificationMarketing, c.NotificationReports} {
		rw.text(formatTitleBool(b)) // True/False, as in the organization export
	}
	rw.id(c.VendorID)
	rw.fields(c.Properties)
}
