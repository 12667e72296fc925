package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
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

func TestIntegrationCustomerContractsAndAppointmentTypesAreTyped(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Tech"})
	other := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Globex"})

	gold, err := f.client.Contracts.Create(ctx, &syncro.ContractInput{CustomerID: &acme, Name: ptr("Managed Services - Gold"), ContractAmount: ptr("30k"), Status: ptr("Active")})
	require.NoError(t, err)
	_, err = f.client.Contracts.Create(ctx, &syncro.ContractInput{CustomerID: &other, Name: ptr("Break/fix")})
	require.NoError(t, err)

	c, err := f.client.Customers.Get(ctx, acme)
	require.NoError(t, err)
	require.Len(t, c.Contracts, 1, "only the organization's own contracts")
	assert.Equal(t, gold.ID, c.Contracts[0].ID)
	assert.Equal(t, "Managed Services - Gold", c.Contracts[0].Name)
	assert.Equal(t, "30k", c.Contracts[0].ContractAmount, "free text, as entered")
	assert.Empty(t, c.Unparsed)

	// A deleted (soft-deleted) contract leaves the organization's list.
	require.NoError(t, f.client.Contracts.Delete(ctx, gold.ID))
	c, err = f.client.Customers.Get(ctx, acme)
	require.NoError(t, err)
	assert.Empty(t, c.Contracts)

	lt := syncro.LocationShop
	at, err := f.client.AppointmentTypes.Create(ctx, &syncro.AppointmentTypeInput{Name: ptr("Bench work"), LocationType: &lt})
	require.NoError(t, err)
	settings, err := f.client.Tickets.Settings(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, settings.AppointmentTypes)
	last := settings.AppointmentTypes[len(settings.AppointmentTypes)-1]
	assert.Equal(t, at.ID, last.ID)
	assert.Equal(t, "Bench work", last.Name)
	assert.Equal(t, syncro.LocationShop, last.LocationType)
	assert.Empty(t, settings.Unparsed)
}
