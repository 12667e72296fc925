package main

import (
	"fmt"
	"time"
)

// progress keeps one status line on stderr for long imports and exports:
// rows done, rate and, when the total is known, the time left. It stays
// quiet when stderr is not a terminal, so logs and pipes get no noise.
type progress struct {
	e     *env
	what  string
	total int
	start time.Time
	last  time.Time
	shown bool
	now   func() time.Time
}

func newProgress(e *env, what string, total int) *progress {
	return &progress{e: e, what: what, total: total, start: time.Now(), now: time.Now}
}

// update redraws the line at most five times a second.
func (p *progress) update(done int) {
	if !p.e.stderrTerm {
		return
	}
	now := p.now()
	if p.shown && now.Sub(p.last) < 200*time.Millisecond && done != p.total {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.e.stderr, "\r%s  ", p.line(done, now))
}

// line renders the status for done rows at time now.
func (p *progress) line(done int, now time.Time) string {
	elapsed := now.Sub(p.start)
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed.Seconds()
	}
	s := fmt.Sprintf("%s: %d", p.what, done)
	if p.total > 0 {
		s += fmt.Sprintf("/%d", p.total)
	}
	s += fmt.Sprintf(" rows, %.1f rows/s", rate)
	if p.total > 0 && rate > 0 && done < p.total {
		left := time.Duration(float64(p.total-done) / rate * float64(time.Second))
		s += fmt.Sprintf(", about %s left", left.Round(time.Second))
	}
	return s
}

// finish ends the line so that what follows starts on a fresh one.
func (p *progress) finish() {
	if p.shown {
		fmt.Fprintln(p.e.stderr)
	}
}
