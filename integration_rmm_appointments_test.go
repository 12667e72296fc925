package syncro_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationRmmAlerts: an alert created (answered under "alert"),
// read (under "rmm_alert"), muted, and resolved by DELETE: still readable,
// listed as resolved, not as active.
func TestIntegrationRmmAlerts(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	asset := f.srv.AddAsset(syncrotest.AssetData{CustomerID: acme, Name: "SVR-CW-APP-1", AssetType: "Syncro Device"})

	a, err := f.client.RmmAlerts.Create(ctx, &syncro.RmmAlertInput{CustomerID: syncro.Ptr(acme), AssetID: syncro.Ptr(asset),
		Description: syncro.Ptr("Low Hd Space Trigger"), FormattedOutput: syncro.Ptr("C: 4% free"),
		Properties: map[string]any{"trigger": "Low Hd Space Trigger"}})
	require.NoError(t, err)
	assert.Positive(t, a.ID)
	assert.Equal(t, "SVR-CW-APP-1", a.ComputerName)
	assert.Equal(t, "Low Hd Space Trigger", a.Properties.String("trigger"))

	got, err := f.client.RmmAlerts.Get(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, *a, *got, "the same alert under either envelope")

	require.NoError(t, f.client.RmmAlerts.Mute(ctx, a.ID, syncro.MuteForever))
	err = f.client.RmmAlerts.Mute(ctx, a.ID, syncro.MuteFor("1_hour"))
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "mute_for")

	active := collect(t, f.client.RmmAlerts.All(ctx, nil))
	require.Len(t, active, 1)
	require.NoError(t, f.client.RmmAlerts.Resolve(ctx, a.ID))
	resolved, err := f.client.RmmAlerts.Get(ctx, a.ID)
	require.NoError(t, err, "resolving does not delete")
	assert.True(t, resolved.Resolved)
	assert.Empty(t, collect(t, f.client.RmmAlerts.All(ctx, &syncro.RmmAlertListOptions{Status: syncro.RmmAlertsActive})))
	assert.Len(t, collect(t, f.client.RmmAlerts.All(ctx, &syncro.RmmAlertListOptions{Status: syncro.RmmAlertsResolved})), 1)
	assert.Len(t, collect(t, f.client.RmmAlerts.All(ctx, &syncro.RmmAlertListOptions{Status: syncro.RmmAlertsAll})), 1)

	_, err = f.client.RmmAlerts.Get(ctx, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	byAsset, err := f.client.RmmAlerts.Create(ctx, &syncro.RmmAlertInput{AssetID: syncro.Ptr(asset), Description: syncro.Ptr("Agent offline")})
	require.NoError(t, err, "an asset names its organization")
	assert.Equal(t, acme, byAsset.CustomerID)
}

// TestIntegrationAppointments: appointment types with their required
// location type, and appointments created, listed (each wrapped),
// filtered by date, updated and deleted.
func TestIntegrationAppointments(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme", Phone: "555-0100"})

	at, err := f.client.AppointmentTypes.Create(ctx, &syncro.AppointmentTypeInput{Name: syncro.Ptr("On site"), LocationType: syncro.Ptr(syncro.LocationCustomer)})
	require.NoError(t, err)
	assert.Equal(t, syncro.LocationCustomer, at.LocationType, "sent as 0, answered by name")
	assert.Equal(t, json.Number("0"), f.lastBody(t, "POST /appointment_types")["location_type"])
	upd, err := f.client.AppointmentTypes.Update(ctx, at.ID, &syncro.AppointmentTypeInput{LocationType: syncro.Ptr(syncro.LocationPreDefined), LocationHardCode: syncro.Ptr("Remote session")})
	require.NoError(t, err, "an update answered without a body is read back")
	assert.Equal(t, syncro.LocationPreDefined, upd.LocationType)
	assert.Equal(t, "Remote session", upd.LocationHardCode)
	raw := f.rawGet(t, "/appointment_types/"+strconv.FormatInt(at.ID, 10))
	assert.Equal(t, "pre_defined", raw["location_type"], "the fake answers the name")
	types, err := f.client.AppointmentTypes.List(ctx)
	require.NoError(t, err)
	assert.Len(t, types, 1)
	// Syncro refuses a type without a location type; the client refuses it first.
	_, err = f.client.AppointmentTypes.Create(ctx, &syncro.AppointmentTypeInput{Name: syncro.Ptr("x")})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Empty(t, f.requestsTo("POST /appointment_types")[1:], "refused before sending")
	require.NoError(t, f.client.AppointmentTypes.Delete(ctx, at.ID))
	_, err = f.client.AppointmentTypes.Get(ctx, at.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	day := epoch.Truncate(24 * time.Hour).Add(14 * time.Hour)
	a, err := f.client.Appointments.Create(ctx, &syncro.AppointmentInput{Summary: syncro.Ptr("Firewall swap"), StartAt: syncro.Ptr(day),
		EndAt: syncro.Ptr(day.Add(90 * time.Minute)), CustomerID: syncro.Ptr(acme), DoNotEmail: syncro.Ptr(true)})
	require.NoError(t, err)
	assert.Positive(t, a.ID)
	assert.Greater(t, a.ID, int64(1<<32), "appointment ids pass 2^32, as real ones do")
	assert.True(t, a.Duration.Equal(decimal.RequireFromString("1.5")))
	assert.True(t, a.DoNotEmail)
	require.NotNil(t, a.Customer)
	assert.Equal(t, "Acme", a.Customer.BusinessName)
	later, err := f.client.Appointments.Create(ctx, &syncro.AppointmentInput{Summary: syncro.Ptr("Follow-up"), StartAt: syncro.Ptr(day.AddDate(0, 0, 10)), EndAt: syncro.Ptr(day.AddDate(0, 0, 10).Add(time.Hour))})
	require.NoError(t, err)

	listed := collect(t, f.client.Appointments.All(ctx, nil))
	require.Len(t, listed, 2, "wrapped list items read")
	assert.Equal(t, a.ID, listed[0].ID)
	window := collect(t, f.client.Appointments.All(ctx, &syncro.AppointmentListOptions{DateFrom: day.AddDate(0, 0, 5), DateTo: day.AddDate(0, 0, 20)}))
	require.Len(t, window, 1)
	assert.Equal(t, later.ID, window[0].ID)

	up, err := f.client.Appointments.Update(ctx, a.ID, &syncro.AppointmentInput{Location: syncro.Ptr("Server room")})
	require.NoError(t, err)
	assert.Equal(t, "Server room", up.Location)
	got, err := f.client.Appointments.Get(ctx, a.ID)
	require.NoError(t, err, "the detail comes bare")
	assert.Equal(t, "Server room", got.Location)
	assert.Equal(t, "Firewall swap", got.Summary)

	require.NoError(t, f.client.Appointments.Delete(ctx, a.ID))
	_, err = f.client.Appointments.Get(ctx, a.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}
