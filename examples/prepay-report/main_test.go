package main

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// output runs the report on the demo account and returns what it prints.
func output(t *testing.T, below string) string {
	t.Helper()
	srv := syncrotest.NewServer(syncrotest.WithDemoData())
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, run(context.Background(), srv.Client(), decimal.RequireFromString(below), &out))
	return out.String()
}

func TestReportListsOnlyOrganizationsWithAPlan(t *testing.T) {
	t.Parallel()
	out := output(t, "5")
	assert.Equal(t, `Prepay hours: 2 organizations with a plan, 3 without (not listed, whatever Syncro reports).
At or below 5 h now or after open tickets:
  Riverside Law Group: bought 10 h, used 8.5 h: 1.5 h now, 1.5 h after its uncharged labor
    - balance 1.5 h is at or below 5 h
`, out)
	assert.NotContains(t, out, "Acme", "Syncro reports 0 h for Acme, which never bought hours")
	assert.NotContains(t, out, "-0.75", "no projection for an organization without a plan")

	out = output(t, "12")
	assert.True(t, strings.Contains(out, "Northwind Dental Group: bought 20 h, used 7.5 h: 12.5 h now, 11.5 h after its uncharged labor\n"+
		"    - 1 h of uncharged labor on open tickets would leave 11.5 h\n"), out)
}
