package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// ContactsService works with end users, which the API calls contacts.
type ContactsService service

// Contact is an end user (a contact in the API): a person in an
// organization who files tickets and uses assets.
//
// Title and the three Notification flags are stored by Syncro in the
// contact's properties; they are surfaced here as plain fields and taken out
// of Properties, which keeps only the account's custom fields.
type Contact struct {
	ID                   int64      `json:"id"`
	Name                 string     `json:"name"` // first and last name together
	Address1             string     `json:"address1"`
	Address2             string     `json:"address2"`
	City                 string     `json:"city"`
	State                string     `json:"state"`
	Zip                  string     `json:"zip"`
	Email                string     `json:"email"`
	Phone                string     `json:"phone"`
	Mobile               string     `json:"mobile"`
	Extension            string     `json:"extension"`
	Latitude             *float64   `json:"latitude"`
	Longitude            *float64   `json:"longitude"`
	CustomerID           int64      `json:"customer_id"`
	AccountID            int64      `json:"account_id"`
	Notes                string     `json:"notes"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
	VendorID             int64      `json:"vendor_id"`
	OptOut               bool       `json:"opt_out"`
	ProcessedPhone       string     `json:"processed_phone,omitempty"`
	ProcessedMobile      string     `json:"processed_mobile,omitempty"`
	TicketMatchingEmails string     `json:"ticket_matching_emails,omitempty"`
	Properties           Properties `json:"properties"`

	// From properties.
	Title                 string `json:"title"`
	NotificationBilling   bool   `json:"notification_billing"`
	NotificationMarketing bool   `json:"notification_marketing"`
	NotificationReports   bool   `json:"notification_reports"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// Property keys that Contact surfaces as plain fields.
const (
	propTitle                 = "title"
	propNotificationBilling   = "notification_billing"
	propNotificationMarketing = "notification_marketing"
	propNotificationReports   = "notification_reports"
)

// UnmarshalJSON reads a contact whatever the types Syncro used (decode.go).
func (c *Contact) UnmarshalJSON(b []byte) error { return decodeModel(b, c) }

// afterDecode lifts title and the notification flags out of properties,
// where Syncro stores them.
func (c *Contact) afterDecode() {
	if _, ok := c.Properties.Lookup(propTitle); ok {
		c.Title = c.Properties.String(propTitle)
	}
	if v, ok := c.Properties.Bool(propNotificationBilling); ok {
		c.NotificationBilling = v
	}
	if v, ok := c.Properties.Bool(propNotificationMarketing); ok {
		c.NotificationMarketing = v
	}
	if v, ok := c.Properties.Bool(propNotificationReports); ok {
		c.NotificationReports = v
	}
	for _, k := range []string{propTitle, propNotificationBilling, propNotificationMarketing, propNotificationReports} {
		delete(c.Properties, k)
	}
}

// ContactListOptions filters GET /contacts. Syncro offers no other filter
// than the organization (no email search).
type ContactListOptions struct {
	ListOptions
	CustomerID int64 `url:"customer_id,omitempty"`
}

// ContactInput creates or updates an end user. Nil fields are not sent.
// Title and the notification flags are sent where Syncro keeps them: title
// as the documented top-level field, the flags as "1"/"0" in properties.
type ContactInput struct {
	CustomerID           *int64  `json:"customer_id,omitempty"` // required to create
	Name                 *string `json:"name,omitempty"`
	Address1             *string `json:"address1,omitempty"`
	Address2             *string `json:"address2,omitempty"`
	City                 *string `json:"city,omitempty"`
	State                *string `json:"state,omitempty"`
	Zip                  *string `json:"zip,omitempty"`
	Email                *string `json:"email,omitempty"`
	Phone                *string `json:"phone,omitempty"`
	Mobile               *string `json:"mobile,omitempty"`
	Extension            *string `json:"extension,omitempty"`
	Notes                *string `json:"notes,omitempty"`
	TicketMatchingEmails *string `json:"ticket_matching_emails,omitempty"`
	VendorID             *int64  `json:"vendor_id,omitempty"`
	OptOut               *bool   `json:"opt_out,omitempty"`
	Title                *string `json:"title,omitempty"`

	NotificationBilling   *bool `json:"-"`
	NotificationMarketing *bool `json:"-"`
	NotificationReports   *bool `json:"-"`
	// Properties sets custom fields by display name. Only the fields given
	// are sent.
	Properties map[string]any `json:"-"`
}

// MarshalJSON writes the wire form: the notification flags go into
// properties next to the custom fields.
func (in ContactInput) MarshalJSON() ([]byte, error) {
	type plain ContactInput
	props := make(map[string]any, len(in.Properties)+3)
	for k, v := range in.Properties {
		props[k] = v
	}
	for key, flag := range map[string]*bool{
		propNotificationBilling:   in.NotificationBilling,
		propNotificationMarketing: in.NotificationMarketing,
		propNotificationReports:   in.NotificationReports,
	} {
		if flag != nil {
			props[key] = boolDigit(*flag)
		}
	}
	w := struct {
		plain
		Properties map[string]any `json:"properties,omitempty"`
	}{plain(in), props}
	return json.Marshal(w)
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// List returns one page of end users.
//
// GET /contacts
func (s *ContactsService) List(ctx context.Context, opts *ContactListOptions) (*Page[Contact], error) {
	var lo *ListOptions
	if opts != nil {
		lo = &opts.ListOptions
	}
	return listPage[Contact](ctx, s.client, "contacts", "contacts", opts, lo)
}

// Pages iterates over the pages of end users, starting at opts.Page, 100
// per page unless opts.PerPage says otherwise.
//
// GET /contacts
func (s *ContactsService) Pages(ctx context.Context, opts *ContactListOptions) iter.Seq2[*Page[Contact], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every end user (of one organization when
// opts.CustomerID is set), fetching pages as needed.
//
// GET /contacts
func (s *ContactsService) All(ctx context.Context, opts *ContactListOptions) iter.Seq2[Contact, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one end user. Syncro sends the record without an envelope;
// a {"contact": {...}} envelope is accepted too.
//
// GET /contacts/{id}
func (s *ContactsService) Get(ctx context.Context, id int64) (*Contact, error) {
	if err := checkID("get contact", "id", id); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodGet, apiPath("contacts", id), nil)
}

// Create creates an end user in the organization in.CustomerID, which is
// required: without it Create fails before any request.
//
// POST /contacts
func (s *ContactsService) Create(ctx context.Context, in *ContactInput) (*Contact, error) {
	if in == nil || in.CustomerID == nil || *in.CustomerID <= 0 {
		return nil, &ValidationError{Op: "create contact", Fields: []string{"customer_id"}, Reason: "an end user belongs to an organization: set CustomerID to the organization's id"}
	}
	return s.one(ctx, http.MethodPost, "contacts", in)
}

// Update changes the fields set in in and returns the updated end user.
//
// PUT /contacts/{id}
func (s *ContactsService) Update(ctx context.Context, id int64, in *ContactInput) (*Contact, error) {
	if err := checkID("update contact", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update contact", Reason: "no input given"}
	}
	return s.one(ctx, http.MethodPut, apiPath("contacts", id), in)
}

// Delete deletes an end user.
//
// DELETE /contacts/{id}
func (s *ContactsService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete contact", "id", id); err != nil {
		return err
	}
	return s.client.send(ctx, http.MethodDelete, apiPath("contacts", id), nil, acceptJSON)
}

func (s *ContactsService) one(ctx context.Context, method, path string, body any) (*Contact, error) {
	c := new(Contact)
	decode := func(b []byte) error { return decodeObject(b, "contact", true, c) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return c.ID })
	}
	err := s.client.do(ctx, request{method: method, path: path, body: body, decode: decode})
	if err != nil {
		return nil, err
	}
	return c, nil
}
