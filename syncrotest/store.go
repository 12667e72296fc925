package syncrotest

import (
	"math/rand/v2"
	"time"
)

// ownerID is the technician every token belongs to: the account owner.
const ownerID int64 = 1

// accountID is the account_id Syncro puts on contacts and asset RMM stores.
const accountID int64 = 1

// idBase is where each kind's ids start. They differ per kind so that a
// client mixing up a customer id with a contact id fails loudly, and
// comment ids start above 2^31 so that a client storing ids in 32 bits
// fails too (real Syncro ids pass 5e9: SYNCRO_API.md §5.1).
var idBase = map[string]int64{
	"customers":   31_000_000,
	"phones":      35_000_000,
	"contacts":    41_000_000,
	"tickets":     52_000_000,
	"comments":    3_100_000_000,
	"line_items":  61_000_000,
	"timers":      71_000_000,
	"attachments": 56_000_000,
	"worksheets":  88_000_000,
	"assets":      9_700_000,
	"users":       0,
	"searches":    0,
}

// firstTicketNumber is the number of the first ticket; numbers count up
// from there, as an account's ticket numbers do.
const firstTicketNumber = 1001

// defaultStatuses are Syncro's default ticket statuses (GET
// /tickets/settings example and SYNCRO_API.md §4.3).
var defaultStatuses = []string{"New", "In Progress", "Resolved", "Invoiced", "Waiting for Parts", "Waiting on Customer", "Scheduled", "Customer Reply"}

// closedStatuses are what the "Not Closed" pseudo-status leaves out.
var closedStatuses = map[string]bool{"Resolved": true, "Invoiced": true}

// state is the account's data. Every access holds Server.mu.
type state struct {
	next    map[string]int64
	created map[string]int
	number  int64 // the last ticket number given

	customers map[int64]*customer
	phones    map[int64]*phone
	contacts  map[int64]*contact
	tickets   map[int64]*ticket
	assets    map[int64]*asset
	users     map[int64]*user

	assetTypes  []assetType
	ticketTypes []ticketType
	statuses    []string
	searches    []savedSearch

	generic map[string]*stored // generically stored resources, by name

	callerID bool   // the caller ID feature is on (EnableCallerID)
	otp      string // the code POST /otp_login accepts (OTPCode)

	keys *rand.Rand // portal keys: the nth customer always gets the same key
}

type assetType struct {
	id   int64
	name string
}

type ticketType struct {
	id      int64
	name    string
	created time.Time
}

// savedSearch is a saved ticket search: a name and the list filters it
// applies (ticket_search_id selects it).
type savedSearch struct {
	id      int64
	name    string
	filters map[string]string
}

func newState() *state {
	return &state{
		generic:   map[string]*stored{},
		next:      map[string]int64{},
		created:   map[string]int{},
		number:    firstTicketNumber - 1,
		customers: map[int64]*customer{},
		phones:    map[int64]*phone{},
		contacts:  map[int64]*contact{},
		tickets:   map[int64]*ticket{},
		assets:    map[int64]*asset{},
		users:     map[int64]*user{},
		assetTypes: []assetType{
			{1, "Desktop"}, {2, "Laptop"}, {3, "Server"}, {4, "Network Device"}, {5, "Printer"}, {6, "Mobile Device"},
		},
		statuses: append([]string(nil), defaultStatuses...),
		keys:     rand.New(rand.NewPCG(4, 0x5eed)),
	}
}

// newID returns the next id of a kind.
func (st *state) newID(kind string) int64 {
	st.next[kind]++
	base := idBase[kind]
	if g := st.generic[kind]; g != nil {
		base = g.spec.idBase
	}
	return base + st.next[kind]
}

// portalKey makes a 20-character portal key like Syncro's.
func (st *state) portalKey() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 20)
	for i := range b {
		b[i] = alphabet[st.keys.IntN(len(alphabet))]
	}
	return string(b)
}

// seedOwner creates the account owner, the user every token belongs to,
// and the default ticket types.
func (s *Server) seedOwner() {
	t := s.now()
	s.st.users[ownerID] = &user{id: ownerID, email: "owner@syncrotest.example", name: "Alex Morgan", group: "Admins", admin: true, color: "1e3e96", created: t, updated: t}
	s.st.next["users"] = ownerID
	s.st.ticketTypes = []ticketType{{1, "Hardware", t}, {2, "Software", t}, {3, "Network", t}}
}

// Counts are how many records of each kind the server holds.
type Counts struct {
	Customers, Phones, Contacts, Tickets, Comments, LineItems, Timers, Assets, Users int
}

// Counts returns how many records the server holds now.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Counts{
		Customers: len(s.st.customers), Phones: len(s.st.phones), Contacts: len(s.st.contacts),
		Tickets: len(s.st.tickets), Assets: len(s.st.assets), Users: len(s.st.users),
	}
	for _, t := range s.st.tickets {
		c.Comments += len(t.comments)
		c.LineItems += len(t.lineItems)
		c.Timers += len(t.timers)
	}
	return c
}
