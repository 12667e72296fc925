package syncro

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppointmentsListUnwrapsEachItem(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"appointments", log.reply(200, fixture(t, "appointments/list.json")))
	from := time.Date(2019, 1, 25, 15, 4, 0, 0, time.UTC)
	p, err := c.Appointments.List(context.Background(), &AppointmentListOptions{DateFrom: from, DateTo: from.AddDate(0, 11, 6), Mine: true})
	require.NoError(t, err)
	q := log.all()[0].Query
	assert.Equal(t, "2019-01-25", q.Get("date_from"), "a date, not a timestamp")
	assert.Equal(t, "2019-12-31", q.Get("date_to"))
	assert.Equal(t, "true", q.Get("mine"))
	require.Len(t, p.Items, 1)
	a := p.Items[0]
	assert.Equal(t, int64(3), a.ID, "each list item is wrapped in its own appointment object")
	assert.Equal(t, "Appointment API", a.Summary)
	assert.True(t, a.DoNotEmail, `"1"`)
	assert.True(t, a.Duration.Equal(decimal.NewFromInt(4)))
	require.NotNil(t, a.Customer)
	assert.Equal(t, "Walkin Customer", a.Customer.Fullname)
	assert.Nil(t, a.Ticket)
}

func TestAppointmentsGetCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"appointments/5560138523", jsonResponder(200, fixture(t, "appointments/get_bare.json")))
	mt.RegisterResponder("POST", apiRoot+"appointments", log.reply(201, fixture(t, "appointments/create.json")))
	mt.RegisterResponder("PUT", apiRoot+"appointments/3", log.reply(422, fixture(t, "appointments/error_422.json")))
	mt.RegisterResponder("DELETE", apiRoot+"appointments/3", log.reply(200, []byte(`{"message":"deleted"}`)))
	ctx := context.Background()

	a, err := c.Appointments.Get(ctx, 5560138523)
	require.NoError(t, err)
	assert.Equal(t, int64(5560138523), a.ID, "an id past 2^32")
	assert.Equal(t, int64(108430330), a.TicketID)
	assert.False(t, a.DoNotEmail)
	assert.True(t, a.Duration.Equal(decimal.RequireFromString("1.5")), "a duration sent as a string")

	start := time.Date(2026, 4, 2, 14, 0, 0, 0, time.FixedZone("", -3*3600))
	created, err := c.Appointments.Create(ctx, &AppointmentInput{Summary: Ptr("On-site visit"), StartAt: &start, TicketID: Ptr(int64(108430330)), UserIDs: []int64{1, 2}})
	require.NoError(t, err)
	assert.Equal(t, int64(3), created.ID)
	assert.Equal(t, map[string]any{"summary": "On-site visit", "start_at": "2026-04-02T14:00:00-03:00", "ticket_id": float64(108430330), "user_ids": []any{float64(1), float64(2)}},
		jsonBody(t, log.all()[0].Body))

	_, err = c.Appointments.Update(ctx, 3, &AppointmentInput{Summary: Ptr("")})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Summary can't be blank")
	require.NoError(t, c.Appointments.Delete(ctx, 3))

	assertRefusedBeforeSending(t, []refusal{
		{"create without summary and start", func(c *Client) error { _, err := c.Appointments.Create(ctx, &AppointmentInput{}); return err }, []string{"summary", "start_at"}},
		{"update nil", func(c *Client) error { _, err := c.Appointments.Update(ctx, 3, nil); return err }, nil},
	})
}

func TestAppointmentLocationTypeWire(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		wire string
		want AppointmentLocationType
	}{
		{`"manual_entry"`, LocationManualEntry}, {`0`, LocationCustomer}, {`"1"`, LocationShop}, {`2`, LocationPreDefined},
		{`"3"`, LocationManualEntry}, {`null`, ""}, {`"mobile_van"`, "mobile_van"},
	} {
		var got AppointmentLocationType
		require.NoError(t, json.Unmarshal([]byte(tt.wire), &got), tt.wire)
		assert.Equal(t, tt.want, got, tt.wire)
	}
	b, err := json.Marshal(AppointmentTypeInput{Name: Ptr("On site"), LocationType: Ptr(LocationCustomer)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"On site","location_type":0}`, string(b), "sent as the number Syncro takes (0 = customer, observed)")
	b, err = json.Marshal(Ptr(LocationManualEntry))
	require.NoError(t, err)
	assert.Equal(t, `3`, string(b))
}

func TestAppointmentTypes(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"appointment_types", jsonResponder(200, fixture(t, "appointment_types/list.json")))
	mt.RegisterResponder("GET", apiRoot+"appointment_types/1", log.reply(200, fixture(t, "appointment_types/get.json")))
	mt.RegisterResponder("POST", apiRoot+"appointment_types", log.reply(200, fixture(t, "appointment_types/create.json")))
	mt.RegisterResponder("PUT", apiRoot+"appointment_types/1", func(r *http.Request) (*http.Response, error) {
		log.record(r)
		return httpmock.NewStringResponse(200, ""), nil // documented: no body
	})
	mt.RegisterResponder("PUT", apiRoot+"appointment_types/2", log.reply(422, fixture(t, "appointment_types/error_422.json")))
	ctx := context.Background()

	list, err := c.AppointmentTypes.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, LocationManualEntry, list[0].LocationType)

	created, err := c.AppointmentTypes.Create(ctx, &AppointmentTypeInput{Name: Ptr("Office Hours"), LocationType: Ptr(LocationManualEntry)})
	require.NoError(t, err)
	assert.Equal(t, "Office Hours", created.Name, "created types come wrapped")
	assert.Equal(t, float64(3), jsonBody(t, log.all()[0].Body)["location_type"])

	up, err := c.AppointmentTypes.Update(ctx, 1, &AppointmentTypeInput{EmailInstructions: Ptr("Ring twice")})
	require.NoError(t, err)
	assert.Equal(t, int64(1), up.ID, "read back with GET after the empty answer")
	assert.Equal(t, "GET", log.all()[2].Method)

	_, err = c.AppointmentTypes.Update(ctx, 2, &AppointmentTypeInput{Name: Ptr("")})
	require.ErrorIs(t, err, ErrValidation)
	assert.Contains(t, err.Error(), "Location type can't be blank")

	assertRefusedBeforeSending(t, []refusal{
		{"no location type", func(c *Client) error {
			_, err := c.AppointmentTypes.Create(ctx, &AppointmentTypeInput{Name: Ptr("x")})
			return err
		}, []string{"location_type"}},
		{"nothing", func(c *Client) error {
			_, err := c.AppointmentTypes.Create(ctx, &AppointmentTypeInput{})
			return err
		}, []string{"name", "location_type"}},
	})
}
