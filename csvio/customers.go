package csvio

import (
	"io"
	"iter"
	"strings"
	"time"

	"github.com/syncrokit/syncro"
)

// Column positions in CustomerColumns.
const (
	kcID = iota
	kcFirstname
	kcLastname
	kcEmail
	kcAddress
	kcAddress2
	kcCity
	kcState
	kcZip
	kcPhone
	kcMobilePhone
	kcOfficePhone
	kcHomePhone
	kcFaxPhone
	kcOtherPhone
	kcGetSms
	kcLocationID
	kcBusinessName
	kcCreatedAt
	kcUpdatedAt
	kcReferredBy
	kcNotes
	kcTaxRateID
	kcTaxFree
	kcNoEmail
	kcOptOut
	kcDisabled
	kcCustomFields
)

// CustomerRow is one row of an organization CSV. Like ContactRow, text
// cells are kept as written (an empty cell clears the field on update) and
// typed cells left empty leave their field alone. location_id, created_at
// and updated_at are Syncro's ("don't modify") and are not imported.
type CustomerRow struct {
	Line int
	ID   int64 // the organization to update; 0: match by email, else phone, else create

	Firstname    string
	Lastname     string
	Email        string
	Address      string
	Address2     string
	City         string
	State        string
	Zip          string
	Phone        string
	MobilePhone  string
	OfficePhone  string // added to the organization's phones when missing
	HomePhone    string
	FaxPhone     string
	OtherPhone   string
	BusinessName string
	ReferredBy   string
	Notes        string

	GetSms    *bool
	NoEmail   *bool
	OptOut    *bool
	Disabled  *bool
	TaxFree   *bool // not settable through the API: reported, not sent
	TaxRateID *int64
	// CustomFields is the custom_fields cell, as for ContactRow.
	CustomFields map[string]any

	Err   *RowError
	Blank bool

	flagStore [5]bool
	taxStore  int64
}

// CustomerReader reads an organization CSV row by row.
type CustomerReader struct{ rows rowReader[CustomerRow] }

// NewCustomerReader checks the header (see NewContactReader) and returns a
// reader positioned at the first row.
func NewCustomerReader(r io.Reader) (*CustomerReader, error) {
	tr, err := newTableReader(r, CustomerTemplate)
	if err != nil {
		return nil, err
	}
	return &CustomerReader{rows: rowReader[CustomerRow]{tr: tr, parse: parseCustomerRowInto, err: func(r *CustomerRow) *RowError { return r.Err }}}, nil
}

// Read returns the next row, or io.EOF; see ContactReader.Read.
func (r *CustomerReader) Read() (*CustomerRow, error) { return r.rows.read() }

// All iterates over the rows; see ContactReader.All.
func (r *CustomerReader) All() iter.Seq2[*CustomerRow, error] { return r.rows.all() }

// ReadCustomers reads a whole organization CSV; see ReadContacts.
func ReadCustomers(r io.Reader) ([]*CustomerRow, error) {
	cr, err := NewCustomerReader(r)
	if err != nil {
		return nil, err
	}
	return collectRows(cr.All())
}

func parseCustomerRowInto(row *CustomerRow, rec *record) {
	row.Line = rec.line
	if rec.cells == nil {
		row.Err = rec.err
		return
	}
	if rec.blank() {
		row.Blank = true
		return
	}
	c := cells{rec: rec, cols: CustomerColumns}
	row.ID = c.id(kcID, false, "")
	row.Firstname = c.text(kcFirstname)
	row.Lastname = c.text(kcLastname)
	row.Email = c.email(kcEmail)
	row.Address = c.text(kcAddress)
	row.Address2 = c.text(kcAddress2)
	row.City = c.text(kcCity)
	row.State = c.text(kcState)
	row.Zip = c.text(kcZip)
	row.Phone = c.text(kcPhone)
	row.MobilePhone = c.text(kcMobilePhone)
	row.OfficePhone = c.text(kcOfficePhone)
	row.HomePhone = c.text(kcHomePhone)
	row.FaxPhone = c.text(kcFaxPhone)
	row.OtherPhone = c.text(kcOtherPhone)
	row.GetSms = c.flag(kcGetSms, &row.flagStore[0])
	row.BusinessName = c.text(kcBusinessName)
	row.ReferredBy = c.text(kcReferredBy)
	row.Notes = c.text(kcNotes)
	row.TaxRateID = c.optInt(kcTaxRateID, &row.taxStore)
	row.TaxFree = c.flag(kcTaxFree, &row.flagStore[1])
	row.NoEmail = c.flag(kcNoEmail, &row.flagStore[2])
	row.OptOut = c.flag(kcOptOut, &row.flagStore[3])
	row.Disabled = c.flag(kcDisabled, &row.flagStore[4])
	row.CustomFields = c.customFields(kcCustomFields)
	if joinNonEmpty(row.Firstname, row.Lastname, row.BusinessName, row.Email, row.Phone, row.MobilePhone) == "" {
		rec.addProblem("", "fill at least a name, a business name, an email or a phone")
	}
	row.Err = rec.err
}

func joinNonEmpty(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strings.TrimSpace(p))
	}
	return b.String()
}

// customerText ties a text column to the Customer field it sets. Phone
// columns compare by digits, as Syncro strips formatting on save.
type customerText struct {
	column  string
	value   string
	current func(*syncro.Customer) string
	set     func(*syncro.CustomerInput, *string)
	phone   bool
}

func (r *CustomerRow) texts() []customerText {
	return []customerText{
		{"firstname", r.Firstname, func(c *syncro.Customer) string { return c.Firstname }, func(in *syncro.CustomerInput, v *string) { in.Firstname = v }, false},
		{"lastname", r.Lastname, func(c *syncro.Customer) string { return c.Lastname }, func(in *syncro.CustomerInput, v *string) { in.Lastname = v }, false},
		{"email", r.Email, func(c *syncro.Customer) string { return c.Email }, func(in *syncro.CustomerInput, v *string) { in.Email = v }, false},
		{"address", r.Address, func(c *syncro.Customer) string { return c.Address }, func(in *syncro.CustomerInput, v *string) { in.Address = v }, false},
		{"address_2", r.Address2, func(c *syncro.Customer) string { return c.Address2 }, func(in *syncro.CustomerInput, v *string) { in.Address2 = v }, false},
		{"city", r.City, func(c *syncro.Customer) string { return c.City }, func(in *syncro.CustomerInput, v *string) { in.City = v }, false},
		{"state", r.State, func(c *syncro.Customer) string { return c.State }, func(in *syncro.CustomerInput, v *string) { in.State = v }, false},
		{"zip", r.Zip, func(c *syncro.Customer) string { return c.Zip }, func(in *syncro.CustomerInput, v *string) { in.Zip = v }, false},
		{"phone", r.Phone, func(c *syncro.Customer) string { return c.Phone }, func(in *syncro.CustomerInput, v *string) { in.Phone = v }, true},
		{"mobile_phone", r.MobilePhone, func(c *syncro.Customer) string { return c.Mobile }, func(in *syncro.CustomerInput, v *string) { in.Mobile = v }, true},
		{"business_name", r.BusinessName, func(c *syncro.Customer) string { return c.BusinessName }, func(in *syncro.CustomerInput, v *string) { in.BusinessName = v }, false},
		{"referred_by", r.ReferredBy, func(c *syncro.Customer) string { return c.ReferredBy }, func(in *syncro.CustomerInput, v *string) { in.ReferredBy = v }, false},
		{"notes", r.Notes, func(c *syncro.Customer) string { return c.Notes }, func(in *syncro.CustomerInput, v *string) { in.Notes = v }, false},
	}
}

type customerFlag struct {
	column  string
	value   *bool
	current func(*syncro.Customer) bool
	set     func(*syncro.CustomerInput, *bool)
}

func (r *CustomerRow) flags() []customerFlag {
	return []customerFlag{
		{"get_sms", r.GetSms, func(c *syncro.Customer) bool { return c.GetSms }, func(in *syncro.CustomerInput, v *bool) { in.GetSms = v }},
		{"no_email", r.NoEmail, func(c *syncro.Customer) bool { return c.NoEmail }, func(in *syncro.CustomerInput, v *bool) { in.NoEmail = v }},
		{"opt_out", r.OptOut, func(c *syncro.Customer) bool { return c.OptOut }, func(in *syncro.CustomerInput, v *bool) { in.OptOut = v }},
		{"disabled", r.Disabled, func(c *syncro.Customer) bool { return c.Disabled }, func(in *syncro.CustomerInput, v *bool) { in.Disabled = v }},
	}
}

// extraPhones lists the labelled phone columns that go to the phones
// sub-resource.
func (r *CustomerRow) extraPhones() []syncro.PhoneInput {
	var out []syncro.PhoneInput
	for _, p := range []struct{ label, number string }{
		{"Office", r.OfficePhone}, {"Home", r.HomePhone}, {"Fax", r.FaxPhone}, {"Other", r.OtherPhone},
	} {
		if strings.TrimSpace(p.number) != "" {
			out = append(out, syncro.PhoneInput{Label: syncro.Ptr(p.label), Number: syncro.Ptr(p.number)})
		}
	}
	return out
}

func (r *CustomerRow) createInput() *syncro.CustomerInput {
	in := &syncro.CustomerInput{}
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
	if r.TaxRateID != nil {
		in.TaxRateID = syncro.Ptr(*r.TaxRateID)
	}
	if len(r.CustomFields) > 0 {
		in.Properties = r.CustomFields
	}
	return in
}

// changes returns the update that makes the organization match the row, or
// nil and no columns when it already does.
func (r *CustomerRow) changes(cur *syncro.Customer) (*syncro.CustomerInput, []string) {
	in := &syncro.CustomerInput{}
	var cols []string
	for _, f := range r.texts() {
		have := f.current(cur)
		same := sameText(f.value, have)
		if f.phone {
			same = digits(f.value) == digits(have)
		}
		if !same {
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
	if r.TaxRateID != nil && *r.TaxRateID != cur.TaxRateID {
		in.TaxRateID = syncro.Ptr(*r.TaxRateID)
		cols = append(cols, "tax_rate_id")
	}
	if props := changedFields(r.CustomFields, cur.Properties); props != nil {
		in.Properties = props
		cols = append(cols, "custom_fields")
	}
	if len(cols) == 0 {
		return nil, nil
	}
	return in, cols
}

func formatTitleBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// writeCustomer renders an organization as a template row. Booleans are
// written True/False as Syncro's own export does; the labelled phone
// columns and tax_free are left empty (list answers do not carry them).
func writeCustomer(c *syncro.Customer, rw *rowWriter) {
	rw.id(c.ID)
	for _, s := range [...]string{c.Firstname, c.Lastname, c.Email, c.Address, c.Address2, c.City, c.State, c.Zip,
		c.Phone, c.Mobile, "", "", "", "", formatTitleBool(c.GetSms)} {
		rw.text(s)
	}
	rw.id(c.LocationID)
	for _, s := range [...]string{c.BusinessName, formatTime(c.CreatedAt), formatTime(c.UpdatedAt), c.ReferredBy, c.Notes} {
		rw.text(s)
	}
	rw.id(c.TaxRateID)
	for _, s := range [...]string{"", formatTitleBool(c.NoEmail), formatTitleBool(c.OptOut), formatTitleBool(c.Disabled)} {
		rw.text(s)
	}
	rw.fields(c.Properties)
}
