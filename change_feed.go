package syncro

import (
	"sort"
	"time"
)

// SeenRecord is a record an incremental sync already handled, at the
// updated_at it had: the Seen part of a watermark.
type SeenRecord struct {
	ID        int64     `json:"id"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DefaultSettleWindow is how far behind the pass's start the watermark
// stays at most (see ChangesOptions.SettleWindow).
const DefaultSettleWindow = 5 * time.Minute

// feedPass is what every updated-since feed (tickets, invoices) does in one
// pass: it decides which listed records are new since the watermark, and
// computes the next watermark once the pass has run to its end.
type feedPass struct {
	since   time.Time
	start   time.Time           // by the client's clock
	seen    map[int64]time.Time // the watermark's Seen: id -> updated_at
	handled map[int64]time.Time // this pass: id -> latest updated_at
}

func newFeedPass(since, start time.Time, seen []SeenRecord) *feedPass {
	p := &feedPass{since: since, start: start, seen: make(map[int64]time.Time, len(seen)), handled: map[int64]time.Time{}}
	for _, s := range seen {
		if prev, ok := p.seen[s.ID]; !ok || s.UpdatedAt.After(prev) {
			p.seen[s.ID] = s.UpdatedAt
		}
	}
	return p
}

// filter is the since_updated_at to ask Syncro for: a second early, down
// to the whole second, so that whatever precision Syncro compares at,
// nothing at the watermark is missed (fresh drops what was already seen).
// It is the zero time for a pass from the zero watermark.
func (p *feedPass) filter() time.Time {
	if p.since.IsZero() {
		return time.Time{}
	}
	return p.since.Add(-time.Second).Truncate(time.Second).UTC()
}

// fresh reports whether a listed record is to be handled, and marks it
// handled: not when it was updated before the watermark (an earlier pass
// had it), nor when the watermark's Seen has it at that update (a boundary
// duplicate), nor when this pass already had it (pages shifted).
func (p *feedPass) fresh(id int64, updated time.Time) bool {
	if !p.since.IsZero() && updated.Before(p.since) {
		return false
	}
	if prev, ok := p.seen[id]; ok && !updated.After(prev) {
		return false
	}
	if prev, ok := p.handled[id]; ok && !updated.After(prev) {
		return false
	}
	p.handled[id] = updated
	return true
}

// next computes the watermark after a complete pass: the latest update
// handled, held settle behind the pass's start and never before the old
// watermark, with the records at or after it.
func (p *feedPass) next(settle time.Duration) (time.Time, []SeenRecord) {
	latest := p.since
	for _, u := range p.handled {
		if u.After(latest) {
			latest = u
		}
	}
	if settle > 0 {
		if limit := p.start.Add(-settle); latest.After(limit) {
			latest = limit
		}
	}
	if latest.Before(p.since) {
		latest = p.since
	}
	all := make(map[int64]time.Time, len(p.seen)+len(p.handled))
	for id, u := range p.seen {
		all[id] = u
	}
	for id, u := range p.handled {
		if prev, ok := all[id]; !ok || u.After(prev) {
			all[id] = u
		}
	}
	var kept []SeenRecord
	for id, u := range all {
		if !u.Before(latest) {
			kept = append(kept, SeenRecord{ID: id, UpdatedAt: u})
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].ID < kept[j].ID })
	return latest, kept
}
