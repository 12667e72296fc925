package syncro

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Syncro's prepay_hours field cannot tell an organization that never bought
// hours from one that used them up: both read 0. The ledger tells them
// apart from the invoices themselves: hours are bought on invoice lines of
// a product in the "Prepay Hours" category (quantity = hours) and consumed
// by invoiced lines of "Labor" products (quantity = hours). An
// organization has a plan when at least one purchase is found.

// Default product categories of the prepay hours feature (Syncro's help
// pages name them so).
const (
	DefaultPrepayCategory = "Prepay Hours"
	DefaultLaborCategory  = "Labor"
)

// PrepayLedgerOptions tunes how prepay ledgers are built.
type PrepayLedgerOptions struct {
	// PrepayCategory is the product category of prepay hours purchases;
	// default DefaultPrepayCategory.
	PrepayCategory string
	// LaborCategory is the product category of labor, which consumes
	// hours; default DefaultLaborCategory.
	LaborCategory string
	// ExemptProductIDs lists labor products exempted from prepay hours:
	// their lines and timers never consume the balance.
	ExemptProductIDs []int64
}

// PrepayEntry is one invoice line that bought or consumed prepay hours.
type PrepayEntry struct {
	InvoiceID     int64
	InvoiceNumber string
	Date          time.Time // the invoice's date
	LineItemID    int64
	ProductID     int64
	Name          string
	Hours         decimal.Decimal
}

// PrepayPending is labor logged on an open ticket and not yet invoiced: an
// uncharged timer (TimerID set, Worked its time) or a labor line of the
// ticket not yet converted to an invoice (LineItemID set).
type PrepayPending struct {
	TicketID     int64
	TicketNumber string
	Subject      string
	TimerID      int64
	LineItemID   int64
	Worked       time.Duration   // timers only
	Hours        decimal.Decimal // line items only; timers are summed as durations
}

// PrepayLedger is one organization's prepay hours account, computed
// exactly (decimal hours) from its invoices and open tickets.
type PrepayLedger struct {
	CustomerID int64
	Name       string
	// Reported is the prepay_hours balance Syncro sent for the
	// organization, nil when it sent none. It reads 0 both for an
	// organization without a plan and for one that used its hours up.
	Reported *decimal.Decimal

	// Purchases are the invoice lines that bought hours, Consumed the
	// invoiced labor lines that used them (those on invoices dated on or
	// after the first purchase), both in invoice date order.
	Purchases []PrepayEntry
	Consumed  []PrepayEntry
	// Purchased and Used sum them; Balance is Purchased minus Used.
	Purchased decimal.Decimal
	Used      decimal.Decimal
	Balance   decimal.Decimal

	// Pending is the uncharged labor on the organization's open tickets.
	Pending []PrepayPending
	// Uncharged is the time on the pending timers, summed exactly.
	Uncharged time.Duration
	// PendingHours is the pending labor in hours: the line items' hours
	// plus Uncharged, the latter rounded once to PrepayHoursPlaces.
	PendingHours decimal.Decimal
	// Projected is Balance minus PendingHours: the balance once the open
	// tickets' labor is invoiced.
	Projected decimal.Decimal
}

// HasPlan reports whether the organization ever bought prepay hours: at
// least one purchase was found on its invoices. Without a plan its
// balance means nothing, whatever Syncro reports.
func (l *PrepayLedger) HasPlan() bool { return len(l.Purchases) > 0 }

// Drift returns Syncro's reported balance minus the ledger's, and whether
// Syncro reported one. A difference means hours expired, were reset by a
// recurring invoice or were adjusted by hand, or that some invoices were
// not visible to the token.
func (l *PrepayLedger) Drift() (decimal.Decimal, bool) {
	if l.Reported == nil {
		return decimal.Zero, false
	}
	return l.Reported.Sub(l.Balance), true
}

// String summarizes the ledger on one line.
func (l *PrepayLedger) String() string {
	if !l.HasPlan() {
		return fmt.Sprintf("%s: no prepay plan", l.Name)
	}
	return fmt.Sprintf("%s: bought %s h, used %s h, %s h left, %s h after %s h of uncharged labor",
		l.Name, l.Purchased, l.Used, l.Balance, l.Projected, l.PendingHours)
}

// lineKind is what an invoice or ticket line does to prepay hours.
type lineKind int

const (
	kindOther lineKind = iota
	kindPrepay
	kindLabor
)

// prepayClassifier sorts lines into purchases, labor and the rest, by
// their product's category (from the product catalog), else by the
// category the line itself carries.
type prepayClassifier struct {
	prepayCat, laborCat string
	products            map[int64]lineKind
	exempt              map[int64]bool
}

func newPrepayClassifier(products []Product, opts *PrepayLedgerOptions) *prepayClassifier {
	c := &prepayClassifier{prepayCat: DefaultPrepayCategory, laborCat: DefaultLaborCategory,
		products: map[int64]lineKind{}, exempt: map[int64]bool{}}
	if opts != nil {
		if opts.PrepayCategory != "" {
			c.prepayCat = opts.PrepayCategory
		}
		if opts.LaborCategory != "" {
			c.laborCat = opts.LaborCategory
		}
		for _, id := range opts.ExemptProductIDs {
			c.exempt[id] = true
		}
	}
	for _, p := range products {
		k := c.category(p.ProductCategory)
		if k == kindOther {
			k = c.category(p.CategoryPath)
		}
		c.products[p.ID] = k
	}
	return c
}

// category classifies a category name or path ("Services >> Labor"): its
// last segment names it.
func (c *prepayClassifier) category(name string) lineKind {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexAny(name, ">/"); i >= 0 {
		name = strings.TrimSpace(name[i+1:])
	}
	switch {
	case name == "":
		return kindOther
	case strings.EqualFold(name, c.prepayCat):
		return kindPrepay
	case strings.EqualFold(name, c.laborCat):
		return kindLabor
	}
	return kindOther
}

func (c *prepayClassifier) kind(productID int64, category string) lineKind {
	if productID != 0 && c.exempt[productID] {
		return kindOther
	}
	if k, ok := c.products[productID]; ok && productID != 0 && k != kindOther {
		return k
	}
	return c.category(category)
}

// ledgerFromInvoices builds the invoice side of a ledger from the
// organization's invoices, each with its lines.
func (c *prepayClassifier) ledgerFromInvoices(l *PrepayLedger, invoices []Invoice) {
	sorted := append([]Invoice(nil), invoices...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].Date.Equal(sorted[j].Date) {
			return sorted[i].Date.Before(sorted[j].Date)
		}
		return sorted[i].ID < sorted[j].ID
	})
	var labor []PrepayEntry
	var firstPurchase *Invoice
	for i := range sorted {
		inv := &sorted[i]
		for _, li := range inv.LineItems {
			e := PrepayEntry{InvoiceID: inv.ID, InvoiceNumber: inv.Number, Date: inv.Date, LineItemID: li.ID,
				ProductID: li.ProductID, Name: firstNonEmpty(li.Name, li.Item), Hours: li.Quantity}
			switch c.kind(li.ProductID, li.ProductCategory) {
			case kindPrepay:
				if firstPurchase == nil {
					firstPurchase = inv
				}
				l.Purchases = append(l.Purchases, e)
				l.Purchased = l.Purchased.Add(e.Hours)
			case kindLabor:
				labor = append(labor, e)
			}
		}
	}
	if firstPurchase != nil {
		for _, e := range labor {
			// Labor before the first purchase was billed as usual.
			if e.Date.Before(firstPurchase.Date) {
				continue
			}
			l.Consumed = append(l.Consumed, e)
			l.Used = l.Used.Add(e.Hours)
		}
	}
	l.Balance = l.Purchased.Sub(l.Used)
	l.Projected = l.Balance
}

// addPending adds an open ticket's uncharged labor: timers not yet
// charged, and labor lines not yet converted to an invoice.
func (c *prepayClassifier) addPending(l *PrepayLedger, t *Ticket) {
	for _, tm := range t.TicketTimers {
		if tm.Recorded || tm.Worked() <= 0 || (tm.ProductID != 0 && c.exempt[tm.ProductID]) {
			continue
		}
		l.Pending = append(l.Pending, PrepayPending{TicketID: t.ID, TicketNumber: t.Number, Subject: t.Subject, TimerID: tm.ID, Worked: tm.Worked()})
		l.Uncharged += tm.Worked()
	}
	for _, li := range t.LineItems {
		if li.Converted || c.kind(li.ProductID, li.ProductCategory) != kindLabor {
			continue
		}
		l.Pending = append(l.Pending, PrepayPending{TicketID: t.ID, TicketNumber: t.Number, Subject: t.Subject, LineItemID: li.ID, Hours: li.Quantity})
	}
}

// project computes PendingHours and Projected once every open ticket is in.
func (l *PrepayLedger) project() {
	lines := decimal.Zero
	for _, p := range l.Pending {
		lines = lines.Add(p.Hours)
	}
	l.PendingHours = lines.Add(decimal.NewFromInt(int64(l.Uncharged)).DivRound(nanosPerHour, PrepayHoursPlaces))
	l.Projected = l.Balance.Sub(l.PendingHours)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// prepayInputs is what every ledger is built from.
type prepayInputs struct {
	cls      *prepayClassifier
	invoices map[int64][]Invoice // by customer id, each with its lines
}

// loadClassifier reads the product catalog.
func (c *Client) loadClassifier(ctx context.Context, opts *PrepayLedgerOptions) (*prepayClassifier, error) {
	var products []Product
	for p, err := range c.Products.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledger: read the product catalog: %w", err)
		}
		products = append(products, p)
	}
	return newPrepayClassifier(products, opts), nil
}

// loadAllInvoiceLines reads every invoice and attaches its lines, from
// GET /line_items when the token may use it (it needs Global Admin), else
// from each invoice's detail record.
func (c *Client) loadAllInvoiceLines(ctx context.Context) (map[int64][]Invoice, error) {
	byID := map[int64]*Invoice{}
	var order []int64
	for inv, err := range c.Invoices.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledger: list invoices: %w", err)
		}
		if _, dup := byID[inv.ID]; dup {
			continue
		}
		inv.LineItems = nil
		byID[inv.ID] = &inv
		order = append(order, inv.ID)
	}
	fallback := false
	lines := map[int64][]InvoiceLineItem{}
	for li, err := range c.LineItems.All(ctx, &LineItemListOptions{InvoiceIDNotNull: true}) {
		if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) {
			fallback = true
			break
		}
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledger: list invoice line items: %w", err)
		}
		lines[li.InvoiceID] = append(lines[li.InvoiceID], li)
	}
	out := map[int64][]Invoice{}
	for _, id := range order {
		inv := byID[id]
		if fallback {
			full, err := c.Invoices.Get(ctx, id)
			if errors.Is(err, ErrNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return nil, fmt.Errorf("syncro: prepay ledger: read invoice %d: %w", id, err)
			}
			inv.LineItems = full.LineItems
		} else {
			inv.LineItems = lines[id]
		}
		out[inv.CustomerID] = append(out[inv.CustomerID], *inv)
	}
	return out, nil
}

// addOpenTickets adds the uncharged labor of the organization's open
// tickets to a ledger and projects it.
func (c *Client) addOpenTickets(ctx context.Context, cls *prepayClassifier, l *PrepayLedger) error {
	for t, err := range c.Tickets.All(ctx, &TicketListOptions{CustomerID: l.CustomerID, Status: StatusNotClosed}) {
		if err != nil {
			return fmt.Errorf("syncro: prepay ledger of %s: list open tickets: %w", l.Name, err)
		}
		full, err := c.Tickets.Get(ctx, t.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("syncro: prepay ledger of %s: read ticket %d: %w", l.Name, t.ID, err)
		}
		cls.addPending(l, full)
	}
	l.project()
	return nil
}

// PrepayLedger builds one organization's prepay hours ledger: its
// purchases and invoiced labor (from its invoices), its balance, Syncro's
// reported balance, and the projection after the uncharged labor on its
// open tickets. Without a plan (HasPlan false) the open tickets are not
// read.
//
// Cost: Syncro cannot list one organization's invoices, so every invoice
// page is read (25 a page), then each of the organization's invoices, the
// product catalog, and each of its open tickets.
//
// GET /customers/{id}, GET /products, GET /invoices, GET /invoices/{id} per invoice of the organization, GET /tickets and GET /tickets/{id} per open ticket
func (s *CustomersService) PrepayLedger(ctx context.Context, customerID int64, opts *PrepayLedgerOptions) (*PrepayLedger, error) {
	if err := checkID("prepay ledger", "id", customerID); err != nil {
		return nil, err
	}
	c := s.client
	cust, err := s.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	cls, err := c.loadClassifier(ctx, opts)
	if err != nil {
		return nil, err
	}
	var invs []Invoice
	for inv, err := range c.Invoices.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledger: list invoices: %w", err)
		}
		if inv.CustomerID != customerID {
			continue
		}
		full, err := c.Invoices.Get(ctx, inv.ID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledger: read invoice %d: %w", inv.ID, err)
		}
		invs = append(invs, *full)
	}
	l := &PrepayLedger{CustomerID: cust.ID, Name: cust.DisplayName(), Reported: cust.PrepayHours}
	cls.ledgerFromInvoices(l, invs)
	if !l.HasPlan() {
		return l, nil
	}
	if err := c.addOpenTickets(ctx, cls, l); err != nil {
		return nil, err
	}
	return l, nil
}

// PrepayLedgers builds the ledger of every organization matching opts (in
// list order), the open tickets read only for those with a plan.
//
// Cost: the product catalog, every invoice page and every page of invoice
// lines (GET /line_items, 100 a page; without the Global Admin permission
// it needs, one GET /invoices/{id} per invoice instead), the organizations,
// the detail record of each organization with a plan whose list item lacks
// prepay_hours, and its open tickets.
//
// GET /products, GET /invoices, GET /line_items, GET /customers, GET /customers/{id}, GET /tickets and GET /tickets/{id}
func (s *CustomersService) PrepayLedgers(ctx context.Context, opts *PrepayLedgerOptions, list *CustomerListOptions) ([]PrepayLedger, error) {
	c := s.client
	cls, err := c.loadClassifier(ctx, opts)
	if err != nil {
		return nil, err
	}
	byCustomer, err := c.loadAllInvoiceLines(ctx)
	if err != nil {
		return nil, err
	}
	var out []PrepayLedger
	for cust, err := range s.All(ctx, list) {
		if err != nil {
			return nil, fmt.Errorf("syncro: prepay ledgers: list organizations: %w", err)
		}
		l := PrepayLedger{CustomerID: cust.ID, Name: cust.DisplayName(), Reported: cust.PrepayHours}
		cls.ledgerFromInvoices(&l, byCustomer[cust.ID])
		if l.HasPlan() {
			if l.Reported == nil {
				full, err := s.Get(ctx, cust.ID)
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if err != nil {
					return nil, fmt.Errorf("syncro: prepay ledgers: read %s: %w", l.Name, err)
				}
				l.Reported = full.PrepayHours
			}
			if err := c.addOpenTickets(ctx, cls, &l); err != nil {
				return nil, err
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// PrepayAlert is an organization of a low-balance report, with the
// reasons it is there.
type PrepayAlert struct {
	Ledger  PrepayLedger
	Reasons []string
	// Notes are remarks that did not put the organization on the report,
	// such as Syncro's balance disagreeing with its invoices.
	Notes []string
}

// String shows the alert: the ledger, then the reasons and notes.
func (a PrepayAlert) String() string {
	s := a.Ledger.String()
	for _, r := range a.Reasons {
		s += "\n  - " + r
	}
	for _, n := range a.Notes {
		s += "\n  note: " + n
	}
	return s
}

// Alert decides whether the ledger's organization belongs on a
// low-balance report at threshold hours, and why: its balance is at or
// below it (or overdrawn), or would be once the uncharged labor on its open
// tickets is invoiced. An organization without a plan never does.
func (l *PrepayLedger) Alert(threshold decimal.Decimal) (PrepayAlert, bool) {
	return lowPrepayAlert(*l, threshold)
}

func lowPrepayAlert(l PrepayLedger, threshold decimal.Decimal) (PrepayAlert, bool) {
	a := PrepayAlert{Ledger: l}
	if !l.HasPlan() {
		return a, false
	}
	switch {
	case l.Balance.IsNegative():
		a.Reasons = append(a.Reasons, fmt.Sprintf("overdrawn: %s h of invoiced labor against %s h bought", l.Used, l.Purchased))
	case l.Balance.LessThanOrEqual(threshold):
		a.Reasons = append(a.Reasons, fmt.Sprintf("balance %s h is at or below %s h", l.Balance, threshold))
	}
	if !l.PendingHours.IsZero() && l.Projected.LessThanOrEqual(threshold) {
		a.Reasons = append(a.Reasons, fmt.Sprintf("%s h of uncharged labor on open tickets would leave %s h", l.PendingHours, l.Projected))
	}
	if d, ok := l.Drift(); ok && !d.IsZero() {
		a.Notes = append(a.Notes, fmt.Sprintf("Syncro reports %s h but the invoices add up to %s h (expired, reset or adjusted hours?)", l.Reported, l.Balance))
	}
	return a, len(a.Reasons) > 0
}

// PrepayReport lists the organizations with a prepay plan whose balance,
// or whose balance after the uncharged labor on their open tickets, is at
// or below threshold hours, each with the reasons it is listed.
// Organizations that never bought hours are never listed: their 0 is no
// balance at all. It costs what PrepayLedgers costs.
//
// GET /products, GET /invoices, GET /line_items, GET /customers, GET /customers/{id}, GET /tickets and GET /tickets/{id}
func (s *CustomersService) PrepayReport(ctx context.Context, threshold decimal.Decimal, opts *PrepayLedgerOptions) ([]PrepayAlert, error) {
	ledgers, err := s.PrepayLedgers(ctx, opts, nil)
	if err != nil {
		return nil, err
	}
	var out []PrepayAlert
	for _, l := range ledgers {
		if a, ok := lowPrepayAlert(l, threshold); ok {
			out = append(out, a)
		}
	}
	return out, nil
}
