package syncrotest

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"time"
)

// user is a technician.
type user struct {
	id      int64
	email   string
	name    string
	group   string
	admin   bool
	color   string
	created time.Time
	updated time.Time
}

// userJSON is the user object of GET /users/{id} and of tickets.
func (s *Server) userJSON(u *user) obj {
	return obj{
		"id": u.id, "email": u.email, "full_name": u.name, "created_at": s.ts(u.created),
		"updated_at": s.ts(u.updated), "group": u.group, "admin": u.admin, "color": u.color,
	}
}

// userOrNil renders the user with this id, or null.
func (s *Server) userOrNil(id int64) any {
	if u, ok := s.st.users[id]; ok {
		return s.userJSON(u)
	}
	return nil
}

func (s *Server) userName(id int64) string {
	if u, ok := s.st.users[id]; ok {
		return u.name
	}
	return ""
}

// GET /users: {"users": [[id, "name"], ...]}, pairs rather than objects,
// and no meta.
func (s *Server) listUsers(*call) response {
	out := []any{}
	for _, id := range sortedIDs(s.st.users) {
		out = append(out, []any{id, s.st.users[id].name})
	}
	return jsonResp(http.StatusOK, obj{"users": out})
}

// GET /users/{id}: {"user": {...}}.
func (s *Server) getUser(c *call) response {
	id, ok := c.pathID("id")
	if !ok {
		return notFound()
	}
	u, ok := s.st.users[id]
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"user": s.userJSON(u)})
}

// GET /me: the bare object describing the token's user and what the token
// may do.
func (s *Server) me(c *call) response {
	u := s.st.users[c.user]
	if u == nil {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{
		"user_token":             userToken(u.id),
		"user_email":             u.email,
		"user_name":              u.name,
		"user_id":                u.id,
		"admin":                  u.admin && c.tok.all,
		"can_use_app":            true,
		"two_factor_required":    false,
		"subdomain":              s.subdomain,
		"default_location":       nil,
		"enable_multi_locations": false,
		"locations_allowed":      []any{},
		"permissions":            mePermissions(c.tok),
	})
}

// userToken is the user's UUID-shaped user_token (not an API token).
func userToken(id int64) string {
	h := fnv.New128a()
	fmt.Fprintf(h, "syncrotest-user-%d", id)
	b := h.Sum(nil)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
