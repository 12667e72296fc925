package syncrotest

import (
	"net/http"
	"time"
)

// contact is an end user.
type contact struct {
	id         int64
	customerID int64
	f          record
	props      map[string]any
	created    time.Time
	updated    time.Time
}

// contactFields are the writable attributes of POST/PUT /contacts.
var contactFields = []field{
	{"name", kText}, {"address1", kText}, {"address2", kText}, {"city", kText}, {"state", kText},
	{"zip", kText}, {"email", kText}, {"phone", kText}, {"mobile", kText}, {"notes", kText},
	{"extension", kText}, {"ticket_matching_emails", kText}, {"opt_out", kBool}, {"vendor_id", kInt},
}

// contactDefaultPerPage is the page size of GET /contacts: the spec
// example's meta.per_page and the live observation agree on 50.
const contactDefaultPerPage = 50

// notificationProps are the contact properties Syncro keeps as "1"/"0".
var notificationProps = []string{"notification_billing", "notification_marketing", "notification_reports"}

// contactJSON renders a contact: a bare object (no envelope), with title
// and the notification flags inside properties, as Syncro sends them.
func (s *Server) contactJSON(ct *contact) obj {
	o := obj{
		"id":               ct.id,
		"customer_id":      ct.customerID,
		"account_id":       accountID,
		"latitude":         nil,
		"longitude":        nil,
		"created_at":       s.ts(ct.created),
		"updated_at":       s.ts(ct.updated),
		"properties":       copyProps(ct.props),
		"processed_phone":  nilIfEmpty(digitsOnly(ct.f.str("phone"))),
		"processed_mobile": nilIfEmpty(digitsOnly(ct.f.str("mobile"))),
	}
	for _, f := range contactFields {
		o[f.name] = s.wire(ct.f[f.name])
	}
	return o
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// contactsOf returns a customer's contacts by id.
func (s *Server) contactsOf(customerID int64) []*contact {
	var out []*contact
	for _, id := range sortedIDs(s.st.contacts) {
		if ct := s.st.contacts[id]; ct.customerID == customerID {
			out = append(out, ct)
		}
	}
	return out
}

// applyContactParams writes the body of POST/PUT /contacts: the fields,
// title into properties.title (OBSERVED), properties merged by key, and the
// notification flags as "1"/"0" strings whatever type was sent.
func applyContactParams(ct *contact, p params, s *Server) {
	ct.f.assign(contactFields, p, s.loc)
	if props, ok := p.object("properties"); ok {
		ct.props = mergeProps(ct.props, props)
	}
	if title, ok := p.text("title"); ok {
		ct.props["title"] = title
	}
	for _, k := range notificationProps {
		if v, ok := ct.props[k]; ok {
			if _, isString := v.(string); !isString || (v != "1" && v != "0") {
				if b, _ := castBool(v).(bool); b {
					ct.props[k] = "1"
				} else {
					ct.props[k] = "0"
				}
			}
		}
	}
}

// contactRecordError is the {"record": {...}, "errors": "..."} 422 of
// contacts: the record as it would have been saved, and one message string.
func (s *Server) contactRecordError(ct *contact, unsaved bool, msg string) response {
	rec := s.contactJSON(ct)
	if unsaved {
		rec["id"], rec["created_at"], rec["updated_at"] = nil, nil, nil
	}
	return jsonResp(http.StatusUnprocessableEntity, obj{"record": rec, "errors": msg})
}

// GET /contacts?customer_id=&page=: the only filter is customer_id.
func (s *Server) listContacts(c *call) response {
	var items []*contact
	filter, byCustomer := c.p.int64("customer_id")
	for _, id := range sortedIDs(s.st.contacts) {
		ct := s.st.contacts[id]
		if c.q.Get("customer_id") != "" && (!byCustomer || ct.customerID != filter) {
			continue
		}
		items = append(items, ct)
	}
	pg := pageOf(c.q, contactDefaultPerPage)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, ct := range items[lo:hi] {
		out = append(out, s.contactJSON(ct))
	}
	return jsonResp(http.StatusOK, obj{"contacts": out, "meta": pg.fullMeta(len(items))})
}

// POST /contacts: customer_id is required, and a missing customer is 404
// {"message": "Not found"}; a bad email is the record-and-errors 422.
func (s *Server) createContact(c *call) response {
	cid, ok := c.p.int64("customer_id")
	if !ok {
		return notFound()
	}
	if _, ok := s.st.customers[cid]; !ok {
		return notFound()
	}
	ct := &contact{customerID: cid, f: newRecord(contactFields), props: map[string]any{}, created: c.now, updated: c.now}
	applyContactParams(ct, c.p, s)
	if !validEmail(ct.f.str("email")) {
		return s.contactRecordError(ct, true, "Email is not an email")
	}
	ct.id = s.st.newID("contacts")
	s.st.contacts[ct.id] = ct
	s.st.created["contacts"]++
	return jsonResp(http.StatusOK, s.contactJSON(ct))
}

func (s *Server) contactFromPath(c *call) (*contact, bool) { return recordAt(c, "id", s.st.contacts) }

// GET /contacts/{id}: the bare contact.
func (s *Server) getContact(c *call) response {
	ct, ok := s.contactFromPath(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, s.contactJSON(ct))
}

// PUT /contacts/{id}: the bare contact; a customer_id naming no customer is
// the spec's 422 "Customer can't be blank".
func (s *Server) updateContact(c *call) response {
	ct, ok := s.contactFromPath(c)
	if !ok {
		return notFound()
	}
	draft := &contact{id: ct.id, customerID: ct.customerID, f: copyRecord(ct.f), props: copyProps(ct.props), created: ct.created, updated: c.now}
	if c.p.has("customer_id") {
		cid, ok := c.p.int64("customer_id")
		if _, exists := s.st.customers[cid]; !ok || !exists {
			return s.contactRecordError(ct, false, "Customer can't be blank")
		}
		draft.customerID = cid
	}
	applyContactParams(draft, c.p, s)
	if !validEmail(draft.f.str("email")) {
		return s.contactRecordError(draft, false, "Email is not an email")
	}
	*ct = *draft
	return jsonResp(http.StatusOK, s.contactJSON(ct))
}

func copyRecord(r record) record {
	out := make(record, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

// DELETE /contacts/{id}: {"success": true} (OBSERVED; the spec shows none).
func (s *Server) deleteContact(c *call) response {
	ct, ok := s.contactFromPath(c)
	if !ok {
		return notFound()
	}
	delete(s.st.contacts, ct.id)
	for _, t := range s.st.tickets {
		if t.f.id("contact_id") == ct.id {
			t.f["contact_id"] = nil
		}
	}
	return jsonResp(http.StatusOK, obj{"success": true})
}

// contactName is the name a ticket shows for its contact.
func (s *Server) contactName(id int64) any {
	if ct, ok := s.st.contacts[id]; ok {
		return ct.f.str("name")
	}
	return nil
}
