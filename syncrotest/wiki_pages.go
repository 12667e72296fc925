package syncrotest

import (
	"net/http"
	"strings"
)

// Documentation (wiki) permissions, as Syncro's token editor names them.
const (
	PermWikiUse    = "Documentation - Allow Usage"
	PermWikiCreate = "Documentation - Create"
	PermWikiEdit   = "Documentation - Edit"
	PermWikiDelete = "Documentation - Delete"
)

// wikiPageSpec: GET/POST /wiki_pages, GET/PUT/DELETE /wiki_pages/{id}.
// Missing name or body is the {"success": false, "errors": [...]} 422;
// visibility "internal" is refused (OBSERVED); a delete answers
// {"success": true} (OBSERVED). The slug defaults to the name's.
func (s *Server) wikiPageSpec() resourceSpec {
	return resourceSpec{
		name: "wiki_pages", path: "/wiki_pages", one: "wiki_page", many: "wiki_pages", idBase: 380_000,
		ops:  opList | opGet,
		perm: perms{list: PermWikiUse, view: PermWikiUse, create: PermWikiCreate, edit: PermWikiEdit, delete: PermWikiDelete},
		fields: []field{
			{"name", kText}, {"slug", kText}, {"body", kText}, {"customer_id", kInt}, {"asset_id", kInt}, {"visibility", kText},
		},
		perPage: 100,
		seed: func(s *Server) {
			s.Insert("wiki_pages", map[string]any{"name": "New employee setup", "slug": "new-employee-setup",
				"body": "1. Create the mailbox.\n2. Add the user to the VPN group."})
		},
		render: func(s *Server, r record, out obj) {
			out["account_id"] = accountID
			out["interpolated_body"] = out["body"]
		},
		extra: func(s *Server) []routeDef {
			return []routeDef{
				{http.MethodPost, "/wiki_pages", PermWikiCreate, s.createWikiPage},
				{http.MethodPut, "/wiki_pages/{id}", PermWikiEdit, s.updateWikiPage},
				{http.MethodDelete, "/wiki_pages/{id}", PermWikiDelete, s.deleteWikiPage},
			}
		},
	}
}

func wikiErrors(p params, create bool) []string {
	var msgs []string
	if (create || p.has("body")) && blank(p, "body") {
		msgs = append(msgs, "Body can't be blank")
	}
	if (create || p.has("name")) && blank(p, "name") {
		msgs = append(msgs, "Name can't be blank")
	}
	if v := strings.TrimSpace(textOf(p["visibility"])); strings.EqualFold(v, "internal") {
		msgs = append(msgs, "Visibility is not included in the list")
	}
	return msgs
}

func wikiRefusal(msgs []string, p params) response {
	return jsonResp(http.StatusUnprocessableEntity, obj{"success": false, "errors": msgs, "params": echo(p)})
}

func wikiSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// POST /wiki_pages
func (s *Server) createWikiPage(c *call) response {
	if msgs := wikiErrors(c.p, true); len(msgs) > 0 {
		return wikiRefusal(msgs, c.p)
	}
	if blank(c.p, "slug") {
		c.p["slug"] = wikiSlug(textOf(c.p["name"]))
	}
	st := s.store("wiki_pages")
	r := s.insertGeneric(st, c.p, c.now)
	return jsonResp(http.StatusOK, obj{"wiki_page": s.renderGeneric(st, r, true)})
}

// PUT /wiki_pages/{id}
func (s *Server) updateWikiPage(c *call) response {
	st := s.store("wiki_pages")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	if msgs := wikiErrors(c.p, false); len(msgs) > 0 {
		return wikiRefusal(msgs, c.p)
	}
	assignGeneric(r, st.spec.fields, c.p, s.loc)
	r["updated_at"] = c.now
	return jsonResp(http.StatusOK, obj{"wiki_page": s.renderGeneric(st, r, true)})
}

// DELETE /wiki_pages/{id}: {"success": true} (OBSERVED).
func (s *Server) deleteWikiPage(c *call) response {
	st := s.store("wiki_pages")
	r, ok := st.lookup(c)
	if !ok {
		return notFound()
	}
	delete(st.records, r.id("id"))
	return success()
}
