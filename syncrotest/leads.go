package syncrotest

import (
	"net/url"
	"strings"
)

// Lead permissions. Creating and updating leads needs none.
const PermLeadsList = "Leads - List/Search"

// leadSpec: GET/POST /leads, GET/PUT /leads/{id}. Syncro has no DELETE for
// leads (quirk 11): the route does not exist, so it is 404. The list
// filters by statuses[] or status_list, users[], mailbox_ids[], has_ticket
// and query.
func (s *Server) leadSpec() resourceSpec {
	return resourceSpec{
		name: "leads", path: "/leads", one: "lead", many: "leads", idBase: 41_071_000,
		ops:  opList | opGet | opCreate | opUpdate,
		perm: perms{list: PermLeadsList, view: PermLeadsList},
		fields: []field{
			{"first_name", kText}, {"last_name", kText}, {"business_name", kText}, {"email", kText}, {"phone", kText},
			{"mobile", kText}, {"address", kText}, {"city", kText}, {"state", kText}, {"zip", kText},
			{"ticket_subject", kText}, {"ticket_description", kText}, {"ticket_problem_type", kText}, {"ticket_id", kInt},
			{"customer_id", kInt}, {"contact_id", kInt}, {"mailbox_id", kInt}, {"message_read", kBool}, {"status", kText},
			{"user_id", kInt}, {"location_id", kInt}, {"disabled", kBool}, {"hidden_notes", kText}, {"likelihood", kInt},
		},
		perPage: 25,
		seed: func(s *Server) {
			s.Insert("leads", map[string]any{"first_name": "Olivia", "last_name": "Grant", "business_name": "Grant Bakery",
				"email": "olivia@grantbakery.example", "status": "Opportunity", "ticket_subject": "Quote for managed IT"})
		},
		render: func(s *Server, r record, out obj) {
			for _, k := range []string{"disabled", "hidden_notes", "likelihood", "business_name"} {
				delete(out, k) // stored, not returned (OBSERVED for likelihood)
			}
			name := r.str("business_name")
			if name == "" {
				name = strings.TrimSpace(r.str("first_name") + " " + r.str("last_name"))
			}
			out["business_then_name"] = name
			out["has_attachments"] = false
			out["mailbox_name"] = nil
			if out["status"] == nil {
				out["status"] = "New"
			}
		},
		detailOnly: func(s *Server, r record, out obj) {
			out["emails"], out["attachments"], out["appointments"] = []any{}, []any{}, []any{}
		},
		filter:   leadMatches,
		validate: validateEmailParam,
	}
}

func leadMatches(q url.Values, r record) bool {
	statuses := q["statuses[]"]
	if list := strings.TrimSpace(q.Get("status_list")); list != "" {
		for _, st := range strings.Split(list, ",") {
			statuses = append(statuses, strings.TrimSpace(st))
		}
	}
	if len(statuses) > 0 {
		status := r.str("status")
		if status == "" {
			status = "New"
		}
		found := false
		for _, st := range statuses {
			found = found || st == status
		}
		if !found {
			return false
		}
	}
	if ids, ok := idList(q, "users"); ok && !ids[r.id("user_id")] {
		return false
	}
	if ids, ok := idList(q, "mailbox_ids"); ok && !ids[r.id("mailbox_id")] {
		return false
	}
	if v := q.Get("has_ticket"); v != "" {
		if want, _ := castBool(v).(bool); want != (r.id("ticket_id") != 0) {
			return false
		}
	}
	if text := strings.TrimSpace(q.Get("query")); text != "" {
		hay := strings.Join([]string{r.str("first_name"), r.str("last_name"), r.str("business_name"), r.str("email"), r.str("ticket_subject")}, " ")
		if !containsFold(hay, text) {
			return false
		}
	}
	return !r.flag("disabled") // a disabled lead is Syncro's stand-in for a delete
}
