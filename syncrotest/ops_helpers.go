package syncrotest

import (
	"net/http"
	"strings"
)

// Helpers shared by the operations resources (contracts, portal users,
// RMM alerts, appointments, ...): their non-CRUD routes reach the generic
// store by name.

// store returns a generically stored resource by name. Handlers run under
// Server.mu.
func (s *Server) store(name string) *stored { return s.st.generic[name] }

// recordErrors is the {"record": {...}, "errors": "..."} 422 of contracts
// and appointment types: the record as it would have been saved, and the
// messages joined in one string.
func recordErrors(rec obj, msgs []string) response {
	return jsonResp(http.StatusUnprocessableEntity, obj{"record": rec, "errors": strings.Join(msgs, ",")})
}

// unsavedJSON renders params as an unsaved record of st: every declared
// field, with a null id and timestamps.
func (s *Server) unsavedJSON(st *stored, p params) obj {
	r := newRecord(st.spec.fields)
	assignGeneric(r, st.spec.fields, p, s.loc)
	out := s.renderGeneric(st, r, true)
	out["id"], out["created_at"], out["updated_at"] = nil, nil, nil
	return out
}

// blank reports whether a parameter is absent or blank text.
func blank(p params, k string) bool {
	v, _ := castText(p[k])
	str, _ := v.(string)
	return strings.TrimSpace(str) == ""
}

// success is the {"success": true} answer of several deletes.
func success() response { return jsonResp(http.StatusOK, obj{"success": true}) }

// demoCustomer returns the id of the demo organization named name (the
// first organization when none has that name), 0 when there is none.
func (s *Server) demoCustomer(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := sortedIDs(s.st.customers)
	for _, id := range ids {
		if s.st.customers[id].f.str("business_name") == name {
			return id
		}
	}
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}
