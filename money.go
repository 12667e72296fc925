package syncro

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var (
	hundred  = decimal.NewFromInt(100)
	maxCents = decimal.NewFromInt(1 << 53) // beyond this a JSON number loses cents in some parsers
)

// toCents converts an amount in dollars to integer cents exactly, for the
// fields Syncro takes in cents (a payment's amount_cents, a schedule
// line's retail_cents). It refuses a fraction of a cent rather than round
// money, and amounts too large to travel exactly as a JSON number.
func toCents(field string, dollars decimal.Decimal) (int64, error) {
	c := dollars.Mul(hundred)
	if !c.IsInteger() {
		return 0, fmt.Errorf("%s: %s has a fraction of a cent; give the amount in whole cents (two decimal places at most)", field, dollars.String())
	}
	if c.Abs().GreaterThan(maxCents) {
		return 0, fmt.Errorf("%s: %s is too large an amount", field, dollars.String())
	}
	return c.IntPart(), nil
}

// optCents converts an optional dollar amount to optional cents.
func optCents(field string, dollars *decimal.Decimal) (*int64, error) {
	if dollars == nil {
		return nil, nil
	}
	c, err := toCents(field, *dollars)
	if err != nil {
		return nil, err
	}
	return &c, nil
}
