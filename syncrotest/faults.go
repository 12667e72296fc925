package syncrotest

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// FaultKind says how a fault breaks an answer.
type FaultKind string

// The kinds of fault the server can inject.
const (
	// FaultStatus answers an error status (429, 500, 502, 503, 504, ...)
	// with the body Syncro or the proxies in front of it would send.
	FaultStatus FaultKind = "status"
	// FaultDelay answers normally after a delay.
	FaultDelay FaultKind = "delay"
	// FaultReset drops the connection without an answer (a TCP reset).
	FaultReset FaultKind = "reset"
	// FaultTruncate sends the real answer's headers, with the full
	// Content-Length, and only the first half of its body, then closes the
	// connection. The request is always processed first: there is no body
	// to cut otherwise.
	FaultTruncate FaultKind = "truncate"
	// FaultHTML answers 200 with an HTML page instead of JSON (a captive or
	// maintenance page in front of the API).
	FaultHTML FaultKind = "html"
)

// Fault is one way to break one request. By default a fault hits before the
// request is processed (nothing changes on the server); AfterProcessing
// makes it hit after: the write happened and only the answer is lost, the
// case that proves a client does not duplicate writes.
type Fault struct {
	Kind       FaultKind
	Status     int           // FaultStatus: the status to answer
	RetryAfter string        // FaultStatus: a Retry-After header value; "" sends none
	Delay      time.Duration // FaultDelay: the delay; other kinds: a wait before the fault
	After      bool          // hit after the request was processed
}

// StatusFault answers status (429, 500, 502, 503, 504, ...).
func StatusFault(status int) Fault { return Fault{Kind: FaultStatus, Status: status} }

// DelayFault answers normally after d.
func DelayFault(d time.Duration) Fault { return Fault{Kind: FaultDelay, Delay: d} }

// ResetFault drops the connection without an answer.
func ResetFault() Fault { return Fault{Kind: FaultReset} }

// TruncateFault cuts the answer's body in half and closes the connection.
func TruncateFault() Fault { return Fault{Kind: FaultTruncate, After: true} }

// HTMLFault answers 200 with an HTML page instead of JSON.
func HTMLFault() Fault { return Fault{Kind: FaultHTML} }

// AfterProcessing returns f hitting after the request was processed.
// A 429 after processing is a lie real Syncro does not tell (a client may
// rightly resend a request refused with 429); use it only to test that.
func (f Fault) AfterProcessing() Fault { f.After = true; return f }

// WithRetryAfter returns f with a Retry-After header value (status faults).
func (f Fault) WithRetryAfter(v string) Fault { f.RetryAfter = v; return f }

// processes reports whether the request is processed despite the fault.
func (f Fault) processes() bool {
	return f.After || f.Kind == FaultDelay || f.Kind == FaultTruncate
}

// String describes the fault, like "status 503 after processing".
func (f Fault) String() string {
	s := string(f.Kind)
	switch f.Kind {
	case FaultStatus:
		s += fmt.Sprintf(" %d", f.Status)
	case FaultDelay:
		s += " " + f.Delay.String()
	}
	if f.After && f.Kind != FaultTruncate {
		s += " after processing"
	}
	return s
}

// FaultRule says which requests get a fault. A rule fires on a request that
// matches Route, is the Nth such request (when Nth is set), wins the seeded
// draw (when Rate is set), and while the rule has fired fewer than Times
// times (when Times is set). When several rules would fire, the first added
// wins. Counting starts when the rule is added.
type FaultRule struct {
	// Route limits the rule to one endpoint: "POST /contacts",
	// "GET /customers/{id}" (a key from Server.Routes), or a glob on the
	// path below /api/v1 ("GET /customers/*"). The method may be "*", or
	// left out ("/contacts"), for any. Empty matches every request.
	Route string
	// Nth fires on the nth matching request only (1-based).
	Nth int
	// Rate fires on that fraction of matching requests, drawn from a
	// generator seeded with Seed: the same requests in the same order get
	// the same faults.
	Rate float64
	Seed uint64
	// Times caps how often the rule fires (0: no cap).
	Times int
	// Faults is what the rule does; with more than one, each firing picks
	// one with the seeded generator.
	Faults []Fault
}

// OnNth fires f on the nth request from now (1-based), whatever the route.
func OnNth(n int, f Fault) FaultRule { return FaultRule{Nth: n, Faults: []Fault{f}} }

// OnRoute fires f on every request to route ("POST /contacts"); set Nth or
// Times on the result to narrow it.
func OnRoute(route string, f Fault) FaultRule { return FaultRule{Route: route, Faults: []Fault{f}} }

// AtRate fires one of faults on a rate fraction of requests, drawn from a
// generator seeded with seed: a deterministic schedule for a client that
// sends requests one at a time.
func AtRate(rate float64, seed uint64, faults ...Fault) FaultRule {
	return FaultRule{Rate: rate, Seed: seed, Faults: faults}
}

type activeRule struct {
	FaultRule
	method, pattern string
	seen, fired     int
	rng             *rand.Rand
}

type faultSet struct {
	mu    sync.Mutex
	rules []*activeRule
}

func (fs *faultSet) add(r FaultRule) {
	ar := &activeRule{FaultRule: r, rng: rand.New(rand.NewPCG(r.Seed, r.Seed^0x5ca1ab1e))}
	ar.Faults = append([]Fault(nil), r.Faults...)
	if r.Route != "" {
		ar.method, ar.pattern, _ = strings.Cut(strings.TrimSpace(r.Route), " ")
		ar.pattern = strings.TrimSpace(ar.pattern)
		if ar.pattern == "" {
			ar.method, ar.pattern = "*", ar.method
		}
	}
	fs.mu.Lock()
	fs.rules = append(fs.rules, ar)
	fs.mu.Unlock()
}

func (r *activeRule) matches(method, routeKey, p string) bool {
	if r.Route == "" {
		return true
	}
	if r.method != "*" && !strings.EqualFold(r.method, method) {
		return false
	}
	if _, pattern, ok := strings.Cut(routeKey, " "); ok && pattern == r.pattern {
		return true
	}
	rel := strings.TrimPrefix(p, apiPrefix)
	ok, _ := path.Match(r.pattern, rel)
	return ok
}

// pick returns the fault for a request, if a rule fires. Every matching
// rule counts the request and makes its draw, whether or not an earlier
// rule fires, so each rule's schedule is independent of the others.
func (fs *faultSet) pick(method, routeKey, p string) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var chosen *activeRule
	for _, r := range fs.rules {
		if len(r.Faults) == 0 || !r.matches(method, routeKey, p) {
			continue
		}
		r.seen++
		fires := (r.Nth == 0 || r.seen == r.Nth) && (r.Times == 0 || r.fired < r.Times)
		if r.Rate > 0 && r.rng.Float64() >= r.Rate {
			fires = false
		}
		if fires && chosen == nil {
			chosen = r
		}
	}
	if chosen == nil {
		return Fault{}, false
	}
	chosen.fired++
	f := chosen.Faults[0]
	if len(chosen.Faults) > 1 {
		f = chosen.Faults[chosen.rng.IntN(len(chosen.Faults))]
	}
	return f, true
}

// InjectFault adds fault rules while the server runs.
func (s *Server) InjectFault(rules ...FaultRule) {
	for _, r := range rules {
		s.faults.add(r)
	}
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.rules = nil
	s.faults.mu.Unlock()
}

// status is the status a request faulted with f is answered with, 0 when
// the connection is cut before a status. resp is the real answer when the
// request was processed.
func (f Fault) status(resp *response) int {
	switch {
	case f.Kind == FaultStatus:
		return f.Status
	case f.Kind == FaultHTML:
		return http.StatusOK
	case f.Kind == FaultReset || resp == nil:
		return 0
	}
	return resp.status // truncated or delayed
}

// writeFault answers with f. resp is the real answer when the request was
// processed.
func (s *Server) writeFault(w http.ResponseWriter, f Fault, resp *response) {
	switch {
	case f.Kind == FaultStatus:
		fr := statusPage(f.Status)
		if f.RetryAfter != "" {
			fr.header = http.Header{"Retry-After": {f.RetryAfter}}
		}
		s.write(w, fr)
	case f.Kind == FaultHTML:
		s.write(w, htmlResp(http.StatusOK, maintenancePage))
	case f.Kind == FaultReset || resp == nil:
		hijackAndClose(w, nil)
	case f.Kind == FaultTruncate:
		hijackAndClose(w, resp)
	default: // FaultDelay: the delay already happened.
		s.write(w, *resp)
	}
}

// statusPage is the answer of a status fault: Syncro's 429 (see
// tooManyRequests), a Rails JSON 500, and the HTML pages a load balancer
// sends for 502, 503 and 504. The bodies are representative, not captured.
func statusPage(status int) response {
	text := http.StatusText(status)
	switch {
	case status == http.StatusTooManyRequests:
		return response{status: status, ctype: "text/plain; charset=utf-8", body: []byte("Retry later\n")}
	case status == http.StatusInternalServerError:
		return jsonResp(status, obj{"status": status, "error": text})
	case status >= 500:
		return htmlResp(status, fmt.Sprintf("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n</body>\r\n</html>\r\n", status, text, status, text))
	}
	return jsonResp(status, obj{"error": text})
}

// maintenancePage is what FaultHTML answers with status 200.
const maintenancePage = `<!DOCTYPE html>
<html>
<head><title>Syncro | We'll be right back</title></head>
<body><h1>We'll be right back</h1><p>Syncro is undergoing scheduled maintenance.</p></body>
</html>
`

// hijackAndClose takes the connection over. With resp it writes resp's
// status line and headers, with the Content-Length of the whole body, and
// half the body, then closes the connection; without resp it resets the
// connection (a TCP reset) before any answer.
func hijackAndClose(w http.ResponseWriter, resp *response) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("syncrotest: the connection cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	if resp != nil {
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", resp.status, http.StatusText(resp.status))
		if resp.ctype != "" {
			fmt.Fprintf(buf, "Content-Type: %s\r\n", resp.ctype)
		}
		fmt.Fprintf(buf, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(resp.body))
		_, _ = buf.Write(resp.body[:len(resp.body)/2])
		_ = buf.Flush()
		closeConn(conn, buf, false)
		return
	}
	closeConn(conn, buf, true)
}

// closeConn closes a hijacked connection; with reset it sends a TCP reset
// instead of an orderly close.
func closeConn(conn net.Conn, _ *bufio.ReadWriter, reset bool) {
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
