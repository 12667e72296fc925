package syncro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		want    []User
	}{
		{"users/list.json", []User{{ID: 77, FullName: "Sam Ortiz"}, {ID: 78, FullName: "Lee Park"}, {ID: 79, FullName: "Ana Costa"}}},
		{"users/list_objects.json", []User{{ID: 77, Email: "sam@acme-msp.example", FullName: "Sam Ortiz", Group: "Technicians", Color: "1e3e96"}, {ID: 80, FullName: "Kim Lee"}}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"users", log.reply(200, fixture(t, tt.fixture)))
			got, err := c.Users.List(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			calls := log.all()
			require.Len(t, calls, 1)
			assert.Empty(t, calls[0].Query, "the users list is not paginated")
		})
	}
}

func TestUserPairsRejectNonsense(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`[]`, `["x", "Name"]`, `[1, {"a":1}]`} {
		var u User
		assert.Error(t, u.UnmarshalJSON([]byte(raw)), raw)
	}
}

func TestUserGet(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"users/78", log.reply(200, fixture(t, "users/detail_78.json")))
	u, err := c.Users.Get(context.Background(), 78)
	require.NoError(t, err)
	assert.Equal(t, "lee@acme-msp.example", u.Email)
	assert.Equal(t, "Admins", u.Group)
	assert.True(t, u.Admin)
	_, off := u.CreatedAt.Zone()
	assert.Equal(t, 7200, off)

	_, err = c.Users.Get(context.Background(), 0)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Len(t, log.all(), 1)
}

func TestMe(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"me", log.reply(200, fixture(t, "users/me_limited.json")))
	me, err := c.Users.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(90), me.UserID)
	assert.Equal(t, "Portal Integration", me.UserName)
	assert.False(t, me.CanUseApp, `"false" is false`)
	assert.True(t, me.EnableMultiLocations)
	assert.JSONEq(t, `2`, string(me.DefaultLocation))
	assert.Len(t, me.LocationsAllowed, 2)
	assert.True(t, me.Permissions.Allows(PermissionTicketRead))
	assert.False(t, me.Permissions.Allows(PermissionTicketWrite))
	assert.False(t, me.Permissions.Allows(PermissionCustomerWrite), `"false" is false`)
	assert.False(t, me.Permissions.Allows(PermissionScriptExecute), "an area Syncro did not report is not granted")
	assert.False(t, me.Permissions.Allows("ticket"), "malformed")
	for _, format := range []string{"%v", "%+v", "%#v"} {
		assert.NotContains(t, fmt.Sprintf(format, me), "9f1e2d3c", "user_token is dropped")
	}
}

func TestMeNeverQuotesUserToken(t *testing.T) {
	t.Parallel()
	const userToken = "5ecre7c0-ffee-4bad-a55e-000000000001"
	tests := []struct {
		name string
		body string
	}{
		{"cut short", `{"user_token": "` + userToken + `", "user_email": "sam@acme-msp.example", "user_na`},
		{"an array", `[{"user_token": "` + userToken + `"}]`},
		{"a field of the wrong type", `{"user_token": "` + userToken + `", "user_id": "seventy-seven"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c, mt, _ := newTestClient(t, WithLogger(logger)) // retries on: every attempt is logged
			mt.RegisterResponder(http.MethodGet, apiRoot+"me", jsonResponder(200, []byte(tt.body)))
			_, err := c.Users.Me(context.Background())
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Greater(t, mt.GetTotalCallCount(), 1, "the unreadable answer was retried, and logged")
			assert.Empty(t, de.Snippet)
			for _, out := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", de), logs.String()} {
				assert.NotContains(t, out, userToken)
			}

			_, err = c.Users.CheckToken(context.Background())
			require.Error(t, err)
			assert.NotContains(t, err.Error(), userToken)
		})
	}
}

func TestMePermissionsAreLenient(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"me", jsonResponder(200, []byte(`{"user_id": 90, "user_name": "Portal Integration",
		"permissions": {"ticket": {"read": "1", "write": "maybe", "delete": null}, "script": true, "invoice": [], "asset": {"read": 1}}}`)))
	me, err := c.Users.Me(context.Background())
	require.NoError(t, err, "one odd permission entry does not make /me unreadable")
	tests := map[Permission]bool{
		PermissionTicketRead:    true,
		PermissionTicketWrite:   false, // "maybe" is no boolean
		PermissionTicketDelete:  false,
		PermissionScriptExecute: false, // an area that is not an object
		PermissionInvoiceRead:   false,
		PermissionAssetRead:     true,
	}
	for perm, want := range tests {
		assert.Equal(t, want, me.Permissions.Allows(perm), string(perm))
	}
}

func TestCheckToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		responder func(t *testing.T) httpmock.Responder
		required  []Permission
		problem   ConnectionProblem
		message   string
		sentinel  error
	}{
		{
			name: "wrong subdomain: the name does not exist",
			responder: func(*testing.T) httpmock.Responder {
				return httpmock.NewErrorResponder(&net.DNSError{Err: "no such host", Name: "acme.syncromsp.com", IsNotFound: true})
			},
			problem: ConnectionWrongSubdomain,
			message: `syncro: test connection: no Syncro account was found at acme.syncromsp.com: check the subdomain "acme" (the part before .syncromsp.com in the address you log in at)`,
		},
		{
			name: "wrong subdomain: 404 on /me",
			responder: func(t *testing.T) httpmock.Responder {
				return httpmock.NewBytesResponder(404, fixture(t, "users/not_found.json"))
			},
			problem:  ConnectionWrongSubdomain,
			message:  `syncro: test connection: no Syncro account was found at acme.syncromsp.com: check the subdomain "acme" (the part before .syncromsp.com in the address you log in at) (Syncro said: Not found)`,
			sentinel: ErrNotFound,
		},
		{
			name: "wrong subdomain: a web page answers instead of the API",
			responder: func(t *testing.T) httpmock.Responder {
				return httpmock.NewBytesResponder(200, fixture(t, "users/html_page.html")).HeaderSet(http.Header{"Content-Type": {"text/html"}})
			},
			problem: ConnectionWrongSubdomain,
			message: `syncro: test connection: no Syncro account was found at acme.syncromsp.com: check the subdomain "acme" (the part before .syncromsp.com in the address you log in at)`,
		},
		{
			name: "wrong subdomain: another JSON service answers 200 without the token's user",
			responder: func(*testing.T) httpmock.Responder {
				return httpmock.NewStringResponder(200, `{"status":"ok","version":"2.4"}`)
			},
			problem: ConnectionWrongSubdomain,
			message: `syncro: test connection: no Syncro account was found at acme.syncromsp.com: check the subdomain "acme" (the part before .syncromsp.com in the address you log in at)`,
		},
		{
			name: "Syncro's JSON in a shape the SDK cannot read is not blamed on the subdomain",
			responder: func(*testing.T) httpmock.Responder {
				return httpmock.NewStringResponder(200, `{"user_token":"t","user_id":90,"user_name":`)
			},
			problem: ConnectionUnexpectedAnswer,
			message: `syncro: test connection: acme.syncromsp.com accepted the API token but its answer could not be read (syncro: GET /me: 200 OK but the body could not be read: unexpected end of JSON input); the subdomain and token look right: try again, and report it if it persists`,
		},
		{
			name:      "wrong or expired token",
			responder: func(*testing.T) httpmock.Responder { return httpmock.NewStringResponder(401, "") },
			problem:   ConnectionBadToken,
			message:   `syncro: test connection: the account acme.syncromsp.com refused the API token: it is wrong, expired or revoked; create a new token under Admin > API - API Tokens and paste it again`,
			sentinel:  ErrUnauthorized,
		},
		{
			name: "a permission missing for /me itself",
			responder: func(t *testing.T) httpmock.Responder {
				return httpmock.NewBytesResponder(401, fixture(t, "users/not_authorized_permission.json"))
			},
			problem:  ConnectionMissingPermissions,
			message:  `syncro: test connection: the API token for acme.syncromsp.com works but lacks a permission Syncro needs for this check; an admin can add permissions to the token under Admin > API - API Tokens (Syncro said: Not authorized. Please ask account admin to update your group permissions.)`,
			sentinel: ErrForbidden,
		},
		{
			name: "required permissions missing",
			responder: func(t *testing.T) httpmock.Responder {
				return httpmock.NewBytesResponder(200, fixture(t, "users/me_limited.json"))
			},
			required: []Permission{PermissionTicketRead, PermissionTicketWrite, PermissionCustomerRead, "asset.write"},
			problem:  ConnectionMissingPermissions,
			message:  `syncro: test connection: the API token for acme.syncromsp.com works but lacks 2 permissions: ticket.write (create and edit tickets), asset.write (create and edit assets); an admin can add them to the token under Admin > API - API Tokens`,
			sentinel: ErrForbidden,
		},
		{
			name: "one required permission missing",
			responder: func(t *testing.T) httpmock.Responder {
				return httpmock.NewBytesResponder(200, fixture(t, "users/me_limited.json"))
			},
			required: []Permission{PermissionScriptExecute},
			problem:  ConnectionMissingPermissions,
			message:  `syncro: test connection: the API token for acme.syncromsp.com works but lacks 1 permission: script.execute (run scripts); an admin can add it to the token under Admin > API - API Tokens`,
		},
		{
			name:      "Syncro down",
			responder: func(*testing.T) httpmock.Responder { return httpmock.NewStringResponder(503, "") },
			problem:   ConnectionServiceError,
			message:   `syncro: test connection: acme.syncromsp.com could not answer now: syncro: GET /me: 503 Service Unavailable; try again in a few minutes`,
			sentinel:  ErrServer,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			mt.RegisterResponder(http.MethodGet, apiRoot+"me", tt.responder(t))
			me, err := c.Users.CheckToken(context.Background(), tt.required...)
			var ce *ConnectionError
			require.ErrorAs(t, err, &ce)
			if len(tt.required) > 0 {
				require.NotNil(t, me, "the user comes back with missing permissions")
				assert.Equal(t, "Portal Integration", me.UserName)
			} else {
				assert.Nil(t, me)
			}
			assert.Equal(t, tt.problem, ce.Problem)
			assert.Equal(t, tt.message, err.Error())
			assert.NotContains(t, err.Error(), resToken)
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			}
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

func TestCheckTokenUnreachable(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"me",
		httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}))
	_, err := c.Users.CheckToken(context.Background())
	var ce *ConnectionError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, ConnectionUnreachable, ce.Problem)
	assert.True(t, strings.HasPrefix(err.Error(), "syncro: test connection: could not reach acme.syncromsp.com: "), err.Error())
	assert.Contains(t, err.Error(), "connection refused")
	assert.True(t, strings.HasSuffix(err.Error(), "; check the network connection and try again"), err.Error())
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED))
}

func TestCheckTokenSuccess(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"me", log.reply(200, fixture(t, "users/me.json")))
	me, err := c.Users.CheckToken(context.Background(), PermissionTicketWrite, PermissionCustomerRead, PermissionScriptExecute)
	require.NoError(t, err)
	assert.Equal(t, "Sam Ortiz", me.UserName)
	calls := log.all()
	require.Len(t, calls, 1)
	assert.Equal(t, "Bearer "+resToken, calls[0].Header.Get("Authorization"))
}

func TestCheckTokenRefusesMalformedPermissions(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	_, err := c.Users.CheckToken(context.Background(), "ticket.write", "Tickets - Create", "ticket.")
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []string{"Tickets - Create", "ticket."}, ve.Fields)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestCheckTokenCancelled(t *testing.T) {
	t.Parallel()
	c, _ := newMockedClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Users.CheckToken(ctx)
	assert.Equal(t, context.Canceled, err, "a cancelled check is not blamed on the subdomain or token")
}

func TestCheckTokenOnAnotherHost(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	c, err := NewClient("", resToken, WithBaseURL("https://syncro.example.net/api/v1"), WithHTTPClient(&http.Client{Transport: mt}), WithRateLimit(0))
	require.NoError(t, err)
	mt.RegisterResponder(http.MethodGet, "https://syncro.example.net/api/v1/me", httpmock.NewStringResponder(404, ""))
	_, err = c.Users.CheckToken(context.Background())
	require.Error(t, err)
	assert.Equal(t, `syncro: test connection: no Syncro API was found at syncro.example.net: check the base URL (WithBaseURL or SYNCRO_BASE_URL)`, err.Error(),
		"a base URL is not a subdomain: the message says what to check")
}

func TestPermissionDescribe(t *testing.T) {
	t.Parallel()
	for p, want := range map[Permission]string{
		PermissionCustomerRead:    "view organizations (customers)",
		PermissionInvoiceDelete:   "delete invoices",
		PermissionWorksheetManage: "manage worksheets",
		"ROUTER.REBOOT":           "reboot router",
		"nonsense":                "nonsense",
	} {
		assert.Equal(t, want, p.Describe(), string(p))
	}
}

func TestSeatReport(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   *SeatReportOptions
		price  string
		cost   string
		emails []string
		calls  int
	}{
		{"default price", nil, "129", "387", []string{"", "", ""}, 1},
		{"own price", &SeatReportOptions{PricePerSeat: Ptr(decimal.RequireFromString("99.95"))}, "99.95", "299.85", []string{"", "", ""}, 1},
		{"with details", &SeatReportOptions{Details: true}, "129", "387", []string{"sam@acme-msp.example", "lee@acme-msp.example", "ana@acme-msp.example"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockedClient(t)
			var log callLog
			mt.RegisterResponder(http.MethodGet, apiRoot+"users", log.reply(200, fixture(t, "users/list.json")))
			for _, id := range []string{"77", "78", "79"} {
				mt.RegisterResponder(http.MethodGet, apiRoot+"users/"+id, log.reply(200, fixture(t, "users/detail_"+id+".json")))
			}
			r, err := c.Users.SeatReport(context.Background(), tt.opts)
			require.NoError(t, err)
			assert.Equal(t, 3, r.Seats)
			assert.Equal(t, tt.price, r.PricePerSeat.String())
			assert.Equal(t, tt.cost, r.MonthlyCost.String())
			var emails []string
			for _, u := range r.Technicians {
				emails = append(emails, u.Email)
			}
			assert.Equal(t, tt.emails, emails)
			assert.Equal(t, []string{"Sam Ortiz", "Lee Park", "Ana Costa"}, []string{r.Technicians[0].FullName, r.Technicians[1].FullName, r.Technicians[2].FullName})
			assert.Len(t, log.all(), tt.calls)
		})
	}
}

func TestSeatReportRefusesNegativePrice(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	_, err := c.Users.SeatReport(context.Background(), &SeatReportOptions{PricePerSeat: Ptr(decimal.NewFromInt(-1))})
	assert.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, 0, mt.GetTotalCallCount())
	assert.True(t, DefaultSeatPrice().Equal(decimal.NewFromInt(129)))
}
