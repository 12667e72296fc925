package syncrotest

import (
	"net/url"
	"strings"
	"sync"
	"time"
)

// Request is one entry of the server's request log, for assertions.
type Request struct {
	Seq         int        // 1-based, in the order requests were answered
	Time        time.Time  // arrival, on the server's clock
	Method      string     // GET, POST, ...
	Path        string     // as sent, /api/v1 included
	Route       string     // the endpoint's key, like "GET /customers/{id}"; "" when none matched
	Query       url.Values // the query string; a token sent as api_key reads [REDACTED]
	HasBody     bool       // a non-blank body was sent
	ValidJSON   bool       // the body was one valid JSON value
	Status      int        // the status answered; 0 when the connection was cut first
	Fault       FaultKind  // the fault injected, "" for none
	FaultAfter  bool       // the fault hit after the request was processed
	Processed   bool       // the endpoint ran (a write took effect)
	RateLimited bool       // refused with 429 by the rate limit
	// Body is the request body as received, its first 64 KiB: what the
	// client really sent, write-only fields (a comment's do_not_email)
	// and fields Syncro ignores (an asset's properties on create) included;
	// only credentials other than the token (an OTP code, a portal user's
	// password) read [REDACTED].
	Body []byte
}

// Stats are the server's counters since it started.
type Stats struct {
	Requests    int // every request received
	Processed   int // requests whose endpoint ran
	RateLimited int // refused with 429 by the rate limit
	Faults      int // requests that got an injected fault
	// Created counts records created by POSTs (and Add helpers are not
	// counted), by kind: "customers", "phones", "contacts", "tickets",
	// "comments", "line_items", "timers", "assets".
	Created map[string]int
}

// maxLoggedBody caps the body a log entry keeps.
const maxLoggedBody = 64 << 10

// maxLoggedText caps the path and the query a log entry keeps: Go's server
// lets a request line grow to a megabyte.
const maxLoggedText = 8 << 10

// maxLogEntries and maxLogBytes cap the request log, so that a long-running
// standalone fake (or a client hammering it with refused requests) does not
// grow without bound: past either, the oldest entries go first, down to
// half the cap.
const (
	maxLogEntries = 100_000
	maxLogBytes   = 64 << 20
)

type requestLog struct {
	mu      sync.Mutex
	entries []Request
	bytes   int // what the entries hold: bodies, paths and queries
	stats   Stats

	// maxEntries and maxBytes are the caps; 0 takes the defaults (tests
	// lower them).
	maxEntries, maxBytes int
}

// entrySize is what an entry costs the log beyond its fixed fields.
func entrySize(e *Request) int {
	n := len(e.Body) + len(e.Path) + len(e.Method) + len(e.Route)
	for k, vs := range e.Query {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

// capEntry cuts an entry's path and query to maxLoggedText, and its body
// to maxLoggedBody.
func capEntry(e *Request) {
	if len(e.Body) > maxLoggedBody {
		e.Body = e.Body[:maxLoggedBody:maxLoggedBody]
	}
	if len(e.Path) > maxLoggedText {
		e.Path = strings.Clone(e.Path[:maxLoggedText])
	}
	budget := maxLoggedText
	for k, vs := range e.Query {
		budget -= len(k)
		for i, v := range vs {
			if len(v) > budget {
				vs[i] = strings.Clone(v[:max(budget, 0)])
			}
			budget -= len(vs[i])
		}
		if budget < 0 {
			delete(e.Query, k)
		}
	}
}

func (l *requestLog) add(e Request) {
	capEntry(&e)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats.Requests++
	e.Seq = l.stats.Requests
	if e.Processed {
		l.stats.Processed++
	}
	if e.RateLimited {
		l.stats.RateLimited++
	}
	if e.Fault != "" {
		l.stats.Faults++
	}
	maxEntries, maxBytes := l.maxEntries, l.maxBytes
	if maxEntries <= 0 {
		maxEntries = maxLogEntries
	}
	if maxBytes <= 0 {
		maxBytes = maxLogBytes
	}
	size := entrySize(&e)
	if len(l.entries) >= maxEntries || l.bytes+size > maxBytes {
		// Drop the oldest down to half of both caps, then copy the rest
		// so that the dropped entries' bodies can be freed.
		drop := 0
		for drop < len(l.entries) && (len(l.entries)-drop > maxEntries/2 || l.bytes+size > maxBytes/2) {
			l.bytes -= entrySize(&l.entries[drop])
			drop++
		}
		l.entries = append(l.entries[:0:0], l.entries[drop:]...)
	}
	l.entries = append(l.entries, e)
	l.bytes += size
}

// Requests returns a copy of the request log, oldest first. The log keeps
// the last 50,000 to 100,000 requests, fewer when their bodies, paths and
// queries pass 64 MiB; each keeps at most 64 KiB of body and 8 KiB of path
// and of query. Seq numbers go on counting.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]Request(nil), s.log.entries...)
}

// ResetRequests empties the request log (the counters of Stats go on).
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	s.log.entries = nil
	s.log.bytes = 0
	s.log.mu.Unlock()
}

// Stats returns the server's counters.
func (s *Server) Stats() Stats {
	s.log.mu.Lock()
	st := s.log.stats
	s.log.mu.Unlock()
	s.mu.Lock()
	st.Created = make(map[string]int, len(s.st.created))
	for k, v := range s.st.created {
		st.Created[k] = v
	}
	s.mu.Unlock()
	return st
}
