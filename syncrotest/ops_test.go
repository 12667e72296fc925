package syncrotest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// The operations resources speak Syncro's wire shapes, quirks included:
// these tests read the raw answers, not the client's view of them.

func TestContractWireBareAndSoftDelete(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	r := send(t, srv, http.MethodPost, "/contracts", map[string]any{"name": "No Customer"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	bad := r.Object(t)
	assert.Equal(t, "Customer can't be blank", bad["errors"], "one message string")
	assert.Nil(t, object(t, bad["record"])["id"], "the unsaved record")

	r = send(t, srv, http.MethodPost, "/contracts", map[string]any{"customer_id": fmt.Sprint(acme), "name": "Gold", "likelihood": "30"})
	require.Equal(t, http.StatusOK, r.Status)
	c := r.Object(t)
	assert.NotContains(t, c, "contract", "bare, no envelope (quirk 1)")
	assert.Equal(t, "Opportunity", c["status"])
	id := num(t, c["id"])

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/contracts/%d", id), nil)
	assert.JSONEq(t, `{"success":true}`, string(r.Body))
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/contracts/%d", id), nil)
	assert.Equal(t, http.StatusOK, r.Status, "soft delete: not 404")
	assert.Equal(t, "null", strings.TrimSpace(string(r.Body)))
}

func TestRmmAlertWireEnvelopes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	r := send(t, srv, http.MethodPost, "/rmm_alerts", map[string]any{"customer_id": acme, "description": "Offline"})
	require.Equal(t, http.StatusCreated, r.Status)
	created := r.Object(t)
	assert.Equal(t, true, created["success"])
	id := num(t, object(t, created["alert"])["id"])
	assert.NotContains(t, created, "rmm_alert", "create answers under alert (quirk 2)")

	r = send(t, srv, http.MethodGet, fmt.Sprintf("/rmm_alerts/%d", id), nil)
	assert.Contains(t, r.Object(t), "rmm_alert")

	r = send(t, srv, http.MethodPost, fmt.Sprintf("/rmm_alerts/%d/mute", id), map[string]any{"mute_for": "1h"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, object(t, r.Object(t)["errors"]), "mute_for")
	r = send(t, srv, http.MethodPost, fmt.Sprintf("/rmm_alerts/%d/mute?mute_for=forever", id), map[string]any{})
	assert.JSONEq(t, `{"success":"true"}`, string(r.Body), "mute_for read from the query too")

	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/rmm_alerts/%d", id), nil)
	assert.JSONEq(t, `{"success":"true"}`, string(r.Body), "a string, as observed")
	r = send(t, srv, http.MethodGet, fmt.Sprintf("/rmm_alerts/%d", id), nil)
	assert.Equal(t, true, object(t, r.Object(t)["rmm_alert"])["resolved"], "resolved, not deleted")
	assert.Empty(t, list(t, send(t, srv, http.MethodGet, "/rmm_alerts", nil).Object(t), "rmm_alerts"), "active by default")
	assert.Len(t, list(t, send(t, srv, http.MethodGet, "/rmm_alerts?status=resolved", nil).Object(t), "rmm_alerts"), 1)
}

func TestAppointmentWireShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := send(t, srv, http.MethodPost, "/appointments", map[string]any{"description": "Incomplete appointment"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	bad := r.Object(t)
	assert.Equal(t, "Summary can't be blank,Start at can't be blank,End at can't be blank", bad["error"])
	assert.Equal(t, bad["error"], bad["message"])

	r = send(t, srv, http.MethodPost, "/appointments", map[string]any{"summary": "Visit", "start_at": "2026-03-20T10:00:00Z", "appointment_duration": "90", "do_not_email": true})
	require.Equal(t, http.StatusCreated, r.Status)
	a := object(t, r.Object(t)["appointment"])
	assert.Equal(t, "1", a["do_not_email"], `"1", as Syncro sends it`)
	assert.Equal(t, "1.5", fmt.Sprint(a["duration"]))
	id := num(t, a["id"])

	items := list(t, send(t, srv, http.MethodGet, "/appointments", nil).Object(t), "appointments")
	require.Len(t, items, 1)
	assert.Contains(t, object(t, items[0]), "appointment", "each list item wrapped")
	assert.Empty(t, list(t, send(t, srv, http.MethodGet, "/appointments?date_from=2026-03-21", nil).Object(t), "appointments"))
	detail := send(t, srv, http.MethodGet, fmt.Sprintf("/appointments/%d", id), nil).Object(t)
	assert.Equal(t, "Visit", detail["summary"], "the detail is bare")
	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/appointments/%d", id), nil)
	assert.JSONEq(t, `{"message":"deleted"}`, string(r.Body))

	r = send(t, srv, http.MethodPost, "/appointment_types", map[string]any{"name": "On site"})
	require.Equal(t, http.StatusUnprocessableEntity, r.Status, "location_type is required")
	assert.Equal(t, "Location type can't be blank", r.Object(t)["errors"])
	r = send(t, srv, http.MethodPost, "/appointment_types", map[string]any{"name": "On site", "location_type": 3})
	require.Equal(t, http.StatusOK, r.Status)
	at := object(t, r.Object(t)["appointment_type"])
	assert.Equal(t, "manual_entry", at["location_type"], "taken as a number, answered by name")
	r = send(t, srv, http.MethodPut, fmt.Sprintf("/appointment_types/%d", num(t, at["id"])), map[string]any{"name": "Field"})
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, r.Body, "documented: no body")
}

func TestCallerIDWireDisabledIsNotJSON(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := send(t, srv, http.MethodGet, "/callerid?did=5550100", nil)
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "Disabled", string(r.Body))
	srv.EnableCallerID(true)
	r = send(t, srv, http.MethodGet, "/callerid?did=5550100", nil)
	assert.JSONEq(t, `{"data":{"name":null,"ticket_status":null}}`, string(r.Body))
}

func TestCannedResponseWireEmptyAnswers(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := send(t, srv, http.MethodPost, "/canned_responses", map[string]any{"title": "Hi", "body": "Hello"})
	assert.Equal(t, http.StatusCreated, r.Status)
	assert.Empty(t, r.Body)
	items := list(t, send(t, srv, http.MethodGet, "/canned_responses", nil).Object(t), "canned_responses")
	require.Len(t, items, 1)
	id := num(t, object(t, items[0])["id"])
	r = send(t, srv, http.MethodPatch, fmt.Sprintf("/canned_responses/%d", id), map[string]any{"body": "Hello!"})
	assert.Equal(t, http.StatusOK, r.Status)
	r = send(t, srv, http.MethodDelete, fmt.Sprintf("/canned_responses/%d", id), nil)
	assert.Equal(t, http.StatusNoContent, r.Status)
}

func TestOTPLoginWire(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	r := send(t, srv, http.MethodPost, "/otp_login", map[string]any{"code": "not it"})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, false, r.Object(t)["login"])
	code := srv.OTPCode()
	assert.Len(t, code, 6)
	assert.Equal(t, code, srv.OTPCode(), "one code per server")
	r = send(t, srv, http.MethodPost, "/otp_login", map[string]any{"code": code})
	require.Equal(t, http.StatusOK, r.Status)
	assert.NotEmpty(t, r.Object(t)["session_token"])
}

func TestRequestLogRedactsOTPCodesAndPasswords(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	code := srv.OTPCode()
	send(t, srv, http.MethodPost, "/otp_login", map[string]any{"code": code})
	r := send(t, srv, http.MethodPost, "/portal_users", map[string]any{"customer_id": acme, "email": "a@acme.example",
		"password": "Tr0ub4dor&3", "password_confirmation": "Tr0ub4dor&3"})
	require.Equal(t, http.StatusOK, r.Status, "the endpoint still read the real values")
	var log strings.Builder
	for _, req := range srv.Requests() {
		fmt.Fprintf(&log, "%s %v %s\n", req.Route, req.Query, req.Body)
	}
	assert.NotContains(t, log.String(), code)
	assert.NotContains(t, log.String(), "Tr0ub4dor")
	assert.Contains(t, log.String(), "a@acme.example", "the rest of the body is kept")
}

func TestTimelogsScopedWithoutManage(t *testing.T) {
	t.Parallel()
	srv := newServer(t, syncrotest.WithLimitedToken("Tclock"), syncrotest.WithLimitedToken("Tmanager", syncrotest.PermTimelogsManage))
	tech := srv.AddUser(syncrotest.UserData{Name: "Marcus Lee", Email: "marcus@x.example"})
	r := send(t, srv, http.MethodPut, "/timelogs", map[string]any{"in_note": "owner in"})
	require.Equal(t, http.StatusOK, r.Status)
	owner := num(t, r.Object(t)["user_id"])
	assert.NotEqual(t, tech, owner)

	asked := fmt.Sprintf("/timelogs?user_id=%d", tech)
	mine := list(t, send(t, srv, http.MethodGet, asked, nil, withToken("Tclock")).Object(t), "timelogs")
	require.Len(t, mine, 1, "without Timelogs - Manage the answer is the token user's own")
	assert.Equal(t, "owner in", object(t, mine[0])["in_note"])
	assert.Empty(t, list(t, send(t, srv, http.MethodGet, asked, nil, withToken("Tmanager")).Object(t), "timelogs"),
		"with it, the user asked for (who never clocked in)")
	assert.Contains(t, syncrotest.AllPermissions(), syncrotest.PermTimelogsManage)
}
