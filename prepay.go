package syncro

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/shopspring/decimal"
)

// Prepay (block) hours: organizations buy hours in advance (a product of
// category "Prepay Hours", quantity = hours) and billed labor consumes them.
// The API has no prepay endpoint: the balance is the prepay_hours field of
// the organization's detail record (GET /customers/{id}).

// PrepayBalance is an organization's prepay hours balance.
type PrepayBalance struct {
	CustomerID int64
	Name       string
	// Hours is the balance in hours, exactly as Syncro sent it. It is nil
	// when Syncro sent no prepay_hours: the account does not track prepay
	// hours, or the balance is unknown. That is not a zero balance.
	Hours *decimal.Decimal
}

// Known reports whether Syncro sent a balance.
func (b PrepayBalance) Known() bool { return b.Hours != nil }

// String shows the balance: "Acme: 12.5 h", or "Acme: no prepay balance".
func (b PrepayBalance) String() string {
	if b.Hours == nil {
		return fmt.Sprintf("%s: no prepay balance", b.Name)
	}
	return fmt.Sprintf("%s: %s h", b.Name, b.Hours.String())
}

// PrepayBalanceOf reads the balance a customer record carries. List items
// usually carry none; a detail record carries it when the account tracks
// prepay hours.
func PrepayBalanceOf(c *Customer) PrepayBalance {
	b := PrepayBalance{CustomerID: c.ID, Name: c.DisplayName()}
	if c.PrepayHours != nil {
		h := *c.PrepayHours
		b.Hours = &h
	}
	return b
}

// ErrNoPrepayBalance is returned (wrapped) when a projection needs a
// balance and Syncro sent none for the organization.
var ErrNoPrepayBalance = errors.New("syncro: the organization has no prepay hours balance (Syncro sent no prepay_hours: enable prepay hours tracking under Admin > Customers - Preferences, or sell the organization prepay hours)")

// PrepayBalance reads one organization's prepay hours balance, exactly.
//
// GET /customers/{id}
func (s *CustomersService) PrepayBalance(ctx context.Context, customerID int64) (PrepayBalance, error) {
	c, err := s.Get(ctx, customerID)
	if err != nil {
		return PrepayBalance{CustomerID: customerID}, err
	}
	return PrepayBalanceOf(c), nil
}

// PrepayAtOrBelow iterates over the organizations matching opts that
// have a prepay plan and whose balance is at or below threshold hours (0
// finds those at zero or overdrawn), in list order. The balance is the one
// Syncro reports (prepay_hours), else the one their invoices add up to.
//
// An organization has a plan when a purchase of prepay hours is found on
// its invoices (see PrepayLedger): Syncro reports 0 hours both for an
// organization that used its hours up and for one that never bought any,
// and only the first belongs on a low-balance list. For the reasons and
// the projection after open tickets' labor, use PrepayReport.
//
// Cost: what PrepayLedgers costs (the ledgers are built first, so an
// error comes before any organization).
//
// GET /products, GET /invoices, GET /line_items, GET /customers, GET /customers/{id}, GET /tickets and GET /tickets/{id}
func (s *CustomersService) PrepayAtOrBelow(ctx context.Context, threshold decimal.Decimal, opts *CustomerListOptions) iter.Seq2[PrepayBalance, error] {
	return func(yield func(PrepayBalance, error) bool) {
		ledgers, err := s.PrepayLedgers(ctx, nil, opts)
		if err != nil {
			yield(PrepayBalance{}, err)
			return
		}
		for _, l := range ledgers {
			if !l.HasPlan() {
				continue
			}
			h := l.Balance
			if l.Reported != nil {
				h = *l.Reported
			}
			if h.LessThanOrEqual(threshold) {
				if !yield(PrepayBalance{CustomerID: l.CustomerID, Name: l.Name, Hours: &h}, nil) {
					return
				}
			}
		}
	}
}

// PrepayHoursPlaces is the number of decimal places hours are rounded to
// where a division by 3600 seconds makes them inexact. Durations are never
// rounded.
const PrepayHoursPlaces = 6

// PrepayOptions tunes a prepay projection.
type PrepayOptions struct {
	// ExemptProductIDs lists labor products exempted from prepay hours:
	// timers charged to them do not consume the balance.
	ExemptProductIDs []int64
}

// PrepayProjection is what an organization's prepay balance would be once
// a ticket's uncharged labor timers are charged and invoiced.
type PrepayProjection struct {
	CustomerID int64
	TicketID   int64
	// Balance is the balance now, in hours, as Syncro sent it.
	Balance decimal.Decimal
	// Timers are the timers counted: not yet charged, not exempt, and
	// with some time on them.
	Timers []TicketTimer
	// Uncharged is the time on those timers, summed exactly.
	Uncharged time.Duration
	// UnchargedHours is Uncharged in hours, rounded once to
	// PrepayHoursPlaces.
	UnchargedHours decimal.Decimal
	// Remaining is Balance minus Uncharged, exactly; negative when the
	// timers overdraw the balance.
	Remaining time.Duration
	// RemainingHours is Balance minus Uncharged in hours, computed in
	// seconds and rounded once, at the end, to PrepayHoursPlaces: 12.5 h
	// minus three timers of 1,234 s is 11.471667 h (11 h 28 min 18 s),
	// not 12.5 minus three rounded 0.342778.
	RemainingHours decimal.Decimal
}

// Overdrawn reports whether the timers would take the balance below zero.
func (p *PrepayProjection) Overdrawn() bool { return p.Remaining < 0 }

var nanosPerHour = decimal.NewFromInt(int64(time.Hour))

// ProjectPrepayHours projects a balance of balance hours after the given
// timers, counting those not yet charged (Recorded false) and not on an
// exempt product, each for TicketTimer.Worked. The arithmetic is exact:
// durations are summed as integers and hours are derived once.
func ProjectPrepayHours(balance decimal.Decimal, timers []TicketTimer, opts *PrepayOptions) PrepayProjection {
	exempt := map[int64]bool{}
	if opts != nil {
		for _, id := range opts.ExemptProductIDs {
			exempt[id] = true
		}
	}
	p := PrepayProjection{Balance: balance}
	for _, tm := range timers {
		if tm.Recorded || (tm.ProductID != 0 && exempt[tm.ProductID]) || tm.Worked() <= 0 {
			continue
		}
		p.Timers = append(p.Timers, tm)
		p.Uncharged += tm.Worked()
	}
	usedNanos := decimal.NewFromInt(int64(p.Uncharged))
	remainingNanos := balance.Mul(nanosPerHour).Sub(usedNanos)
	p.UnchargedHours = usedNanos.DivRound(nanosPerHour, PrepayHoursPlaces)
	p.RemainingHours = remainingNanos.DivRound(nanosPerHour, PrepayHoursPlaces)
	p.Remaining = time.Duration(remainingNanos.Round(0).IntPart())
	return p
}

// ProjectPrepay projects the ticket's organization's prepay balance after
// the ticket's uncharged labor timers (see ProjectPrepayHours). It reads
// the ticket, and the organization only when the ticket's nested customer
// does not carry the balance. It fails with ErrNoPrepayBalance when Syncro
// sends no balance for the organization.
//
// GET /tickets/{id}, then GET /customers/{customer_id} if needed
func (s *TicketsService) ProjectPrepay(ctx context.Context, ticketID int64, opts *PrepayOptions) (*PrepayProjection, error) {
	t, err := s.Get(ctx, ticketID)
	if err != nil {
		return nil, err
	}
	var hours *decimal.Decimal
	if t.Customer != nil {
		hours = t.Customer.PrepayHours
	}
	if hours == nil {
		if t.CustomerID <= 0 {
			return nil, fmt.Errorf("syncro: project prepay hours: ticket %d has no organization", ticketID)
		}
		c, err := s.client.Customers.Get(ctx, t.CustomerID)
		if err != nil {
			return nil, err
		}
		hours = c.PrepayHours
	}
	if hours == nil {
		return nil, fmt.Errorf("syncro: project prepay hours for ticket %d (organization %d): %w", ticketID, t.CustomerID, ErrNoPrepayBalance)
	}
	p := ProjectPrepayHours(*hours, t.TicketTimers, opts)
	p.CustomerID, p.TicketID = t.CustomerID, t.ID
	return &p, nil
}
