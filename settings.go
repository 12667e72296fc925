package syncro

import "encoding/json"

// AccountSettings is the answer of GET /settings: the account's locale,
// business hours, and the custom fields and choices of organizations,
// assets and tickets. Parts whose shape Syncro does not document are kept
// as raw JSON.
type AccountSettings struct {
	Customers              CustomerSettings `json:"customers"`
	Assets                 AssetSettings    `json:"assets"`
	Locale                 LocaleSettings   `json:"locale"`
	Ticket                 TicketChoices    `json:"ticket"`
	BusinessHoursEnabled   bool             `json:"business_hours_enabled"`
	BusinessHours          []BusinessHours  `json:"business_hours"`
	DefaultHolidayCalendar string           `json:"default_holiday_calendar"`
	MspAddon               json.RawMessage  `json:"msp_addon"`
}

// CustomerSettings are the organization settings of GET /settings.
type CustomerSettings struct {
	RequiredFields       json.RawMessage `json:"required_fields"`
	CustomerFields       json.RawMessage `json:"customer_fields"`
	CustomerFieldAnswers json.RawMessage `json:"customer_field_answers"`
}

// AssetSettings are the asset settings of GET /settings.
type AssetSettings struct {
	AssetTypes            json.RawMessage `json:"asset_types"`
	AssetTypeFields       json.RawMessage `json:"asset_type_fields"`
	AssetTypeFieldAnswers json.RawMessage `json:"asset_type_field_answers"`
}

// LocaleSettings is the account's language, currency and time zone.
type LocaleSettings struct {
	IsoCode        string `json:"iso_code"`
	CurrencySymbol string `json:"currency_symbol"`
	DateFormat     string `json:"date_format"`
	TimeFormat     string `json:"time_format"`
	TimeZone       string `json:"time_zone"`   // IANA name, "America/Los_Angeles"
	TimeOffset     string `json:"time_offset"` // "-08:00"
}

// TicketChoices are the ticket settings of GET /settings: problem types and
// priorities as the account spells them.
type TicketChoices struct {
	TicketTypes            json.RawMessage `json:"ticket_types"`
	TicketTypeFields       json.RawMessage `json:"ticket_type_fields"`
	TicketTypeFieldAnswers json.RawMessage `json:"ticket_type_field_answers"`
	ProblemTypes           []string        `json:"problem_types"`
	Priorities             []string        `json:"priorities"`
}

// BusinessHours is one day's opening hours ("09:00" to "17:00").
type BusinessHours struct {
	Day    string `json:"day"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Closed bool   `json:"closed"`
}

// TabsSettings says which sections (tabs) of Syncro are switched on, by
// name ("tickets", "invoices", "leads", ...).
type TabsSettings map[string]bool

// PrintingSettings is the answer of GET /settings/printing.
type PrintingSettings struct {
	MessagingChannel string          `json:"messaging_channel"`
	Registers        json.RawMessage `json:"registers"`
}
