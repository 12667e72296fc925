package main

import (
	"context"
	"strings"
	"testing"

	"github.com/syncrokit/syncro/syncrotest"
)

func TestTourAgainstTheFake(t *testing.T) {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	if err := tour(context.Background(), srv.Client()); err != nil {
		t.Fatal(err)
	}
}

// TestTourHonoursBaseURL: with SYNCRO_BASE_URL and SYNCRO_API_TOKEN set,
// as `syncro fake-server` prints them, the tour reads that server. Not
// parallel: it sets environment variables.
func TestTourHonoursBaseURL(t *testing.T) {
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	t.Setenv("SYNCRO_SUBDOMAIN", "")
	for _, kv := range srv.Env() {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
	client, done := connect()
	defer done()
	if got, want := client.BaseURL(), srv.APIURL()+"/"; got != want {
		t.Fatalf("the tour talks to %s, want %s", got, want)
	}
	srv.ResetRequests()
	if err := tour(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Processed; n == 0 {
		t.Fatal("the tour sent nothing to the server of SYNCRO_BASE_URL")
	}
}
