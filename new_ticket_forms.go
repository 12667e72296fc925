package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// NewTicketForm is a configurable intake form for new tickets: which
// organization and ticket fields it shows, hides or requires.
type NewTicketForm struct {
	ID       int64             `json:"id"`
	Name     string            `json:"name"`
	Default  bool              `json:"default"`
	Disabled bool              `json:"disabled"`
	Data     NewTicketFormData `json:"data"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// NewTicketFormData is a form's sections.
type NewTicketFormData struct {
	CustomerDetails NewTicketFormSection `json:"customer_details"`
	TicketDetails   NewTicketFormSection `json:"ticket_details"`
	Worksheets      NewTicketFormSection `json:"worksheets"`
	RelatedAssets   NewTicketFormSection `json:"related_assets"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// NewTicketFormSection is one section of a form. Fields maps a field name
// to its FormFieldMode; Defaults holds default values by field name.
type NewTicketFormSection struct {
	Fields   map[string]FormFieldMode `json:"fields"`
	Defaults Properties               `json:"defaults"`
	Disabled []string                 `json:"disabled"`
	Position int64                    `json:"position"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// FormFieldMode says how a form treats a field.
type FormFieldMode string

// Form field modes.
const (
	FormFieldRequire FormFieldMode = "require"
	FormFieldShow    FormFieldMode = "show"
	FormFieldHide    FormFieldMode = "hide"
)

// Required returns the names of the section's required fields, sorted.
func (s NewTicketFormSection) Required() []string {
	var out []string
	for name, mode := range s.Fields {
		if mode == FormFieldRequire {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// NewTicketFormInput is what POST /new_ticket_forms/{id}/process_form
// takes: the organization, the ticket and optionally an appointment.
type NewTicketFormInput struct {
	CustomerDetails *FormCustomerDetailsInput `json:"customer_details,omitempty"`
	TicketDetails   *FormTicketDetailsInput   `json:"ticket_details,omitempty"`
	Appointments    *FormAppointmentInput     `json:"appointments,omitempty"`
}

// FormCustomerDetailsInput is the organization part of a processed form.
type FormCustomerDetailsInput struct {
	FirstName    *string        `json:"firstname,omitempty"`
	LastName     *string        `json:"lastname,omitempty"`
	BusinessName *string        `json:"business_name,omitempty"`
	Email        *string        `json:"email,omitempty"`
	Phone        *string        `json:"phone,omitempty"`
	Mobile       *string        `json:"mobile,omitempty"`
	Address      *string        `json:"address,omitempty"`
	City         *string        `json:"city,omitempty"`
	State        *string        `json:"state,omitempty"`
	Zip          *string        `json:"zip,omitempty"`
	GetSms       *bool          `json:"get_sms,omitempty"`
	OptOut       *bool          `json:"opt_out,omitempty"`
	NoEmail      *bool          `json:"no_email,omitempty"`
	Properties   map[string]any `json:"properties,omitempty"`
}

// FormTicketDetailsInput is the ticket part of a processed form.
type FormTicketDetailsInput struct {
	Subject     *string        `json:"subject,omitempty"`
	ProblemType *string        `json:"problem_type,omitempty"`
	Description *string        `json:"description,omitempty"`
	DoNotEmail  *bool          `json:"do_not_email,omitempty"`
	Properties  map[string]any `json:"properties,omitempty"`
}

// FormAppointmentInput is the appointment part of a processed form; when sent,
// Summary, StartAt and EndAt are required.
type FormAppointmentInput struct {
	Summary     *string        `json:"summary,omitempty"`
	Description *string        `json:"description,omitempty"`
	Location    *string        `json:"location,omitempty"`
	UserID      *int64         `json:"user_id,omitempty"`
	StartAt     *time.Time     `json:"start_at,omitempty"`
	EndAt       *time.Time     `json:"end_at,omitempty"`
	Properties  map[string]any `json:"properties,omitempty"`
}

// FormResult is what processing a form made: the ticket (in the raw
// ticket shape of the form endpoint, which differs from GET /tickets), an
// invoice when one was made, and where Syncro's web page would go next.
type FormResult struct {
	Ticket   FormTicket      `json:"ticket"`
	Invoice  json.RawMessage `json:"invoice"`
	Redirect string          `json:"redirect"`
	Message  string          `json:"message"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// FormTicket is the ticket a processed form created, as the form endpoint
// returns it (the database record, not the GET /tickets shape).
type FormTicket struct {
	ID          int64      `json:"id"`
	Number      string     `json:"number"`
	CustomerID  int64      `json:"customer_id"`
	ContactID   int64      `json:"contact_id"`
	UserID      int64      `json:"user_id"`
	Subject     string     `json:"subject"`
	Status      string     `json:"status"`
	ProblemType string     `json:"problem_type"`
	Priority    string     `json:"priority"`
	DueDate     time.Time  `json:"due_date"`
	Properties  Properties `json:"properties"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
}

// NewTicketFormsService works with new ticket forms: reading their
// configuration and filing a ticket through one.
type NewTicketFormsService service

// UnmarshalJSON reads a form whatever the types Syncro used.
func (x *NewTicketForm) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the ticket of a processed form whatever the types
// Syncro used.
func (x *FormTicket) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var newTicketFormRec = rec[NewTicketForm]{one: "new_ticket_form", many: "new_ticket_forms", bare: true}

// List returns every new ticket form: GET /new_ticket_forms.
func (s *NewTicketFormsService) List(ctx context.Context) ([]NewTicketForm, error) {
	return newTicketFormRec.listAll(ctx, s.client, "new_ticket_forms")
}

// Get returns one form: GET /new_ticket_forms/{id}.
func (s *NewTicketFormsService) Get(ctx context.Context, id int64) (*NewTicketForm, error) {
	if err := checkID("get new ticket form", "id", id); err != nil {
		return nil, err
	}
	return newTicketFormRec.get(ctx, s.client, apiPath("new_ticket_forms", id), nil)
}

// Process files a ticket through a form, creating or matching the
// organization and optionally booking an appointment:
// POST /new_ticket_forms/{id}/process_form. When Appointments is set its
// Summary, StartAt and EndAt are required. An answer without the created
// ticket's id matches ErrOutcomeUnknown: check the tickets before sending
// the form again.
func (s *NewTicketFormsService) Process(ctx context.Context, formID int64, in *NewTicketFormInput) (*FormResult, error) {
	if err := checkID("process new ticket form", "id", formID); err != nil {
		return nil, err
	}
	if in == nil || (in.TicketDetails == nil && in.CustomerDetails == nil) {
		return nil, &ValidationError{Op: "process new ticket form", Fields: []string{"ticket_details"}, Reason: "give the ticket (and organization) details the form asks for"}
	}
	if a := in.Appointments; a != nil {
		var missing []string
		if a.Summary == nil || strings.TrimSpace(*a.Summary) == "" {
			missing = append(missing, "appointments.summary")
		}
		if a.StartAt == nil || a.StartAt.IsZero() {
			missing = append(missing, "appointments.start_at")
		}
		if a.EndAt == nil || a.EndAt.IsZero() {
			missing = append(missing, "appointments.end_at")
		}
		if len(missing) > 0 {
			return nil, &ValidationError{Op: "process new ticket form", Fields: missing, Reason: "an appointment needs a summary, a start and an end"}
		}
	}
	out := new(FormResult)
	err := s.client.do(ctx, request{method: http.MethodPost, path: apiPath("new_ticket_forms", formID, "process_form"), body: in,
		decode: created(decodeInto(out), func() int64 { return out.Ticket.ID })})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalJSON reads a form's sections whatever the types Syncro used.
func (x *NewTicketFormData) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a form section whatever the types Syncro used (its
// position arrives as a string).
func (x *NewTicketFormSection) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the answer of a processed form whatever the types
// Syncro used.
func (x *FormResult) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }
