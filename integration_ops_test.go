package syncro_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationLeads: create, filter by status and query, update, and
// no DELETE (disable instead).
func TestIntegrationLeads(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	l, err := f.client.Leads.Create(ctx, &syncro.LeadInput{FirstName: syncro.Ptr("Susy"), LastName: syncro.Ptr("Ratke"), Email: syncro.Ptr("susy@ratke.example")})
	require.NoError(t, err)
	assert.Equal(t, syncro.LeadStatusNew, l.Status)
	assert.Equal(t, "Susy Ratke", l.BusinessThenName)
	won, err := f.client.Leads.Create(ctx, &syncro.LeadInput{BusinessName: syncro.Ptr("Klocko-Stracke"), Status: syncro.Ptr(syncro.LeadStatusWon)})
	require.NoError(t, err)
	assert.Equal(t, "Klocko-Stracke", won.BusinessThenName)

	byStatus := collect(t, f.client.Leads.All(ctx, &syncro.LeadListOptions{Statuses: []string{syncro.LeadStatusWon}}))
	require.Len(t, byStatus, 1)
	assert.Equal(t, won.ID, byStatus[0].ID)
	byQuery := collect(t, f.client.Leads.All(ctx, &syncro.LeadListOptions{Query: "ratke"}))
	require.Len(t, byQuery, 1)
	assert.Equal(t, l.ID, byQuery[0].ID)

	up, err := f.client.Leads.Update(ctx, l.ID, &syncro.LeadInput{Status: syncro.Ptr(syncro.LeadStatusOpportunity), MessageRead: syncro.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, syncro.LeadStatusOpportunity, up.Status)
	assert.True(t, up.MessageRead)
	got, err := f.client.Leads.Get(ctx, l.ID)
	require.NoError(t, err)
	assert.Equal(t, "susy@ratke.example", got.Email)

	_, err = f.client.Leads.Update(ctx, l.ID, &syncro.LeadInput{Disabled: syncro.Ptr(true)})
	require.NoError(t, err)
	assert.Len(t, collect(t, f.client.Leads.All(ctx, nil)), 1, "a disabled lead leaves the list")
	assert.NotContains(t, f.srv.Routes(), "DELETE /leads/{id}")
}

// stockedProduct returns the id of a product that maintains stock: one
// stored in the fake when it serves products, else any id (a fake without
// products takes any).
func stockedProduct(f *fake) int64 {
	if slices.Contains(f.srv.Routes(), "GET /products") {
		return f.srv.Insert("products", map[string]any{"name": "SSD 1TB", "maintain_stock": true, "price_cost": "55.00"})
	}
	return 23096998
}

// TestIntegrationPurchaseOrders: an order with a vendor, a line item in
// cents, receiving it, and totals in dollars.
func TestIntegrationPurchaseOrders(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	v, err := f.client.Vendors.Create(ctx, &syncro.VendorInput{Name: syncro.Ptr("HostedBizz")})
	require.NoError(t, err)

	po, err := f.client.PurchaseOrders.Create(ctx, &syncro.PurchaseOrderInput{VendorID: syncro.Ptr(v.ID), ShippingCents: syncro.Ptr(int64(1250)), GeneralNotes: syncro.Ptr("rush")})
	require.NoError(t, err)
	assert.Regexp(t, `^HO-\d{8}-1$`, po.Number, "numbered from the vendor and the date")
	assert.True(t, po.Shipping.Equal(decimal.RequireFromString("12.5")), "cents in, dollars out")
	require.NotNil(t, po.Vendor)
	assert.Equal(t, "HostedBizz", po.Vendor.Name)

	li, err := f.client.PurchaseOrders.AddLineItem(ctx, po.ID, &syncro.PurchaseOrderLineItemInput{ProductID: syncro.Ptr(stockedProduct(f)), Quantity: syncro.Ptr(int64(3))})
	require.NoError(t, err)
	assert.Equal(t, po.ID, li.PurchaseOrderID)
	assert.False(t, li.Received)

	got, err := f.client.PurchaseOrders.Get(ctx, po.ID)
	require.NoError(t, err)
	require.Len(t, got.LineItems, 1)
	assert.Equal(t, "Open", got.Status)

	recv, err := f.client.PurchaseOrders.Receive(ctx, po.ID, li.ID)
	require.NoError(t, err)
	assert.Equal(t, "Received", recv.Status)
	require.Len(t, recv.LineItems, 1)
	assert.True(t, recv.LineItems[0].Received)
	assert.True(t, recv.LineItems[0].ReceivedQuantity.Equal(decimal.NewFromInt(3)))

	_, err = f.client.PurchaseOrders.Receive(ctx, po.ID, 1)
	assert.ErrorIs(t, err, syncro.ErrNotFound, "no such line")
	_, err = f.client.PurchaseOrders.Create(ctx, &syncro.PurchaseOrderInput{VendorID: syncro.Ptr(int64(5))})
	assert.ErrorIs(t, err, syncro.ErrValidation, "no such vendor")
	assert.Len(t, collect(t, f.client.PurchaseOrders.All(ctx, nil)), 1)
	assert.NotContains(t, f.srv.Routes(), "DELETE /purchase_orders/{id}")
	assert.NotContains(t, f.srv.Routes(), "PUT /purchase_orders/{id}")
}

// TestIntegrationWikiPages: create (slug made), update, the refused
// "internal" visibility (refused by the client before sending, and by the
// fake as by Syncro), delete.
func TestIntegrationWikiPages(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	w, err := f.client.WikiPages.Create(ctx, &syncro.WikiPageInput{Name: syncro.Ptr("VPN Setup"), Body: syncro.Ptr("Install the client.")})
	require.NoError(t, err)
	assert.Equal(t, "vpn-setup", w.Slug)
	assert.Equal(t, "Install the client.", w.InterpolatedBody)

	up, err := f.client.WikiPages.Update(ctx, w.ID, &syncro.WikiPageInput{Body: syncro.Ptr("Install the new client.")})
	require.NoError(t, err)
	assert.Equal(t, "VPN Setup", up.Name)
	_, err = f.client.WikiPages.Create(ctx, &syncro.WikiPageInput{Name: syncro.Ptr("x"), Body: syncro.Ptr("y"), Visibility: syncro.Ptr(syncro.WikiVisibilityRejected)})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Len(t, f.requestsTo("POST /wiki_pages"), 1, "refused before sending")
	_, err = f.client.WikiPages.Update(ctx, w.ID, &syncro.WikiPageInput{Name: syncro.Ptr("")})
	require.ErrorIs(t, err, syncro.ErrValidation)
	assert.Contains(t, err.Error(), "Name can't be blank")

	assert.Len(t, collect(t, f.client.WikiPages.All(ctx, nil)), 1)
	require.NoError(t, f.client.WikiPages.Delete(ctx, w.ID))
	_, err = f.client.WikiPages.Get(ctx, w.ID)
	assert.ErrorIs(t, err, syncro.ErrNotFound)
}

// TestIntegrationCannedResponses: the create answered 201 without a body
// is found in the list; PATCH and the 204 delete.
func TestIntegrationCannedResponses(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	cr, err := f.client.CannedResponses.Create(ctx, &syncro.CannedResponseInput{Title: syncro.Ptr("Reboot first"), Body: syncro.Ptr("Please reboot."),
		Subject: syncro.Ptr("Try this"), CannedResponseCategoryID: syncro.Ptr(int64(1))})
	require.NoError(t, err)
	assert.Positive(t, cr.ID, "found in the list after the empty 201")
	assert.Equal(t, "General", cr.CategoryName)
	require.NoError(t, f.client.CannedResponses.Update(ctx, cr.ID, &syncro.CannedResponseInput{Body: syncro.Ptr("Please reboot twice.")}))
	list, err := f.client.CannedResponses.List(ctx, &syncro.CannedResponseListOptions{Query: "reboot"})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Please reboot twice.", list[0].Body)
	st, err := f.client.CannedResponses.Settings(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"Try this"}, st.Subjects)
	assert.Len(t, st.CannedResponseCategories, 2)
	require.NoError(t, f.client.CannedResponses.Delete(ctx, cr.ID))
	list, err = f.client.CannedResponses.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, list)
	assert.Equal(t, 204, f.requestsTo("DELETE /canned_responses/{id}")[0].Status)
}

// TestIntegrationNewTicketForms: a form's configuration, a ticket filed
// through it (organization, ticket and appointment made), and the nested
// 422 of a form missing what it requires.
func TestIntegrationNewTicketForms(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	id := f.srv.Insert("new_ticket_forms", syncrotest.DemoTicketForm())
	forms, err := f.client.NewTicketForms.List(ctx)
	require.NoError(t, err)
	require.Len(t, forms, 1)
	form, err := f.client.NewTicketForms.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []string{"firstname", "lastname"}, form.Data.CustomerDetails.Required())
	assert.Equal(t, []string{"description", "problem_type", "subject"}, form.Data.TicketDetails.Required())

	start := epoch.Add(48 * time.Hour)
	res, err := f.client.NewTicketForms.Process(ctx, id, &syncro.NewTicketFormInput{
		CustomerDetails: &syncro.FormCustomerDetailsInput{FirstName: syncro.Ptr("Ann"), LastName: syncro.Ptr("Smith"), Email: syncro.Ptr("ann@example.org")},
		TicketDetails:   &syncro.FormTicketDetailsInput{Subject: syncro.Ptr("Cracked screen"), Description: syncro.Ptr("Dropped it"), ProblemType: syncro.Ptr("Hardware")},
		Appointments:    &syncro.FormAppointmentInput{Summary: syncro.Ptr("Drop-off"), StartAt: &start, EndAt: syncro.Ptr(start.Add(time.Hour))},
	})
	require.NoError(t, err)
	assert.Equal(t, "Ticket created..", res.Message)
	assert.Equal(t, fmt.Sprintf("/tickets/%d", res.Ticket.ID), res.Redirect)
	tk, err := f.client.Tickets.Get(ctx, res.Ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, "Cracked screen", tk.Subject)
	assert.Equal(t, res.Ticket.CustomerID, tk.CustomerID)
	appts := collect(t, f.client.Appointments.All(ctx, nil))
	require.Len(t, appts, 1)
	assert.Equal(t, res.Ticket.ID, appts[0].TicketID)

	_, err = f.client.NewTicketForms.Process(ctx, id, &syncro.NewTicketFormInput{TicketDetails: &syncro.FormTicketDetailsInput{Subject: syncro.Ptr("x")}})
	require.ErrorIs(t, err, syncro.ErrValidation)
	var apiErr *syncro.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.FieldErrors)
}

// TestIntegrationAccountOperations: search, settings, caller ID (off,
// then on), the time clock, user devices and the OTP login.
func TestIntegrationAccountOperations(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Dental", Phone: "(603) 555-0142"})
	f.srv.AddTicket(syncrotest.TicketData{CustomerID: acme, Subject: "Printer jam at Acme"})

	res, err := f.client.Search.Query(ctx, "acme")
	require.NoError(t, err)
	types := map[string]int64{}
	for _, h := range res.Results {
		types[h.Type] = h.ID
	}
	assert.Equal(t, acme, types["customer"])
	assert.Contains(t, types, "ticket")
	assert.Empty(t, res.Error)

	s, err := f.client.Settings.Get(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, s.Locale.TimeZone)
	assert.Len(t, s.BusinessHours, 7)
	tabs, err := f.client.Settings.Tabs(ctx)
	require.NoError(t, err)
	assert.True(t, tabs["tickets"])
	pr, err := f.client.Settings.Printing(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, pr.MessagingChannel)

	off, err := f.client.CallerID.Lookup(ctx, "6035550142", false)
	require.NoError(t, err, "the plain Disabled answer is a result")
	assert.True(t, off.Disabled)
	f.srv.EnableCallerID(true)
	on, err := f.client.CallerID.Lookup(ctx, "+1 603 555 0142", false)
	require.NoError(t, err)
	assert.Equal(t, syncro.CallerIDResult{Name: "Acme Dental", TicketStatus: "Open"}, *on)
	nobody, err := f.client.CallerID.Lookup(ctx, "5550000", true)
	require.NoError(t, err)
	assert.Equal(t, syncro.CallerIDResult{}, *nobody)

	_, err = f.client.Timelogs.Last(ctx, nil)
	require.ErrorIs(t, err, syncro.ErrNotFound, "never clocked in")
	in, err := f.client.Timelogs.Update(ctx, &syncro.TimelogInput{InNote: syncro.Ptr("morning")})
	require.NoError(t, err)
	assert.True(t, in.OutAt.IsZero())
	assert.True(t, in.InAt.Equal(epoch))
	f.clock.Advance(8 * time.Hour)
	out, err := f.client.Timelogs.Update(ctx, &syncro.TimelogInput{OutAt: syncro.Ptr(f.clock.Now()), OutNote: syncro.Ptr("done")})
	require.NoError(t, err)
	assert.Equal(t, in.ID, out.ID, "the open timelog is closed")
	assert.True(t, out.OutAt.Equal(epoch.Add(8*time.Hour)))
	last, err := f.client.Timelogs.Last(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "done", last.OutNote)
	logs, err := f.client.Timelogs.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, logs, 1)

	d, err := f.client.UserDevices.Create(ctx, &syncro.UserDeviceInput{DeviceUUID: syncro.Ptr("u-12345"), DeviceName: syncro.Ptr("Tech phone")})
	require.NoError(t, err)
	assert.Equal(t, "u-12345", d.DeviceUUID)
	d2, err := f.client.UserDevices.Update(ctx, "u-12345", &syncro.UserDeviceInput{RegistrationTokenGcm: syncro.Ptr("push-2")})
	require.NoError(t, err)
	assert.Equal(t, "push-2", d2.RegistrationTokenGcm)
	got, err := f.client.UserDevices.Get(ctx, "u-12345")
	require.NoError(t, err)
	assert.Equal(t, d.ID, got.ID)
	_, err = f.client.UserDevices.Get(ctx, "nope")
	assert.ErrorIs(t, err, syncro.ErrNotFound)

	_, err = f.client.Users.OTPLogin(ctx, "not-the-code")
	require.ErrorIs(t, err, syncro.ErrUnauthorized)
	sess, err := f.client.Users.OTPLogin(ctx, f.srv.OTPCode())
	require.NoError(t, err)
	assert.NotEmpty(t, sess.SessionToken)
	assert.True(t, sess.TokenExpiration.Equal(epoch.Add(8*time.Hour+24*time.Hour)))
	assert.NotContains(t, fmt.Sprint(sess), sess.SessionToken)
}

// TestIntegrationOpsDemoData: the demo account carries one record of each
// operations resource, readable through the typed services.
func TestIntegrationOpsDemoData(t *testing.T) {
	t.Parallel()
	f := newFake(t, syncrotest.WithDemoData())
	ctx := context.Background()
	contracts := collect(t, f.client.Contracts.All(ctx, nil))
	require.Len(t, contracts, 1)
	assert.Equal(t, "1,200.00", contracts[0].ContractAmount)
	alerts := collect(t, f.client.RmmAlerts.All(ctx, nil))
	require.Len(t, alerts, 1)
	assert.Equal(t, "ACME-FS01", alerts[0].ComputerName)
	types, err := f.client.AppointmentTypes.List(ctx)
	require.NoError(t, err)
	require.Len(t, types, 2)
	assert.Equal(t, syncro.LocationPreDefined, types[1].LocationType)
	assert.Len(t, collect(t, f.client.WikiPages.All(ctx, nil)), 1)
	leads := collect(t, f.client.Leads.All(ctx, nil))
	require.Len(t, leads, 1)
	assert.Equal(t, "Grant Bakery", leads[0].BusinessThenName)
	forms, err := f.client.NewTicketForms.List(ctx)
	require.NoError(t, err)
	assert.Len(t, forms, 1)
}
