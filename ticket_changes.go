package syncro

import (
	"context"
	"iter"
	"sync"
	"time"
)

// Watermark is where an incremental ticket sync stands. A sync job keeps it
// between runs (it encodes to and from JSON as is) and starts each run with
// it:
//
//	changes := client.Tickets.Changes(ctx, wm, nil)
//	for t, err := range changes.Tickets() {
//		if err != nil {
//			return err // wm unchanged: the next run redoes this one
//		}
//		upsert(t)
//	}
//	wm = changes.Watermark() // persist it
//
// The watermark is one value: pass it whole to Changes, store it whole.
// Every ticket whose last update is before UpdatedAt has been delivered.
// Seen lists the tickets delivered (or skipped for their status) whose
// updated_at is at or after UpdatedAt, so that the next run does not
// deliver them again unless they change. The zero Watermark starts from
// the first ticket.
type Watermark struct {
	UpdatedAt time.Time    `json:"updated_at"`
	Seen      []SeenTicket `json:"seen,omitempty"`
}

// SeenTicket is a ticket a sync already handled, at the updated_at it had.
type SeenTicket = SeenRecord

// IsZero reports whether the watermark is the zero one: no sync has run,
// and the next pass lists every ticket.
func (w Watermark) IsZero() bool { return w.UpdatedAt.IsZero() && len(w.Seen) == 0 }

// ChangesOptions tunes TicketsService.Changes.
type ChangesOptions struct {
	// ExcludeStatuses lists statuses (any case) whose tickets are not
	// delivered, for example "Resolved" and "Invoiced". They still move
	// the watermark: their update has been looked at.
	ExcludeStatuses []string
	// CustomerID limits the pass to one organization.
	CustomerID int64
	// CommentFormat renders the comments included in each ticket.
	CommentFormat CommentFormat
	// PerPage is the page size asked for; default 100.
	PerPage int
	// SettleWindow keeps the new watermark at least this far behind the
	// moment the pass started (by the client's clock): tickets updated
	// while a pass runs can move between pages and be missed, and this
	// leaves them for the next pass. It also absorbs a difference between
	// the client's clock and Syncro's. Default DefaultSettleWindow; a
	// negative value disables it.
	SettleWindow time.Duration
}

// TicketChanges is one incremental pass over the tickets updated since a
// watermark. Range over Tickets, then read Watermark.
type TicketChanges struct {
	s     *TicketsService
	ctx   context.Context
	since time.Time
	seen  []SeenTicket
	opts  ChangesOptions

	mu       sync.Mutex
	next     Watermark
	complete bool
}

// Changes starts an incremental pass over the tickets updated since the
// watermark from (GET /tickets with since_updated_at), for syncs that run
// again and again: give it the Watermark the previous pass returned (the
// zero Watermark the first time), and store the one it returns. The pass
//
//   - asks Syncro for the tickets updated since a second before the
//     watermark (Syncro's filter works to the second), then drops those
//     updated before it;
//   - drops boundary duplicates: tickets listed in from.Seen at the
//     updated_at they had then, that is, already handled by the previous
//     pass; a ticket listed twice because pages shifted is delivered once;
//   - skips tickets in opts.ExcludeStatuses;
//   - computes the new watermark: the latest updated_at seen, kept at
//     least opts.SettleWindow behind the start of the pass, with the
//     tickets handled at or after it.
//
// Nothing is requested until Tickets is ranged over. The order of the
// tickets is Syncro's, which is not by update time; that is why the
// watermark only moves when a pass completes.
//
// Syncro pages by offset and has no deletion feed. A ticket deleted while
// a pass runs shifts the tickets after it one place up, so one of them can
// move onto a page already read; it comes back when it next changes, or in
// an occasional pass from the zero watermark (which also shows which
// tickets are gone).
//
// GET /tickets
func (s *TicketsService) Changes(ctx context.Context, from Watermark, opts *ChangesOptions) *TicketChanges {
	c := &TicketChanges{s: s, ctx: ctx, since: from.UpdatedAt, seen: append([]SeenTicket(nil), from.Seen...)}
	if opts != nil {
		c.opts = *opts
		c.opts.ExcludeStatuses = append([]string(nil), opts.ExcludeStatuses...)
	}
	if c.opts.SettleWindow == 0 {
		c.opts.SettleWindow = DefaultSettleWindow
	}
	c.next = Watermark{UpdatedAt: c.since, Seen: c.seen}
	return c
}

// Watermark returns the watermark to persist. After a pass that ran to the
// end it is the new one; before that, or when the pass stopped early (an
// error, or a break out of the loop), it is the one the pass started from,
// so the next pass goes over the same tickets again: handle tickets
// idempotently (upsert).
func (c *TicketChanges) Watermark() Watermark {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Watermark{UpdatedAt: c.next.UpdatedAt, Seen: append([]SeenTicket(nil), c.next.Seen...)}
}

// Complete reports whether a pass ran to the end, so that Watermark
// returns a new watermark.
func (c *TicketChanges) Complete() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.complete
}

// Tickets iterates over the changed tickets. Each range is a new pass from
// the same starting watermark. An error is yielded once and ends the pass.
//
// GET /tickets
func (c *TicketChanges) Tickets() iter.Seq2[Ticket, error] {
	return func(yield func(Ticket, error) bool) {
		pass := newFeedPass(c.since, c.s.client.clk.Now(), c.seen)
		excluded := make(map[string]bool, len(c.opts.ExcludeStatuses))
		for _, st := range c.opts.ExcludeStatuses {
			excluded[normStatus(st)] = true
		}
		lo := &TicketListOptions{
			ListOptions:    ListOptions{PerPage: c.opts.PerPage},
			CustomerID:     c.opts.CustomerID,
			CommentFormat:  c.opts.CommentFormat,
			SinceUpdatedAt: pass.filter(),
		}
		for t, err := range c.s.All(c.ctx, lo) {
			if err != nil {
				yield(Ticket{}, err)
				return
			}
			if !pass.fresh(t.ID, t.UpdatedAt) || excluded[normStatus(t.Status)] {
				continue // excluded statuses still move the watermark
			}
			if !yield(t, nil) {
				return
			}
		}
		latest, kept := pass.next(c.opts.SettleWindow)
		c.mu.Lock()
		defer c.mu.Unlock()
		c.next = Watermark{UpdatedAt: latest, Seen: kept}
		c.complete = true
	}
}
