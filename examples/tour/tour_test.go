package main

import (
	"context"
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
