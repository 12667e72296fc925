package syncrotest

import (
	"net/http"
	"net/url"
	"strings"
)

// globalAdmin is what the portal user and appointment type endpoints
// require ("Required permission: Global Admin"), as a token's permission.
const globalAdmin = "Global Admin"

// defaultPortalGroupID is the portal group Syncro assigns when none is
// given (the spec example's value).
const defaultPortalGroupID = 4

// portalUserSpec: GET/POST /portal_users (filters customer_id, email),
// PUT/DELETE /portal_users/{id}, POST /portal_users/create_invitation.
// There is no GET of one portal user. Answers are bare (quirk 1); a delete
// answers the deleted record (OBSERVED). Passwords are checked and never
// stored or rendered.
func (s *Server) portalUserSpec() resourceSpec {
	return resourceSpec{
		name: "portal_users", path: "/portal_users", one: "", many: "portal_users", idBase: 1_034_000,
		ops:  opList | opUpdate,
		perm: perms{list: globalAdmin, create: globalAdmin, edit: globalAdmin, delete: globalAdmin},
		fields: []field{
			{"email", kText}, {"customer_id", kInt}, {"contact_id", kInt}, {"portal_group_id", kInt},
		},
		perPage: 100,
		render:  func(s *Server, r record, out obj) { out["account_id"] = accountID },
		filter: func(q url.Values, r record) bool {
			if v := q.Get("customer_id"); v != "" {
				if cid, ok := castInt(v).(int64); !ok || r.id("customer_id") != cid {
					return false
				}
			}
			if v := strings.TrimSpace(q.Get("email")); v != "" && !strings.EqualFold(r.str("email"), v) {
				return false
			}
			return true
		},
		validate: func(s *Server, c *call) []string { return portalPasswordErrors(c.p) },
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/portal_users/create_invitation", globalAdmin, s.invitePortalUser},
				{http.MethodPost, "/portal_users", globalAdmin, s.createPortalUser},
				{http.MethodDelete, "/portal_users/{id}", globalAdmin, s.deletePortalUser},
			}
		},
	}
}

// portalPasswordErrors checks a password against its confirmation.
func portalPasswordErrors(p params) []string {
	if p.has("password") || p.has("password_confirmation") {
		pw, _ := p.text("password")
		conf, _ := p.text("password_confirmation")
		if pw != conf {
			return []string{"Password confirmation doesn't match Password"}
		}
	}
	return nil
}

// POST /portal_users: the bare portal user; a blank or malformed email, an
// unknown organization or mismatched passwords are the 422 with params
// echoed (passwords masked).
func (s *Server) createPortalUser(c *call) response {
	var msgs []string
	email, _ := c.p.text("email")
	switch {
	case strings.TrimSpace(email) == "":
		msgs = append(msgs, "Email can't be blank")
	case !validEmail(email):
		msgs = append(msgs, "Email is not an email")
	}
	if ctID, ok := c.p.int64("contact_id"); ok && !c.p.has("customer_id") && s.st.contacts[ctID] != nil {
		c.p["customer_id"] = s.st.contacts[ctID].customerID // the end user names the organization
	}
	if cid, ok := c.p.int64("customer_id"); !ok || s.st.customers[cid] == nil {
		msgs = append(msgs, "Customer must exist")
	}
	msgs = append(msgs, portalPasswordErrors(c.p)...)
	if len(msgs) > 0 {
		e := echo(c.p)
		for _, k := range []string{"password", "password_confirmation"} {
			if _, ok := e[k]; ok {
				e[k] = "[FILTERED]"
			}
		}
		return railsErrors(msgs, e)
	}
	if !c.p.has("portal_group_id") {
		c.p["portal_group_id"] = int64(defaultPortalGroupID)
	}
	st := s.store("portal_users")
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusOK, s.renderGeneric(st, r, true))
}

// DELETE /portal_users/{id}: the deleted record (OBSERVED).
func (s *Server) deletePortalUser(c *call) response {
	st := s.store("portal_users")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	out := s.renderGeneric(st, r, true)
	delete(st.records, r.id("id"))
	return jsonResp(http.StatusOK, out)
}

// POST /portal_users/create_invitation {id}: Syncro's message, or the 422
// for a portal user whose email cannot receive it.
func (s *Server) invitePortalUser(c *call) response {
	st := s.store("portal_users")
	id, ok := c.p.int64("id")
	r := st.records[id]
	if !ok || r == nil {
		return notFound()
	}
	if email := r.str("email"); email == "" || !validEmail(email) {
		return jsonResp(http.StatusUnprocessableEntity, obj{"success": false, "message": "Invalid email, correct the contact's email and try to resend."})
	}
	return jsonResp(http.StatusOK, obj{"success": true, "message": "All set, we BCC'd you on that invitation."})
}
