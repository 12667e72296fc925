package syncro

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

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

// PortalUsersService works with End User Portal logins. Syncro offers no
// GET of one portal user: find one with List (by organization or email).
// InviteContact is the whole flow of giving an end user portal access.
type PortalUsersService service

// UnmarshalJSON reads a portal user whatever the types Syncro used.
func (x *PortalUser) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Syncro answers portal users bare (quirk 1); an envelope is accepted too.
var portalUserRec = rec[PortalUser]{one: "portal_user", many: "portal_users", bare: true}

// List returns one page of portal users: GET /portal_users.
func (s *PortalUsersService) List(ctx context.Context, opts *PortalUserListOptions) (*Page[PortalUser], error) {
	return portalUserRec.list(ctx, s.client, "portal_users", opts, listOpts(opts))
}

// Pages iterates over the pages of portal users: GET /portal_users.
func (s *PortalUsersService) Pages(ctx context.Context, opts *PortalUserListOptions) iter.Seq2[*Page[PortalUser], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every portal user matching opts: GET /portal_users.
func (s *PortalUsersService) All(ctx context.Context, opts *PortalUserListOptions) iter.Seq2[PortalUser, error] {
	return items(s.Pages(ctx, opts))
}

// Create makes a portal user: POST /portal_users. Set Email and
// CustomerID; set ContactID to tie the login to an end user. Without a
// password the end user sets one from the invitation (see Invite).
func (s *PortalUsersService) Create(ctx context.Context, in *PortalUserInput) (*PortalUser, error) {
	if err := in.validate("create portal user", true); err != nil {
		return nil, err
	}
	return portalUserRec.create(ctx, s.client, "portal_users", in)
}

// Update changes the fields set in in: PUT /portal_users/{id}.
func (s *PortalUsersService) Update(ctx context.Context, id int64, in *PortalUserInput) (*PortalUser, error) {
	if err := checkID("update portal user", "id", id); err != nil {
		return nil, err
	}
	if err := in.validate("update portal user", false); err != nil {
		return nil, err
	}
	return portalUserRec.update(ctx, s.client, apiPath("portal_users", id), in)
}

// Delete deletes a portal user: DELETE /portal_users/{id}. (Syncro answers
// with the deleted record, which is not needed.)
func (s *PortalUsersService) Delete(ctx context.Context, id int64) error {
	if err := checkID("delete portal user", "id", id); err != nil {
		return err
	}
	return remove(ctx, s.client, http.MethodDelete, apiPath("portal_users", id), nil)
}

// validate refuses what Syncro would refuse, before anything is sent.
func (in *PortalUserInput) validate(op string, create bool) error {
	if in == nil {
		return &ValidationError{Op: op, Reason: "no input given"}
	}
	if create && (in.CustomerID == nil || *in.CustomerID <= 0) && (in.ContactID == nil || *in.ContactID <= 0) {
		return &ValidationError{Op: op, Fields: []string{"customer_id"}, Reason: "a portal user belongs to an organization: set CustomerID (and ContactID for its end user)"}
	}
	if create && (in.Email == nil || strings.TrimSpace(*in.Email) == "") {
		return &ValidationError{Op: op, Fields: []string{"email"}, Reason: "a portal user logs in with an email: set Email"}
	}
	if (in.Password == nil) != (in.PasswordConfirmation == nil) ||
		(in.Password != nil && *in.Password != *in.PasswordConfirmation) {
		// The passwords themselves never go into the error.
		return &ValidationError{Op: op, Fields: []string{"password_confirmation"}, Reason: "Password and PasswordConfirmation must both be set, to the same value"}
	}
	return nil
}

// Invitation is Syncro's answer to an invitation: its message, such as
// "All set, we BCC'd you on that invitation."
type Invitation struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// UnmarshalJSON reads an invitation answer whatever the types Syncro used.
func (x *Invitation) UnmarshalJSON(b []byte) error { return decodeModel(b, x) }

// Invite emails the portal user an invitation to the End User Portal:
// POST /portal_users/create_invitation. Syncro BCCs the token's user. An
// answer with success false (an invalid email) is an error carrying
// Syncro's message.
func (s *PortalUsersService) Invite(ctx context.Context, portalUserID int64) (*Invitation, error) {
	if err := checkID("invite portal user", "id", portalUserID); err != nil {
		return nil, err
	}
	out := new(Invitation)
	body := struct {
		ID int64 `json:"id"`
	}{portalUserID}
	if err := action(ctx, s.client, http.MethodPost, "portal_users/create_invitation", nil, body, out); err != nil {
		return nil, err
	}
	if !out.Success {
		msg := strings.TrimSpace(out.Message)
		if msg == "" {
			msg = "Syncro did not say why"
		}
		return nil, fmt.Errorf("syncro: POST /portal_users/create_invitation: the invitation was not sent: %s", msg)
	}
	return out, nil
}

// PortalInvitation is what InviteContact did: the portal user the end user
// logs in as, whether it was created now, Syncro's message, and the link
// to hand the end user.
type PortalInvitation struct {
	PortalUser PortalUser
	Created    bool   // false: the end user already had a portal user, which was reused
	Message    string // Syncro's answer to the invitation
	// LoginURL is the End User Portal's login page of the account
	// (Portal.LoginURL), never the staff login: the link to hand over.
	LoginURL string
}

// InviteContact gives an end user (a contact) access to the End User
// Portal and returns the login link to hand them. It reads the contact
// (GET /contacts/{id}), reuses the organization's portal user with the
// contact's email or creates one tied to the contact (GET /portal_users,
// POST /portal_users), emails the invitation
// (POST /portal_users/create_invitation), and builds the login link from
// the client's portal (Client.Portal). Running it again for the same contact
// creates no second portal user.
//
// The contact must have an email. When the invitation fails after a
// portal user was created, the error says so; calling InviteContact again
// reuses that portal user.
func (s *PortalUsersService) InviteContact(ctx context.Context, contactID int64) (*PortalInvitation, error) {
	if err := checkID("invite contact", "contact_id", contactID); err != nil {
		return nil, err
	}
	c := s.client
	contact, err := c.Contacts.Get(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("syncro: invite contact %d: reading the contact: %w", contactID, err)
	}
	email := strings.TrimSpace(contact.Email)
	if email == "" {
		return nil, &ValidationError{Op: "invite contact", Fields: []string{"email"},
			Reason: fmt.Sprintf("end user %d has no email: set one (Contacts.Update) before inviting them to the portal", contactID)}
	}
	portal, err := c.Portal(ctx)
	if err != nil {
		return nil, fmt.Errorf("syncro: invite contact %d: %w", contactID, err)
	}
	inv := &PortalInvitation{LoginURL: portal.LoginURL()}
	existing, err := s.findByEmail(ctx, contact.CustomerID, email)
	if err != nil {
		return nil, fmt.Errorf("syncro: invite contact %d: looking for an existing portal user: %w", contactID, err)
	}
	if existing != nil {
		inv.PortalUser = *existing
	} else {
		created, err := s.Create(ctx, &PortalUserInput{CustomerID: Ptr(contact.CustomerID), ContactID: Ptr(contact.ID), Email: Ptr(email)})
		if err != nil {
			return nil, fmt.Errorf("syncro: invite contact %d: creating the portal user: %w", contactID, err)
		}
		inv.PortalUser, inv.Created = *created, true
	}
	answer, err := s.Invite(ctx, inv.PortalUser.ID)
	if err != nil {
		if inv.Created {
			return nil, fmt.Errorf("syncro: invite contact %d: portal user %d was created but the invitation failed (calling InviteContact again reuses it): %w", contactID, inv.PortalUser.ID, err)
		}
		return nil, fmt.Errorf("syncro: invite contact %d: %w", contactID, err)
	}
	inv.Message = answer.Message
	return inv, nil
}

// findByEmail returns the organization's portal user with this email
// (compared without regard to case), or nil.
func (s *PortalUsersService) findByEmail(ctx context.Context, customerID int64, email string) (*PortalUser, error) {
	for pu, err := range s.All(ctx, &PortalUserListOptions{CustomerID: customerID, Email: email}) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(strings.TrimSpace(pu.Email), email) && (pu.CustomerID == customerID || pu.CustomerID == 0) {
			return &pu, nil
		}
	}
	return nil, nil
}
