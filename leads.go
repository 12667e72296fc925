package syncro

import (
	"context"
	"iter"
	"time"

	"github.com/shopspring/decimal"
)

// Lead is a prospective sale or incoming request (from the website form,
// an email mailbox, or the API) before it becomes an organization and a
// ticket. Syncro has no DELETE for leads: disable one with Update and
// Disabled set.
type Lead struct {
	ID                int64     `json:"id"`
	FirstName         string    `json:"first_name"`
	LastName          string    `json:"last_name"`
	BusinessName      string    `json:"business_name"`
	BusinessThenName  string    `json:"business_then_name"`
	Email             string    `json:"email"`
	Phone             string    `json:"phone"`
	Mobile            string    `json:"mobile"`
	Address           string    `json:"address"`
	City              string    `json:"city"`
	State             string    `json:"state"`
	Zip               string    `json:"zip"`
	TicketSubject     string    `json:"ticket_subject"`
	TicketDescription string    `json:"ticket_description"`
	TicketProblemType string    `json:"ticket_problem_type"`
	TicketID          int64     `json:"ticket_id"`
	CustomerID        int64     `json:"customer_id"`
	ContactID         int64     `json:"contact_id"`
	MailboxID         int64     `json:"mailbox_id"`
	MailboxName       string    `json:"mailbox_name"`
	HasAttachments    bool      `json:"has_attachments"`
	MessageRead       bool      `json:"message_read"`
	Status            string    `json:"status"`
	UserID            int64     `json:"user_id"`
	LocationID        int64     `json:"location_id"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Lead statuses the OpenAPI document lists for GET /leads.
const (
	LeadStatusNew             = "New"
	LeadStatusLead            = "Lead"
	LeadStatusFirstContact    = "First Contact"
	LeadStatusOpportunity     = "Opportunity"
	LeadStatusProspect        = "Prospect"
	LeadStatusWaitingOnClient = "Waiting on Client"
	LeadStatusInNegotiation   = "In Negotiation"
	LeadStatusPending         = "Pending"
	LeadStatusWon             = "Won"
	LeadStatusLost            = "Lost"
)

// LeadListOptions filters GET /leads. Statuses, Users and MailboxIDs are
// sent as Rails arrays (statuses[]=New&statuses[]=Won).
type LeadListOptions struct {
	ListOptions
	Statuses   []string `url:"statuses,omitempty,brackets"`
	StatusList string   `url:"status_list,omitempty"` // comma separated
	Users      []int64  `url:"users,omitempty,brackets"`
	MailboxIDs []int64  `url:"mailbox_ids,omitempty,brackets"`
	HasTicket  *bool    `url:"has_ticket,omitempty"`
	Query      string   `url:"query,omitempty"`
}

// LeadInput creates or updates a lead. Nil fields are not sent.
type LeadInput struct {
	FirstName                *string          `json:"first_name,omitempty"`
	LastName                 *string          `json:"last_name,omitempty"`
	BusinessName             *string          `json:"business_name,omitempty"`
	Email                    *string          `json:"email,omitempty"`
	Phone                    *string          `json:"phone,omitempty"`
	Mobile                   *string          `json:"mobile,omitempty"`
	Address                  *string          `json:"address,omitempty"`
	City                     *string          `json:"city,omitempty"`
	State                    *string          `json:"state,omitempty"`
	Zip                      *string          `json:"zip,omitempty"`
	TicketSubject            *string          `json:"ticket_subject,omitempty"`
	TicketDescription        *string          `json:"ticket_description,omitempty"`
	TicketProblemType        *string          `json:"ticket_problem_type,omitempty"`
	TicketTypeID             *int64           `json:"ticket_type_id,omitempty"`
	TicketID                 *int64           `json:"ticket_id,omitempty"`
	CustomerID               *int64           `json:"customer_id,omitempty"`
	ContactID                *int64           `json:"contact_id,omitempty"`
	LocationID               *int64           `json:"location_id,omitempty"`
	UserID                   *int64           `json:"user_id,omitempty"`
	MailboxID                *int64           `json:"mailbox_id,omitempty"`
	Status                   *string          `json:"status,omitempty"`
	HiddenNotes              *string          `json:"hidden_notes,omitempty"`
	Converted                *bool            `json:"converted,omitempty"`
	MessageRead              *bool            `json:"message_read,omitempty"`
	Disabled                 *bool            `json:"disabled,omitempty"`
	FromCheckIn              *bool            `json:"from_check_in,omitempty"`
	AppointmentTime          *time.Time       `json:"appointment_time,omitempty"`
	AppointmentTypeID        *int64           `json:"appointment_type_id,omitempty"`
	OpportunityStartDate     *time.Time       `json:"opportunity_start_date,omitempty"`
	OpportunityAmountDollars *decimal.Decimal `json:"opportunity_amount_dollars,omitempty"`
	Likelihood               *int64           `json:"likelihood,omitempty"`
	CustomerPurchaseID       *int64           `json:"customer_purchase_id,omitempty"`
	SignatureName            *string          `json:"signature_name,omitempty"`
	SignatureDate            *time.Time       `json:"signature_date,omitempty"`
	SignatureData            *string          `json:"signature_data,omitempty"`
	Properties               map[string]any   `json:"properties,omitempty"`
	TicketProperties         map[string]any   `json:"ticket_properties,omitempty"`
}

// LeadsService works with leads. Syncro has no DELETE for leads (quirk
// 11): disable one with Update and Disabled set.
type LeadsService service

// UnmarshalJSON reads a lead whatever the types Syncro used.
func (x *Lead) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var leadRec = rec[Lead]{one: "lead", many: "leads"}

// List returns one page of leads: GET /leads.
func (s *LeadsService) List(ctx context.Context, opts *LeadListOptions) (*Page[Lead], error) {
	return leadRec.list(ctx, s.client, "leads", opts, listOpts(opts))
}

// Pages iterates over the pages of leads: GET /leads.
func (s *LeadsService) Pages(ctx context.Context, opts *LeadListOptions) iter.Seq2[*Page[Lead], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every lead matching opts: GET /leads.
func (s *LeadsService) All(ctx context.Context, opts *LeadListOptions) iter.Seq2[Lead, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one lead: GET /leads/{id}.
func (s *LeadsService) Get(ctx context.Context, id int64) (*Lead, error) {
	if err := checkID("get lead", "id", id); err != nil {
		return nil, err
	}
	return leadRec.get(ctx, s.client, apiPath("leads", id), nil)
}

// Create makes a lead: POST /leads.
func (s *LeadsService) Create(ctx context.Context, in *LeadInput) (*Lead, error) {
	if in == nil {
		return nil, &ValidationError{Op: "create lead", Reason: "no input given"}
	}
	return leadRec.create(ctx, s.client, "leads", in)
}

// Update changes the fields set in in: PUT /leads/{id}.
func (s *LeadsService) Update(ctx context.Context, id int64, in *LeadInput) (*Lead, error) {
	if err := checkID("update lead", "id", id); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update lead", Reason: "no input given"}
	}
	return leadRec.update(ctx, s.client, apiPath("leads", id), in)
}
