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
