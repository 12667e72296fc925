package syncro

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWorksheetResultsListAndGet(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000001/worksheet_results", log.sequence(
		fixture(t, "worksheets/list.json"), []byte(`{"worksheet_results":[]}`)))
	mt.RegisterResponder(http.MethodGet, apiRoot+"tickets/52000001/worksheet_results/88001", jsonResponder(200, fixture(t, "worksheets/one.json")))
	ctx := context.Background()

	var got []WorksheetResult
	for w, err := range c.WorksheetResults.All(ctx, 52000001, nil) {
		require.NoError(t, err)
		got = append(got, w)
	}
	require.Len(t, got, 2, "a list without meta ends on an empty page")
	require.Len(t, log.all(), 2)
	assert.Equal(t, "2", log.all()[1].Query.Get("page"))
	assert.Equal(t, "New workstation checklist", got[0].Name)
	assert.False(t, got[0].Complete, "null reads as not complete")
	assert.True(t, got[1].Complete)
	assert.True(t, got[1].Required)
	require.Len(t, got[0].FieldList, 2)
	assert.Equal(t, "bitlocker-enabled", got[0].FieldList[1].Slug)
	assert.Equal(t, int64(1), got[0].FieldList[1].Position)

	one, err := c.WorksheetResults.Get(ctx, 52000001, 88001)
	require.NoError(t, err)
	assert.Equal(t, int64(31), one.WorksheetTemplateID)
}

func TestWorksheetResultsCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	var log callLog
	base := apiRoot + "tickets/52000001/worksheet_results"
	mt.RegisterResponder(http.MethodPost, base, log.reply(200, fixture(t, "worksheets/one.json")))
	mt.RegisterResponder(http.MethodPut, base+"/88001", log.reply(200, []byte{}))
	mt.RegisterResponder(http.MethodDelete, base+"/88001", log.reply(200, []byte{}))
	ctx := context.Background()

	w, err := c.WorksheetResults.Create(ctx, 52000001, &WorksheetResultInput{WorksheetTemplateID: Ptr(int64(31)), Title: Ptr("Front desk PC")})
	require.NoError(t, err)
	assert.Equal(t, int64(88001), w.ID)
	assert.Equal(t, map[string]any{"worksheet_template_id": float64(31), "title": "Front desk PC"}, jsonBody(t, log.all()[0].Body))

	updated, err := c.WorksheetResults.Update(ctx, 52000001, 88001, &WorksheetResultInput{Complete: Ptr(true), Answers: &WorksheetAnswer{Value: "yes", User: "Sam"}})
	require.NoError(t, err)
	assert.Nil(t, updated, "Syncro's bare 200 carries no record")
	assert.Equal(t, map[string]any{"complete": true, "answers": map[string]any{"value": "yes", "user": "Sam"}}, jsonBody(t, log.all()[1].Body))

	require.NoError(t, c.WorksheetResults.Delete(ctx, 52000001, 88001))
	assert.Len(t, log.all(), 3)
}

func TestWorksheetResultsUpdateReturnsTheRecordWhenSent(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodPut, apiRoot+"tickets/52000001/worksheet_results/88001", jsonResponder(200, fixture(t, "worksheets/one.json")))
	w, err := c.WorksheetResults.Update(context.Background(), 52000001, 88001, &WorksheetResultInput{Public: Ptr(false)})
	require.NoError(t, err)
	require.NotNil(t, w)
	assert.Equal(t, int64(88001), w.ID)
}

func TestWorksheetResultsUnknownTemplateIs404(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/52000001/worksheet_results", jsonResponder(404, fixture(t, "worksheets/template_not_found.json")))
	_, err := c.WorksheetResults.Create(context.Background(), 52000001, &WorksheetResultInput{WorksheetTemplateID: Ptr(int64(999))})
	require.ErrorIs(t, err, ErrNotFound)
}

func TestWorksheetResultsCreateWithoutIDIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	c, mt := newMockedClient(t)
	mt.RegisterResponder(http.MethodPost, apiRoot+"tickets/52000001/worksheet_results", jsonResponder(200, []byte(`{"worksheet_result":{"id":null,"name":"x"}}`)))
	_, err := c.WorksheetResults.Create(context.Background(), 52000001, &WorksheetResultInput{WorksheetTemplateID: Ptr(int64(31))})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
}

func TestWorksheetResultsRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	assertRefusedBeforeSending(t, []refusal{
		{"create without template", func(c *Client) error {
			_, err := c.WorksheetResults.Create(ctx, 1, &WorksheetResultInput{Title: Ptr("x")})
			return err
		}, []string{"worksheet_template_id"}},
		{"create nil", func(c *Client) error { _, err := c.WorksheetResults.Create(ctx, 1, nil); return err }, []string{"worksheet_template_id"}},
		{"list without ticket", func(c *Client) error { _, err := c.WorksheetResults.List(ctx, 0, nil); return err }, []string{"ticket_id"}},
		{"get without id", func(c *Client) error { _, err := c.WorksheetResults.Get(ctx, 1, -2); return err }, []string{"id"}},
		{"delete without ticket", func(c *Client) error { return c.WorksheetResults.Delete(ctx, 0, 1) }, []string{"ticket_id"}},
		{"update nil", func(c *Client) error { _, err := c.WorksheetResults.Update(ctx, 1, 2, nil); return err }, nil},
	})
}
