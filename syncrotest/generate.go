package syncrotest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Generate describes generated data for load tests (WithGeneratedData,
// Server.Generate). The same Generate always gives the same records.
type Generate struct {
	Seed          uint64
	Organizations int // organizations (customers) to create
	Contacts      int // end users, spread evenly over the organizations
	Tickets       int // tickets, spread evenly, in assorted statuses, one comment each
}

// Generated lists the ids Generate created, in creation order.
type Generated struct {
	Customers []int64
	Contacts  []int64
	Tickets   []int64
}

var (
	genAdjectives = []string{"Granite", "Harbor", "Summit", "Cedar", "Blue Ridge", "Silver", "Maple", "Northstar", "Redwood", "Lakeside", "Prairie", "Coastal", "Ironwood", "Evergreen", "Golden", "Pioneer"}
	genNouns      = []string{"Dental", "Logistics", "Law Group", "Accounting", "Veterinary", "Builders", "Insurance", "Realty", "Clinic", "Engineering", "Design", "Foods", "Motors", "Pharmacy", "Academy", "Partners"}
	genSuffixes   = []string{"LLC", "Inc.", "Co.", "Ltd.", "Group", "& Sons", "Associates", "PC"}
	genFirst      = []string{"Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "Mateo", "Mia", "Lucas", "Amara", "Kenji", "Fatima", "Diego", "Ingrid", "Tariq", "Chloe", "Wei", "Nadia", "Owen"}
	genLast       = []string{"Garcia", "Nguyen", "Smith", "Okafor", "Johansson", "Kowalski", "Haddad", "Tanaka", "Murphy", "Rossi", "Silva", "Cohen", "Patel", "Dubois", "Novak", "Kim"}
	genProblems   = []string{"Printer offline", "Cannot log in", "Slow computer", "Email bounce-backs", "VPN disconnects", "New user setup", "Backup failed", "Wi-Fi dead zone", "Software license renewal", "Phishing email reported"}
	genTypes      = []string{"Hardware", "Software", "Network"}
)

// Generate creates organizations, end users and tickets on a running
// server and returns their ids. Organizations are named like "Granite
// Dental LLC" (unique); end users get a name and an email at their
// organization's domain; tickets cycle through the account's statuses.
func (s *Server) Generate(g Generate) Generated {
	rng := rand.New(rand.NewPCG(g.Seed, g.Seed^0x9e3779b97f4a7c15))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	now := s.now()
	ago := func() time.Time { return now.Add(-time.Duration(rng.IntN(365*24*60)) * time.Minute) }
	var out Generated
	orgs := max(g.Organizations, 0)
	if orgs == 0 && (g.Contacts > 0 || g.Tickets > 0) {
		orgs = 1
	}
	seen := map[string]bool{}
	domains := make([]string, 0, orgs)
	for i := 0; i < orgs; i++ {
		name := pick(genAdjectives) + " " + pick(genNouns) + " " + pick(genSuffixes)
		for n := 2; seen[name]; n++ {
			name = fmt.Sprintf("%s %s %s %d", pick(genAdjectives), pick(genNouns), pick(genSuffixes), n)
		}
		seen[name] = true
		domain := domainOf(name)
		domains = append(domains, domain)
		first, last := pick(genFirst), pick(genLast)
		id := s.AddCustomer(CustomerData{
			BusinessName: name, Firstname: first, Lastname: last, Email: "office@" + domain,
			Phone: fmt.Sprintf("555-%04d", rng.IntN(10000)), City: pick([]string{"Austin", "Denver", "Raleigh", "Boise", "Omaha", "Fresno"}),
			CreatedAt: ago(),
		})
		out.Customers = append(out.Customers, id)
	}
	for i := 0; i < g.Contacts; i++ {
		org := i % orgs
		first, last := pick(genFirst), pick(genLast)
		id := s.AddContact(ContactData{
			CustomerID: out.Customers[org], Name: first + " " + last,
			Email:     fmt.Sprintf("%s.%s.%d@%s", strings.ToLower(first), strings.ToLower(last), i+1, domains[org]),
			Phone:     fmt.Sprintf("555-%04d", rng.IntN(10000)),
			CreatedAt: ago(),
		})
		out.Contacts = append(out.Contacts, id)
	}
	s.mu.Lock()
	statuses := append([]string(nil), s.st.statuses...)
	var techs []int64
	for _, id := range sortedIDs(s.st.users) {
		techs = append(techs, id)
	}
	s.mu.Unlock()
	for i := 0; i < g.Tickets; i++ {
		created := ago()
		subject := pick(genProblems)
		var uid int64
		if rng.IntN(4) > 0 {
			uid = techs[rng.IntN(len(techs))]
		}
		id := s.AddTicket(TicketData{
			CustomerID: out.Customers[i%orgs], UserID: uid, Subject: subject, Status: statuses[i%len(statuses)],
			ProblemType: strings.Fields(subject)[0], TicketType: pick(genTypes), CreatedAt: created,
			Comments: []CommentData{{Subject: "Initial Issue", Body: subject + ".", CreatedAt: created}},
		})
		out.Tickets = append(out.Tickets, id)
	}
	return out
}

// domainOf makes an email domain from an organization's name.
func domainOf(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String() + ".example"
}
