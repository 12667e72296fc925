package syncro_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
)

func TestIntegrationWorksheetResults(t *testing.T) {
	t.Parallel()
	f, id, techID := oneTicket(t)
	ctx := context.Background()

	// The templates are listed in the ticket settings.
	settings, err := f.client.Tickets.Settings(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, settings.WorksheetTemplates)
	var tpl struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	require.NoError(t, json.Unmarshal(settings.WorksheetTemplates[0], &tpl))

	w, err := f.client.WorksheetResults.Create(ctx, id, &syncro.WorksheetResultInput{WorksheetTemplateID: &tpl.ID})
	require.NoError(t, err)
	assert.Positive(t, w.ID)
	assert.Equal(t, tpl.ID, w.WorksheetTemplateID)
	assert.Equal(t, tpl.Name, w.Name)
	assert.False(t, w.Complete, "null until completed")
	require.NotEmpty(t, w.FieldList)
	assert.Equal(t, int64(0), w.FieldList[0].Position)
	assert.NotEmpty(t, w.FieldList[0].Slug)

	named, err := f.client.WorksheetResults.Create(ctx, id, &syncro.WorksheetResultInput{WorksheetTemplateID: &tpl.ID, Title: ptr("Front desk PC")})
	require.NoError(t, err)
	assert.Equal(t, "Front desk PC", named.Name)

	// A template that does not exist is Syncro's 404.
	_, err = f.client.WorksheetResults.Create(ctx, id, &syncro.WorksheetResultInput{WorksheetTemplateID: ptr(int64(999))})
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	list := collect(t, f.client.WorksheetResults.All(ctx, id, nil))
	require.Len(t, list, 2)
	assert.Equal(t, []int64{w.ID, named.ID}, []int64{list[0].ID, list[1].ID})

	up, err := f.client.WorksheetResults.Update(ctx, id, w.ID, &syncro.WorksheetResultInput{
		Complete: ptr(true), UserID: &techID, Answers: &syncro.WorksheetAnswer{Value: "yes", User: "Priya Patel"}})
	require.NoError(t, err)
	require.NotNil(t, up)
	assert.True(t, up.Complete)
	require.Len(t, up.FieldList[0].History, 1)
	assert.JSONEq(t, `{"value":"yes","user":"Priya Patel"}`, string(up.FieldList[0].History[0]))

	got, err := f.client.WorksheetResults.Get(ctx, id, w.ID)
	require.NoError(t, err)
	assert.True(t, got.Complete)

	// The ticket's detail record carries them too.
	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.WorksheetResults, 2)
	assert.True(t, tk.WorksheetResults[0].Complete)

	require.NoError(t, f.client.WorksheetResults.Delete(ctx, id, named.ID))
	_, err = f.client.WorksheetResults.Get(ctx, id, named.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
	_, err = f.client.WorksheetResults.List(ctx, id+1000, nil)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}
