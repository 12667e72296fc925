package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProgressLine(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		total   int
		done    int
		elapsed time.Duration
		want    string
	}{
		{"known total", 1000, 250, 10 * time.Second, "importing: 250/1000 rows, 25.0 rows/s, about 30s left"},
		{"finished", 1000, 1000, 20 * time.Second, "importing: 1000/1000 rows, 50.0 rows/s"},
		{"unknown total", 0, 300, 4 * time.Second, "importing: 300 rows, 75.0 rows/s"},
		{"nothing yet", 10, 0, 0, "importing: 0/10 rows, 0.0 rows/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := &progress{e: &env{}, what: "importing", total: tt.total, start: start}
			assert.Equal(t, tt.want, p.line(tt.done, start.Add(tt.elapsed)))
		})
	}
}

// The time left counts only the rows that send a request: an import whose
// 100 creates come first and 900 unchanged rows after, 80 creates done in
// 80 s, has 20 s left, not 15 minutes (920 rows at 1 row/s).
func TestProgressTimeLeftCountsOnlyRowsThatSendARequest(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	p := &progress{e: &env{}, what: "importing", total: 1000, start: start, weighed: true, work: 100, workDone: 80}
	assert.Equal(t, "importing: 80/1000 rows, 1.0 rows/s, about 20s left", p.line(80, start.Add(80*time.Second)))
	// The requests are all sent; the unchanged rows that remain take no time.
	p.workDone = 100
	assert.Equal(t, "importing: 400/1000 rows, 4.0 rows/s", p.line(400, start.Add(100*time.Second)))
	// Unchanged rows first: they say nothing of the time the creates take.
	p.workDone = 0
	assert.Equal(t, "importing: 900/1000 rows, 900.0 rows/s", p.line(900, start.Add(time.Second)))
}

// Planning shows the requests it has sent and expects to send.
func TestProgressWhilePlanning(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	p := &progress{e: &env{}, what: "planning", unit: "requests", total: 42, start: start}
	assert.Equal(t, "planning: 21/42 requests, 3.0 requests/s, about 7s left", p.line(21, start.Add(7*time.Second)))
}

func TestProgressQuietUnlessTerminal(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	now := start
	var buf bytes.Buffer
	quiet := &progress{e: &env{stderr: &buf}, what: "exporting", start: start, now: func() time.Time { return now }}
	quiet.update(5)
	quiet.finish()
	assert.Empty(t, buf.String(), "not a terminal: no progress line")

	term := &progress{e: &env{stderr: &buf, stderrTerm: true}, what: "exporting", total: 3, start: start, now: func() time.Time { return now }}
	now = start.Add(time.Second)
	term.update(1)
	now = now.Add(50 * time.Millisecond)
	term.update(2) // too soon after the last redraw: skipped
	now = now.Add(50 * time.Millisecond)
	term.update(3) // the last row is always shown
	term.finish()
	assert.Equal(t, "\rexporting: 1/3 rows, 1.0 rows/s, about 2s left  \rexporting: 3/3 rows, 2.7 rows/s  \n", buf.String())
}
