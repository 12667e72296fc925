package syncro

import "time"

// PortalUser is a login to the End User Portal: an email (and password)
// for an organization, usually tied to one of its end users (contacts).
// Syncro never returns the password.
type PortalUser struct {
	ID            int64     `json:"id"`
	Email         string    `json:"email"`
	AccountID     int64     `json:"account_id"`
	CustomerID    int64     `json:"customer_id"`
	ContactID     int64     `json:"contact_id"`
	PortalGroupID int64     `json:"portal_group_id"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// PortalUserListOptions filters GET /portal_users by organization or email.
type PortalUserListOptions struct {
	ListOptions
	CustomerID int64  `url:"customer_id,omitempty"`
	Email      string `url:"email,omitempty"`
}

// PortalUserInput creates or updates a portal user. Nil fields are not
// sent. Link ContactID whenever there is an end user: without it Syncro
// shows the login as an anonymous email. Password and
// PasswordConfirmation are sent to Syncro and nowhere else: they never
// appear in a log line or an error of this package.
type PortalUserInput struct {
	CustomerID           *int64  `json:"customer_id,omitempty"`
	ContactID            *int64  `json:"contact_id,omitempty"`
	Email                *string `json:"email,omitempty"`
	Password             *string `json:"password,omitempty"`
	PasswordConfirmation *string `json:"password_confirmation,omitempty"`
	PortalGroupID        *int64  `json:"portal_group_id,omitempty"`
}
