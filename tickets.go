package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"sort"
	"strings"
	"time"
)

// TicketsService works with tickets, their comments, line items, timers and
// the account's ticket settings.
type TicketsService service

// StatusNotClosed is the pseudo-status that TicketListOptions.Status accepts
// to list every ticket Syncro does not count as closed. It leaves out the
// tickets in "Resolved" and "Invoiced", Syncro's two closed statuses, and
// lists every other status, the account's own custom ones included ("New",
// "In Progress", "Waiting for Parts", "Waiting on Customer", "Scheduled",
// "Customer Reply", ...). No ticket ever carries it as its own status.
// Syncro documents the pseudo-status but not its exact set; the fake
// (syncrotest) leaves out the same two.
const StatusNotClosed = "Not Closed"

// CommentFormat chooses how Syncro renders comment bodies in ticket and
// comment lists.
type CommentFormat string

// The comment formats Syncro accepts. Plain text is Syncro's default.
const (
	CommentFormatPlainText CommentFormat = "plaintext"
	CommentFormatRichText  CommentFormat = "richtext"
	CommentFormatOriginal  CommentFormat = "original"
)

// TicketListOptions filters GET /tickets. Time filters are sent as RFC 3339
// timestamps in UTC, whatever their location; the zero time sends nothing.
type TicketListOptions struct {
	ListOptions
	CustomerID int64 `url:"customer_id,omitempty"`
	ContactID  int64 `url:"contact_id,omitempty"`
	// UserID lists the tickets assigned to this technician.
	UserID int64  `url:"user_id,omitempty"`
	Number string `url:"number,omitempty"`
	// Status is an exact status name ("New", "Waiting on Customer", ...) or
	// StatusNotClosed.
	Status string `url:"status,omitempty"`
	Query  string `url:"query,omitempty"`
	// Mine lists the tickets assigned to the token's user.
	Mine bool `url:"mine,omitempty"`
	// TicketSearchID lists the results of a saved search (see
	// TicketSettings.SavedSearches).
	TicketSearchID int64     `url:"ticket_search_id,omitempty"`
	SinceUpdatedAt time.Time `url:"since_updated_at,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CreatedAfter   time.Time `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	ResolvedAfter  time.Time `url:"resolved_after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	// CommentFormat renders the comments included in each ticket.
	CommentFormat CommentFormat `url:"comment_format,omitempty"`
}

// query returns the options as sent: time filters in UTC.
func (o *TicketListOptions) query() *TicketListOptions {
	q := *o
	q.SinceUpdatedAt, q.CreatedAfter, q.ResolvedAfter = utc(q.SinceUpdatedAt), utc(q.CreatedAfter), utc(q.ResolvedAfter)
	return &q
}

// utc converts t to UTC and keeps the zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// Ticket is a ticket. List items and detail records share this type, and
// neither loses a field: list items carry flat summaries
// (CustomerBusinessThenName, ContactFullname, TicketTypeName, SLA fields,
// CustomerReply, ...) and leave the nested records nil; detail records carry
// the nested Customer, Contact, User, TicketType, Comments, TicketTimers,
// LineItems, Assets and Attachments, and leave most flat summaries empty.
// Use the accessors (CustomerName, ContactName, Description) to read a value
// whichever kind of record holds it.
type Ticket struct {
	ID     int64  `json:"id"`
	Number string `json:"number"` // Syncro sends a number; kept as text
	// Subject is the ticket's title.
	Subject      string     `json:"subject"`
	CustomerID   int64      `json:"customer_id"`
	ContactID    int64      `json:"contact_id"`
	UserID       int64      `json:"user_id"` // 0 when unassigned
	Status       string     `json:"status"`
	ProblemType  string     `json:"problem_type"`
	Priority     string     `json:"priority"`
	TicketTypeID int64      `json:"ticket_type_id"`
	LocationID   int64      `json:"location_id"`
	AddressID    int64      `json:"address_id"`
	ContractID   int64      `json:"contract_id"`
	SLAID        int64      `json:"sla_id"`
	ParentID     int64      `json:"parent_id"`
	Properties   Properties `json:"properties"`
	TagList      []string   `json:"tag_list" wire:"list"`
	PdfURL       string     `json:"pdf_url"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	DueDate      time.Time  `json:"due_date"`
	StartAt      time.Time  `json:"start_at"`
	EndAt        time.Time  `json:"end_at"`
	ResolvedAt   time.Time  `json:"resolved_at"`
	// Comments is the comment thread included in the record. List items
	// carry a truncated thread; use TicketsService.Comments for the whole
	// history.
	Comments []Comment `json:"comments"`
	// User is the assigned technician, when Syncro includes it.
	User *User `json:"user"`

	// List-item summaries.
	CustomerBusinessThenName   string            `json:"customer_business_then_name"`
	ContactFullname            string            `json:"contact_fullname"`
	LocationName               string            `json:"location_name"`
	TicketTypeName             string            `json:"ticket_type_name"`
	BillingStatus              string            `json:"billing_status"`
	SLAName                    string            `json:"sla_name"`
	SLABreached                bool              `json:"sla_breached"`
	SLABreachingSoon           bool              `json:"sla_breaching_soon"`
	CreatorNameOrEmail         string            `json:"creator_name_or_email"`
	ContractName               string            `json:"contract_name"`
	Parent                     bool              `json:"parent"`
	Child                      bool              `json:"child"`
	Recurring                  bool              `json:"recurring"`
	CustomerReply              bool              `json:"customer_reply"`
	TotalFormattedBillableTime string            `json:"total_formatted_billable_time"`
	CustomerTagList            []string          `json:"customer_tag_list" wire:"list"`
	ResolutionTime             string            `json:"resolution_time"`
	ResponseTime               string            `json:"response_time"`
	CustomerIcons              []json.RawMessage `json:"customer_icons"`

	// Detail-record fields.
	Customer         *Customer         `json:"customer"`
	Contact          *Contact          `json:"contact"`
	TicketType       *TicketType       `json:"ticket_type"`
	Address          *Address          `json:"address"`
	IntakeFormHTML   string            `json:"intake_form_html"`
	SignatureName    string            `json:"signature_name"`
	SignatureDate    time.Time         `json:"signature_date"`
	OuttakeFormName  string            `json:"outtake_form_name"`
	OuttakeFormDate  time.Time         `json:"outtake_form_date"`
	OuttakeFormHTML  string            `json:"outtake_form_html"`
	AssetIDs         []int64           `json:"asset_ids"`
	Assets           []Asset           `json:"assets"`
	TicketTimers     []TicketTimer     `json:"ticket_timers"`
	LineItems        []TicketLineItem  `json:"line_items"`
	Attachments      []json.RawMessage `json:"attachments"` // presigned URLs that expire: download, do not store
	WorksheetResults []json.RawMessage `json:"worksheet_results"`
	Appointments     []json.RawMessage `json:"appointments"`
	TicketFields     []json.RawMessage `json:"ticket_fields"`
	TicketAnswers    []json.RawMessage `json:"ticket_answers"`
	Mentionables     json.RawMessage   `json:"mentionables,omitempty"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a ticket list item or detail record whatever the types Syncro used (decode.go).
func (t *Ticket) UnmarshalJSON(b []byte) error { return decodeModel(b, t) }

// afterDecode fills the flat ids a detail record carries only nested.
func (t *Ticket) afterDecode() {
	if t.ContactID == 0 && t.Contact != nil {
		t.ContactID = t.Contact.ID
	}
	if t.TicketTypeID == 0 && t.TicketType != nil {
		t.TicketTypeID = t.TicketType.ID
	}
}

// tagList reads a tag list sent as an array of strings, or as one
// comma-separated string.
type tagList []string

func (l *tagList) UnmarshalJSON(b []byte) error {
	if isNullish(b) {
		*l = nil
		return nil
	}
	var list []wireString
	if err := json.Unmarshal(b, &list); err == nil {
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, strings.TrimSpace(string(s)))
		}
		*l = out
		return nil
	}
	s, err := unquote(b)
	if err != nil {
		return err
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	*l = out
	return nil
}

// CustomerName returns the organization's name: the list item's
// customer_business_then_name, else the nested customer's display name.
func (t *Ticket) CustomerName() string {
	if t.CustomerBusinessThenName != "" {
		return t.CustomerBusinessThenName
	}
	if t.Customer != nil {
		return t.Customer.DisplayName()
	}
	return ""
}

// ContactName returns the end user's name: the list item's
// contact_fullname, else the nested contact's name.
func (t *Ticket) ContactName() string {
	if t.ContactFullname != "" {
		return t.ContactFullname
	}
	if t.Contact != nil {
		return t.Contact.Name
	}
	return ""
}

// InitialIssueSubject is the subject Syncro gives the first comment of a
// ticket, which holds the problem's description.
const InitialIssueSubject = "Initial Issue"

// Description returns the ticket's problem description: the comment
// subjected "Initial Issue" among the comments the record carries, else the
// oldest of them. It is "" when the record carries no comment.
func (t *Ticket) Description() string {
	if c := t.InitialComment(); c != nil {
		return c.Text()
	}
	return ""
}

// InitialComment returns the comment that opened the ticket (see
// Description), or nil when the record carries no comment.
func (t *Ticket) InitialComment() *Comment {
	if len(t.Comments) == 0 {
		return nil
	}
	for i := range t.Comments {
		if strings.EqualFold(strings.TrimSpace(t.Comments[i].Subject), InitialIssueSubject) {
			return &t.Comments[i]
		}
	}
	oldest := make([]*Comment, len(t.Comments))
	for i := range t.Comments {
		oldest[i] = &t.Comments[i]
	}
	sort.SliceStable(oldest, func(i, j int) bool {
		a, b := oldest[i], oldest[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	return oldest[0]
}

// TicketType is a ticket type: the account's categories of tickets, each
// with its own custom fields.
type TicketType struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	AccountID    int64             `json:"account_id"`
	Disabled     bool              `json:"disabled"`
	IntakeTerms  string            `json:"intake_terms"`
	SkipIntake   bool              `json:"skip_intake"`
	OuttakeTerms string            `json:"outtake_terms"`
	SkipOuttake  bool              `json:"skip_outtake"`
	TicketFields []json.RawMessage `json:"ticket_fields"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`

	// Unparsed keeps, as Syncro sent them, the values of object- or
	// array-typed fields whose shape did not fit (decode.go): the record
	// still decodes and nothing is lost.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads a ticket type whatever the types Syncro used (decode.go).
func (tt *TicketType) UnmarshalJSON(b []byte) error { return decodeModel(b, tt) }

// Address is one of an organization's addresses, as nested in tickets and
// assets.
type Address struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	CustomerID    int64     `json:"customer_id"`
	AddressTypeID int64     `json:"address_type_id"`
	Address1      string    `json:"address1"`
	Address2      string    `json:"address2"`
	City          string    `json:"city"`
	State         string    `json:"state"`
	Zip           string    `json:"zip"`
	Latitude      *float64  `json:"latitude"`
	Longitude     *float64  `json:"longitude"`
	AccountID     int64     `json:"account_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// UnmarshalJSON reads an address whatever the types Syncro used (decode.go).
func (a *Address) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// TicketInput creates or updates a ticket. Nil fields are not sent, so an
// update changes only what the caller set.
//
// Syncro ignores line items sent with a new ticket: add them afterwards
// with AddLineItem. A ticket created without UserID stays unassigned.
type TicketInput struct {
	CustomerID      *int64         `json:"customer_id,omitempty"` // required to create
	Subject         *string        `json:"subject,omitempty"`     // required to create
	TicketTypeID    *int64         `json:"ticket_type_id,omitempty"`
	Number          *string        `json:"number,omitempty"`
	DueDate         *time.Time     `json:"due_date,omitempty"`
	StartAt         *time.Time     `json:"start_at,omitempty"`
	EndAt           *time.Time     `json:"end_at,omitempty"`
	LocationID      *int64         `json:"location_id,omitempty"`
	ProblemType     *string        `json:"problem_type,omitempty"`
	Status          *string        `json:"status,omitempty"`
	UserID          *int64         `json:"user_id,omitempty"`
	ContactID       *int64         `json:"contact_id,omitempty"`
	SLAID           *int64         `json:"sla_id,omitempty"`
	Priority        *string        `json:"priority,omitempty"`
	SignatureName   *string        `json:"signature_name,omitempty"`
	SignatureData   *string        `json:"signature_data,omitempty"`
	OuttakeFormName *string        `json:"outtake_form_name,omitempty"`
	OuttakeFormDate *time.Time     `json:"outtake_form_date,omitempty"`
	OuttakeFormData *string        `json:"outtake_form_data,omitempty"`
	AssetIDs        []int64        `json:"asset_ids,omitempty"`
	TagList         []string       `json:"tag_list,omitempty"`
	Properties      map[string]any `json:"properties,omitempty"` // custom fields by name
	// CommentsAttributes adds comments with the ticket, typically one
	// subjected "Initial Issue" holding the description. Each needs a
	// subject and a body; each is private unless its Mode says otherwise.
	CommentsAttributes []CommentInput `json:"comments_attributes,omitempty"`
}

// validate checks what Syncro requires before anything is sent.
func (in *TicketInput) validate(op string, create bool) error {
	if in == nil {
		return &ValidationError{Op: op, Reason: "no input given"}
	}
	var missing []string
	if create && (in.CustomerID == nil || *in.CustomerID <= 0) {
		missing = append(missing, "customer_id")
	}
	if (create && in.Subject == nil) || (in.Subject != nil && strings.TrimSpace(*in.Subject) == "") {
		missing = append(missing, "subject")
	}
	if len(missing) > 0 {
		reason := "Syncro requires them: set CustomerID to the organization's id and a non-blank Subject"
		if !create {
			reason = "Syncro refuses a blank subject"
		}
		return &ValidationError{Op: op, Fields: missing, Reason: reason}
	}
	for i := range in.CommentsAttributes {
		if err := in.CommentsAttributes[i].validate(op); err != nil {
			return err
		}
	}
	return nil
}

// List returns one page of tickets.
//
// GET /tickets
func (s *TicketsService) List(ctx context.Context, opts *TicketListOptions) (*Page[Ticket], error) {
	if opts == nil {
		return listPage[Ticket](ctx, s.client, "tickets", "tickets", nil, nil)
	}
	return listPage[Ticket](ctx, s.client, "tickets", "tickets", opts.query(), &opts.ListOptions)
}

// Pages iterates over the pages of tickets matching opts, starting at
// opts.Page, 100 per page unless opts.PerPage says otherwise.
//
// GET /tickets
func (s *TicketsService) Pages(ctx context.Context, opts *TicketListOptions) iter.Seq2[*Page[Ticket], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every ticket matching opts, fetching pages as needed.
//
// GET /tickets
func (s *TicketsService) All(ctx context.Context, opts *TicketListOptions) iter.Seq2[Ticket, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one ticket's detail record, with its customer, contact,
// comments, timers, line items and assets.
//
// GET /tickets/{id}
func (s *TicketsService) Get(ctx context.Context, id int64) (*Ticket, error) {
	if err := checkID("get ticket", "id", id); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodGet, apiPath("tickets", id), nil)
}

// Create creates a ticket. CustomerID and Subject are required and checked
// before any request, as is the subject and body of every initial comment.
//
// POST /tickets
func (s *TicketsService) Create(ctx context.Context, in *TicketInput) (*Ticket, error) {
	if err := in.validate("create ticket", true); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodPost, "tickets", in)
}

// Update changes the fields set in in and returns the updated ticket.
//
// PUT /tickets/{id}
func (s *TicketsService) Update(ctx context.Context, id int64, in *TicketInput) (*Ticket, error) {
	if err := checkID("update ticket", "id", id); err != nil {
		return nil, err
	}
	if err := in.validate("update ticket", false); err != nil {
		return nil, err
	}
	return s.one(ctx, http.MethodPut, apiPath("tickets", id), in)
}

// Delete deletes a ticket.
//
// DELETE /tickets/{id}
func (s *TicketsService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete ticket", "id", id); err != nil {
		return err
	}
	return s.client.send(ctx, http.MethodDelete, apiPath("tickets", id), nil, acceptJSON)
}

func (s *TicketsService) one(ctx context.Context, method, path string, body any) (*Ticket, error) {
	t := new(Ticket)
	decode := func(b []byte) error { return decodeObject(b, "ticket", false, t) }
	if method == http.MethodPost {
		decode = created(decode, func() int64 { return t.ID })
	}
	err := s.client.do(ctx, request{method: method, path: path, body: body, decode: decode})
	if err != nil {
		return nil, err
	}
	return t, nil
}
