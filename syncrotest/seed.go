package syncrotest

import (
	"time"
)

// Demo data names that examples and tests may rely on.
const (
	// DemoCustomerName is the demo account's first organization.
	DemoCustomerName = "[Example] Acme Tech Solutions"
	// DemoContactName is that organization's main end user.
	DemoContactName = "Jane Doe"
	// DemoPrepayCustomerName is the demo organization with 12.5 prepay hours.
	DemoPrepayCustomerName = "Northwind Dental Group"
)

// seedDemo loads the demo account (see WithDemoData). Times are relative to
// the server's clock, so a fixed clock gives fixed data.
func (s *Server) seedDemo() {
	now := s.now()
	ago := func(days, hours int) time.Time {
		return now.Add(-time.Duration(days)*24*time.Hour - time.Duration(hours)*time.Hour)
	}

	priya := s.AddUser(UserData{Name: "Priya Patel", Email: "priya@syncrotest.example", Color: "55b932"})
	marcus := s.AddUser(UserData{Name: "Marcus Lee", Email: "marcus@syncrotest.example", Color: "e67e22"})
	s.AddSavedSearch("Open tickets", map[string]string{"status": "Not Closed"})
	s.AddSavedSearch("My tickets", map[string]string{"mine": "true"})

	acme := s.AddCustomer(CustomerData{
		BusinessName: DemoCustomerName, Firstname: "Jane", Lastname: "Doe", Email: "jane.doe@acmetech.example",
		Phone: "555-0100", Address: "123 Main St", City: "Springfield", State: "IL", Zip: "62701",
		Properties: map[string]any{"Industry": "Technology", "VIP": "1"}, CreatedAt: ago(400, 0),
	})
	jane := s.AddContact(ContactData{CustomerID: acme, Name: DemoContactName, Email: "jane.doe@acmetech.example", Phone: "555-0101",
		Title: "Office Manager", Properties: map[string]any{"notification_billing": "1", "notification_reports": "1", "notification_marketing": "0"}, CreatedAt: ago(400, 0)})
	john := s.AddContact(ContactData{CustomerID: acme, Name: "John Smith", Email: "john.smith@acmetech.example", Mobile: "(555) 010-2000",
		Title: "IT Coordinator", CreatedAt: ago(300, 0)})

	northwind := s.AddCustomer(CustomerData{
		BusinessName: DemoPrepayCustomerName, Firstname: "Emily", Lastname: "Chen", Email: "office@northwinddental.example",
		Phone: "555-0200", Address: "48 Harbor Rd", City: "Portland", State: "ME", Zip: "04101", PrepayHours: "12.5",
		Properties: map[string]any{"Industry": "Healthcare"}, CreatedAt: ago(250, 0),
	})
	emily := s.AddContact(ContactData{CustomerID: northwind, Name: "Dr. Emily Chen", Email: "emily.chen@northwinddental.example", Title: "Practice Owner", CreatedAt: ago(250, 0)})
	s.AddContact(ContactData{CustomerID: northwind, Name: "Raj Patel", Email: "raj.patel@northwinddental.example", Phone: "555-0202", Title: "Front Desk", CreatedAt: ago(200, 0)})

	bluebird := s.AddCustomer(CustomerData{
		BusinessName: "Bluebird Logistics", Firstname: "Carlos", Lastname: "Rivera", Email: "it@bluebirdlogistics.example",
		Phone: "555-0300", City: "Tulsa", State: "OK", Properties: map[string]any{"Industry": "Transportation"}, CreatedAt: ago(180, 0),
	})
	carlos := s.AddContact(ContactData{CustomerID: bluebird, Name: "Carlos Rivera", Email: "carlos@bluebirdlogistics.example", Title: "Operations Manager", CreatedAt: ago(180, 0)})

	riverside := s.AddCustomer(CustomerData{
		BusinessName: "Riverside Law Group", Firstname: "Hannah", Lastname: "Brooks", Email: "admin@riversidelaw.example",
		City: "Madison", State: "WI", PrepayHours: "1.5", Properties: map[string]any{"Industry": "Legal"}, CreatedAt: ago(120, 0),
	})
	s.AddContact(ContactData{CustomerID: riverside, Name: "Hannah Brooks", Email: "hannah@riversidelaw.example", Title: "Managing Partner", CreatedAt: ago(120, 0)})

	sam := s.AddCustomer(CustomerData{Firstname: "Sam", Lastname: "Wilson", Email: "sam.wilson@mail.example", Mobile: "555-0400", CreatedAt: ago(30, 0)})
	s.AddCustomer(CustomerData{BusinessName: "Old Town Bakery", Firstname: "Greta", Lastname: "Holm", Disabled: true, CreatedAt: ago(700, 0)})

	server := s.AddAsset(AssetData{CustomerID: acme, Name: "ACME-DC01", AssetType: "Server", Serial: "SRV-1001",
		Properties: map[string]any{"os": "Windows Server 2022", "ram": "32 GB", "manufacturer": "Dell", "model": "PowerEdge T350"}})
	s.AddAsset(AssetData{CustomerID: acme, ContactID: jane, Name: "JANE-LT", AssetType: "Laptop", Serial: "5CG1234XYZ",
		Properties: map[string]any{"os": "Windows 11 Pro", "ram": "16 GB", "manufacturer": "HP"}})
	xray := s.AddAsset(AssetData{CustomerID: northwind, ContactID: emily, Name: "XRAY-PC", AssetType: "Desktop",
		Properties: map[string]any{"os": "Windows 10 Pro", "ram": "8 GB"}})
	s.AddAsset(AssetData{CustomerID: bluebird, Name: "BB-FW01", AssetType: "Network Device", Serial: "FGT60F0001", SNMPEnabled: true})

	s.AddTicket(TicketData{CustomerID: acme, ContactID: jane, Subject: "Email not syncing on phone", ProblemType: "Email",
		Priority: "2 Normal", CreatedAt: ago(1, 3), Comments: []CommentData{
			{Subject: "Initial Issue", Body: "My work email stopped syncing on my phone this morning.", Tech: "customer-reply", UserID: ownerID},
		}})
	backup := s.AddTicket(TicketData{CustomerID: acme, ContactID: john, UserID: priya, Subject: "Replace failing backup drive",
		Status: "In Progress", ProblemType: "Hardware", Priority: "1 High", TicketType: "Hardware", AssetIDs: []int64{server},
		Tags: []string{"backup"}, CreatedAt: ago(6, 0), Comments: []CommentData{
			{Subject: "Initial Issue", Body: "Backup job reports SMART errors on drive 2.", CreatedAt: ago(6, 0)},
			{Subject: "Diagnosis", Body: "Drive 2 is failing; replacement ordered.", Hidden: true, UserID: priya, CreatedAt: ago(5, 0)},
			{Subject: "Update", Body: "New drive arrives tomorrow; backups continue on drive 1.", UserID: priya, CreatedAt: ago(4, 0)},
		}})
	s.AddLineItem(backup, LineItemData{Name: "2TB Backup Drive", Description: "WD Red Plus 2TB", PriceCost: "89.50", PriceRetail: "129.99"})
	s.AddTimer(backup, TimerData{UserID: priya, Start: ago(5, 2), End: ago(5, 2).Add(45 * time.Minute), Notes: "Diagnosed drive failure"})
	onboarding := s.AddTicket(TicketData{CustomerID: acme, ContactID: jane, UserID: marcus, Subject: "Set up new hire workstation",
		Status: "Resolved", ProblemType: "Setup", Priority: "2 Normal", CreatedAt: ago(20, 0), UpdatedAt: ago(18, 0), Comments: []CommentData{
			{Subject: "Initial Issue", Body: "New hire starts Monday; needs a laptop and accounts.", CreatedAt: ago(20, 0)},
			{Subject: "Resolved", Body: "Laptop imaged, accounts created, handed over.", UserID: marcus, CreatedAt: ago(18, 0)},
		}})
	s.AddTimer(onboarding, TimerData{UserID: marcus, Start: ago(19, 4), End: ago(19, 4).Add(90 * time.Minute), Notes: "Imaged laptop", Charged: true})

	slow := s.AddTicket(TicketData{CustomerID: northwind, ContactID: emily, UserID: priya, Subject: "X-ray PC running slow",
		Status: "Waiting on Customer", ProblemType: "Performance", Priority: "2 Normal", AssetIDs: []int64{xray}, CreatedAt: ago(3, 0),
		Comments: []CommentData{
			{Subject: "Initial Issue", Body: "Imaging software takes minutes to open.", CreatedAt: ago(3, 0)},
			{Subject: "Question", Body: "Can we reboot the PC after hours tonight?", UserID: priya, CreatedAt: ago(2, 0)},
		}})
	s.AddTimer(slow, TimerData{UserID: priya, Start: ago(2, 5), End: ago(2, 4), Notes: "Remote diagnostics"})
	s.AddTicket(TicketData{CustomerID: northwind, Subject: "Front office printer offline", Status: "Waiting for Parts", ProblemType: "Printer",
		Priority: "3 Low", UserID: marcus, CreatedAt: ago(8, 0), Comments: []CommentData{{Subject: "Initial Issue", Body: "Printer shows a fuser error.", CreatedAt: ago(8, 0)}}})
	s.AddTicket(TicketData{CustomerID: bluebird, ContactID: carlos, UserID: ownerID, Subject: "VPN drops every hour", Status: "Customer Reply",
		ProblemType: "Network", Priority: "1 High", TicketType: "Network", CreatedAt: ago(2, 0), Comments: []CommentData{
			{Subject: "Initial Issue", Body: "Remote staff lose the VPN roughly every hour.", CreatedAt: ago(2, 0)},
			{Subject: "Reply", Body: "It happened again at 10:05.", Tech: "customer-reply", CreatedAt: ago(0, 5)},
		}})
	s.AddTicket(TicketData{CustomerID: riverside, UserID: ownerID, Subject: "Annual firewall review", Status: "Invoiced", ProblemType: "Network",
		CreatedAt: ago(45, 0), UpdatedAt: ago(40, 0), Comments: []CommentData{{Subject: "Initial Issue", Body: "Yearly review of firewall rules.", CreatedAt: ago(45, 0)}}})
	s.AddTicket(TicketData{CustomerID: sam, Subject: "Virus removal", ProblemType: "Virus", Priority: "2 Normal", CreatedAt: ago(0, 2),
		Comments: []CommentData{{Subject: "Initial Issue", Body: "Pop-ups everywhere after installing a game.", CreatedAt: ago(0, 2)}}})
	s.seedResources()
}
