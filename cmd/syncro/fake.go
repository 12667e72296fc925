package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// demoClient returns a client of an in-memory fake account with demo data,
// the default when no credentials are set.
func demoClient(opts ...syncro.Option) (*syncro.Client, func()) {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	return srv.Client(opts...), srv.Close
}

// fakeServer runs a fake Syncro for tools that are not written in Go, until
// interrupted.
func fakeServer(ctx context.Context, e *env, args []string) (int, error) {
	fs := newFlags("fake-server", e)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback `ADDRESS` to listen on (port 0 picks a free one)")
	token := fs.String("token", "", "API `TOKEN` the fake accepts (default: a generated one)")
	orgs := fs.Int("orgs", 0, "also generate `N` organizations, with 3 end users and 2 tickets each, for load tests")
	seed := fs.Uint64("seed", 1, "seed `N` of the generated data: the same seed, the same data")
	limit := fs.Int("rate-limit", syncrotest.DefaultRateLimit, "`N` requests allowed per rolling minute, like Syncro (0: no limit)")
	if err := noPositional(fs, args); err != nil {
		return exitUsage, err
	}
	host := *addr
	if i := strings.LastIndex(host, ":"); i >= 0 {
		host = strings.Trim(host[:i], "[]")
	}
	if host != "127.0.0.1" && host != "localhost" && host != "::1" {
		return exitUsage, usagef("listen on a loopback address (127.0.0.1, localhost or ::1): the fake speaks plain http")
	}
	if *orgs < 0 {
		return exitUsage, usagef("--orgs %d: give a number of organizations, 0 or more", *orgs)
	}
	if *limit < 0 {
		return exitUsage, usagef("--rate-limit %d: give requests a minute, or 0 for no limit", *limit)
	}
	opts := []syncrotest.ServerOption{syncrotest.WithDemoData(), syncrotest.WithRateLimit(*limit, 0)}
	if *token != "" {
		opts = append(opts, syncrotest.WithToken(*token))
	}
	if *orgs > 0 {
		opts = append(opts, syncrotest.WithGeneratedData(syncrotest.Generate{Seed: *seed, Organizations: *orgs, Contacts: 3 * *orgs, Tickets: 2 * *orgs}))
	}
	srv, err := syncrotest.Listen(*addr, opts...)
	if err != nil {
		return exitFailed, err
	}
	defer srv.Close()
	// Listen returns once the data is loaded: the URL printed is ready.
	fmt.Fprintf(e.stdout, "fake Syncro listening on %s (demo account \"%s\")\n", srv.URL(), syncrotest.DemoCustomerName)
	fmt.Fprintln(e.stdout, "use it with:")
	for _, kv := range srv.Env() {
		fmt.Fprintf(e.stdout, "  export %s\n", kv)
	}
	fmt.Fprintln(e.stdout, "stop it with Ctrl-C")
	<-ctx.Done()
	fmt.Fprintln(e.stdout, "stopped")
	return exitOK, nil
}
