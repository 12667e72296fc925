package syncrotest

// Vendor permissions, as Syncro's token editor names them.
const (
	PermVendorsList   = "Vendors - List"
	PermVendorsView   = "Vendors - View Details"
	PermVendorsCreate = "Vendors - New"
	PermVendorsEdit   = "Vendors - Edit"
)

// vendorSpec: GET/POST /vendors, GET/PUT /vendors/{id}. Syncro has no
// DELETE for vendors (quirk 11): the route does not exist, so it is 404.
// Pages hold 100 vendors, as the spec's page parameter says.
func (s *Server) vendorSpec() resourceSpec {
	return resourceSpec{
		name: "vendors", path: "/vendors", one: "vendor", many: "vendors", idBase: 81_000_000,
		ops:  opList | opGet | opCreate | opUpdate,
		perm: perms{list: PermVendorsList, view: PermVendorsView, create: PermVendorsCreate, edit: PermVendorsEdit},
		fields: []field{
			{"name", kText}, {"rep_first_name", kText}, {"rep_last_name", kText}, {"email", kText}, {"phone", kText},
			{"account_number", kText}, {"address", kText}, {"city", kText}, {"state", kText}, {"zip", kText},
			{"website", kText}, {"notes", kText},
		},
		require:  []string{"name"},
		perPage:  100,
		validate: validateEmailParam,
		seed: func(s *Server) {
			s.Insert("vendors", map[string]any{"name": "C&S Wholesale", "rep_first_name": "Bill", "rep_last_name": "Sales",
				"email": "info@candswholes.example", "phone": "603-344-5555", "city": "Keene", "state": "NH", "zip": "03455"})
		},
	}
}

// validateEmailParam refuses a malformed email with Syncro's message.
func validateEmailParam(_ *Server, c *call) []string {
	if email, _ := c.p.text("email"); !validEmail(email) {
		return []string{"Email is not an email"}
	}
	return nil
}
