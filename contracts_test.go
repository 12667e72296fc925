package syncro

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContractsListDecodesEveryShape(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	var log callLog
	mt.RegisterResponder("GET", apiRoot+"contracts", log.reply(200, fixture(t, "contracts/list.json")))
	p, err := c.Contracts.List(context.Background(), &ContractListOptions{ListOptions: ListOptions{Page: 2}})
	require.NoError(t, err)
	assert.Equal(t, "2", log.all()[0].Query.Get("page"))
	require.Len(t, p.Items, 2)
	first := p.Items[0]
	assert.Equal(t, "30k", first.ContractAmount, "free text, kept as sent")
	assert.Equal(t, int64(30), first.Likelihood)
	assert.Equal(t, time.Date(2019, 10, 23, 0, 0, 0, 0, time.UTC), first.StartDate)
	assert.Zero(t, first.SLAID)

	real := p.Items[1]
	assert.Equal(t, int64(24152385), real.CustomerID, "an id sent as a string")
	assert.Equal(t, int64(100), real.Likelihood, `"100"`)
	assert.True(t, real.ApplyToAll, `"1"`)
	assert.Equal(t, int64(7), real.SLAID)
	_, off := real.StartDate.Zone()
	assert.Equal(t, -3*3600, off, "the account's offset is kept")
	assert.Equal(t, 2, p.Meta.TotalEntries)
	assert.Equal(t, 50, p.Meta.PerPage)
}

func TestContractsGetBareWrappedAndDeleted(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t)
	mt.RegisterResponder("GET", apiRoot+"contracts/155982", jsonResponder(200, fixture(t, "contracts/detail.json")))
	wrapped := append(append([]byte(`{"contract":`), fixture(t, "contracts/detail.json")...), '}')
	mt.RegisterResponder("GET", apiRoot+"contracts/2", jsonResponder(200, wrapped))
	mt.RegisterResponder("GET", apiRoot+"contracts/3", jsonResponder(200, []byte("null")))
	ctx := context.Background()

	bare, err := c.Contracts.Get(ctx, 155982)
	require.NoError(t, err)
	assert.Equal(t, int64(155982), bare.ID)
	assert.Equal(t, "Managed Services", bare.Name)
	env, err := c.Contracts.Get(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, *bare, *env, "an envelope reads the same")

	// Syncro deletes contracts softly: the detail answers 200 null.
	gone, err := c.Contracts.Get(ctx, 3)
	assert.Nil(t, gone)
	require.ErrorIs(t, err, ErrContractDeleted)
	require.ErrorIs(t, err, ErrNotFound, "a deleted contract is not found")
	var de *DecodeError
	assert.False(t, errors.As(err, &de), "null is an answer, not an unreadable body")
	assert.Contains(t, err.Error(), "/contracts/3")
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+apiRoot+"contracts/3"], "not retried")
}

func TestContractsWrites(t *testing.T) {
	t.Parallel()
	c, mt, _ := newTestClient(t, WithRetry(NoRetry()))
	var log callLog
	mt.RegisterResponder("POST", apiRoot+"contracts", log.reply(200, fixture(t, "contracts/detail.json")))
	mt.RegisterResponder("PUT", apiRoot+"contracts/155982", log.reply(422, fixture(t, "contracts/error_422.json")))
	mt.RegisterResponder("DELETE", apiRoot+"contracts/155982", log.reply(200, []byte(`{"success": true}`)))
	ctx := context.Background()

	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	ct, err := c.Contracts.Create(ctx, &ContractInput{CustomerID: Ptr(int64(24152385)), Name: Ptr("Managed Services"), StartDate: &start, ApplyToAll: Ptr(false)})
	require.NoError(t, err)
	assert.Equal(t, int64(155982), ct.ID)
	assert.Equal(t, map[string]any{"customer_id": float64(24152385), "name": "Managed Services", "start_date": "2026-04-01T00:00:00Z", "apply_to_all": false},
		jsonBody(t, log.all()[0].Body), "only the fields set, false included")

	_, err = c.Contracts.Update(ctx, 155982, &ContractInput{Name: Ptr("")})
	require.ErrorIs(t, err, ErrValidation)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Messages, "Customer can't be blank", "the record-and-errors 422 is read")

	require.NoError(t, c.Contracts.Delete(ctx, 155982))
	assert.Equal(t, http.MethodDelete, log.all()[2].Method)

	assertRefusedBeforeSending(t, []refusal{
		{"create without organization", func(c *Client) error { _, err := c.Contracts.Create(ctx, &ContractInput{Name: Ptr("x")}); return err }, []string{"customer_id"}},
		{"create nil", func(c *Client) error { _, err := c.Contracts.Create(ctx, nil); return err }, []string{"customer_id"}},
		{"get zero", func(c *Client) error { _, err := c.Contracts.Get(ctx, 0); return err }, []string{"id"}},
		{"delete negative", func(c *Client) error { return c.Contracts.Delete(ctx, -1) }, []string{"id"}},
	})
}
