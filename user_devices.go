package syncro

import "time"

// UserDevice is a technician's mobile device registered for push
// notifications.
type UserDevice struct {
	ID                   int64     `json:"id"`
	UserID               int64     `json:"user_id"`
	AccountID            int64     `json:"account_id"`
	DeviceUUID           string    `json:"device_uuid"`
	Name                 string    `json:"name"`
	DeviceName           string    `json:"device_name"`
	SystemName           string    `json:"system_name"`
	Model                string    `json:"model"`
	ScreenSize           string    `json:"screen_size"`
	RegistrationTokenGcm string    `json:"registration_token_gcm"`
	Disabled             bool      `json:"disabled"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// UserDeviceInput registers a device (DeviceUUID is required) or updates
// its push token.
type UserDeviceInput struct {
	DeviceUUID           *string `json:"device_uuid,omitempty"`
	DeviceName           *string `json:"device_name,omitempty"`
	SystemName           *string `json:"system_name,omitempty"`
	Model                *string `json:"model,omitempty"`
	ScreenSize           *string `json:"screen_size,omitempty"`
	RegistrationTokenGcm *string `json:"registration_token_gcm,omitempty"`
}
