package syncro_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// Giving an end user access to the End User Portal: InviteContact creates
// (or reuses) their portal user, emails the invitation, and returns the
// login link to hand them. Against Syncro the link is
// https://acme.syncromsp.com/my_profile/user_login; here it is on the fake.
func ExamplePortalUsersService_InviteContact() {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	var janeID int64
	for c, err := range client.Contacts.All(ctx, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if c.Name == syncrotest.DemoContactName {
			janeID = c.ID
		}
	}
	inv, err := client.PortalUsers.InviteContact(ctx, janeID)
	if err != nil {
		fmt.Println(err)
		return
	}
	link, _ := url.Parse(inv.LoginURL)
	fmt.Println("portal user for", inv.PortalUser.Email, "created:", inv.Created)
	fmt.Println(inv.Message)
	fmt.Println("login page:", link.Path)

	again, err := client.PortalUsers.InviteContact(ctx, janeID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("second invitation reuses it:", again.PortalUser.ID == inv.PortalUser.ID)
	// Output:
	// portal user for jane.doe@acmetech.example created: true
	// All set, we BCC'd you on that invitation.
	// login page: /my_profile/user_login
	// second invitation reuses it: true
}

// Deleting an RMM alert resolves it: the alert stays readable, and moves
// from the active list to the resolved one.
func ExampleRmmAlertsService_Resolve() {
	srv := syncrotest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	acme := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})

	alert, err := client.RmmAlerts.Create(ctx, &syncro.RmmAlertInput{CustomerID: syncro.Ptr(acme), Description: syncro.Ptr("Low Hd Space Trigger")})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := client.RmmAlerts.Mute(ctx, alert.ID, syncro.MuteForever); err != nil {
		fmt.Println(err)
		return
	}
	if err := client.RmmAlerts.Resolve(ctx, alert.ID); err != nil {
		fmt.Println(err)
		return
	}
	again, err := client.RmmAlerts.Get(ctx, alert.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	active, _ := client.RmmAlerts.List(ctx, nil)
	resolved, _ := client.RmmAlerts.List(ctx, &syncro.RmmAlertListOptions{Status: syncro.RmmAlertsResolved})
	fmt.Println(again.Description, "resolved:", again.Resolved)
	fmt.Println("active:", len(active.Items), "resolved:", len(resolved.Items))
	// Output:
	// Low Hd Space Trigger resolved: true
	// active: 0 resolved: 1
}

// When the account has caller ID switched off, Syncro answers the plain
// word Disabled: Lookup reports it, it is not an error.
func ExampleCallerIDService_Lookup() {
	srv := syncrotest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme Dental", Phone: "603-555-0142"})

	r, err := client.CallerID.Lookup(ctx, "6035550142", false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("disabled:", r.Disabled)

	srv.EnableCallerID(true)
	r, err = client.CallerID.Lookup(ctx, "6035550142", false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("disabled: %v, caller: %s\n", r.Disabled, r.Name)
	// Output:
	// disabled: true
	// disabled: false, caller: Acme Dental
}
