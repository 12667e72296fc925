package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssetPatches(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets/9708669/patches", jsonResponder(200, fixture(t, "assets/patches.json")))
	p, err := c.Assets.Patches(context.Background(), 9708669)
	require.NoError(t, err)
	require.Len(t, p.InstalledPatches, 2)
	assert.Equal(t, "KB5026361", p.InstalledPatches[0].Kb)
	assert.Equal(t, PatchStatusInstalled, p.InstalledPatches[0].Status)
	assert.False(t, p.InstalledPatches[0].InstalledAt.IsZero())
	assert.Empty(t, p.InstalledPatches[1].Kb, "driver updates have no KB")
	assert.Empty(t, p.InstalledPatches[1].Category)
	require.Len(t, p.AvailablePatches, 3)
	failed := p.AvailablePatches[1]
	assert.Equal(t, PatchStatusFailed, failed.Status)
	assert.Equal(t, "0x80070005", failed.FailureReason)
	assert.False(t, failed.AttemptedInstallation.IsZero())
	assert.False(t, p.AvailablePatches[2].RejectedAt.IsZero())
	assert.Equal(t, 2, p.AvailablePatchesMeta.TotalPages)
	assert.Equal(t, 53, p.AvailablePatchesMeta.TotalEntries)
}

func TestAssetChatInformation(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"customer_assets/chat_information_by_ids", log.reply(200, fixture(t, "assets/chat_information.json")))
	info, err := c.Assets.ChatInformation(context.Background(), 9708669, 9708670)
	require.NoError(t, err)
	assert.Equal(t, []string{"9708669", "9708670"}, log.all()[0].Query["ids[]"])
	require.Len(t, info, 2)
	assert.Equal(t, "FRONTDESK-01", info[0].Name)
	require.NotNil(t, info[0].Customer)
	assert.Equal(t, "Harbor Dental", info[0].Customer.BusinessName)
	assert.Empty(t, info[1].Customer.BusinessName, "null business name")
	assert.Equal(t, "Lee Park", info[1].Customer.Fullname)
}

func TestAssetExtrasRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	many := make([]int64, 201)
	for i := range many {
		many[i] = int64(i + 1)
	}
	assertRefusedBeforeSending(t, []refusal{
		{"patches without id", func(c *Client) error { _, err := c.Assets.Patches(ctx, 0); return err }, []string{"id"}},
		{"chat without ids", func(c *Client) error { _, err := c.Assets.ChatInformation(ctx); return err }, []string{"ids"}},
		{"chat with a bad id", func(c *Client) error { _, err := c.Assets.ChatInformation(ctx, 1, 0); return err }, []string{"ids"}},
		{"chat with too many ids", func(c *Client) error { _, err := c.Assets.ChatInformation(ctx, many...); return err }, []string{"ids"}},
	})
}
