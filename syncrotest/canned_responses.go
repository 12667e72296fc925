package syncrotest

import (
	"net/http"
	"net/url"
)

// PermCannedResponses is what every canned response endpoint requires.
const PermCannedResponses = "Ticket Canned Responses - Manage"

// cannedResponseSpec: GET/POST /canned_responses (query), PATCH/DELETE
// /canned_responses/{id}, GET /canned_responses/settings. There is no GET
// of one canned response. A create answers 201 and an update 200, both
// without a body, as documented; a delete answers 204.
func (s *Server) cannedResponseSpec() resourceSpec {
	return resourceSpec{
		name: "canned_responses", path: "/canned_responses", one: "canned_response", many: "canned_responses", idBase: 276_000,
		ops:          opList | opDelete,
		perm:         perms{list: PermCannedResponses, create: PermCannedResponses, edit: PermCannedResponses, delete: PermCannedResponses},
		fields:       []field{{"title", kText}, {"body", kText}, {"subject", kText}, {"canned_response_category_id", kInt}},
		perPage:      100,
		deleteStatus: http.StatusNoContent,
		render: func(s *Server, r record, out obj) {
			delete(out, "created_at")
			delete(out, "updated_at")
			out["category_name"] = nil
			if id := r.id("canned_response_category_id"); id > 0 && int(id) <= len(cannedCategories) {
				out["category_name"] = cannedCategories[id-1]
			}
		},
		filter: func(q url.Values, r record) bool {
			text := q.Get("query")
			return text == "" || containsFold(r.str("title")+" "+r.str("subject")+" "+r.str("body"), text)
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodGet, "/canned_responses/settings", PermCannedResponses, s.cannedResponseSettings},
				{http.MethodPost, "/canned_responses", PermCannedResponses, s.createCannedResponse},
				{http.MethodPatch, "/canned_responses/{id}", PermCannedResponses, s.updateCannedResponse},
			}
		},
	}
}

// cannedCategories are the account's canned response categories; a
// category's id is its position, from 1.
var cannedCategories = []string{"General", "Billing"}

// POST /canned_responses: 201 without a body; title and body required.
func (s *Server) createCannedResponse(c *call) response {
	var msgs []string
	if blank(c.p, "title") {
		msgs = append(msgs, "Title can't be blank")
	}
	if blank(c.p, "body") {
		msgs = append(msgs, "Body can't be blank")
	}
	if len(msgs) > 0 {
		return railsErrors(msgs, echo(c.p))
	}
	s.insertGeneric(s.store("canned_responses"), c.p, c.now)
	return response{status: http.StatusCreated}
}

// PATCH /canned_responses/{id}: 200 without a body.
func (s *Server) updateCannedResponse(c *call) response {
	st := s.store("canned_responses")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	assignGeneric(r, st.spec.fields, c.p, s.loc)
	r["updated_at"] = c.now
	return response{status: http.StatusOK}
}

// GET /canned_responses/settings
func (s *Server) cannedResponseSettings(c *call) response {
	cats := make([]any, 0, len(cannedCategories))
	for i, name := range cannedCategories {
		cats = append(cats, obj{"id": i + 1, "name": name})
	}
	subjects := []any{}
	seen := map[string]bool{}
	for _, r := range s.store("canned_responses").live() {
		if sub := r.str("subject"); sub != "" && !seen[sub] {
			seen[sub] = true
			subjects = append(subjects, sub)
		}
	}
	return jsonResp(http.StatusOK, obj{"canned_response_categories": cats, "subjects": subjects, "can_manage": true})
}
