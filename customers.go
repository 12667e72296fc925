package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// CustomersService works with organizations, which the API calls customers.
type CustomersService service

// Customer is an organization (a customer in the API). List items and
// detail records share this type; fields only the detail record carries
// (TicketLinks, Phones, PrepayHours, ...) are empty in list items.
type Customer struct {
	ID                  int64      `json:"id"`
	Firstname           string     `json:"firstname"`
	Lastname            string     `json:"lastname"`
	Fullname            string     `json:"fullname"`
	BusinessName        string     `json:"business_name"`
	Email               string     `json:"email"`
	Phone               string     `json:"phone"`
	Mobile              string     `json:"mobile"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
	PdfURL              string     `json:"pdf_url"`
	Address             string     `json:"address"`
	Address2            string     `json:"address_2"`
	City                string     `json:"city"`
	State               string     `json:"state"`
	Zip                 string     `json:"zip"`
	Latitude            *float64   `json:"latitude"`
	Longitude           *float64   `json:"longitude"`
	Notes               string     `json:"notes"`
	GetSms              bool       `json:"get_sms"`
	OptOut              bool       `json:"opt_out"`
	Disabled            bool       `json:"disabled"`
	NoEmail             bool       `json:"no_email"`
	LocationName        string     `json:"location_name"`
	LocationID          int64      `json:"location_id"`
	Properties          Properties `json:"properties"`
	OnlineProfileURL    string     `json:"online_profile_url"`
	TaxRateID           int64      `json:"tax_rate_id"`
	NotificationEmail   string     `json:"notification_email"`
	InvoiceCcEmails     string     `json:"invoice_cc_emails"`
	InvoiceTermID       int64      `json:"invoice_term_id"`
	ReferredBy          string     `json:"referred_by"`
	RefCustomerID       int64      `json:"ref_customer_id"`
	BusinessAndFullName string     `json:"business_and_full_name"`
	BusinessThenName    string     `json:"business_then_name"`
	Contacts            []Contact  `json:"contacts"`

	// PrepayHours is the prepay (block) hours balance, in hours. It is nil
	// when Syncro sent none (the feature is off, or the record is a list
	// item), which is not the same as a zero balance.
	PrepayHours *decimal.Decimal `json:"prepay_hours,omitempty"`

	// Detail-only fields.
	TicketLinks    []TicketLink      `json:"ticket_links,omitempty"`
	InvoiceLinks   []json.RawMessage `json:"invoice_links,omitempty"` // raw: no source shows the items' fields
	Phones         []Phone           `json:"phones,omitempty"`
	Contracts      []Contract        `json:"contracts,omitempty"`
	Addresses      []json.RawMessage `json:"addresses,omitempty"` // raw: no source shows the items' fields
	SinceUpdatedAt time.Time         `json:"since_updated_at,omitempty"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (c *Customer) UnmarshalJSON(b []byte) error { return decodeModel(b, c) }

// DisplayName returns the name Syncro shows for the organization: the
// business name, else the person's full name.
func (c *Customer) DisplayName() string {
	switch {
	case c.BusinessThenName != "":
		return c.BusinessThenName
	case c.BusinessName != "":
		return c.BusinessName
	case c.Fullname != "":
		return c.Fullname
	}
	return joinNonEmpty(" ", c.Firstname, c.Lastname)
}

// TicketLink is the short ticket reference a customer detail record lists.
type TicketLink struct {
	ID      int64  `json:"id"`
	Number  string `json:"number"`
	Status  string `json:"status"`
	Subject string `json:"subject"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (t *TicketLink) UnmarshalJSON(b []byte) error { return decodeModel(b, t) }

// Phone is one entry of a customer's phones sub-resource. Syncro strips
// formatting from numbers on save (555-0999 becomes 5550999).
type Phone struct {
	ID         int64     `json:"id"`
	Label      string    `json:"label"`
	Number     string    `json:"number"`
	Extension  string    `json:"extension"`
	CustomerID int64     `json:"customer_id"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UnmarshalJSON reads the record whatever the types Syncro used (decode.go).
func (p *Phone) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// PhoneInput creates or changes a customer phone. Nil fields are not sent.
type PhoneInput struct {
	Label     *string `json:"label,omitempty"`
	Number    *string `json:"number,omitempty"`
	Extension *string `json:"extension,omitempty"`
}

// CustomerListOptions filters GET /customers. Name filters are "like"
// matches on Syncro's side.
type CustomerListOptions struct {
	ListOptions
	Query        string  `url:"query,omitempty"`
	Firstname    string  `url:"firstname,omitempty"`
	Lastname     string  `url:"lastname,omitempty"`
	BusinessName string  `url:"business_name,omitempty"`
	Email        string  `url:"email,omitempty"`
	ID           []int64 `url:"id,omitempty,brackets"`     // only these ids
	NotID        []int64 `url:"not_id,omitempty,brackets"` // all but these ids
	// IncludeDisabled includes disabled organizations, which Syncro leaves
	// out by default.
	IncludeDisabled bool `url:"include_disabled,omitempty"`
	// Sort orders by one field: "firstname ASC", "city DESC", ...
	Sort string `url:"sort,omitempty"`
}

// CustomerInput creates or updates an organization. Nil fields are not sent,
// so an update changes only what the caller set; a pointer to "" clears a
// text field.
type CustomerInput struct {
	BusinessName      *string `json:"business_name,omitempty"`
	Firstname         *string `json:"firstname,omitempty"`
	Lastname          *string `json:"lastname,omitempty"`
	Email             *string `json:"email,omitempty"`
	Phone             *string `json:"phone,omitempty"` // also creates an entry in the phones sub-resource
	Mobile            *string `json:"mobile,omitempty"`
	Address           *string `json:"address,omitempty"`
	Address2          *string `json:"address_2,omitempty"`
	City              *string `json:"city,omitempty"`
	State             *string `json:"state,omitempty"`
	Zip               *string `json:"zip,omitempty"`
	Notes             *string `json:"notes,omitempty"`
	GetSms            *bool   `json:"get_sms,omitempty"`
	OptOut            *bool   `json:"opt_out,omitempty"`
	NoEmail           *bool   `json:"no_email,omitempty"`
	GetBilling        *bool   `json:"get_billing,omitempty"`
	GetMarketing      *bool   `json:"get_marketing,omitempty"`
	GetReports        *bool   `json:"get_reports,omitempty"`
	RefCustomerID     *int64  `json:"ref_customer_id,omitempty"`
	ReferredBy        *string `json:"referred_by,omitempty"`
	TaxRateID         *int64  `json:"tax_rate_id,omitempty"`
	NotificationEmail *string `json:"notification_email,omitempty"`
	InvoiceCcEmails   *string `json:"invoice_cc_emails,omitempty"`
	InvoiceTermID     *int64  `json:"invoice_term_id,omitempty"`
	// Disabled archives (true) or restores (false) the organization. It is
	// not in Syncro's documented request body; Syncro may ignore it.
	Disabled *bool `json:"disabled,omitempty"`
	// Properties sets custom fields by display name ({"VIP": "1"}). Only
	// the fields given are sent.
	Properties map[string]any `json:"properties,omitempty"`
	Consent    map[string]any `json:"consent,omitempty"`
}

// List returns one page of organizations.
//
// GET /customers
func (s *CustomersService) List(ctx context.Context, opts *CustomerListOptions) (*Page[Customer], error) {
	var lo *ListOptions
	if opts != nil {
		lo = &opts.ListOptions
	}
	return listPage[Customer](ctx, s.client, "customers", "customers", opts, lo)
}

// Pages iterates over the pages of organizations matching opts, starting at
// opts.Page, 100 per page unless opts.PerPage says otherwise.
//
// GET /customers
func (s *CustomersService) Pages(ctx context.Context, opts *CustomerListOptions) iter.Seq2[*Page[Customer], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every organization matching opts, fetching pages as
// needed.
//
// GET /customers
func (s *CustomersService) All(ctx context.Context, opts *CustomerListOptions) iter.Seq2[Customer, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one organization's detail record, with PrepayHours when the
// account tracks prepay hours.
//
// GET /customers/{id}
func (s *CustomersService) Get(ctx context.Context, id int64) (*Customer, error) {
	if err := checkID("get customer", "id", id); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodGet, apiPath("customers", id), nil)
}

// Latest returns the most recently created organization.
//
// GET /customers/latest
func (s *CustomersService) Latest(ctx context.Context) (*Customer, error) {
	return s.one(ctx, http.MethodGet, "customers/latest", nil)
}

// Create creates an organization. Fields declared required with
// WithRequiredCustomerFields are checked first: a missing one fails with a
// *ValidationError before any request.
//
// POST /customers
func (s *CustomersService) Create(ctx context.Context, in *CustomerInput) (*Customer, error) {
	if in == nil {
		return nil, &ValidationError{Op: "create customer", Reason: "no input given"}
	}
	if err := s.client.checkRequiredCustomerFields("create customer", in, true); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodPost, "customers", in)
}

// Update changes the fields set in in and returns the updated record.
// Clearing a field declared required is refused before any request.
//
// PUT /customers/{id}
func (s *CustomersService) Update(ctx context.Context, id int64, in *CustomerInput) (*Customer, error) {
	if err := checkID("update customer", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update customer", Reason: "no input given"}
	}
	if err := s.client.checkRequiredCustomerFields("update customer", in, false); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodPut, apiPath("customers", id), in)
}

// Delete deletes an organization for good (Syncro has no soft delete for
// customers).
//
// DELETE /customers/{id}
func (s *CustomersService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete customer", "id", id); err != nil {
		return err
	}
	return s.client.send(ctx, http.MethodDelete, apiPath("customers", id), nil, acceptJSON)
}

// Autocomplete returns the organizations whose names match query, the
// fastest lookup by name.
//
// GET /customers/autocomplete
func (s *CustomersService) Autocomplete(ctx context.Context, query string) ([]Customer, error) {
	p, err := listPage[Customer](ctx, s.client, "customers/autocomplete", "customers", struct {
		Query string `url:"query"`
	}{query}, nil)
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// Phones returns an organization's phone numbers.
//
// GET /customers/{customer_id}/phones
func (s *CustomersService) Phones(ctx context.Context, customerID int64) ([]Phone, error) {
	if err := checkID("list phones", "customer_id", customerID); err != nil {
		return nil, err
	}
	return listUnpaged[Phone](ctx, s.client, apiPath("customers", customerID, "phones"), "phones")
}

// CreatePhone adds a phone number to an organization.
//
// POST /customers/{customer_id}/phones
func (s *CustomersService) CreatePhone(ctx context.Context, customerID int64, in *PhoneInput) (*Phone, error) {
	if err := checkID("create phone", "customer_id", customerID); err != nil {
		return nil, err
	}
	if in == nil || in.Number == nil || *in.Number == "" {
		return nil, &ValidationError{Op: "create phone", Fields: []string{"number"}, Reason: "Syncro requires a number"}
	}
	return s.phone(ctx, http.MethodPost, apiPath("customers", customerID, "phones"), in)
}

// UpdatePhone changes one of an organization's phone numbers.
//
// PUT /customers/{customer_id}/phones/{id}
func (s *CustomersService) UpdatePhone(ctx context.Context, customerID, phoneID int64, in *PhoneInput) (*Phone, error) {
	if err := checkIDs("update phone", "customer_id", customerID, "id", phoneID); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update phone", Reason: "no input given"}
	}
	return s.phone(ctx, http.MethodPut, apiPath("customers", customerID, "phones", phoneID), in)
}

// DeletePhone removes one of an organization's phone numbers.
//
// DELETE /customers/{customer_id}/phones/{id}
func (s *CustomersService) DeletePhone(ctx context.Context, customerID, phoneID int64) error {
	if err := checkIDs("delete phone", "customer_id", customerID, "id", phoneID); err != nil {
		return err
	}
	return s.client.send(ctx, http.MethodDelete, apiPath("customers", customerID, "phones", phoneID), nil, acceptJSON)
}

func (s *CustomersService) one(ctx context.Context, method, path string, body any) (*Customer, error) {
	c := new(Customer)
	decode := func(b []byte) error { return decodeObject(b, "customer", false, c) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return c.ID })
	}
	err := s.client.do(ctx, request{method: method, path: path, body: body, decode: decode})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *CustomersService) phone(ctx context.Context, method, path string, in *PhoneInput) (*Phone, error) {
	p := new(Phone)
	decode := func(b []byte) error { return decodeObject(b, "phone", true, p) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return p.ID })
	}
	if err := s.client.send(ctx, method, path, in, decode); err != nil {
		return nil, err
	}
	return p, nil
}
