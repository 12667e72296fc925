package syncrotest

import (
	"time"
)

// ServerOption configures a Server. Options are applied in order.
type ServerOption func(*config)

type config struct {
	addr         string
	token        string
	limited      []limitedToken
	loc          *time.Location
	now          func() time.Time
	subdomain    string
	rateLimit    int
	rateWindow   time.Duration
	retryAfter   bool
	latency      time.Duration
	faults       []FaultRule
	demo         bool
	generate     []Generate
	requiredCust []string
	prepay       bool
	// afterStart, for this package's tests, runs once the server listens
	// and before the seed data is loaded.
	afterStart func(*Server)
}

type limitedToken struct {
	token string
	perms []string
}

// DefaultRateLimit is the fake's default budget: Syncro's documented 180
// requests per rolling minute.
const DefaultRateLimit = 180

// defaultZone is the account time zone when WithTimeZone is not given: a
// fixed +02:00, the offset of the only real Syncro-family response captured
// with offsets (SYNCRO_API.md §5, asset sample). A fixed zone needs no
// time zone database.
var defaultZone = time.FixedZone("+02:00", 2*60*60)

func defaultConfig() config {
	return config{
		loc:        defaultZone,
		now:        time.Now,
		subdomain:  "syncrotest",
		rateLimit:  DefaultRateLimit,
		rateWindow: time.Minute,
		prepay:     true,
	}
}

// WithAddr makes the server listen on addr ("127.0.0.1:8080") instead of a
// random loopback port. NewServer panics if it cannot listen there; Listen
// returns the error instead.
func WithAddr(addr string) ServerOption {
	return func(c *config) { c.addr = addr }
}

// WithToken sets the server's default token, which has every permission and
// belongs to the account owner (user 1). Without it each server makes up a
// random token in Syncro's format ("T" + 16 hex + "-" + 20 hex).
func WithToken(token string) ServerOption {
	return func(c *config) { c.token = token }
}

// WithLimitedToken adds a token that has only the given permissions (the
// Perm constants, named as in Syncro's token editor). A request to an
// endpoint whose permission it lacks gets Syncro's 401 permission error, and
// GET /me reflects what it may do. Several tokens may be added.
func WithLimitedToken(token string, permissions ...string) ServerOption {
	return func(c *config) {
		c.limited = append(c.limited, limitedToken{token: token, perms: append([]string(nil), permissions...)})
	}
}

// WithTimeZone sets the account time zone: every timestamp the server sends
// carries its offset, as Syncro's do. The default is a fixed +02:00.
func WithTimeZone(loc *time.Location) ServerOption {
	return func(c *config) {
		if loc != nil {
			c.loc = loc
		}
	}
}

// WithClock replaces the server's time source, used for record timestamps
// and for the rate limit's rolling window. Tests pass a fake clock to move
// the window without waiting.
func WithClock(now func() time.Time) ServerOption {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithSubdomain sets the account subdomain reported by GET /me (default
// "syncrotest"). It does not change the server's address.
func WithSubdomain(sub string) ServerOption {
	return func(c *config) { c.subdomain = sub }
}

// WithRateLimit sets the rolling-window budget: at most limit processed
// requests in any window (default 180 per minute, Syncro's documented
// limit). A request over the budget gets 429 and does not count. A limit of
// 0 turns rate limiting off; a window of 0 means a minute. Tests scale both
// down (say 30 per 250ms) to exercise pacing quickly.
func WithRateLimit(limit int, window time.Duration) ServerOption {
	return func(c *config) {
		c.rateLimit = max(limit, 0)
		if window <= 0 {
			window = time.Minute
		}
		c.rateWindow = window
	}
}

// WithRetryAfter makes 429 answers carry a Retry-After header (whole seconds
// until the window has room). Syncro documents no such header and a
// third-party guide says there is none, so it is off by default.
func WithRetryAfter(on bool) ServerOption {
	return func(c *config) { c.retryAfter = on }
}

// WithFaults installs fault rules from the start; see Server.InjectFault.
func WithFaults(rules ...FaultRule) ServerOption {
	return func(c *config) { c.faults = append(c.faults, rules...) }
}

// WithDemoData loads a small realistic account: organizations led by
// "[Example] Acme Tech Solutions" with its end user Jane Doe, tickets in
// several statuses with comments, line items and timers, assets, a few
// technicians, and billing: a product catalog with a "Prepay Hours"
// product and "Labor" products, invoices for the organizations (two of
// them bought prepay hours and used some on invoiced labor, matching their
// prepay_hours; the others never bought any, though Syncro reports 0 h for
// them too) and the payments of the paid ones.
func WithDemoData() ServerOption {
	return func(c *config) { c.demo = true }
}

// WithGeneratedData adds generated organizations, end users and tickets for
// load tests; the same Generate always gives the same records.
func WithGeneratedData(g Generate) ServerOption {
	return func(c *config) { c.generate = append(c.generate, g) }
}

// WithRequiredCustomerFields makes POST /customers refuse, with Syncro's
// 422 message list, an organization missing one of these fields (wire names,
// "properties.<Name>" for a custom field), as an account does when an admin
// marks fields required under Admin > Customers - Preferences.
func WithRequiredCustomerFields(fields ...string) ServerOption {
	return func(c *config) { c.requiredCust = append([]string(nil), fields...) }
}

// WithoutPrepayHours turns off the account's prepay hours feature: customer
// detail records then carry no prepay_hours field.
func WithoutPrepayHours() ServerOption {
	return func(c *config) { c.prepay = false }
}

// WithLatency holds every request back d before the server handles it, so
// a client sees a round trip of d plus the server's own time, as over a
// real network. Benchmarks use it to measure pacing and concurrent pages;
// the rate limit counts a request when it is handled. Close ends the waits
// at once.
func WithLatency(d time.Duration) ServerOption {
	return func(c *config) { c.latency = max(d, 0) }
}
