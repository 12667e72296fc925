package syncro

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

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

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
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

// RmmAlertsService works with RMM alerts. Syncro has no update; DELETE
// resolves an alert rather than removing it, so the service calls that
// operation Resolve.
type RmmAlertsService service

// UnmarshalJSON reads an alert whatever the types Syncro used (its
// trigger flags arrive as "false" strings).
func (x *RmmAlert) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// GET answers under "rmm_alert", but POST answers under "alert" (quirk 2).
var rmmAlertRec = rec[RmmAlert]{one: "rmm_alert", many: "rmm_alerts", alt: []string{"alert"}}

// List returns one page of alerts, the active ones unless opts.Status says
// otherwise: GET /rmm_alerts.
func (s *RmmAlertsService) List(ctx context.Context, opts *RmmAlertListOptions) (*Page[RmmAlert], error) {
	return rmmAlertRec.list(ctx, s.client, "rmm_alerts", opts, listOpts(opts))
}

// Pages iterates over the pages of alerts: GET /rmm_alerts.
func (s *RmmAlertsService) Pages(ctx context.Context, opts *RmmAlertListOptions) iter.Seq2[*Page[RmmAlert], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every alert matching opts: GET /rmm_alerts.
func (s *RmmAlertsService) All(ctx context.Context, opts *RmmAlertListOptions) iter.Seq2[RmmAlert, error] {
	return items(s.Pages(ctx, opts))
}

// Get returns one alert: GET /rmm_alerts/{id}. A resolved alert is still
// readable, with Resolved set.
func (s *RmmAlertsService) Get(ctx context.Context, id int64) (*RmmAlert, error) {
	if err := checkID("get rmm alert", "id", id); err != nil {
		return nil, err
	}
	return rmmAlertRec.get(ctx, s.client, apiPath("rmm_alerts", id), nil)
}

// Create raises an alert: POST /rmm_alerts. Set CustomerID, and AssetID to
// tie it to a device (an asset alone names its organization).
func (s *RmmAlertsService) Create(ctx context.Context, in *RmmAlertInput) (*RmmAlert, error) {
	if in == nil || (in.CustomerID == nil || *in.CustomerID <= 0) && (in.AssetID == nil || *in.AssetID <= 0) {
		return nil, &ValidationError{Op: "create rmm alert", Fields: []string{"customer_id"}, Reason: "an alert belongs to an organization: set CustomerID (or AssetID)"}
	}
	return rmmAlertRec.create(ctx, s.client, "rmm_alerts", in)
}

// Mute silences an alert for the given time: POST /rmm_alerts/{id}/mute.
// mute_for is sent both in the query (where the OpenAPI document puts it)
// and in the body (where a real account was seen to read it). Only
// MuteForever is known to be accepted; Syncro refuses other values with a
// 422 naming mute_for.
func (s *RmmAlertsService) Mute(ctx context.Context, id int64, d MuteFor) error {
	if err := checkID("mute rmm alert", "id", id); err != nil {
		return err
	}
	if strings.TrimSpace(string(d)) == "" {
		return &ValidationError{Op: "mute rmm alert", Fields: []string{"mute_for"}, Reason: "say how long to mute for, e.g. syncro.MuteForever"}
	}
	q := url.Values{"mute_for": {string(d)}}
	body := map[string]string{"mute_for": string(d)}
	return action(ctx, s.client, http.MethodPost, apiPath("rmm_alerts", id, "mute"), q, body, nil)
}

// Resolve clears an alert: DELETE /rmm_alerts/{id}. Despite the verb,
// Syncro does not delete the alert: it stays readable (Get) with Resolved
// set, and is listed under RmmAlertsResolved.
func (s *RmmAlertsService) Resolve(ctx context.Context, id int64) error {
	if err := checkID("resolve rmm alert", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("rmm_alerts", id), nil)
}
