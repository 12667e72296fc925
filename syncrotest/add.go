package syncrotest

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The Add helpers put records straight into the fake, without a request:
// for a test's setup. They are not counted in Stats.Created. They panic on
// a reference to a record that does not exist, a mistake in the test.

// CustomerData describes an organization for AddCustomer. Empty strings are
// sent as null, as Syncro does for unset fields.
type CustomerData struct {
	BusinessName string
	Firstname    string
	Lastname     string
	Email        string
	Phone        string // also becomes a phones entry, digits only
	Mobile       string // likewise
	Address      string
	Address2     string
	City         string
	State        string
	Zip          string
	Notes        string
	Disabled     bool
	NoEmail      bool
	// Properties are custom fields by display name.
	Properties map[string]any
	// PrepayHours is the prepay (block) hours balance as a decimal ("12.5");
	// empty is 0.
	PrepayHours string
	// CreatedAt defaults to the server's now.
	CreatedAt time.Time
}

// AddCustomer adds an organization and returns its id.
func (s *Server) AddCustomer(d CustomerData) int64 {
	p := params{}
	for k, v := range map[string]string{
		"business_name": d.BusinessName, "firstname": d.Firstname, "lastname": d.Lastname, "email": d.Email,
		"phone": d.Phone, "mobile": d.Mobile, "address": d.Address, "address_2": d.Address2, "city": d.City,
		"state": d.State, "zip": d.Zip, "notes": d.Notes,
	} {
		if v != "" {
			p[k] = v
		}
	}
	p["disabled"], p["no_email"] = d.Disabled, d.NoEmail
	if d.Properties != nil {
		p["properties"] = copyProps(d.Properties)
	}
	var prepay decimal.Decimal
	if d.PrepayHours != "" {
		var err error
		if prepay, err = decimal.NewFromString(d.PrepayHours); err != nil {
			panic(fmt.Sprintf("syncrotest: AddCustomer: PrepayHours %q is not a decimal", d.PrepayHours))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cu := s.insertCustomer(p, s.at(d.CreatedAt))
	cu.prepay = prepay
	return cu.id
}

// at returns t, or the server's now when t is zero.
func (s *Server) at(t time.Time) time.Time {
	if t.IsZero() {
		return s.now()
	}
	return t
}

// SetPrepayHours sets an organization's prepay hours balance ("12.5").
func (s *Server) SetPrepayHours(customerID int64, hours string) {
	d, err := decimal.NewFromString(hours)
	if err != nil {
		panic(fmt.Sprintf("syncrotest: SetPrepayHours: %q is not a decimal", hours))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCustomer("SetPrepayHours", customerID).prepay = d
}

func (s *Server) mustCustomer(op string, id int64) *customer {
	cu, ok := s.st.customers[id]
	if !ok {
		panic(fmt.Sprintf("syncrotest: %s: no customer %d", op, id))
	}
	return cu
}

func (s *Server) mustTicket(op string, id int64) *ticket {
	t, ok := s.st.tickets[id]
	if !ok {
		panic(fmt.Sprintf("syncrotest: %s: no ticket %d", op, id))
	}
	return t
}

// ContactData describes an end user for AddContact.
type ContactData struct {
	CustomerID int64 // required
	Name       string
	Email      string
	Phone      string
	Mobile     string
	Title      string // stored in properties.title, as Syncro does
	Address1   string
	City       string
	State      string
	Zip        string
	Notes      string
	Properties map[string]any
	CreatedAt  time.Time
}

// AddContact adds an end user to an organization and returns its id.
func (s *Server) AddContact(d ContactData) int64 {
	p := params{}
	for k, v := range map[string]string{
		"name": d.Name, "email": d.Email, "phone": d.Phone, "mobile": d.Mobile, "title": d.Title,
		"address1": d.Address1, "city": d.City, "state": d.State, "zip": d.Zip, "notes": d.Notes,
	} {
		if v != "" {
			p[k] = v
		}
	}
	if d.Properties != nil {
		p["properties"] = copyProps(d.Properties)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCustomer("AddContact", d.CustomerID)
	now := s.at(d.CreatedAt)
	ct := &contact{id: s.st.newID("contacts"), customerID: d.CustomerID, f: newRecord(contactFields), props: map[string]any{}, created: now, updated: now}
	applyContactParams(ct, p, s)
	s.st.contacts[ct.id] = ct
	return ct.id
}

// CommentData describes a ticket comment for AddTicket and AddComment.
type CommentData struct {
	Subject   string
	Body      string
	Tech      string // defaults to the user's name
	Hidden    bool
	UserID    int64 // defaults to the account owner
	CreatedAt time.Time
}

// TicketData describes a ticket for AddTicket.
type TicketData struct {
	CustomerID  int64 // required
	ContactID   int64
	UserID      int64 // the assigned technician; 0 leaves it unassigned
	Subject     string
	Status      string // default "New"
	ProblemType string
	Priority    string
	TicketType  string // a ticket type's name, like "Hardware"
	Properties  map[string]any
	Tags        []string
	AssetIDs    []int64
	Comments    []CommentData // oldest first; the first is the initial issue
	CreatedAt   time.Time
	// UpdatedAt defaults to the last comment's time, else CreatedAt. A
	// closed status resolves the ticket at UpdatedAt.
	UpdatedAt time.Time
}

// AddTicket adds a ticket, with its comments, and returns its id.
func (s *Server) AddTicket(d TicketData) int64 {
	p := params{"customer_id": d.CustomerID, "subject": d.Subject}
	for k, v := range map[string]string{"status": d.Status, "problem_type": d.ProblemType, "priority": d.Priority} {
		if v != "" {
			p[k] = v
		}
	}
	for k, v := range map[string]int64{"contact_id": d.ContactID, "user_id": d.UserID} {
		if v != 0 {
			p[k] = v
		}
	}
	if d.Properties != nil {
		p["properties"] = copyProps(d.Properties)
	}
	if d.Tags != nil {
		p["tag_list"] = stringsToAny(d.Tags)
	}
	if d.AssetIDs != nil {
		ids := make([]any, len(d.AssetIDs))
		for i, id := range d.AssetIDs {
			ids[i] = id
		}
		p["asset_ids"] = ids
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCustomer("AddTicket", d.CustomerID)
	if d.TicketType != "" {
		p["ticket_type_id"] = s.ticketTypeID(d.TicketType)
	}
	created := s.at(d.CreatedAt)
	t := s.insertTicket(p, ownerID, created)
	t.due(created)
	updated := created
	for _, cd := range d.Comments {
		cm := s.insertComment(t, cd, created)
		if cm.created.After(updated) {
			updated = cm.created
		}
	}
	if !d.UpdatedAt.IsZero() {
		updated = d.UpdatedAt
	}
	t.updated = updated
	if closedStatuses[t.f.str("status")] {
		t.resolved = updated
	}
	return t.id
}

// due sets a ticket's due date to a day after it was opened.
func (t *ticket) due(created time.Time) { t.f["due_date"] = created.Add(24 * time.Hour) }

func (s *Server) ticketTypeID(name string) int64 {
	for _, tt := range s.st.ticketTypes {
		if strings.EqualFold(tt.name, name) {
			return tt.id
		}
	}
	id := int64(len(s.st.ticketTypes) + 1)
	s.st.ticketTypes = append(s.st.ticketTypes, ticketType{id: id, name: name, created: s.now()})
	return id
}

func (s *Server) insertComment(t *ticket, cd CommentData, def time.Time) *comment {
	uid := cd.UserID
	if uid == 0 {
		uid = ownerID
	}
	p := params{"subject": cd.Subject, "body": cd.Body, "hidden": cd.Hidden}
	if cd.Tech != "" {
		p["tech"] = cd.Tech
	}
	at := cd.CreatedAt
	if at.IsZero() {
		at = def
	}
	return s.addComment(t, p, uid, at)
}

// AddComment adds a comment to a ticket and returns its id.
func (s *Server) AddComment(ticketID int64, d CommentData) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.mustTicket("AddComment", ticketID)
	return s.insertComment(t, d, s.now()).id
}

// LineItemData describes a ticket line item for AddLineItem. Numbers are
// decimal strings.
type LineItemData struct {
	Name        string
	Description string
	Quantity    string // default "1"
	PriceCost   string
	PriceRetail string
	ProductID   int64
}

// AddLineItem adds a line item to a ticket and returns its id.
func (s *Server) AddLineItem(ticketID int64, d LineItemData) int64 {
	p := params{"name": d.Name, "description": d.Description}
	for k, v := range map[string]string{"quantity": d.Quantity, "price_cost": d.PriceCost, "price_retail": d.PriceRetail} {
		if v != "" {
			p[k] = v
		}
	}
	if d.ProductID != 0 {
		p["product_id"] = d.ProductID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.mustTicket("AddLineItem", ticketID)
	li := &lineItem{userID: ownerID, quantity: decimal.NewFromInt(1), taxable: true}
	applyLineItem(li, p)
	s.insertLineItem(t, li, s.now())
	return li.id
}

// TimerData describes logged time for AddTimer.
type TimerData struct {
	UserID int64 // defaults to the account owner
	Start  time.Time
	End    time.Time
	Notes  string
	// Charged marks the entry recorded (charged), with its labor line item.
	Charged bool
}

// AddTimer logs time on a ticket and returns the timer entry's id.
func (s *Server) AddTimer(ticketID int64, d TimerData) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.mustTicket("AddTimer", ticketID)
	uid := d.UserID
	if uid == 0 {
		uid = ownerID
	}
	end := d.End
	if end.Before(d.Start) {
		end = d.Start
	}
	secs := int64(end.Sub(d.Start) / time.Second)
	now := s.now()
	tm := &timer{id: s.st.newID("timers"), ticketID: t.id, userID: uid, start: d.Start, end: end, productID: defaultLaborProductID,
		activeDuration: secs, billableTime: secs, notes: nilIfEmpty(d.Notes), created: now, updated: now}
	t.timers = append(t.timers, tm)
	if d.Charged {
		rate := laborRate
		hours := decimal.NewFromInt(secs).Div(decimal.NewFromInt(3600)).Round(2)
		li := &lineItem{userID: uid, productID: defaultLaborProductID, name: "Labor", description: nonEmpty(d.Notes, "Labor"), quantity: hours, retail: &rate}
		s.insertLineItem(t, li, now)
		tm.recorded, tm.lineItemID = true, li.id
	}
	return tm.id
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// AssetData describes an asset for AddAsset.
type AssetData struct {
	CustomerID  int64 // required
	ContactID   int64
	Name        string
	AssetType   string // a type's name; an unknown one is created
	Serial      string
	Properties  map[string]any
	SNMPEnabled bool
}

// AddAsset adds an asset (with its properties, which the API would ignore
// on create) and returns its id.
func (s *Server) AddAsset(d AssetData) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustCustomer("AddAsset", d.CustomerID)
	typeID, ok := s.findAssetType(d.AssetType)
	if !ok {
		typeID = int64(len(s.st.assetTypes) + 1)
		s.st.assetTypes = append(s.st.assetTypes, assetType{id: typeID, name: nonEmpty(d.AssetType, "Desktop")})
	}
	now := s.now()
	a := &asset{id: s.st.newID("assets"), name: d.Name, customerID: d.CustomerID, typeID: typeID,
		serial: nilIfEmpty(d.Serial), props: copyProps(d.Properties), created: now, updated: now}
	if d.ContactID != 0 {
		a.contactID = d.ContactID
	}
	if d.SNMPEnabled {
		a.snmp = true
	}
	s.st.assets[a.id] = a
	return a.id
}

// UserData describes a technician for AddUser.
type UserData struct {
	Name  string
	Email string
	Group string // default "Technicians"
	Admin bool
	Color string // hex without '#'; default "55b932"
}

// AddUser adds a technician and returns its id.
func (s *Server) AddUser(d UserData) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	u := &user{id: s.st.newID("users"), name: d.Name, email: d.Email, group: nonEmpty(d.Group, "Technicians"),
		admin: d.Admin, color: nonEmpty(d.Color, "55b932"), created: now, updated: now}
	s.st.users[u.id] = u
	return u.id
}

// AddSavedSearch adds a saved ticket search (listed in GET
// /tickets/settings) that GET /tickets?ticket_search_id= applies: filters
// are ticket list parameters, like {"status": "Not Closed"}.
func (s *Server) AddSavedSearch(name string, filters map[string]string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := make(map[string]string, len(filters))
	for k, v := range filters {
		f[k] = v
	}
	ss := savedSearch{id: s.st.newID("searches"), name: name, filters: f}
	s.st.searches = append(s.st.searches, ss)
	return ss.id
}

// SetTicketStatuses replaces the account's ticket statuses (GET
// /tickets/settings), which Syncro lets each account customise.
func (s *Server) SetTicketStatuses(statuses ...string) {
	s.mu.Lock()
	s.st.statuses = append([]string(nil), statuses...)
	s.mu.Unlock()
}
