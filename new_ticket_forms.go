package syncro

import (
	"encoding/json"
	"slices"
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
}

// NewTicketFormData is a form's sections.
type NewTicketFormData struct {
	CustomerDetails NewTicketFormSection `json:"customer_details"`
	TicketDetails   NewTicketFormSection `json:"ticket_details"`
	Worksheets      NewTicketFormSection `json:"worksheets"`
	RelatedAssets   NewTicketFormSection `json:"related_assets"`
}

// NewTicketFormSection is one section of a form. Fields maps a field name
// to its FormFieldMode; Defaults holds default values by field name.
type NewTicketFormSection struct {
	Fields   map[string]FormFieldMode `json:"fields"`
	Defaults map[string]string        `json:"defaults"`
	Disabled []string                 `json:"disabled"`
	Position int64                    `json:"position"`
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
	CustomerDetails *FormCustomerDetails `json:"customer_details,omitempty"`
	TicketDetails   *FormTicketDetails   `json:"ticket_details,omitempty"`
	Appointments    *FormAppointment     `json:"appointments,omitempty"`
}

// FormCustomerDetails is the organization part of a processed form.
type FormCustomerDetails struct {
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

// FormTicketDetails is the ticket part of a processed form.
type FormTicketDetails struct {
	Subject     *string        `json:"subject,omitempty"`
	ProblemType *string        `json:"problem_type,omitempty"`
	Description *string        `json:"description,omitempty"`
	DoNotEmail  *bool          `json:"do_not_email,omitempty"`
	Properties  map[string]any `json:"properties,omitempty"`
}

// FormAppointment is the appointment part of a processed form; when sent,
// Summary, StartAt and EndAt are required.
type FormAppointment struct {
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
}
