package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestIntegrationTicketCustomFieldsAreTyped(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	id := f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Laptop will not boot", TicketType: "Hardware",
		Properties: map[string]any{"Device Type": "Laptop", "Serial Number": "7X9KQ53"}})

	tk, err := f.client.Tickets.Get(ctx, id)
	require.NoError(t, err)
	require.Len(t, tk.TicketFields, 2)
	device := tk.TicketFields[0]
	assert.Equal(t, "Device Type", device.Name)
	assert.Equal(t, "select_box", device.FieldType)
	assert.Equal(t, tk.TicketTypeID, device.TicketTypeID)
	assert.False(t, device.Required, "null reads as not required")
	require.Len(t, device.Answers, 3)
	assert.Equal(t, "Desktop", device.Answers[1].Content)
	assert.Equal(t, device.ID, device.Answers[1].TicketFieldID)
	assert.Equal(t, "text_field", tk.TicketFields[1].FieldType)
	assert.Empty(t, tk.TicketFields[1].Answers)
	assert.Len(t, tk.TicketAnswers, 3, "ticket_answers lists the select boxes' choices")
	assert.Equal(t, "Laptop", tk.Properties.String("Device Type"), "the ticket's values are its properties")
	require.NotNil(t, tk.TicketType)
	assert.Len(t, tk.TicketType.TicketFields, 2)

	settings, err := f.client.Tickets.Settings(ctx)
	require.NoError(t, err)
	assert.Len(t, settings.TicketTypeFields, 3, "every type's fields")
	assert.Len(t, settings.TicketTypeFieldAnswers, 3)
	assert.Empty(t, settings.Unparsed, "nothing fell outside the types")
}
