package syncrotest

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// phone is one entry of a customer's phones sub-resource.
type phone struct {
	id         int64
	customerID int64
	label      any // string or nil
	number     string
	extension  any
	created    time.Time
	updated    time.Time
}

func (s *Server) phoneJSON(p *phone) obj {
	return obj{
		"id": p.id, "label": p.label, "number": p.number, "customer_id": p.customerID,
		"created_at": s.ts(p.created), "updated_at": s.ts(p.updated), "extension": p.extension,
	}
}

// phonesOf returns a customer's phones newest first, the order of the
// spec's example.
func (s *Server) phonesOf(customerID int64) []*phone {
	var out []*phone
	for _, p := range s.st.phones {
		if p.customerID == customerID {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id > out[j].id })
	return out
}

func (s *Server) insertPhone(customerID int64, label any, number string, ext any, now time.Time) *phone {
	p := &phone{id: s.st.newID("phones"), customerID: customerID, label: label, number: number, extension: ext, created: now, updated: now}
	s.st.phones[p.id] = p
	return p
}

// GET /customers/{customer_id}/phones: {"phones": [...]}, no meta.
func (s *Server) listPhones(c *call) response {
	cu, ok := s.customerFromPath(c, "customer_id")
	if !ok {
		return notFound()
	}
	out := []any{}
	for _, p := range s.phonesOf(cu.id) {
		out = append(out, s.phoneJSON(p))
	}
	return jsonResp(http.StatusOK, obj{"phones": out})
}

// phoneParams echoes the params of a phone 422 as Syncro does: the body
// plus the path ids, as strings.
func phoneParams(c *call) obj {
	e := echo(c.p)
	for k, v := range c.vars {
		e[k] = v
	}
	return e
}

// POST /customers/{customer_id}/phones: a bare phone; number required,
// formatting stripped.
func (s *Server) createPhone(c *call) response {
	cu, ok := s.customerFromPath(c, "customer_id")
	if !ok {
		return notFound()
	}
	number, _ := c.p.text("number")
	if digitsOnly(number) == "" {
		return railsErrors([]string{"Number can't be blank"}, phoneParams(c))
	}
	label, _ := castText(c.p["label"])
	ext, _ := castText(c.p["extension"])
	p := s.insertPhone(cu.id, label, digitsOnly(number), ext, c.now)
	s.st.created["phones"]++
	return jsonResp(http.StatusOK, s.phoneJSON(p))
}

func (s *Server) phoneFromPath(c *call) (*phone, bool) {
	cu, ok := s.customerFromPath(c, "customer_id")
	if !ok {
		return nil, false
	}
	p, ok := recordAt(c, "id", s.st.phones)
	if !ok || p.customerID != cu.id {
		return nil, false
	}
	return p, true
}

// PUT /customers/{customer_id}/phones/{id}
func (s *Server) updatePhone(c *call) response {
	p, ok := s.phoneFromPath(c)
	if !ok {
		return notFound()
	}
	if number, sent := c.p.text("number"); sent {
		if digitsOnly(number) == "" {
			e := phoneParams(c)
			e["id"] = strconv.FormatInt(p.id, 10)
			return railsErrors([]string{"Number can't be blank"}, e)
		}
		p.number = digitsOnly(number)
	}
	if c.p.has("label") {
		p.label, _ = castText(c.p["label"])
	}
	if c.p.has("extension") {
		p.extension, _ = castText(c.p["extension"])
	}
	p.updated = c.now
	return jsonResp(http.StatusOK, s.phoneJSON(p))
}

// DELETE /customers/{customer_id}/phones/{id}. The spec documents no body;
// {"success": true} is what Syncro answers for contacts and is used here.
func (s *Server) deletePhone(c *call) response {
	p, ok := s.phoneFromPath(c)
	if !ok {
		return notFound()
	}
	delete(s.st.phones, p.id)
	return jsonResp(http.StatusOK, obj{"success": true})
}
