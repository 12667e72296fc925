package syncrotest

import (
	"encoding/json"
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

// credentialFields are the body fields that carry a credential other than
// the token, by route: the request log keeps them as [REDACTED], so that a
// test or a tool printing Requests() prints no one-time code or password.
var credentialFields = map[string][]string{
	"POST /otp_login":        {"code"},
	"POST /portal_users":     {"password", "password_confirmation"},
	"PUT /portal_users/{id}": {"password", "password_confirmation"},
}

// redactCredentials returns body with the credential fields of route
// replaced by [REDACTED]; a body that is not a JSON object, or carries none
// of them, is returned as it is.
func redactCredentials(route string, body []byte) []byte {
	fields := credentialFields[route]
	if len(fields) == 0 || len(body) == 0 {
		return body
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	changed := false
	for _, f := range fields {
		if _, ok := m[f]; ok {
			m[f] = json.RawMessage(`"[REDACTED]"`)
			changed = true
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
