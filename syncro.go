package syncro

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

const defaultUserAgent = "syncro-go/" + Version

// Environment variables read by NewClientFromEnv (and by the examples and
// the syncro command). Nothing else in the package reads the environment.
const (
	EnvSubdomain = "SYNCRO_SUBDOMAIN"
	EnvToken     = "SYNCRO_API_TOKEN"
	EnvBaseURL   = "SYNCRO_BASE_URL"
)

// DefaultHTTPTimeout bounds each attempt of a request (connecting, sending
// and reading the answer) when WithHTTPClient gives no client of its own.
// An attempt that times out is a network failure: retried for GET, PUT and
// DELETE, never for POST (see ErrOutcomeUnknown). To change it, pass an
// *http.Client with another Timeout to WithHTTPClient; to bound a whole
// call, retries included, give it a context with a deadline.
const DefaultHTTPTimeout = 60 * time.Second

// Client talks to one Syncro account. It is safe for concurrent use; its
// rate limiter and retry policy are shared by all its services.
type Client struct {
	Customers *CustomersService
	Contacts  *ContactsService
	Tickets   *TicketsService
	Assets    *AssetsService
	Users     *UsersService
	Vendors   *VendorsService

	Invoices        *InvoicesService        // invoices, their line items, Changes
	Estimates       *EstimatesService       // estimates, their line items
	Payments        *PaymentsService        // payments, payment methods
	PaymentProfiles *PaymentProfilesService // customers' stored payment profiles
	Products        *ProductsService        // products, categories, serials, SKUs
	Schedules       *SchedulesService       // recurring invoices
	LineItems       *LineItemsService       // GET /line_items across invoices and estimates

	Contracts        *ContractsService
	PortalUsers      *PortalUsersService
	RmmAlerts        *RmmAlertsService
	Appointments     *AppointmentsService
	AppointmentTypes *AppointmentTypesService
	Leads            *LeadsService
	PurchaseOrders   *PurchaseOrdersService
	WikiPages        *WikiPagesService
	CannedResponses  *CannedResponsesService
	NewTicketForms   *NewTicketFormsService
	Search           *SearchService
	Settings         *SettingsService
	CallerID         *CallerIDService
	Timelogs         *TimelogsService
	UserDevices      *UserDevicesService

	TicketTimers     *TicketTimersService     // the account-wide timer list and time reports
	WorksheetResults *WorksheetResultsService // worksheets filled in on tickets
	Items            *ItemsService            // part orders

	baseURL *url.URL
	token   func() string
	// scrub is the redactor's method value: like token, a func, so that
	// no printer or dumper reaches the pieces of the token it holds.
	scrub     func(string) string
	hc        *http.Client
	limiter   Limiter
	retry     RetryPolicy
	logger    *slog.Logger
	userAgent string
	clk       clock

	pageConcurrency int

	requiredCustomerFields []string
}

// service is the common base of the resource services.
type service struct{ client *Client }

// secret keeps the token where fmt cannot reach it: whatever the verb and
// depth, fmt prints a func as an address, never what it captured.
func secret(token string) func() string { return func() string { return token } }

// Option configures a Client. Options validate their arguments; a bad one
// makes NewClient fail with an error that says what to fix.
type Option func(*clientConfig) error

type clientConfig struct {
	baseURL   *url.URL
	hc        *http.Client
	limiter   Limiter
	rateLimit *int
	retry     RetryPolicy
	userAgent string
	logger    *slog.Logger
	clk       clock

	pageConcurrency int

	requiredCustomerFields []string
}

// NewClient returns a client for the account at https://{subdomain}.syncromsp.com.
// subdomain is just the account's subdomain ("acme"), not a URL; it may be
// empty when WithBaseURL gives the address. token is an API token created
// under Admin > API - API Tokens; it is sent only in the Authorization
// header and never appears in errors, logs or printed values.
func NewClient(subdomain, token string, opts ...Option) (*Client, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("syncro: empty API token: create one under Admin > API - API Tokens and pass it to NewClient (or set " + EnvToken + ")")
	}
	if strings.IndexFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return nil, errors.New("syncro: the API token contains spaces or control characters: paste only the token itself")
	}
	cfg := clientConfig{retry: DefaultRetryPolicy(), clk: realClock{}, pageConcurrency: DefaultPageConcurrency}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if subdomain != "" {
		sub, err := validateSubdomain(subdomain)
		if err != nil {
			return nil, err
		}
		if cfg.baseURL == nil {
			cfg.baseURL = &url.URL{Scheme: "https", Host: sub + ".syncromsp.com", Path: "/api/v1/"}
		}
	}
	if cfg.baseURL == nil {
		return nil, errors.New("syncro: no account given: pass the subdomain (e.g. acme for acme.syncromsp.com) or WithBaseURL")
	}
	c := &Client{
		baseURL:                cfg.baseURL,
		token:                  secret(token),
		scrub:                  newRedactor(token).redact,
		hc:                     cfg.hc,
		retry:                  cfg.retry,
		logger:                 cfg.logger,
		userAgent:              defaultUserAgent,
		clk:                    cfg.clk,
		pageConcurrency:        cfg.pageConcurrency,
		requiredCustomerFields: cfg.requiredCustomerFields,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: DefaultHTTPTimeout}
	}
	// Redirects are never followed: the token and the body must not go to
	// another origin, nor over plain http. The 3xx comes back as an
	// *APIError that names the target.
	c.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if c.logger == nil {
		c.logger = slog.New(discardHandler{})
	}
	if cfg.userAgent != "" {
		c.userAgent = cfg.userAgent + " " + defaultUserAgent
	}
	switch {
	case cfg.limiter != nil:
		c.limiter = cfg.limiter
	case cfg.rateLimit != nil && *cfg.rateLimit == 0:
		c.limiter = noLimiter{}
	case cfg.rateLimit != nil:
		c.limiter = newWindowLimiter(*cfg.rateLimit, time.Minute, cfg.clk)
	default:
		c.limiter = newWindowLimiter(DefaultRateLimit, time.Minute, cfg.clk)
	}
	c.initServices()
	return c, nil
}

var serviceType = reflect.TypeFor[service]()

// initServices sets every service field of the Client (a pointer to a type
// defined as "type XService service"), so that adding a resource is adding
// its field to Client, nothing more.
func (c *Client) initServices() {
	v := reflect.ValueOf(c).Elem()
	base := reflect.ValueOf(service{client: c})
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		t := f.Type()
		if !f.CanSet() || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || !serviceType.ConvertibleTo(t.Elem()) {
			continue
		}
		p := reflect.New(t.Elem())
		p.Elem().Set(base.Convert(t.Elem()))
		f.Set(p)
	}
}

// NewClientFromEnv builds a client from SYNCRO_SUBDOMAIN and
// SYNCRO_API_TOKEN, or SYNCRO_BASE_URL (for a fake server or a proxy)
// instead of the subdomain. Options given here override the environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	sub := strings.TrimSpace(os.Getenv(EnvSubdomain))
	base := strings.TrimSpace(os.Getenv(EnvBaseURL))
	token := os.Getenv(EnvToken)
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("syncro: " + EnvToken + " is not set: create a token under Admin > API - API Tokens and export it")
	}
	if sub == "" && base == "" {
		return nil, errors.New("syncro: neither " + EnvSubdomain + " (e.g. acme) nor " + EnvBaseURL + " is set")
	}
	if base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	c, err := NewClient(sub, token, opts...)
	if err != nil && sub != "" && strings.Contains(err.Error(), "subdomain") {
		return nil, fmt.Errorf("%w (from %s)", err, EnvSubdomain)
	}
	return c, err
}

var subdomainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// validateSubdomain checks a subdomain against DNS label rules and explains
// the usual mistake of pasting the whole address.
func validateSubdomain(s string) (string, error) {
	sub := strings.ToLower(strings.TrimSpace(s))
	if strings.ContainsAny(sub, "./:@?#") {
		return "", fmt.Errorf("syncro: %q is an address, not a subdomain: give just the subdomain, e.g. %s", s, guessSubdomain(sub))
	}
	if !subdomainPattern.MatchString(sub) {
		return "", fmt.Errorf("syncro: %q is not a valid subdomain (letters, digits and inner hyphens, at most 63): give just the subdomain, e.g. acme", s)
	}
	return sub, nil
}

// guessSubdomain finds "acme" in "https://acme.syncromsp.com/..." for the
// error message; it falls back to "acme".
func guessSubdomain(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(s, "www.")
	if i := strings.IndexAny(s, "/:?#"); i >= 0 {
		s = s[:i]
	}
	if label, _, ok := strings.Cut(s, "."); ok && subdomainPattern.MatchString(label) {
		return label
	}
	return "acme"
}

// WithBaseURL sets the API root, like https://acme.syncromsp.com/api/v1. A
// URL with no path gets /api/v1 appended, so the root of a syncrotest server
// works as is. Plain http is accepted only for loopback hosts.
func WithBaseURL(rawURL string) Option {
	return func(cfg *clientConfig) error {
		u, err := parseBaseURL(rawURL)
		if err != nil {
			return err
		}
		cfg.baseURL = u
		return nil
	}
}

func parseBaseURL(rawURL string) (*url.URL, error) {
	shown := quotableURL(rawURL)
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("syncro: base URL %q is not an absolute URL like https://acme.syncromsp.com/api/v1", shown)
	}
	if u.User != nil {
		return nil, errors.New("syncro: base URL must not carry a user or password: the token goes to NewClient")
	}
	if u.ForceQuery && u.RawQuery == "" {
		return nil, fmt.Errorf("syncro: base URL %q ends with \"?\": remove it (the client adds each call's own query)", shown+"?")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("syncro: base URL %q must not have a query or fragment: the token goes to NewClient, never in the URL", shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("syncro: base URL %q uses plain http: use https (plain http is accepted only for loopback test servers)", shown)
		}
	default:
		return nil, fmt.Errorf("syncro: base URL %q must use https", shown)
	}
	if port := u.Port(); port != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("syncro: base URL %q has port %q: give a port from 1 to 65535, or none for https's 443", shown, port)
		}
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, fmt.Errorf("syncro: base URL %q has a %q segment in its path: give the API root itself, like https://acme.syncromsp.com/api/v1", shown, seg)
		}
	}
	u.RawPath = ""
	if u.Path == "" || u.Path == "/" {
		u.Path = "/api/v1"
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// quotableURL is a base URL as an error may quote it: without the query,
// fragment and user info where a token or password hides
// (https://acme.syncromsp.com/api/v1?api_key=...), even when the URL does
// not parse.
func quotableURL(rawURL string) string {
	s := strings.TrimSpace(rawURL)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	scheme, rest := "", s
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, rest = s[:i+3], s[i+3:]
	}
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	return scheme + authority + path
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient sets the HTTP client. It is copied, never mutated; its
// Transport and Timeout are used as is (tests inject httpmock's transport
// here), but its CheckRedirect is not: the client never follows a redirect.
// Its Timeout bounds each attempt (DefaultHTTPTimeout when no client is
// given; 0 means none).
func WithHTTPClient(hc *http.Client) Option {
	return func(cfg *clientConfig) error {
		if hc == nil {
			return errors.New("syncro: WithHTTPClient: nil *http.Client")
		}
		cp := *hc
		cfg.hc = &cp
		return nil
	}
}

// WithRateLimit sets the client's own limiter to perMinute requests in any
// rolling minute. The default is 180, Syncro's documented limit; lower it
// when other programs share the account's IP address. 0 disables the
// limiter. Of WithRateLimit and WithLimiter, the last one given wins.
func WithRateLimit(perMinute int) Option {
	return func(cfg *clientConfig) error {
		if perMinute < 0 {
			return fmt.Errorf("syncro: WithRateLimit(%d): the rate must be 0 (off) or positive", perMinute)
		}
		cfg.rateLimit, cfg.limiter = &perMinute, nil
		return nil
	}
}

// WithLimiter makes the client wait on l before every request, so several
// clients (or, with a shared-store implementation, processes) draw on one
// budget. Of WithRateLimit and WithLimiter, the last one given wins.
func WithLimiter(l Limiter) Option {
	return func(cfg *clientConfig) error {
		if l == nil {
			return errors.New("syncro: WithLimiter: nil Limiter (use WithRateLimit(0) to disable limiting)")
		}
		cfg.limiter, cfg.rateLimit = l, nil
		return nil
	}
}

// WithPageConcurrency sets how many page requests the All and Pages
// iterators keep in flight once the first page has named the number of
// pages (default DefaultPageConcurrency, 4). Pages are still yielded in
// order and every request waits its turn at the limiter. 1 fetches one page
// after the other, as a caller that wants no request ahead of its reading
// may prefer.
func WithPageConcurrency(n int) Option {
	return func(cfg *clientConfig) error {
		if n < 1 || n > maxPageConcurrency {
			return fmt.Errorf("syncro: WithPageConcurrency(%d): give 1 (one page at a time) to %d", n, maxPageConcurrency)
		}
		cfg.pageConcurrency = n
		return nil
	}
}

// maxPageConcurrency caps WithPageConcurrency: more requests in flight than
// Syncro's per-minute budget would only wait at the limiter.
const maxPageConcurrency = DefaultRateLimit

// WithRetry sets the retry policy (see RetryPolicy for what is retried).
func WithRetry(p RetryPolicy) Option {
	return func(cfg *clientConfig) error {
		p, err := p.withDefaults()
		if err != nil {
			return err
		}
		cfg.retry = p
		return nil
	}
}

// WithUserAgent prepends product (like "acme-portal/2.1") to the SDK's
// User-Agent, so Syncro can tell integrations apart.
func WithUserAgent(product string) Option {
	return func(cfg *clientConfig) error {
		product = strings.TrimSpace(product)
		if strings.IndexFunc(product, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
			return errors.New("syncro: WithUserAgent: the product contains control characters")
		}
		cfg.userAgent = product
		return nil
	}
}

// WithLogger sets the logger for retries and request outcomes. The default
// discards. The token is never logged.
func WithLogger(l *slog.Logger) Option {
	return func(cfg *clientConfig) error {
		cfg.logger = l
		return nil
	}
}

// withClock replaces the time source of the limiter and retry waits (tests).
func withClock(clk clock) Option {
	return func(cfg *clientConfig) error {
		cfg.clk = clk
		return nil
	}
}

// BaseURL returns the API root the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// String describes the client without its token.
func (c *Client) String() string {
	return fmt.Sprintf("syncro.Client{baseURL: %s, token: [REDACTED]}", c.baseURL)
}

// GoString describes the client without its token.
func (c *Client) GoString() string { return c.String() }

// Format prints the client without its token, whatever the verb.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// redact scrubs the token from s: whole, in part (8 or more of its
// characters in a row) or spelled with JSON, HTML or URL escapes.
func (c *Client) redact(s string) string { return c.scrub(s) }

// discardHandler is a slog.Handler that drops every record.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
