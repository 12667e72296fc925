package syncrotest

import "net/http"

// Contract permissions, as Syncro's token editor names them. Reading one
// contract needs Edit (the OpenAPI document says so).
const (
	PermContractsList   = "Contracts - List/Search"
	PermContractsEdit   = "Contracts - Edit"
	PermContractsDelete = "Contracts - Delete"
)

// contractSpec: GET/POST /contracts, GET/PUT/DELETE /contracts/{id}.
// Single contracts are answered bare (quirk 1); a delete is soft: the
// contract answers null afterwards, not 404 (OBSERVED). A create or update
// without an organization is the record-and-errors 422.
func (s *Server) contractSpec() resourceSpec {
	return resourceSpec{
		name: "contracts", path: "/contracts", one: "", many: "contracts", idBase: 155_000,
		ops:  opList | opGet | opUpdate,
		perm: perms{list: PermContractsList, view: PermContractsEdit, create: PermContractsEdit, edit: PermContractsEdit, delete: PermContractsDelete},
		fields: []field{
			{"customer_id", kInt}, {"name", kText}, {"contract_amount", kText}, {"description", kText},
			{"start_date", kTime}, {"end_date", kTime}, {"primary_contact", kText}, {"status", kText},
			{"likelihood", kInt}, {"apply_to_all", kBool}, {"sla_id", kInt},
		},
		perPage:    50,
		softDelete: true,
		seed: func(s *Server) {
			s.Insert("contracts", map[string]any{"customer_id": s.demoCustomer(DemoCustomerName), "name": "Managed Services - Gold",
				"contract_amount": "1,200.00", "status": "Active", "likelihood": 100, "start_date": s.now().AddDate(0, -6, 0), "end_date": s.now().AddDate(0, 6, 0)})
		},
		render: func(s *Server, r record, out obj) { out["account_id"] = accountID },
		validate: func(s *Server, c *call) []string {
			if c.p.has("customer_id") {
				if cid, ok := c.p.int64("customer_id"); !ok || s.st.customers[cid] == nil {
					return []string{"Customer can't be blank"}
				}
			}
			return nil
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/contracts", PermContractsEdit, s.createContract},
				{http.MethodDelete, "/contracts/{id}", PermContractsDelete, s.deleteContract},
			}
		},
	}
}

// POST /contracts: the bare contract; without an existing organization the
// record-and-errors 422.
func (s *Server) createContract(c *call) response {
	st := s.store("contracts")
	cid, ok := c.p.int64("customer_id")
	if !ok || s.st.customers[cid] == nil {
		return recordErrors(s.unsavedJSON(st, c.p), []string{"Customer can't be blank"})
	}
	if blank(c.p, "status") {
		c.p["status"] = "Opportunity"
	}
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}

// DELETE /contracts/{id}: {"success": true}; the contract then answers
// null (soft delete, OBSERVED).
func (s *Server) deleteContract(c *call) response {
	st := s.store("contracts")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	st.deleted[r.id("id")] = true
	return success()
}
