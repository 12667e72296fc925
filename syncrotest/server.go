package syncrotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/syncrokit/syncro"
)

// Server is an in-memory fake Syncro account behind a real HTTP server on a
// loopback address. It is safe for concurrent use; Close it when done.
type Server struct {
	hs        *httptest.Server
	token     string
	loc       *time.Location
	now       func() time.Time
	subdomain string
	prepay    bool
	required  []string
	latency   time.Duration

	mu sync.Mutex // guards st
	st *state

	auth   *authz
	rl     *rateWindow
	faults *faultSet
	log    *requestLog
	routes []*route

	done      chan struct{} // closed by Close: ends fault delays at once
	ready     chan struct{} // closed once the seed data is loaded
	closeOnce sync.Once
}

// maxRequestBody caps what the fake reads of a request body.
const maxRequestBody = 4 << 20

// NewServer starts a fake Syncro on a random loopback port (or the address
// given by WithAddr) and returns it. It panics if it cannot listen, like
// httptest.NewServer; Listen returns the error instead.
func NewServer(opts ...ServerOption) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s, err := start(cfg)
	if err != nil {
		panic("syncrotest: " + err.Error())
	}
	return s
}

// Listen starts a fake Syncro listening on addr ("127.0.0.1:8080"; port 0
// picks a free one), for a standalone fake server that other programs use.
// Print its URL and Token (or Env) for them, and Close it when done. Keep
// to a loopback address: the URL is plain http, which the syncro client
// accepts only for loopback hosts.
func Listen(addr string, opts ...ServerOption) (*Server, error) {
	return startWith(append(opts, WithAddr(addr)))
}

func startWith(opts []ServerOption) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return start(cfg)
}

func start(cfg config) (*Server, error) {
	s := &Server{
		token:     cfg.token,
		loc:       cfg.loc,
		now:       cfg.now,
		subdomain: cfg.subdomain,
		prepay:    cfg.prepay,
		required:  cfg.requiredCust,
		latency:   cfg.latency,
		st:        newState(),
		rl:        newRateWindow(cfg.rateLimit, cfg.rateWindow, cfg.retryAfter),
		faults:    &faultSet{},
		log:       &requestLog{},
		done:      make(chan struct{}),
		ready:     make(chan struct{}),
	}
	if s.token == "" {
		s.token = randomToken()
	}
	s.auth = newAuthz(s.token)
	for _, lt := range cfg.limited {
		s.auth.add(lt.token, ownerID, lt.perms)
	}
	for _, r := range cfg.faults {
		s.faults.add(r)
	}
	s.routes = s.buildRoutes()
	s.mu.Lock()
	s.seedOwner()
	s.mu.Unlock()

	var ln net.Listener
	if cfg.addr != "" {
		l, err := net.Listen("tcp", cfg.addr)
		if err != nil {
			return nil, fmt.Errorf("cannot listen on %s: %w", cfg.addr, err)
		}
		ln = l
	}
	s.hs = httptest.NewUnstartedServer(s)
	if ln != nil {
		_ = s.hs.Listener.Close()
		s.hs.Listener = ln
	}
	s.hs.Start()

	// Seed data goes in once the server runs (portal links need its URL).
	// Until it is all in, requests wait (see ServeHTTP): a program that
	// starts as soon as the port answers sees the whole account, never a
	// part of it.
	if cfg.afterStart != nil {
		cfg.afterStart(s)
	}
	if cfg.demo {
		s.seedDemo()
	}
	for _, g := range cfg.generate {
		s.Generate(g)
	}
	close(s.ready)
	return s, nil
}

// randomToken makes a token shaped like Syncro's: "T" + 16 hex + "-" + 20 hex.
func randomToken() string {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		panic("syncrotest: no randomness for a token: " + err.Error())
	}
	h := hex.EncodeToString(b)
	return "T" + h[:16] + "-" + h[16:36]
}

// URL returns the server's root, like http://127.0.0.1:41234, without
// /api/v1: syncro.WithBaseURL accepts it as is.
func (s *Server) URL() string { return s.hs.URL }

// APIURL returns the API root, the URL plus /api/v1, for tools that want the
// full address.
func (s *Server) APIURL() string { return s.hs.URL + "/api/v1" }

// Token returns the server's default token, which has every permission.
// It is a fake's token, safe to print.
func (s *Server) Token() string { return s.token }

// Env returns the environment a program needs to reach this server through
// syncro.NewClientFromEnv: SYNCRO_BASE_URL and SYNCRO_API_TOKEN, as
// NAME=value strings.
func (s *Server) Env() []string {
	return []string{syncro.EnvBaseURL + "=" + s.URL(), syncro.EnvToken + "=" + s.Token()}
}

// Client returns a client wired to this server: WithBaseURL(s.URL()) and the
// default token, then opts. Its limiter matches the server's rate limit as
// configured when Client is called (WithRateLimit; 180 a minute unless
// told otherwise), so a test may make any number of requests without
// meeting a 429 it did not ask for; with the server's limit off, the
// client's is off too. Pass syncro.WithRateLimit or syncro.WithLimiter to
// choose another (syncro.WithRateLimit(0) sends at full speed, into the
// server's 429s). Client panics if opts are invalid.
func (s *Server) Client(opts ...syncro.Option) *syncro.Client {
	s.rl.mu.Lock()
	limit, window := s.rl.limit, s.rl.window
	s.rl.mu.Unlock()
	// Of WithRateLimit and WithLimiter the last one wins, so opts
	// override this default.
	pacing := syncro.WithRateLimit(0)
	if limit > 0 {
		pacing = syncro.WithLimiter(syncro.NewWindowLimiter(limit, window))
	}
	base := []syncro.Option{syncro.WithBaseURL(s.URL()), pacing}
	c, err := syncro.NewClient("", s.token, append(base, opts...)...)
	if err != nil {
		panic("syncrotest: Server.Client: " + err.Error())
	}
	return c
}

// Close shuts the server down, ending fault delays at once and waiting for
// requests in flight.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.hs.CloseClientConnections()
		s.hs.Close()
	})
}

// call is one request as the handlers see it.
type call struct {
	r    *http.Request
	q    url.Values
	p    params
	vars map[string]string
	user int64      // the token's user
	tok  *tokenInfo // nil on public routes
	now  time.Time
}

// pathID reads a numeric path variable; ok is false when it is not a number.
func (c *call) pathID(name string) (int64, bool) {
	n, ok := castInt(c.vars[name]).(int64)
	return n, ok
}

// recordAt finds the record whose id is the path variable name; ok is false
// when the variable is not a number or no such record exists.
func recordAt[T any](c *call, name string, records map[int64]*T) (*T, bool) {
	id, ok := c.pathID(name)
	if !ok {
		return nil, false
	}
	r, ok := records[id]
	return r, ok
}

// ServeHTTP answers one request: faults first (they stand for the network
// and the proxies in front of Syncro), then the rate limit, then routing,
// body checks, authentication, permission and the endpoint itself. The
// request is logged before its answer goes out, so a client that has its
// answer (or lost its connection) finds the request in the log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.ready:
	case <-s.done:
		return
	case <-r.Context().Done():
		return
	}
	arrived := s.now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if s.latency > 0 {
		s.hold(r, s.latency)
		arrived = s.now()
	}
	path := strings.TrimSuffix(r.URL.Path, ".json")
	rt, vars := s.match(r.Method, path)
	entry := Request{
		Time:      arrived,
		Method:    r.Method,
		Path:      r.URL.Path,
		Query:     redactQuery(r.URL.Query()),
		HasBody:   len(bytes.TrimSpace(body)) > 0,
		ValidJSON: validJSON(body),
	}
	if len(body) > 0 {
		entry.Body = bytes.Clone(body[:min(len(body), maxLoggedBody)])
	}
	if rt != nil {
		entry.Route = rt.key
		entry.Body = redactCredentials(entry.Route, entry.Body)
	}
	fault, faulted := s.faults.pick(r.Method, entry.Route, path)
	if faulted {
		entry.Fault, entry.FaultAfter = fault.Kind, fault.After || fault.Kind == FaultTruncate
	}
	if faulted && !fault.After && fault.Delay > 0 {
		s.pause(r.Context(), fault.Delay)
	}
	if faulted && !fault.processes() {
		entry.Status = fault.status(nil)
		s.log.add(entry)
		s.writeFault(w, fault, nil)
		return
	}
	// A request over the rate limit is refused as is: a fault picked for it
	// (it could only be a delay or an after-processing one) is dropped.
	if ok, wait := s.rl.allow(s.now()); !ok {
		resp := s.tooManyRequests(wait)
		entry.Status, entry.RateLimited = resp.status, true
		entry.Fault, entry.FaultAfter = "", false
		s.log.add(entry)
		s.write(w, resp)
		return
	}
	resp, processed := s.process(r, rt, vars, body)
	entry.Processed = processed
	if faulted {
		if fault.After && fault.Delay > 0 {
			s.pause(r.Context(), fault.Delay)
		}
		entry.Status = fault.status(&resp)
		s.log.add(entry)
		s.writeFault(w, fault, &resp)
		return
	}
	entry.Status = resp.status
	s.log.add(entry)
	s.write(w, resp)
}

// process runs the request through routing, body checks, auth and the
// handler. processed reports whether the handler ran (state may have
// changed).
func (s *Server) process(r *http.Request, rt *route, vars map[string]string, body []byte) (resp response, processed bool) {
	if rt == nil {
		return notFound(), false
	}
	p := params{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 && !strings.HasSuffix(k, "[]") {
			p[k] = v[len(v)-1]
		}
	}
	if len(bytes.TrimSpace(body)) > 0 && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
		// A body Syncro cannot parse is answered with an HTML 400 page
		// (OBSERVED for a missing Content-Type). That it fails before
		// authentication is an assumption: the token may be a parameter,
		// so the parameters are parsed first.
		if !isJSONType(r.Header.Get("Content-Type")) {
			return htmlResp(http.StatusBadRequest, badRequestPage), false
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return htmlResp(http.StatusBadRequest, badRequestPage), false
		}
		if m, ok := v.(map[string]any); ok {
			for k, val := range m {
				p[k] = val
			}
		}
	}
	var tok *tokenInfo
	if !rt.public {
		var ok bool
		if tok, ok = s.auth.lookup(r); !ok {
			return unauthorized(), false
		}
		if rt.perm != "" && !tok.can(rt.perm) {
			return permissionDenied(), false
		}
	}
	c := &call{r: r, q: r.URL.Query(), p: p, vars: vars, tok: tok, now: s.now()}
	if tok != nil {
		c.user = tok.userID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return rt.h(c), true
}

// redactQuery keeps a token sent as the api_key parameter out of the
// request log, so that a test printing Requests() prints no token: the
// parameter stays, its value becomes [REDACTED].
func redactQuery(q url.Values) url.Values {
	for k, vs := range q {
		if strings.EqualFold(k, "api_key") {
			for i := range vs {
				vs[i] = "[REDACTED]"
			}
		}
	}
	return q
}

func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// badRequestPage stands in for the HTML page Syncro answers when a POST or
// PUT body is not JSON (OBSERVED: a 400 with an HTML page; its text was not
// captured, so this one is invented).
const badRequestPage = `<!DOCTYPE html>
<html>
<head><title>Bad Request (400)</title></head>
<body><h1>Bad Request</h1><p>The request could not be understood. Send JSON with Content-Type: application/json.</p></body>
</html>
`

// write sends a response.
func (s *Server) write(w http.ResponseWriter, resp response) {
	for k, vs := range resp.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if resp.ctype != "" {
		w.Header().Set("Content-Type", resp.ctype)
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// pause waits d, or less if the client goes away or the server closes.
// hold is WithLatency's wait. Only the request's context ends it early
// (Close cancels the requests in flight), so that it also runs on the clock
// of a synctest bubble that hands requests to ServeHTTP.
func (s *Server) hold(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

func (s *Server) pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.done:
	}
}
