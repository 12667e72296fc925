package syncro

import (
	"context"
	"iter"
	"sync"
	"time"
)

// InvoiceWatermark is where an incremental invoice sync stands. A sync job
// keeps it between runs (it encodes to and from JSON as is) and starts each
// run with it:
//
//	changes := client.Invoices.Changes(ctx, wm, nil)
//	for inv, err := range changes.Invoices() {
//		if err != nil {
//			return err // wm unchanged: the next run redoes this one
//		}
//		upsert(inv)
//	}
//	wm = changes.Watermark() // persist it
//
// Every invoice whose last update is before UpdatedAt has been delivered.
// Seen lists the invoices delivered whose updated_at is at or after
// UpdatedAt, so that the next run does not deliver them again unless they
// change. The zero watermark lists every invoice.
type InvoiceWatermark struct {
	UpdatedAt time.Time    `json:"updated_at"`
	Seen      []SeenRecord `json:"seen,omitempty"`
}

// IsZero reports whether the watermark is the zero one.
func (w InvoiceWatermark) IsZero() bool { return w.UpdatedAt.IsZero() && len(w.Seen) == 0 }

// InvoiceChangesOptions tunes InvoicesService.Changes.
type InvoiceChangesOptions struct {
	// Paid or Unpaid limit the pass to paid or unpaid invoices. An invoice
	// that changes state is still seen by a pass of its new state only.
	Paid, Unpaid bool
	// PerPage is the page size asked for; default 100.
	PerPage int
	// SettleWindow keeps the new watermark at least this far behind the
	// moment the pass started (by the client's clock), for invoices updated
	// while the pass runs and for clock differences. Default
	// DefaultSettleWindow; a negative value disables it.
	SettleWindow time.Duration
}

// InvoiceChanges is one incremental pass over the invoices updated since a
// watermark. Range over Invoices, then read Watermark.
type InvoiceChanges struct {
	s    *InvoicesService
	ctx  context.Context
	from InvoiceWatermark
	opts InvoiceChangesOptions

	mu       sync.Mutex
	next     InvoiceWatermark
	complete bool
}

// Changes starts an incremental pass over the invoices updated since the
// watermark from (GET /invoices with since_updated_at), the same way
// TicketsService.Changes goes over tickets: give it the InvoiceWatermark
// the previous pass returned (the zero one the first time), and store the
// one Watermark returns, whole. The pass
//
//   - it asks Syncro for the invoices updated since a second before the
//     watermark (the filter works to the second) and drops those updated
//     before it;
//   - it drops boundary duplicates: invoices in from.Seen at the updated_at
//     they had then; an invoice listed twice because pages shifted is
//     delivered once;
//   - once the pass has run to its end, Watermark returns the new
//     watermark: the latest updated_at seen, kept at least SettleWindow
//     behind the start of the pass, with the invoices handled at or after
//     it.
//
// Nothing is requested until Invoices is ranged over. Syncro pages by
// offset and has no deletion feed: a deleted invoice is only noticed by a
// pass from the zero watermark.
//
// GET /invoices
func (s *InvoicesService) Changes(ctx context.Context, from InvoiceWatermark, opts *InvoiceChangesOptions) *InvoiceChanges {
	c := &InvoiceChanges{s: s, ctx: ctx, from: InvoiceWatermark{UpdatedAt: from.UpdatedAt, Seen: append([]SeenRecord(nil), from.Seen...)}}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.SettleWindow == 0 {
		c.opts.SettleWindow = DefaultSettleWindow
	}
	if c.opts.PerPage == 0 {
		c.opts.PerPage = 100
	}
	c.next = c.from
	return c
}

// Watermark returns the watermark to persist: after a pass that ran to the
// end, the new one; otherwise the one the pass started from, so that the
// next pass goes over the same invoices again (handle them idempotently).
func (c *InvoiceChanges) Watermark() InvoiceWatermark {
	c.mu.Lock()
	defer c.mu.Unlock()
	return InvoiceWatermark{UpdatedAt: c.next.UpdatedAt, Seen: append([]SeenRecord(nil), c.next.Seen...)}
}

// Complete reports whether a pass ran to the end.
func (c *InvoiceChanges) Complete() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.complete
}

// Invoices iterates over the changed invoices (list items: no lines). Each
// range is a new pass from the same starting watermark. An error is
// yielded once and ends the pass.
//
// GET /invoices
func (c *InvoiceChanges) Invoices() iter.Seq2[Invoice, error] {
	return func(yield func(Invoice, error) bool) {
		pass := newFeedPass(c.from.UpdatedAt, c.s.client.clk.Now(), c.from.Seen)
		lo := &InvoiceListOptions{ListOptions: ListOptions{PerPage: c.opts.PerPage}, Paid: c.opts.Paid, Unpaid: c.opts.Unpaid,
			SinceUpdatedAt: pass.filter()}
		for inv, err := range c.s.All(c.ctx, lo) {
			if err != nil {
				yield(Invoice{}, err)
				return
			}
			if !pass.fresh(inv.ID, inv.UpdatedAt) {
				continue
			}
			if !yield(inv, nil) {
				return
			}
		}
		latest, kept := pass.next(c.opts.SettleWindow)
		c.mu.Lock()
		c.next, c.complete = InvoiceWatermark{UpdatedAt: latest, Seen: kept}, true
		c.mu.Unlock()
	}
}
