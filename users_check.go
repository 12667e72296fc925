package syncro

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"
)

// ConnectionProblem says what CheckToken found wrong.
type ConnectionProblem int

// What can be wrong with a connection.
const (
	// ConnectionWrongSubdomain: no Syncro account answers at the address
	// (the name does not exist, or /me is not found there).
	ConnectionWrongSubdomain ConnectionProblem = iota + 1
	// ConnectionBadToken: Syncro refused the token (wrong, expired or
	// revoked).
	ConnectionBadToken
	// ConnectionMissingPermissions: the token works but lacks permissions.
	ConnectionMissingPermissions
	// ConnectionUnreachable: the network failed before Syncro answered.
	ConnectionUnreachable
	// ConnectionServiceError: Syncro answered with a server error or a
	// rate limit; try again later.
	ConnectionServiceError
	// ConnectionUnexpectedAnswer: /me answered JSON this SDK cannot read.
	// The subdomain and the token are probably right; the answer's shape
	// is not what Syncro is known to send.
	ConnectionUnexpectedAnswer
)

// String names the problem.
func (p ConnectionProblem) String() string {
	switch p {
	case ConnectionWrongSubdomain:
		return "wrong subdomain"
	case ConnectionBadToken:
		return "bad token"
	case ConnectionMissingPermissions:
		return "missing permissions"
	case ConnectionUnreachable:
		return "unreachable"
	case ConnectionServiceError:
		return "service error"
	case ConnectionUnexpectedAnswer:
		return "unexpected answer"
	}
	return fmt.Sprintf("ConnectionProblem(%d)", int(p))
}

// ConnectionError is what CheckToken returns when the connection does not
// work. Its message says which of the subdomain or the token is wrong, or
// which permissions are missing, in words to show the person who typed
// them in. It never contains the token.
type ConnectionError struct {
	Problem   ConnectionProblem
	Subdomain string       // the subdomain tried, or the host when not a syncromsp.com one
	Host      string       // the host tried, e.g. acme.syncromsp.com
	Missing   []Permission // for ConnectionMissingPermissions, when known
	Detail    string       // Syncro's own message, when it sent one
	Err       error        // the underlying error, if any
}

// Error says what is wrong and what to do about it.
func (e *ConnectionError) Error() string {
	var b strings.Builder
	b.WriteString("syncro: test connection: ")
	switch e.Problem {
	case ConnectionWrongSubdomain:
		if strings.Contains(e.Subdomain, ".") { // not a syncromsp.com host: a base URL was given
			fmt.Fprintf(&b, "no Syncro API was found at %s: check the base URL (WithBaseURL or %s)", e.Host, EnvBaseURL)
			break
		}
		fmt.Fprintf(&b, "no Syncro account was found at %s: check the subdomain %q (the part before .syncromsp.com in the address you log in at)", e.Host, e.Subdomain)
	case ConnectionBadToken:
		fmt.Fprintf(&b, "the account %s refused the API token: it is wrong, expired or revoked; create a new token under Admin > API - API Tokens and paste it again", e.Host)
	case ConnectionMissingPermissions:
		if len(e.Missing) == 0 {
			fmt.Fprintf(&b, "the API token for %s works but lacks a permission Syncro needs for this check; an admin can add permissions to the token under Admin > API - API Tokens", e.Host)
			break
		}
		noun, pronoun := "permission", "it"
		if len(e.Missing) > 1 {
			noun, pronoun = "permissions", "them"
		}
		names := make([]string, len(e.Missing))
		for i, p := range e.Missing {
			names[i] = fmt.Sprintf("%s (%s)", p, p.Describe())
		}
		fmt.Fprintf(&b, "the API token for %s works but lacks %d %s: %s; an admin can add %s to the token under Admin > API - API Tokens", e.Host, len(e.Missing), noun, strings.Join(names, ", "), pronoun)
	case ConnectionUnreachable:
		fmt.Fprintf(&b, "could not reach %s: %v; check the network connection and try again", e.Host, e.Err)
	case ConnectionServiceError:
		fmt.Fprintf(&b, "%s could not answer now: %v; try again in a few minutes", e.Host, e.Err)
	case ConnectionUnexpectedAnswer:
		fmt.Fprintf(&b, "%s accepted the API token but its answer could not be read (%v); the subdomain and token look right: try again, and report it if it persists", e.Host, e.Err)
	default:
		fmt.Fprintf(&b, "%s: %v", e.Host, e.Err)
	}
	if e.Detail != "" && e.Problem != ConnectionServiceError && e.Problem != ConnectionUnreachable && e.Problem != ConnectionUnexpectedAnswer {
		fmt.Fprintf(&b, " (Syncro said: %s)", e.Detail)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ConnectionError) Unwrap() error { return e.Err }

// Is makes a missing-permissions error match ErrForbidden and a bad-token
// error match ErrUnauthorized.
func (e *ConnectionError) Is(target error) bool {
	switch target {
	case ErrForbidden:
		return e.Problem == ConnectionMissingPermissions
	case ErrUnauthorized:
		return e.Problem == ConnectionBadToken
	}
	return false
}

// CheckToken is an integration's "Test Connection": it calls GET /me and
// tells apart, in words a user can act on,
//
//   - a wrong subdomain: the name does not resolve, /me is not found
//     (404), or what answers is not Syncro's API (a web page, or JSON
//     without the token's user);
//   - a wrong, expired or revoked token: 401;
//   - missing permissions: a 401 whose message says a permission is
//     missing, or a required permission that /me does not report as
//     granted (each one is named);
//   - a network failure or a Syncro outage.
//
// Each comes back as a *ConnectionError. On success it returns the
// token's user; when only permissions are missing it returns the user
// along with the error. Permissions are written "area.action" (see
// Permission); a malformed one fails before any request.
//
// GET /me
func (s *UsersService) CheckToken(ctx context.Context, required ...Permission) (*Me, error) {
	var bad []string
	for _, p := range required {
		if _, _, ok := p.split(); !ok {
			bad = append(bad, string(p))
		}
	}
	if len(bad) > 0 {
		return nil, &ValidationError{Op: "check token", Fields: bad, Reason: `permissions are written "area.action", e.g. "ticket.write" (see the Permission constants)`}
	}
	host := s.client.baseURL.Host
	ce := &ConnectionError{Host: host, Subdomain: subdomainOf(s.client.baseURL.Hostname())}
	me, err := s.Me(ctx)
	if err == nil && me.UserID == 0 {
		// 200 with JSON, but not Syncro's /me: another service answers there.
		ce.Problem = ConnectionWrongSubdomain
		return nil, ce
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		ce.Err = err
		ce.Problem = classifyConnectionError(err)
		var apiErr *APIError
		if errors.As(err, &apiErr) && ce.Problem != ConnectionServiceError {
			ce.Detail = strings.Join(apiErr.Messages, "; ")
		}
		return nil, ce
	}
	for _, p := range required {
		if !me.Permissions.Allows(p) {
			ce.Missing = append(ce.Missing, p)
		}
	}
	if len(ce.Missing) > 0 {
		ce.Problem = ConnectionMissingPermissions
		return me, ce
	}
	return me, nil
}

// classifyConnectionError maps the failure of GET /me to a problem.
func classifyConnectionError(err error) ConnectionProblem {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return ConnectionWrongSubdomain
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.StatusCode == http.StatusNotFound:
			return ConnectionWrongSubdomain
		case apiErr.StatusCode == http.StatusUnauthorized && apiErr.MissingPermission(),
			apiErr.StatusCode == http.StatusForbidden:
			return ConnectionMissingPermissions
		case apiErr.StatusCode == http.StatusUnauthorized:
			return ConnectionBadToken
		case apiErr.StatusCode == http.StatusTooManyRequests || apiErr.StatusCode >= 500:
			return ConnectionServiceError
		}
		return ConnectionWrongSubdomain // another 4xx: not the API we expect
	}
	var decErr *DecodeError
	if errors.As(err, &decErr) {
		if errors.Is(decErr.Err, errNotJSON) {
			return ConnectionWrongSubdomain // a web page answers, not Syncro's API
		}
		return ConnectionUnexpectedAnswer // Syncro's JSON, in a shape we cannot read
	}
	return ConnectionUnreachable
}

// subdomainOf returns "acme" for acme.syncromsp.com, else the host.
func subdomainOf(host string) string {
	if label, ok := strings.CutSuffix(strings.ToLower(host), ".syncromsp.com"); ok && !strings.Contains(label, ".") {
		return label
	}
	return host
}

// DefaultSeatPrice returns Syncro's flat price of one technician seat per
// month: $129.
func DefaultSeatPrice() decimal.Decimal { return decimal.NewFromInt(129) }

// SeatReportOptions tunes UsersService.SeatReport.
type SeatReportOptions struct {
	// PricePerSeat is the monthly price of one technician seat; nil means
	// DefaultSeatPrice.
	PricePerSeat *decimal.Decimal
	// Details fetches each technician's full record (email, group, admin)
	// with one more request per technician.
	Details bool
}

// SeatReport lists the technicians (billable seats) and what they cost a
// month.
type SeatReport struct {
	Technicians  []User
	Seats        int
	PricePerSeat decimal.Decimal
	MonthlyCost  decimal.Decimal // Seats × PricePerSeat
}

// SeatReport lists the account's technicians and their monthly cost at
// opts.PricePerSeat (default $129). Syncro has no API to add or remove
// seats; the report is where finding unused ones starts.
//
// GET /users (and GET /users/{id} per technician with opts.Details)
func (s *UsersService) SeatReport(ctx context.Context, opts *SeatReportOptions) (*SeatReport, error) {
	price := DefaultSeatPrice()
	details := false
	if opts != nil {
		if opts.PricePerSeat != nil {
			price = *opts.PricePerSeat
		}
		details = opts.Details
	}
	if price.IsNegative() {
		return nil, &ValidationError{Op: "seat report", Fields: []string{"price_per_seat"}, Reason: "must not be negative"}
	}
	users, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(users))
	techs := make([]User, 0, len(users))
	for _, u := range users {
		if seen[u.ID] {
			continue
		}
		seen[u.ID] = true
		if details {
			full, err := s.Get(ctx, u.ID)
			if err != nil {
				return nil, fmt.Errorf("syncro: seat report: technician %d (%s): %w", u.ID, u.FullName, err)
			}
			u = *full
		}
		techs = append(techs, u)
	}
	return &SeatReport{
		Technicians:  techs,
		Seats:        len(techs),
		PricePerSeat: price,
		MonthlyCost:  price.Mul(decimal.NewFromInt(int64(len(techs)))),
	}, nil
}
