package syncro

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// TimeReport sums the time logged in timer entries over a period, per
// technician and organization. Durations are summed exactly (whole
// nanoseconds from Syncro's seconds); hours are exact decimals rounded only
// when asked.
type TimeReport struct {
	From, To time.Time // the period: entries whose work started in [From, To)
	// Rows has one row per technician and organization, sorted by
	// technician then organization.
	Rows []TimeReportRow
	// Total sums every row.
	Total TimeReportTotals
}

// TimeReportRow is the time one technician logged for one organization.
type TimeReportRow struct {
	UserID     int64
	CustomerID int64 // 0 when the entry's ticket was not found
	TimeReportTotals
}

// TimeReportTotals are the sums of a group of timer entries.
type TimeReportTotals struct {
	Entries int
	// Worked is the time the entries stand for (TicketTimer.Worked).
	Worked time.Duration
	// Billable is the worked time of the entries marked billable.
	Billable time.Duration
	// Charged is the worked time of the entries already charged (recorded,
	// turned into line items).
	Charged time.Duration
}

func (t *TimeReportTotals) add(tm *TicketTimer) {
	w := tm.Worked()
	t.Entries++
	t.Worked += w
	if tm.Billable {
		t.Billable += w
	}
	if tm.Recorded {
		t.Charged += w
	}
}

// Hours converts d to hours as an exact decimal rounded to places (2 gives
// hundredths of an hour), half away from zero.
func Hours(d time.Duration, places int32) decimal.Decimal {
	return decimal.NewFromInt(int64(d)).DivRound(decimal.NewFromInt(int64(time.Hour)), places)
}

// ByUser returns the totals of each technician, whatever the organization.
func (r *TimeReport) ByUser() map[int64]TimeReportTotals {
	out := map[int64]TimeReportTotals{}
	for _, row := range r.Rows {
		out[row.UserID] = sumTotals(out[row.UserID], row.TimeReportTotals)
	}
	return out
}

// ByCustomer returns the totals of each organization, whatever the
// technician.
func (r *TimeReport) ByCustomer() map[int64]TimeReportTotals {
	out := map[int64]TimeReportTotals{}
	for _, row := range r.Rows {
		out[row.CustomerID] = sumTotals(out[row.CustomerID], row.TimeReportTotals)
	}
	return out
}

func sumTotals(a, b TimeReportTotals) TimeReportTotals {
	return TimeReportTotals{Entries: a.Entries + b.Entries, Worked: a.Worked + b.Worked, Billable: a.Billable + b.Billable, Charged: a.Charged + b.Charged}
}

// BuildTimeReport sums the timer entries of seq whose work started in
// [from, to) (an entry without a start time counts by its creation time).
// customerOf returns the organization of a ticket; it is called once per
// ticket, and a nil customerOf groups everything under organization 0.
// Any error from seq or customerOf fails the report: a partial sum would
// look like a true one.
func BuildTimeReport(seq iter.Seq2[TicketTimer, error], from, to time.Time, customerOf func(ticketID int64) (int64, error)) (*TimeReport, error) {
	if err := checkPeriod("time report", "from", from, "to", to); err != nil {
		return nil, err
	}
	if seq == nil {
		return nil, errors.New("syncro: time report: no timer entries given")
	}
	type key struct{ user, customer int64 }
	groups := map[key]*TimeReportTotals{}
	customers := map[int64]int64{}
	report := &TimeReport{From: from, To: to}
	n := 0
	for tm, err := range seq {
		if err != nil {
			return nil, fmt.Errorf("syncro: time report: listing timer entries failed after %d: %w", n, err)
		}
		n++
		at := tm.StartTime
		if at.IsZero() {
			at = tm.CreatedAt
		}
		if (!from.IsZero() && at.Before(from)) || (!to.IsZero() && !at.Before(to)) {
			continue
		}
		var cust int64
		if customerOf != nil && tm.TicketID > 0 {
			c, ok := customers[tm.TicketID]
			if !ok {
				c, err = customerOf(tm.TicketID)
				if err != nil {
					return nil, fmt.Errorf("syncro: time report: finding the organization of ticket %d: %w", tm.TicketID, err)
				}
				customers[tm.TicketID] = c
			}
			cust = c
		}
		k := key{tm.UserID, cust}
		g := groups[k]
		if g == nil {
			g = &TimeReportTotals{}
			groups[k] = g
		}
		g.add(&tm)
		report.Total.add(&tm)
	}
	for k, g := range groups {
		report.Rows = append(report.Rows, TimeReportRow{UserID: k.user, CustomerID: k.customer, TimeReportTotals: *g})
	}
	slices.SortFunc(report.Rows, func(a, b TimeReportRow) int {
		return cmp.Or(cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	return report, nil
}
