package syncro

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRmmAlertsListGetAndCreateEnvelopes(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"rmm_alerts", log.reply(200, fixture(t, "rmm_alerts/list.json")))
	mt.RegisterResponder("GET", apiRoot+"rmm_alerts/1", jsonResponder(200, fixture(t, "rmm_alerts/get.json")))
	mt.RegisterResponder("POST", apiRoot+"rmm_alerts", log.reply(201, fixture(t, "rmm_alerts/create.json")))
	ctx := context.Background()

	p, err := c.RmmAlerts.List(ctx, &RmmAlertListOptions{Status: RmmAlertsAll})
	require.NoError(t, err)
	assert.Equal(t, "all", log.all()[0].Query.Get("status"))
	require.Len(t, p.Items, 2)
	a := p.Items[1]
	assert.Equal(t, "5028", a.TicketNumber, "a number sent as an integer")
	assert.False(t, a.Resolved, `"false" as a string`)
	assert.Equal(t, "Low Hd Space Trigger", a.Properties.String("trigger"))
	assert.Equal(t, int64(12313068), a.AssetID)

	got, err := c.RmmAlerts.Get(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "MyString", got.ComputerName, `read from under "rmm_alert"`)

	created, err := c.RmmAlerts.Create(ctx, &RmmAlertInput{CustomerID: Ptr(int64(1)), AssetID: Ptr(int64(2)), Description: Ptr("RMM Alert Description"), FormattedOutput: Ptr("Disk 95% full")})
	require.NoError(t, err)
	assert.Equal(t, int64(3), created.ID, `read from under "alert" (quirk 2)`)
	assert.Equal(t, int64(2), created.AssetID)
	assert.Equal(t, "Disk 95% full", jsonBody(t, log.all()[1].Body)["formatted_output"])
}

func TestRmmAlertsMuteAndResolve(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"rmm_alerts/9/mute", log.reply(200, fixture(t, "rmm_alerts/success_string.json")))
	mt.RegisterResponder("POST", apiRoot+"rmm_alerts/8/mute", log.reply(422, fixture(t, "rmm_alerts/mute_422.json")))
	mt.RegisterResponder("DELETE", apiRoot+"rmm_alerts/9", log.reply(200, fixture(t, "rmm_alerts/success_string.json")))
	ctx := context.Background()

	require.NoError(t, c.RmmAlerts.Mute(ctx, 9, MuteForever))
	call := log.all()[0]
	assert.Equal(t, "forever", call.Query.Get("mute_for"), "where the OpenAPI document puts it")
	assert.Equal(t, map[string]any{"mute_for": "forever"}, jsonBody(t, call.Body), "where a real account reads it")

	err := c.RmmAlerts.Mute(ctx, 8, MuteFor("1h"))
	require.ErrorIs(t, err, ErrValidation)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.FieldErrors, "mute_for", "the nested field map is read")

	require.NoError(t, c.RmmAlerts.Resolve(ctx, 9), `{"success": "true"} is a success`)
	assert.Equal(t, "DELETE", log.all()[2].Method)

	assertRefusedBeforeSending(t, []refusal{
		{"mute without duration", func(c *Client) error { return c.RmmAlerts.Mute(ctx, 9, "") }, []string{"mute_for"}},
		{"create without organization", func(c *Client) error { _, err := c.RmmAlerts.Create(ctx, &RmmAlertInput{}); return err }, []string{"customer_id"}},
		{"resolve zero", func(c *Client) error { return c.RmmAlerts.Resolve(ctx, 0) }, []string{"id"}},
	})
}
