package syncrotest

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// customer is an organization.
type customer struct {
	id        int64
	f         record
	props     map[string]any
	portalKey string
	prepay    decimal.Decimal
	created   time.Time
	updated   time.Time
}

// customerFields are the writable attributes of POST/PUT /customers.
var customerFields = []field{
	{"firstname", kText}, {"lastname", kText}, {"business_name", kText}, {"email", kText},
	{"phone", kText}, {"mobile", kText}, {"address", kText}, {"address_2", kText},
	{"city", kText}, {"state", kText}, {"zip", kText}, {"notes", kText},
	{"get_sms", kBool}, {"opt_out", kBool}, {"no_email", kBool}, {"disabled", kBool},
	{"tax_rate_id", kInt}, {"notification_email", kText}, {"invoice_cc_emails", kText},
	{"invoice_term_id", kInt}, {"referred_by", kText}, {"ref_customer_id", kInt},
}

// notificationParams map the get_* booleans of the customer body to the
// "1"/"0" properties Syncro keeps them in (seen in a real RepairShopr
// customer's properties; the mapping is an inference).
var notificationParams = map[string]string{
	"get_billing":   "notification_billing",
	"get_marketing": "notification_marketing",
	"get_reports":   "notification_reports",
}

// customerDefaultPerPage is the page size of GET /customers: the spec
// example's meta.per_page (100). The spec's parameter text says 25 and the
// live test was inconclusive (SYNCRO_API.md §3).
const customerDefaultPerPage = 100

// autocompleteLimit caps GET /customers/autocomplete, which has no meta.
// The real cap is unknown; 25 is the spec's default page size text.
const autocompleteLimit = 25

func (c *customer) fullname() string {
	return strings.TrimSpace(c.f.str("firstname") + " " + c.f.str("lastname"))
}

func (c *customer) businessThenName() string {
	if b := c.f.str("business_name"); b != "" {
		return b
	}
	return c.fullname()
}

func (s *Server) portalURL(key string) string {
	return s.URL() + "/my_profile/v2/index?portal_key=" + key
}

type custShape int

const (
	custList   custShape = iota // list items, and POST/PUT/latest answers
	custDetail                  // GET /customers/{id}: list shape plus detail-only fields
	custNested                  // inside an asset: no contacts, no location_name
)

// customerJSON renders a customer in one of Syncro's shapes.
func (s *Server) customerJSON(c *customer, shape custShape) obj {
	o := obj{
		"id":                     c.id,
		"fullname":               c.fullname(),
		"created_at":             s.ts(c.created),
		"updated_at":             s.ts(c.updated),
		"pdf_url":                nil,
		"latitude":               nil,
		"longitude":              nil,
		"location_id":            nil,
		"properties":             copyProps(c.props),
		"online_profile_url":     s.portalURL(c.portalKey),
		"business_then_name":     c.businessThenName(),
		"business_and_full_name": joinNonEmpty(" - ", c.f.str("business_name"), c.fullname()),
	}
	for _, f := range customerFields {
		o[f.name] = s.wire(c.f[f.name])
	}
	if shape == custNested {
		return o
	}
	o["location_name"] = nil
	contacts := []any{}
	for _, ct := range s.contactsOf(c.id) {
		contacts = append(contacts, s.contactJSON(ct))
	}
	o["contacts"] = contacts
	if shape != custDetail {
		return o
	}
	// Detail-only fields seen live (SYNCRO_API.md §4.1) and the prepay
	// balance a practitioner reads here (§4.5; sent as a decimal string).
	if s.prepay {
		o["prepay_hours"] = railsDecimal(c.prepay)
	}
	phones := []any{}
	for _, p := range s.phonesOf(c.id) {
		phones = append(phones, s.phoneJSON(p))
	}
	o["phones"] = phones
	links := []any{}
	for _, t := range s.ticketsOf(c.id) {
		links = append(links, obj{"id": t.id, "number": t.number, "status": t.f.str("status"), "subject": t.f.str("subject")})
	}
	o["ticket_links"] = links
	o["invoice_links"] = []any{}
	o["contracts"] = s.genericJSON("contracts", func(r record) bool { return r.id("customer_id") == c.id })
	o["addresses"] = []any{}
	o["since_updated_at"] = s.ts(c.updated)
	return o
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

func (s *Server) customerFromPath(c *call, name string) (*customer, bool) {
	return recordAt(c, name, s.st.customers)
}

// GET /customers
func (s *Server) listCustomers(c *call) response {
	items := s.filterCustomers(c.q)
	pg := pageOf(c.q, customerDefaultPerPage)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, cu := range items[lo:hi] {
		out = append(out, s.customerJSON(cu, custList))
	}
	return jsonResp(http.StatusOK, obj{"customers": out, "meta": pg.fullMeta(len(items))})
}

// filterCustomers applies the documented filters of GET /customers. Name
// filters and query are "like" (case-insensitive substring) matches; email
// is a case-insensitive equality. The default order is by id; sort takes one
// "field ASC|DESC".
func (s *Server) filterCustomers(q url.Values) []*customer {
	ids, byID := idList(q, "id")
	notIDs, _ := idList(q, "not_id")
	includeDisabled, _ := castBool(q.Get("include_disabled")).(bool)
	var out []*customer
	for _, id := range sortedIDs(s.st.customers) {
		c := s.st.customers[id]
		switch {
		case c.f.flag("disabled") && !includeDisabled:
		case byID && !ids[id]:
		case notIDs[id]:
		case !likeFilter(q, "firstname", c.f.str("firstname")):
		case !likeFilter(q, "lastname", c.f.str("lastname")):
		case !likeFilter(q, "business_name", c.f.str("business_name")):
		case q.Get("email") != "" && !strings.EqualFold(q.Get("email"), c.f.str("email")):
		case q.Get("query") != "" && !customerMatches(c, q.Get("query")):
		default:
			out = append(out, c)
		}
	}
	if field, dir, ok := strings.Cut(strings.TrimSpace(q.Get("sort")), " "); ok || field != "" {
		sortCustomers(out, field, strings.EqualFold(strings.TrimSpace(dir), "DESC"))
	}
	return out
}

func likeFilter(q url.Values, name, value string) bool {
	v := q.Get(name)
	return v == "" || containsFold(value, v)
}

func customerMatches(c *customer, query string) bool {
	for _, v := range []string{c.businessThenName(), c.fullname(), c.f.str("email"), c.f.str("phone"), c.f.str("mobile")} {
		if containsFold(v, query) {
			return true
		}
	}
	return false
}

// sortable are the fields GET /customers can sort by.
var sortable = func() map[string]bool {
	m := map[string]bool{"id": true, "created_at": true, "updated_at": true}
	for _, f := range customerFields {
		m[f.name] = true
	}
	return m
}()

// sortCustomers orders by one field as SQL would: NULLs last ascending,
// first descending; ties by id. An unknown field keeps the id order.
func sortCustomers(cs []*customer, field string, desc bool) {
	key := func(c *customer) (string, bool) {
		switch field {
		case "id":
			return padInt(c.id), true
		case "created_at":
			return c.created.UTC().Format(time.RFC3339Nano), true
		case "updated_at":
			return c.updated.UTC().Format(time.RFC3339Nano), true
		}
		v, ok := c.f[field]
		if !ok || v == nil {
			return "", false
		}
		switch x := v.(type) {
		case int64:
			return padInt(x), true
		case bool:
			return strconv.FormatBool(x), true
		}
		return strings.ToLower(c.f.str(field)), true
	}
	if !sortable[field] {
		return
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, aok := key(cs[i])
		b, bok := key(cs[j])
		switch {
		case aok != bok:
			return aok != desc // nulls last ascending, first descending
		case a == b:
			return cs[i].id < cs[j].id
		case desc:
			return a > b
		}
		return a < b
	})
}

func padInt(n int64) string { return strconv.FormatInt(n+1<<62, 10) }

// POST /customers
func (s *Server) createCustomer(c *call) response {
	var msgs []string
	if email, _ := c.p.text("email"); !validEmail(email) {
		msgs = append(msgs, "Email is not an email")
	}
	for _, f := range s.required {
		if name, custom := strings.CutPrefix(f, "properties."); custom {
			props, _ := c.p.object("properties")
			if v, _ := castText(props[name]); v == nil || strings.TrimSpace(v.(string)) == "" {
				msgs = append(msgs, name+" can't be blank")
			}
			continue
		}
		if v, _ := c.p.text(f); strings.TrimSpace(v) == "" {
			msgs = append(msgs, humanize(f)+" can't be blank")
		}
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, echo(c.p))
	}
	cu := s.insertCustomer(c.p, c.now)
	s.st.created["customers"]++
	return jsonResp(http.StatusOK, obj{"customer": s.customerJSON(cu, custList)})
}

// echo is the params object Syncro echoes in some 422 answers.
func echo(p params) obj {
	out := obj{}
	for k, v := range p {
		out[k] = v
	}
	return out
}

// insertCustomer stores a new customer. phone and mobile also become
// entries of its phones sub-resource, digits only (OBSERVED).
func (s *Server) insertCustomer(p params, now time.Time) *customer {
	cu := &customer{
		id:        s.st.newID("customers"),
		f:         newRecord(customerFields),
		props:     map[string]any{},
		portalKey: s.st.portalKey(),
		created:   now,
		updated:   now,
	}
	cu.f.assign(customerFields, p, s.loc)
	s.applyCustomerProps(cu, p)
	s.st.customers[cu.id] = cu
	for _, pair := range [][2]string{{"phone", "Phone"}, {"mobile", "Mobile"}} {
		if num := digitsOnly(cu.f.str(pair[0])); num != "" {
			s.insertPhone(cu.id, pair[1], num, nil, now)
		}
	}
	return cu
}

func (s *Server) applyCustomerProps(cu *customer, p params) {
	if props, ok := p.object("properties"); ok {
		cu.props = mergeProps(cu.props, props)
	}
	for param, prop := range notificationParams {
		if v, ok := p[param]; ok {
			if b, isBool := castBool(v).(bool); isBool && b {
				cu.props[prop] = "1"
			} else {
				cu.props[prop] = "0"
			}
		}
	}
}

// GET /customers/{id}
func (s *Server) getCustomer(c *call) response {
	cu, ok := s.customerFromPath(c, "id")
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"customer": s.customerJSON(cu, custDetail)})
}

// GET /customers/latest
func (s *Server) latestCustomer(c *call) response {
	ids := sortedIDs(s.st.customers)
	if len(ids) == 0 {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"customer": s.customerJSON(s.st.customers[ids[len(ids)-1]], custList)})
}

// PUT /customers/{id}: only the fields sent change; properties merge by
// key; booleans not sent are kept (OBSERVED for customers).
func (s *Server) updateCustomer(c *call) response {
	cu, ok := s.customerFromPath(c, "id")
	if !ok {
		return notFound()
	}
	if email, _ := c.p.text("email"); c.p.has("email") && !validEmail(email) {
		return railsErrors([]string{"Email is not an email"}, nil)
	}
	cu.f.assign(customerFields, c.p, s.loc)
	s.applyCustomerProps(cu, c.p)
	cu.updated = c.now
	return jsonResp(http.StatusOK, obj{"customer": s.customerJSON(cu, custList)})
}

// DELETE /customers/{id}: a hard delete. The customer's phones, end users,
// tickets and assets go with it.
func (s *Server) deleteCustomer(c *call) response {
	cu, ok := s.customerFromPath(c, "id")
	if !ok {
		return notFound()
	}
	s.removeCustomer(cu.id)
	return jsonResp(http.StatusOK, obj{"message": "Customer was deleted from the system."})
}

func (s *Server) removeCustomer(id int64) {
	delete(s.st.customers, id)
	for pid, p := range s.st.phones {
		if p.customerID == id {
			delete(s.st.phones, pid)
		}
	}
	for cid, ct := range s.st.contacts {
		if ct.customerID == id {
			delete(s.st.contacts, cid)
		}
	}
	for tid, t := range s.st.tickets {
		if t.f.id("customer_id") == id {
			delete(s.st.tickets, tid)
		}
	}
	for aid, a := range s.st.assets {
		if a.customerID == id {
			delete(s.st.assets, aid)
		}
	}
}

// GET /customers/autocomplete?query=: {"customers": [...]}, no meta.
func (s *Server) autocompleteCustomers(c *call) response {
	query := strings.TrimSpace(c.q.Get("query"))
	out := []any{}
	if query != "" {
		for _, id := range sortedIDs(s.st.customers) {
			cu := s.st.customers[id]
			if cu.f.flag("disabled") || !customerMatches(cu, query) {
				continue
			}
			out = append(out, s.customerJSON(cu, custList))
			if len(out) == autocompleteLimit {
				break
			}
		}
	}
	return jsonResp(http.StatusOK, obj{"customers": out})
}
