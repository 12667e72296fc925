package syncro

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearchQuery(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"search", log.reply(200, fixture(t, "search/result.json")))
	res, err := c.Search.Query(context.Background(), "walkin & co")
	require.NoError(t, err)
	assert.Equal(t, "walkin & co", log.all()[0].Query.Get("query"), "escaped into the query")
	require.Len(t, res.Results, 2)
	assert.Equal(t, "customer", res.Results[0].Type)
	assert.Equal(t, "walkin@somedomain.com", res.Results[0].Source.String("email"))

	_, err = c.Search.Query(context.Background(), " ")
	assert.ErrorIs(t, err, ErrValidation)
}

func TestSettings(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"settings", jsonResponder(200, fixture(t, "settings/settings.json")))
	mt.RegisterResponder("GET", apiRoot+"settings/tabs", jsonResponder(200, fixture(t, "settings/tabs.json")))
	mt.RegisterResponder("GET", apiRoot+"settings/printing", jsonResponder(200, fixture(t, "settings/printing.json")))
	ctx := context.Background()

	s, err := c.Settings.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "America/Los_Angeles", s.Locale.TimeZone)
	assert.Equal(t, "-08:00", s.Locale.TimeOffset)
	assert.Equal(t, []string{"", "0 Urgent", "1 High", "2 Normal", "3 Low"}, s.Ticket.Priorities)
	require.Len(t, s.BusinessHours, 7)
	assert.Equal(t, BusinessHours{Day: "Sunday", Start: "09:00", End: "17:00"}, s.BusinessHours[0])
	assert.True(t, s.BusinessHoursEnabled)

	tabs, err := c.Settings.Tabs(ctx)
	require.NoError(t, err)
	assert.True(t, tabs["tickets"])
	assert.False(t, tabs["contracts"])
	assert.Len(t, tabs, 25)

	pr, err := c.Settings.Printing(ctx)
	require.NoError(t, err)
	assert.Equal(t, "100000000000000000001", pr.MessagingChannel, "a long numeric id stays text")
}

func TestCallerIDLookup(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"callerid", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		if r.URL.Query().Get("did") == "5550100" {
			resp := httpmock.NewBytesResponse(200, fixture(t, "callerid/disabled.txt"))
			resp.Header.Set("Content-Type", "text/html; charset=utf-8")
			return resp, nil
		}
		return httpmock.NewBytesResponse(200, fixture(t, "callerid/found.json")), nil
	})
	ctx := context.Background()

	off, err := c.CallerID.Lookup(ctx, "5550100", false)
	require.NoError(t, err, "Disabled is an answer, not a decode error")
	assert.Equal(t, CallerIDResult{Disabled: true}, *off)
	assert.Equal(t, 1, len(log.all()), "not retried as an unreadable body")

	on, err := c.CallerID.Lookup(ctx, " 6035550199 ", true)
	require.NoError(t, err)
	assert.Equal(t, CallerIDResult{Name: "Walking Customer", TicketStatus: "Open"}, *on)
	q := log.all()[1].Query
	assert.Equal(t, "6035550199", q.Get("did"))
	assert.Equal(t, "true", q.Get("outbound"))

	_, err = c.CallerID.Lookup(ctx, "", false)
	assert.ErrorIs(t, err, ErrValidation)
}

func TestTimelogs(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"timelogs", log.reply(200, fixture(t, "timelogs/list.json")))
	mt.RegisterResponder("GET", apiRoot+"timelogs/last", log.reply(200, fixture(t, "timelogs/one.json")))
	mt.RegisterResponder("PUT", apiRoot+"timelogs", log.reply(200, fixture(t, "timelogs/one.json")))
	ctx := context.Background()

	list, err := c.Timelogs.List(ctx, &TimelogListOptions{UserID: 7})
	require.NoError(t, err)
	assert.Equal(t, "7", log.all()[0].Query.Get("user_id"))
	require.Len(t, list, 1)
	assert.True(t, list[0].OutAt.IsZero(), "clocked in")
	assert.False(t, list[0].Lunch, "null")

	last, err := c.Timelogs.Last(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), last.ID, "bare")
	assert.Empty(t, log.all()[1].Query)

	out := mustTime(t, "2019-11-01T17:00:00Z")
	_, err = c.Timelogs.Update(ctx, &TimelogInput{OutAt: &out, OutNote: Ptr("done")})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"out_at": "2019-11-01T17:00:00Z", "out_note": "done"}, jsonBody(t, log.all()[2].Body))
}

func TestUserDevices(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"user_devices", log.reply(200, fixture(t, "user_devices/one.json")))
	mt.RegisterResponder("GET", apiRoot+"user_devices/u12345", log.reply(200, fixture(t, "user_devices/one.json")))
	mt.RegisterResponder("PUT", apiRoot+"user_devices/u12345", log.reply(200, fixture(t, "user_devices/one.json")))
	ctx := context.Background()

	d, err := c.UserDevices.Create(ctx, &UserDeviceInput{DeviceUUID: Ptr("u12345"), RegistrationTokenGcm: Ptr("new_token")})
	require.NoError(t, err)
	assert.Equal(t, int64(5), d.ID)
	assert.Equal(t, "u12345", d.DeviceUUID)
	_, err = c.UserDevices.Get(ctx, "u12345")
	require.NoError(t, err)
	_, err = c.UserDevices.Update(ctx, "u12345", &UserDeviceInput{RegistrationTokenGcm: Ptr("t2")})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"registration_token_gcm": "t2"}, jsonBody(t, log.all()[2].Body))

	assertRefusedBeforeSending(t, []refusal{
		{"no uuid", func(c *Client) error { _, err := c.UserDevices.Create(ctx, &UserDeviceInput{}); return err }, []string{"device_uuid"}},
		{"path in uuid", func(c *Client) error { _, err := c.UserDevices.Get(ctx, "../me"); return err }, []string{"device_uuid"}},
	})
}

func TestOTPLoginKeepsItsSecrets(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()), WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"otp_login", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		if jsonBody(t, log.all()[len(log.all())-1].Body)["code"] == "918273" {
			return httpmock.NewBytesResponse(200, fixture(t, "otp_login/ok.json")), nil
		}
		return httpmock.NewBytesResponse(401, fixture(t, "otp_login/failed.json")), nil
	})
	ctx := context.Background()
	const sessionToken = "1cbe0553-9fcd-4035-8e69-52792e16d489"

	s, err := c.Users.OTPLogin(ctx, " 918273 ")
	require.NoError(t, err)
	assert.Equal(t, sessionToken, s.SessionToken, "the field itself holds the token")
	assert.True(t, s.Login)
	assert.Equal(t, mustTime(t, "2019-12-01T11:39:33.042Z"), s.TokenExpiration)
	assert.NotContains(t, fmt.Sprintf("%v %+v", s, *s), sessionToken)

	_, err = c.Users.OTPLogin(ctx, "000000")
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "multi-factor authentication attempt failed")
	assert.NotContains(t, err.Error(), "000000")

	assert.NotContains(t, logs.String(), "918273", "the code is never logged")
	assert.NotContains(t, logs.String(), sessionToken, "nor the session token")
	assert.NotEmpty(t, logs.String(), "the requests were logged")

	_, err = c.Users.OTPLogin(ctx, "")
	assert.ErrorIs(t, err, ErrValidation)
}

func TestOTPLoginScrubsAnEchoedCode(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	mt.RegisterResponder("POST", apiRoot+"otp_login", httpmock.NewStringResponder(422,
		`{"success":false,"message":["Code 424242 is not valid"],"params":{"code":"424242"}}`))
	_, err := c.Users.OTPLogin(context.Background(), "424242")
	require.ErrorIs(t, err, ErrValidation)
	assert.NotContains(t, err.Error(), "424242")
	assert.Contains(t, err.Error(), "[REDACTED]")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, string(apiErr.Body), "424242")
	assert.Equal(t, []string{"Code [REDACTED] is not valid"}, apiErr.Messages)
}
