package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPortalUsersListFiltersAndBareRecords(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"portal_users", log.reply(200, fixture(t, "portal_users/list.json")))
	p, err := c.PortalUsers.List(context.Background(), &PortalUserListOptions{CustomerID: 1, Email: "katelyn@okuneva.name"})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, "1", q.Get("customer_id"))
	assert.Equal(t, "katelyn@okuneva.name", q.Get("email"))
	require.Len(t, p.Items, 1)
	assert.Equal(t, PortalUser{ID: 1, Email: "katelyn@okuneva.name", AccountID: 1, CustomerID: 1, ContactID: 1, PortalGroupID: 4,
		CreatedAt: mustTime(t, "2019-10-25T13:36:47.165Z"), UpdatedAt: mustTime(t, "2019-10-25T13:36:47.165Z")}, p.Items[0])
}

func TestPortalUsersWrites(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	one := fixture(t, "portal_users/one.json")
	mt.RegisterResponder("POST", apiRoot+"portal_users", log.reply(200, one))
	mt.RegisterResponder("PUT", apiRoot+"portal_users/1", log.reply(422, fixture(t, "portal_users/error_422.json")))
	mt.RegisterResponder("DELETE", apiRoot+"portal_users/1", log.reply(200, one))
	ctx := context.Background()

	pu, err := c.PortalUsers.Create(ctx, &PortalUserInput{CustomerID: Ptr(int64(1)), ContactID: Ptr(int64(1)), Email: Ptr("katelyn@okuneva.name")})
	require.NoError(t, err)
	assert.Equal(t, int64(1), pu.ID, "a bare answer")
	assert.Equal(t, map[string]any{"customer_id": float64(1), "contact_id": float64(1), "email": "katelyn@okuneva.name"}, jsonBody(t, log.all()[0].Body))

	_, err = c.PortalUsers.Update(ctx, 1, &PortalUserInput{Password: Ptr("s3cret-Pass"), PasswordConfirmation: Ptr("s3cret-Pass")})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Password confirmation doesn't match Password")
	require.NoError(t, c.PortalUsers.Delete(ctx, 1), "the deleted record as the answer is fine")

	assertRefusedBeforeSending(t, []refusal{
		{"no organization", func(c *Client) error {
			_, err := c.PortalUsers.Create(ctx, &PortalUserInput{Email: Ptr("a@b.example")})
			return err
		}, []string{"customer_id"}},
		{"no email", func(c *Client) error {
			_, err := c.PortalUsers.Create(ctx, &PortalUserInput{CustomerID: Ptr(int64(1)), Email: Ptr(" ")})
			return err
		}, []string{"email"}},
		{"passwords differ", func(c *Client) error {
			_, err := c.PortalUsers.Update(ctx, 1, &PortalUserInput{Password: Ptr("hunter2-first"), PasswordConfirmation: Ptr("hunter2-second")})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "hunter2", "a password never shows in an error")
			return err
		}, []string{"password_confirmation"}},
		{"password without confirmation", func(c *Client) error {
			_, err := c.PortalUsers.Update(ctx, 1, &PortalUserInput{Password: Ptr("x")})
			return err
		}, []string{"password_confirmation"}},
		{"invite zero", func(c *Client) error { _, err := c.PortalUsers.Invite(ctx, 0); return err }, []string{"id"}},
	})
}

func TestPortalUsersInvite(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"portal_users/create_invitation", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		switch jsonBody(t, log.all()[len(log.all())-1].Body)["id"] {
		case float64(1):
			return httpmock.NewBytesResponse(200, fixture(t, "portal_users/invitation.json")), nil
		case float64(2):
			return httpmock.NewBytesResponse(422, fixture(t, "portal_users/invitation_422.json")), nil
		}
		return httpmock.NewStringResponse(200, `{"success": false}`), nil
	})
	ctx := context.Background()

	inv, err := c.PortalUsers.Invite(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "All set, we BCC'd you on that invitation.", inv.Message)

	_, err = c.PortalUsers.Invite(ctx, 2)
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Invalid email, correct the contact's email")

	_, err = c.PortalUsers.Invite(ctx, 3)
	require.Error(t, err, "success false in a 200 is not a sent invitation")
	assert.Contains(t, err.Error(), "the invitation was not sent")
}

// inviteFlow mocks the calls of InviteContact: the contact, the portal
// users found for its email, the create and the invitation.
func inviteFlow(t *testing.T, contact string, existing string) (*Client, *callLog) {
	t.Helper()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	log := &callLog{}
	mt.RegisterResponder("GET", apiRoot+"contacts/41000001", log.reply(200, []byte(contact)))
	mt.RegisterResponder("GET", apiRoot+"portal_users", log.reply(200, []byte(existing)))
	mt.RegisterResponder("POST", apiRoot+"portal_users", log.reply(200,
		[]byte(`{"id":1034827,"email":"ann@acme.example","account_id":1,"customer_id":"31000001","contact_id":41000001,"portal_group_id":4,"created_at":"2026-04-01T10:00:00-03:00","updated_at":"2026-04-01T10:00:00-03:00"}`)))
	mt.RegisterResponder("POST", apiRoot+"portal_users/create_invitation", log.reply(200, fixture(t, "portal_users/invitation.json")))
	return c, log
}

const annContact = `{"id":41000001,"name":"Ann Smith","email":"Ann@Acme.example ","customer_id":31000001,"properties":{}}`

func TestInviteContactCreatesInvitesAndHandsTheLoginLink(t *testing.T) {
	t.Parallel()
	c, log := inviteFlow(t, annContact, `{"portal_users":[],"meta":{"total_pages":1,"page":1}}`)
	inv, err := c.PortalUsers.InviteContact(context.Background(), 41000001)
	require.NoError(t, err)
	assert.True(t, inv.Created)
	assert.Equal(t, int64(1034827), inv.PortalUser.ID)
	assert.Equal(t, "https://acme.syncromsp.com/my_profile/user_login", inv.LoginURL, "the end users' login, never the staff one")
	assert.Equal(t, "All set, we BCC'd you on that invitation.", inv.Message)

	calls := log.all()
	require.Len(t, calls, 4)
	assert.Equal(t, "31000001", calls[1].Query.Get("customer_id"))
	assert.Equal(t, "Ann@Acme.example", calls[1].Query.Get("email"))
	assert.Equal(t, map[string]any{"customer_id": float64(31000001), "contact_id": float64(41000001), "email": "Ann@Acme.example"}, jsonBody(t, calls[2].Body),
		"the portal user is tied to the contact")
	assert.Equal(t, map[string]any{"id": float64(1034827)}, jsonBody(t, calls[3].Body))
}

func TestInviteContactReusesTheExistingPortalUser(t *testing.T) {
	t.Parallel()
	c, log := inviteFlow(t, annContact,
		`{"portal_users":[{"id":77,"email":"ann@acme.example","customer_id":31000001,"contact_id":41000001}],"meta":{"total_pages":1,"page":1}}`)
	inv, err := c.PortalUsers.InviteContact(context.Background(), 41000001)
	require.NoError(t, err)
	assert.False(t, inv.Created)
	assert.Equal(t, int64(77), inv.PortalUser.ID)
	for _, call := range log.all() {
		assert.False(t, call.Method == http.MethodPost && call.Path == "/api/v1/portal_users", "no second portal user")
	}
	assert.Equal(t, map[string]any{"id": float64(77)}, jsonBody(t, log.all()[len(log.all())-1].Body))
}

func TestInviteContactWithoutEmailSaysWhatToFix(t *testing.T) {
	t.Parallel()
	c, log := inviteFlow(t, `{"id":41000001,"name":"No Mail","email":null,"customer_id":31000001}`, `{}`)
	_, err := c.PortalUsers.InviteContact(context.Background(), 41000001)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []string{"email"}, ve.Fields)
	assert.Contains(t, err.Error(), "has no email")
	assert.Len(t, log.all(), 1, "only the contact was read")
}
