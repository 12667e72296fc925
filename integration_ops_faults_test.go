package syncro_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestIntegrationOpsWritesAreNeverSentTwice: a purchase order (money), an
// invitation (an email to the end user) and a processed form (a ticket)
// whose answers are lost after Syncro acted are reported as
// ErrOutcomeUnknown and never resent, even by a client that retries.
func TestIntegrationOpsWritesAreNeverSentTwice(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	ctx := context.Background()
	c := f.srv.Client(syncro.WithRetry(syncro.DefaultRetryPolicy()))
	v, err := c.Vendors.Create(ctx, &syncro.VendorInput{Name: syncro.Ptr("HostedBizz")})
	require.NoError(t, err)
	acme := f.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	ann := f.srv.AddContact(syncrotest.ContactData{CustomerID: acme, Name: "Ann", Email: "ann@acme.example"})
	form := f.srv.Insert("new_ticket_forms", syncrotest.DemoTicketForm())

	for _, tt := range []struct {
		route string
		fault syncrotest.Fault
		call  func() error
	}{
		{"POST /purchase_orders", syncrotest.ResetFault().AfterProcessing(), func() error {
			_, err := c.PurchaseOrders.Create(ctx, &syncro.PurchaseOrderInput{VendorID: syncro.Ptr(v.ID), ShippingCents: syncro.Ptr(int64(500))})
			return err
		}},
		{"POST /portal_users/create_invitation", syncrotest.StatusFault(502).AfterProcessing(), func() error {
			_, err := c.PortalUsers.InviteContact(ctx, ann)
			return err
		}},
		{"POST /new_ticket_forms/{id}/process_form", syncrotest.TruncateFault(), func() error {
			_, err := c.NewTicketForms.Process(ctx, form, &syncro.NewTicketFormInput{
				CustomerDetails: &syncro.FormCustomerDetailsInput{FirstName: syncro.Ptr("Bo"), LastName: syncro.Ptr("Li")},
				TicketDetails:   &syncro.FormTicketDetailsInput{Subject: syncro.Ptr("Screen"), Description: syncro.Ptr("Cracked"), ProblemType: syncro.Ptr("Hardware")},
			})
			return err
		}},
	} {
		t.Run(tt.route, func(t *testing.T) {
			f.srv.InjectFault(syncrotest.OnRoute(tt.route, tt.fault))
			defer f.srv.ClearFaults()
			err := tt.call()
			require.ErrorIs(t, err, syncro.ErrOutcomeUnknown)
			rs := f.requestsTo(tt.route)
			require.Len(t, rs, 1, "sent once, never again")
			assert.True(t, rs[0].Processed, "Syncro acted: the caller must check before sending again")
		})
	}
	assert.Len(t, collect(t, c.PurchaseOrders.All(ctx, nil)), 1)
}
