package syncro

import "time"

// RmmAlert is an alert raised by the RMM agent on an asset (or created
// through the API). Deleting one resolves it: the alert stays readable with
// Resolved set.
type RmmAlert struct {
	ID              int64      `json:"id"`
	AccountID       int64      `json:"account_id"`
	CustomerID      int64      `json:"customer_id"`
	AssetID         int64      `json:"asset_id"`
	TicketID        int64      `json:"ticket_id"`
	TicketNumber    string     `json:"ticket_number"`
	TicketStatus    string     `json:"ticket_status"`
	ComputerName    string     `json:"computer_name"`
	Resolved        bool       `json:"resolved"`
	CheckID         int64      `json:"check_id"`
	Status          string     `json:"status"`
	FormattedOutput string     `json:"formatted_output"` // the "Details" shown in Syncro
	Description     string     `json:"description"`      // the alert type shown in Syncro
	Properties      Properties `json:"properties"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// RmmAlertStatus selects which alerts GET /rmm_alerts lists.
type RmmAlertStatus string

// The statuses GET /rmm_alerts accepts. Syncro lists active alerts when
// none is given.
const (
	RmmAlertsActive   RmmAlertStatus = "active"
	RmmAlertsResolved RmmAlertStatus = "resolved"
	RmmAlertsAll      RmmAlertStatus = "all"
)

// RmmAlertListOptions filters GET /rmm_alerts.
type RmmAlertListOptions struct {
	ListOptions
	Status RmmAlertStatus `url:"status,omitempty"`
}

// RmmAlertInput creates an RMM alert. Description is the alert type and
// FormattedOutput the details Syncro shows (accepted though the OpenAPI
// document omits it).
type RmmAlertInput struct {
	CustomerID      *int64  `json:"customer_id,omitempty"`
	AssetID         *int64  `json:"asset_id,omitempty"`
	Description     *string `json:"description,omitempty"`
	FormattedOutput *string `json:"formatted_output,omitempty"`
	Resolved        *bool   `json:"resolved,omitempty"`
	Status          *string `json:"status,omitempty"`
	// Properties are the alert's properties; the OpenAPI document lists
	// subject, body, hidden, sms_body, do_not_email, tech and
	// skip_automation for the ticket comment an alert may raise.
	Properties map[string]any `json:"properties,omitempty"`
}

// MuteFor is how long POST /rmm_alerts/{id}/mute silences an alert.
type MuteFor string

// Mute durations. MuteForever is the only value seen accepted by a real
// account; the others are the values the OpenAPI document lists, not
// verified against a live account (spellings such as "1h", "60" or
// "1_hour" were observed to be rejected with 422).
const (
	MuteForever MuteFor = "forever"
	Mute1Hour   MuteFor = "1-hour"  // unverified
	Mute1Day    MuteFor = "1-day"   // unverified
	Mute2Days   MuteFor = "2-days"  // unverified
	Mute1Week   MuteFor = "1-week"  // unverified
	Mute2Weeks  MuteFor = "2-weeks" // unverified
	Mute1Month  MuteFor = "1-month" // unverified
)
