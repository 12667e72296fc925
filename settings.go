package syncro

import (
	"context"
	"encoding/json"
	"errors"
)

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

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
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

	// Unparsed keeps, as sent, the values of object or list fields whose
	// shape Syncro varied beyond what the field holds.
	Unparsed map[string]json.RawMessage `json:"-"`
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

// SettingsService reads the account's settings.
type SettingsService service

// UnmarshalJSON reads the settings whatever the types Syncro used.
func (x *AccountSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the printing settings whatever the types Syncro used.
func (x *PrintingSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Get returns the account's settings: GET /settings.
func (s *SettingsService) Get(ctx context.Context) (*AccountSettings, error) {
	out := new(AccountSettings)
	if err := s.client.get(ctx, "settings", nil, decodeInto(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// Tabs returns which sections of Syncro are switched on:
// GET /settings/tabs.
func (s *SettingsService) Tabs(ctx context.Context) (TabsSettings, error) {
	var w struct {
		Tabs map[string]Bool `json:"tabs"`
	}
	err := s.client.get(ctx, "settings/tabs", nil, func(b []byte) error {
		if err := decodeInto(&w)(b); err != nil {
			return err
		}
		if w.Tabs == nil {
			return errors.New(`the answer has no "tabs" object`)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(TabsSettings, len(w.Tabs))
	for k, v := range w.Tabs {
		out[k] = bool(v)
	}
	return out, nil
}

// Printing returns the printing settings: GET /settings/printing.
func (s *SettingsService) Printing(ctx context.Context) (*PrintingSettings, error) {
	out := new(PrintingSettings)
	if err := s.client.get(ctx, "settings/printing", nil, decodeInto(out)); err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalJSON reads the organization settings whatever the types Syncro
// used.
func (x *CustomerSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the asset settings whatever the types Syncro used.
func (x *AssetSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the locale whatever the types Syncro used.
func (x *LocaleSettings) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads the ticket choices whatever the types Syncro used.
func (x *TicketChoices) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// UnmarshalJSON reads a day's hours whatever the types Syncro used.
func (x *BusinessHours) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }
