package syncro

import (
	"context"
	"strings"
	"time"
)

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

// UserDevicesService registers technicians' mobile devices for push
// notifications. Devices are addressed by their UUID.
type UserDevicesService service

// UnmarshalJSON reads a device whatever the types Syncro used.
func (x *UserDevice) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

var userDeviceRec = rec[UserDevice]{one: "user_device", many: "user_devices", bare: true}

// Create registers a device for the token's user: POST /user_devices.
// DeviceUUID is required.
func (s *UserDevicesService) Create(ctx context.Context, in *UserDeviceInput) (*UserDevice, error) {
	if in == nil || in.DeviceUUID == nil || strings.TrimSpace(*in.DeviceUUID) == "" {
		return nil, &ValidationError{Op: "create user device", Fields: []string{"device_uuid"}, Reason: "set DeviceUUID to the device's UUID"}
	}
	return userDeviceRec.create(ctx, s.client, "user_devices", in)
}

// Get returns a device by its UUID: GET /user_devices/{id}.
func (s *UserDevicesService) Get(ctx context.Context, uuid string) (*UserDevice, error) {
	if err := checkUUID("get user device", uuid); err != nil {
		return nil, err
	}
	return userDeviceRec.get(ctx, s.client, apiPath("user_devices", strings.TrimSpace(uuid)), nil)
}

// Update changes a device's push token: PUT /user_devices/{id}, where id is
// the device's UUID.
func (s *UserDevicesService) Update(ctx context.Context, uuid string, in *UserDeviceInput) (*UserDevice, error) {
	if err := checkUUID("update user device", uuid); err != nil {
		return nil, err
	}
	if in == nil {
		return nil, &ValidationError{Op: "update user device", Reason: "no input given"}
	}
	return userDeviceRec.update(ctx, s.client, apiPath("user_devices", strings.TrimSpace(uuid)), in)
}

func checkUUID(op, uuid string) error {
	if strings.TrimSpace(uuid) == "" || strings.ContainsAny(uuid, "/?#") {
		return &ValidationError{Op: op, Fields: []string{"device_uuid"}, Reason: "give the device's UUID"}
	}
	return nil
}
