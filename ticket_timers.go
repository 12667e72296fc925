package syncro

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"
)

// TicketTimersService reads the account-wide list of timer entries (the
// time logged on every ticket) and sets whether an entry is billable. The
// entries of one ticket are written through TicketsService (AddTimer,
// UpdateTimer, ChargeTimer, DeleteTimer).
type TicketTimersService service

// TicketTimerListOptions filters GET /ticket_timers, the account-wide list
// of timer entries. The time filters are on the entries' creation time
// (when the time was logged, not when the work started), sent as RFC 3339
// in UTC; the zero time sends nothing.
type TicketTimerListOptions struct {
	ListOptions
	CreatedAtGt time.Time `url:"created_at_gt,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CreatedAtLt time.Time `url:"created_at_lt,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
}

// query returns the options as sent: time filters in UTC.
func (o *TicketTimerListOptions) query() *TicketTimerListOptions {
	q := *o
	q.CreatedAtGt, q.CreatedAtLt = utc(q.CreatedAtGt), utc(q.CreatedAtLt)
	return &q
}

var ticketTimerRec = rec[TicketTimer]{one: "ticket_timer", many: "ticket_timers", bare: true}

// List returns one page of timer entries.
//
// GET /ticket_timers
func (s *TicketTimersService) List(ctx context.Context, opts *TicketTimerListOptions) (*Page[TicketTimer], error) {
	if opts == nil {
		return ticketTimerRec.list(ctx, s.client, "ticket_timers", nil, nil)
	}
	if err := checkPeriod("list ticket timers", "created_at_gt", opts.CreatedAtGt, "created_at_lt", opts.CreatedAtLt); err != nil {
		return nil, err
	}
	return ticketTimerRec.list(ctx, s.client, "ticket_timers", opts.query(), &opts.ListOptions)
}

// Pages iterates over the pages of timer entries matching opts, starting at
// opts.Page.
//
// GET /ticket_timers
func (s *TicketTimersService) Pages(ctx context.Context, opts *TicketTimerListOptions) iter.Seq2[*Page[TicketTimer], error] {
	return pages(ctx, opts, s.List)
}

// All iterates over every timer entry matching opts, fetching pages as
// needed.
//
// GET /ticket_timers
func (s *TicketTimersService) All(ctx context.Context, opts *TicketTimerListOptions) iter.Seq2[TicketTimer, error] {
	return items(s.Pages(ctx, opts))
}

// SetBillable marks a timer entry billable or not and returns it. Syncro
// takes the flag in the query string (?billable=true), not in a body.
//
// PATCH /ticket_timers/{id}
func (s *TicketTimersService) SetBillable(ctx context.Context, id int64, billable bool) (*TicketTimer, error) {
	if err := checkID("set timer billable", "id", id); err != nil {
		return nil, err
	}
	tm := new(TicketTimer)
	q := struct {
		Billable bool `url:"billable"`
	}{billable}
	err := s.client.do(ctx, request{method: http.MethodPatch, path: apiPath("ticket_timers", id), query: q, decode: ticketTimerRec.decodeOne(tm)})
	if err != nil {
		return nil, err
	}
	return tm, nil
}

// TimeReportOptions tune TicketTimersService.Report.
type TimeReportOptions struct {
	// LoggedWithin widens the listing: entries logged (created) up to this
	// long after To still count when their work started in the period,
	// as time is often logged after the fact. 0 means 7 days. Entries
	// are also listed from this long before From, for entries whose
	// start was set earlier than their creation.
	LoggedWithin time.Duration
	// ByCustomer groups the rows by organization too, fetching each
	// ticket once (GET /tickets/{id}) to learn it; the time of a ticket
	// deleted since (404) counts under CustomerID 0. Without it every row
	// has CustomerID 0 and no ticket is fetched.
	ByCustomer bool
}

// defaultLoggedWithin is how late time may be logged and still be counted.
const defaultLoggedWithin = 7 * 24 * time.Hour

// Report sums the time logged on every ticket whose work started in
// [from, to), per technician (and per organization with
// opts.ByCustomer), exactly. It lists the entries created between
// from − LoggedWithin and to + LoggedWithin and keeps those whose start
// time is in the period. Any failed page fails the report: a partial sum
// would look like a true one.
//
// GET /ticket_timers, and GET /tickets/{id} once per ticket when
// opts.ByCustomer is set
func (s *TicketTimersService) Report(ctx context.Context, from, to time.Time, opts *TimeReportOptions) (*TimeReport, error) {
	const op = "time report"
	if from.IsZero() || to.IsZero() {
		return nil, &ValidationError{Op: op, Fields: []string{"from", "to"}, Reason: "give both ends of the period"}
	}
	if err := checkPeriod(op, "from", from, "to", to); err != nil {
		return nil, err
	}
	var o TimeReportOptions
	if opts != nil {
		o = *opts
	}
	if o.LoggedWithin <= 0 {
		o.LoggedWithin = defaultLoggedWithin
	}
	list := &TicketTimerListOptions{CreatedAtGt: from.Add(-o.LoggedWithin), CreatedAtLt: to.Add(o.LoggedWithin)}
	var customerOf func(int64) (int64, error)
	if o.ByCustomer {
		customerOf = func(ticketID int64) (int64, error) {
			t, err := s.client.Tickets.Get(ctx, ticketID)
			if errors.Is(err, ErrNotFound) {
				return 0, nil // a deleted ticket: its time still counts, under organization 0
			}
			if err != nil {
				return 0, err
			}
			return t.CustomerID, nil
		}
	}
	return BuildTimeReport(s.All(ctx, list), from, to, customerOf)
}

// checkPeriod refuses a period whose end is not after its start (both set).
func checkPeriod(op, fromName string, from time.Time, toName string, to time.Time) error {
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return &ValidationError{Op: op, Fields: []string{fromName, toName}, Reason: "the period is empty: " + fromName + " (" + from.Format(time.RFC3339) + ") must be before " + toName + " (" + to.Format(time.RFC3339) + ")"}
	}
	return nil
}
