package syncrotest

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// timer is a ticket timer entry (logged time).
type timer struct {
	id             int64
	ticketID       int64
	userID         int64
	start, end     time.Time
	recorded       bool
	billable       bool
	notes          any
	productID      any
	lineItemID     any
	activeDuration any // seconds, or nil
	billableTime   int64
	created        time.Time
	updated        time.Time
}

// timerJSON renders the bare timer: the request's start_at comes back as
// start_time; durations are seconds.
func (s *Server) timerJSON(tm *timer) obj {
	return obj{
		"id": tm.id, "ticket_id": tm.ticketID, "user_id": tm.userID, "start_time": s.ts(tm.start),
		"end_time": s.ts(tm.end), "recorded": tm.recorded, "created_at": s.ts(tm.created),
		"updated_at": s.ts(tm.updated), "billable": tm.billable, "notes": tm.notes, "toggl_id": nil,
		"product_id": tm.productID, "comment_id": nil, "ticket_line_item_id": tm.lineItemID,
		"active_duration": tm.activeDuration, "billable_time": tm.billableTime, "billable_override": nil,
	}
}

// timerError is Syncro's answer to a timer entry without start_at: a Ruby
// exception message as a 422 (spec example).
func timerError() response {
	return jsonResp(http.StatusUnprocessableEntity, obj{"error": "no implicit conversion of nil into String"})
}

// POST /tickets/{id}/timer_entry: start_at required; end_at, or start_at
// plus duration_minutes, or now ends it; user_id defaults to the token's
// user; product_id to the default labor product.
func (s *Server) createTimer(c *call) response {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return notFound()
	}
	start, ok := castTime(c.p["start_at"], s.loc)
	if !ok {
		return timerError()
	}
	end := c.now
	if e, ok := castTime(c.p["end_at"], s.loc); ok {
		end = e
	} else if m, ok := c.p.int64("duration_minutes"); ok {
		end = start.Add(time.Duration(m) * time.Minute)
	}
	if end.Before(start) {
		end = start
	}
	secs := int64(end.Sub(start) / time.Second)
	tm := &timer{
		id: s.st.newID("timers"), ticketID: t.id, userID: c.user, start: start, end: end,
		productID: defaultLaborProductID, activeDuration: secs, billableTime: secs, created: c.now, updated: c.now,
	}
	if uid, ok := c.p.int64("user_id"); ok {
		tm.userID = uid
	}
	if c.p.has("notes") {
		tm.notes, _ = castText(c.p["notes"])
	}
	if pid, ok := c.p.int64("product_id"); ok {
		tm.productID = pid
	}
	t.timers = append(t.timers, tm)
	t.updated = c.now
	s.st.created["timers"]++
	return jsonResp(http.StatusOK, s.timerJSON(tm))
}

func (t *ticket) timer(p params) (int, bool) {
	id, ok := p.int64("timer_entry_id")
	if !ok {
		return 0, false
	}
	for i, tm := range t.timers {
		if tm.id == id {
			return i, true
		}
	}
	return 0, false
}

func (s *Server) timerFromCall(c *call) (*ticket, int, bool) {
	t, ok := s.ticketFromPath(c)
	if !ok {
		return nil, 0, false
	}
	i, ok := t.timer(c.p)
	return t, i, ok
}

// PUT /tickets/{id}/update_timer_entry: the bare timer. As observed,
// duration_minutes does not move end_time or active_duration; here it sets
// billable_time.
func (s *Server) updateTimer(c *call) response {
	t, i, ok := s.timerFromCall(c)
	if !ok {
		return notFound()
	}
	tm := t.timers[i]
	if c.p.has("start_at") {
		start, ok := castTime(c.p["start_at"], s.loc)
		if !ok {
			return timerError()
		}
		tm.start = start
	}
	if m, ok := c.p.int64("duration_minutes"); ok {
		tm.billableTime = m * 60
	}
	if uid, ok := c.p.int64("user_id"); ok {
		tm.userID = uid
	}
	if c.p.has("notes") {
		tm.notes, _ = castText(c.p["notes"])
	}
	if pid, ok := c.p.int64("product_id"); ok {
		tm.productID = pid
	}
	tm.updated = c.now
	t.updated = c.now
	return jsonResp(http.StatusOK, s.timerJSON(tm))
}

// laborRate is the price of one hour on the labor line a charged timer
// adds. Syncro takes it from the labor product; the fake has no products,
// so the rate is invented.
var laborRate = decimal.NewFromInt(100)

// POST /tickets/{id}/charge_timer_entry: the bare timer with recorded true.
// Charging adds a labor line item (quantity in hours) the first time;
// product_id is ignored at charge time (OBSERVED).
func (s *Server) chargeTimer(c *call) response {
	t, i, ok := s.timerFromCall(c)
	if !ok {
		return notFound()
	}
	tm := t.timers[i]
	if !tm.recorded {
		hours := decimal.NewFromInt(tm.billableTime).Div(decimal.NewFromInt(3600)).Round(2)
		notes, _ := tm.notes.(string)
		if notes == "" {
			notes = "Labor"
		}
		rate := laborRate
		li := &lineItem{userID: tm.userID, productID: tm.productID, name: "Labor", description: notes, quantity: hours, retail: &rate, taxable: false}
		s.insertLineItem(t, li, c.now)
		tm.recorded, tm.lineItemID, tm.updated = true, li.id, c.now
	}
	return jsonResp(http.StatusOK, s.timerJSON(tm))
}

// POST /tickets/{id}/delete_timer_entry: {"success": true}.
func (s *Server) deleteTimer(c *call) response {
	t, i, ok := s.timerFromCall(c)
	if !ok {
		return notFound()
	}
	t.timers = append(t.timers[:i], t.timers[i+1:]...)
	t.updated = c.now
	return jsonResp(http.StatusOK, obj{"success": true})
}

// timerListPerPage is the page size of GET /ticket_timers: 100, as
// observed live (the spec's parameter text says 25; SYNCRO_API.md §3).
const timerListPerPage = 100

// allTimers returns every ticket's timers, by id.
func (s *Server) allTimers() []*timer {
	var out []*timer
	for _, id := range sortedIDs(s.st.tickets) {
		out = append(out, s.st.tickets[id].timers...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// GET /ticket_timers: the timers of every ticket, oldest first; filters
// created_at_gt and created_at_lt (strict, on the creation time); meta is
// {total_pages, page} as in the spec's example. A filter that is not a
// time is ignored, as Rails' scopes ignore what they cannot parse.
func (s *Server) listAllTimers(c *call) response {
	var items []*timer
	gt, hasGt := castTime(c.q.Get("created_at_gt"), s.loc)
	lt, hasLt := castTime(c.q.Get("created_at_lt"), s.loc)
	for _, tm := range s.allTimers() {
		if (hasGt && !tm.created.After(gt)) || (hasLt && !tm.created.Before(lt)) {
			continue
		}
		items = append(items, tm)
	}
	pg := pageOf(c.q, timerListPerPage)
	lo, hi := pg.window(len(items))
	out := make([]any, 0, hi-lo)
	for _, tm := range items[lo:hi] {
		out = append(out, s.timerJSON(tm))
	}
	return jsonResp(http.StatusOK, obj{"ticket_timers": out, "meta": pg.shortMeta(len(items))})
}

// PATCH /ticket_timers/{id}?billable=true|false: {"ticket_timer": ...}
// with since_updated_at; 422 {"errors": ["billable must be true or
// false"]} for any other value (spec example); 404 for an unknown id.
func (s *Server) patchTimer(c *call) response {
	id, ok := c.pathID("id")
	if !ok {
		return notFound()
	}
	var tm *timer
	var t *ticket
	for _, tid := range sortedIDs(s.st.tickets) {
		for _, x := range s.st.tickets[tid].timers {
			if x.id == id {
				tm, t = x, s.st.tickets[tid]
			}
		}
	}
	if tm == nil {
		return notFound()
	}
	raw, _ := c.p.text("billable")
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "true":
		tm.billable = true
	case "false":
		tm.billable = false
	default:
		return jsonResp(http.StatusUnprocessableEntity, obj{"errors": []string{"billable must be true or false"}})
	}
	tm.updated = c.now
	t.updated = c.now
	out := s.timerJSON(tm)
	out["since_updated_at"] = s.ts(tm.updated)
	return jsonResp(http.StatusOK, obj{"ticket_timer": out})
}
