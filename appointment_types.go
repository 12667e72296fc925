package syncro

import "time"

// AppointmentType is a kind of appointment (office hours, on-site visit)
// and where such appointments take place.
type AppointmentType struct {
	ID                             int64                   `json:"id"`
	AccountID                      int64                   `json:"account_id"`
	Name                           string                  `json:"name"`
	EmailInstructions              string                  `json:"email_instructions"`
	LocationType                   AppointmentLocationType `json:"location_type"`
	LocationHardCode               string                  `json:"location_hard_code"`
	Buffer                         int64                   `json:"buffer"`
	AppointmentRemindersScheduleID int64                   `json:"appointment_reminders_schedule_id"`
	CreatedAt                      time.Time               `json:"created_at"`
	UpdatedAt                      time.Time               `json:"updated_at"`
}

// AppointmentLocationType says where appointments of a type take place.
// Syncro answers with the name ("manual_entry") and takes the number on
// input (observed: 0 is "customer"); the OpenAPI document does not list
// the values, and creating a type without one fails with 422.
type AppointmentLocationType string

// The location types, with the numbers Syncro stores them as.
const (
	LocationCustomer    AppointmentLocationType = "customer"     // 0: the organization's address (observed)
	LocationShop        AppointmentLocationType = "shop"         // 1: the shop
	LocationPreDefined  AppointmentLocationType = "pre_defined"  // 2: LocationHardCode
	LocationManualEntry AppointmentLocationType = "manual_entry" // 3: typed for each appointment
)

// AppointmentTypeInput creates or updates an appointment type. Name and
// LocationType are required to create.
type AppointmentTypeInput struct {
	Name              *string                  `json:"name,omitempty"`
	EmailInstructions *string                  `json:"email_instructions,omitempty"`
	LocationType      *AppointmentLocationType `json:"location_type,omitempty"`
	LocationHardCode  *string                  `json:"location_hard_code,omitempty"`
}
