package syncrotest

import (
	"net/url"
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
	// and fields Syncro ignores (an asset's properties on create) included.
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

// maxLogEntries caps the request log, so that a long-running standalone
// fake does not grow without bound; the oldest entries go first.
const maxLogEntries = 100_000

type requestLog struct {
	mu      sync.Mutex
	entries []Request
	stats   Stats
}

func (l *requestLog) add(e Request) {
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
	if len(l.entries) >= maxLogEntries {
		l.entries = append(l.entries[:0:0], l.entries[len(l.entries)-maxLogEntries/2:]...)
	}
	l.entries = append(l.entries, e)
}

// Requests returns a copy of the request log, oldest first. The log keeps
// the last 50,000 to 100,000 requests; Seq numbers go on counting.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]Request(nil), s.log.entries...)
}

// ResetRequests empties the request log (the counters of Stats go on).
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	s.log.entries = nil
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
