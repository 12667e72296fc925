package syncrotest

import (
	"net/http"
	"time"
)

// worksheetTemplate is one of the account's worksheet templates
// (checklists): the fields each worksheet made from it starts with.
type worksheetTemplate struct {
	id     int64
	name   string
	fields []string
}

// worksheetTemplates are the fake account's templates, listed in GET
// /tickets/settings (worksheet_templates).
var worksheetTemplates = []worksheetTemplate{
	{31, "New workstation checklist", []string{"Hardware", "BitLocker enabled", "Backup agent installed"}},
	{32, "Offboarding", []string{"Mailbox converted", "Licenses removed"}},
}

func findWorksheetTemplate(id int64) *worksheetTemplate {
	for i := range worksheetTemplates {
		if worksheetTemplates[i].id == id {
			return &worksheetTemplates[i]
		}
	}
	return nil
}

// worksheetTemplatesJSON is worksheet_templates of the ticket settings.
func worksheetTemplatesJSON() []any {
	out := make([]any, 0, len(worksheetTemplates))
	for _, t := range worksheetTemplates {
		out = append(out, obj{"id": t.id, "name": t.name})
	}
	return out
}

// worksheet is a worksheet result: a template filled in on a ticket.
type worksheet struct {
	id         int64
	templateID int64
	name       string
	userID     any
	public     bool
	complete   any // null until completed
	required   bool
	fields     []string
	answers    []any // history, as sent
	created    time.Time
	updated    time.Time
}

// worksheetJSON renders a worksheet result as the spec's example does.
func (s *Server) worksheetJSON(w *worksheet) obj {
	fields := make([]any, 0, len(w.fields))
	for i, name := range w.fields {
		history := []any{}
		if i == 0 && len(w.answers) > 0 {
			history = append(history, w.answers...)
		}
		fields = append(fields, obj{"name": name, "slug": slugify(name), "id": int64(i + 1), "position": int64(i), "history": history})
	}
	return obj{
		"id": w.id, "worksheet_template_id": w.templateID, "name": w.name, "public": w.public,
		"complete": w.complete, "required": w.required, "field_list": fields,
	}
}

// slugify lowers a name and joins its words with dashes.
func slugify(name string) string {
	out := make([]rune, 0, len(name))
	dash := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
			dash = false
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
			dash = false
		default:
			if !dash && len(out) > 0 {
				out = append(out, '-')
				dash = true
			}
		}
	}
	if dash {
		out = out[:len(out)-1]
	}
	return string(out)
}

func (s *Server) worksheetTicket(c *call) (*ticket, bool) {
	return recordAt(c, "ticket_id", s.st.tickets)
}

func (s *Server) worksheetFromPath(c *call) (*ticket, int, bool) {
	t, ok := s.worksheetTicket(c)
	if !ok {
		return nil, 0, false
	}
	id, ok := c.pathID("id")
	if !ok {
		return nil, 0, false
	}
	for i, w := range t.worksheets {
		if w.id == id {
			return t, i, true
		}
	}
	return nil, 0, false
}

// GET /tickets/{ticket_id}/worksheet_results: {"worksheet_results": [...]}
// with no meta, as in the spec's example; pages of 25.
func (s *Server) listWorksheets(c *call) response {
	t, ok := s.worksheetTicket(c)
	if !ok {
		return notFound()
	}
	pg := pageOf(c.q, 25)
	lo, hi := pg.window(len(t.worksheets))
	out := make([]any, 0, hi-lo)
	for _, w := range t.worksheets[lo:hi] {
		out = append(out, s.worksheetJSON(w))
	}
	return jsonResp(http.StatusOK, obj{"worksheet_results": out})
}

// POST /tickets/{ticket_id}/worksheet_results {worksheet_template_id,
// title}: {"worksheet_result": ...}; 404 when the template does not exist
// (OBSERVED).
func (s *Server) createWorksheet(c *call) response {
	t, ok := s.worksheetTicket(c)
	if !ok {
		return notFound()
	}
	tid, _ := c.p.int64("worksheet_template_id")
	tpl := findWorksheetTemplate(tid)
	if tpl == nil {
		return notFound()
	}
	w := &worksheet{id: s.st.newID("worksheets"), templateID: tpl.id, name: tpl.name, public: true,
		fields: append([]string(nil), tpl.fields...), created: c.now, updated: c.now}
	if title, ok := c.p.text("title"); ok && title != "" {
		w.name = title
	}
	t.worksheets = append(t.worksheets, w)
	t.updated = c.now
	s.st.created["worksheets"]++
	return jsonResp(http.StatusOK, obj{"worksheet_result": s.worksheetJSON(w)})
}

// GET /tickets/{ticket_id}/worksheet_results/{id}: {"worksheet_result": ...}.
func (s *Server) getWorksheet(c *call) response {
	t, i, ok := s.worksheetFromPath(c)
	if !ok {
		return notFound()
	}
	return jsonResp(http.StatusOK, obj{"worksheet_result": s.worksheetJSON(t.worksheets[i])})
}

// PUT /tickets/{ticket_id}/worksheet_results/{id}: the spec documents a
// bare 200; the fake answers with the record, as Syncro's other updates do.
func (s *Server) updateWorksheet(c *call) response {
	t, i, ok := s.worksheetFromPath(c)
	if !ok {
		return notFound()
	}
	w := t.worksheets[i]
	if title, ok := c.p.text("title"); ok && title != "" {
		w.name = title
	}
	for k, dst := range map[string]*bool{"public": &w.public, "required": &w.required} {
		if c.p.has(k) {
			if b, ok := castBool(c.p[k]).(bool); ok {
				*dst = b
			}
		}
	}
	if c.p.has("complete") {
		w.complete = castBool(c.p["complete"])
	}
	if c.p.has("user_id") {
		w.userID = castInt(c.p["user_id"])
	}
	if a, ok := c.p.object("answers"); ok {
		w.answers = append(w.answers, a)
	}
	w.updated, t.updated = c.now, c.now
	return jsonResp(http.StatusOK, obj{"worksheet_result": s.worksheetJSON(w)})
}

// DELETE /tickets/{ticket_id}/worksheet_results/{id}: 200 (no body
// documented; the fake sends {"success": true}).
func (s *Server) deleteWorksheet(c *call) response {
	t, i, ok := s.worksheetFromPath(c)
	if !ok {
		return notFound()
	}
	t.worksheets = append(t.worksheets[:i], t.worksheets[i+1:]...)
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"success": true})
}
