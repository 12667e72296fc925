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
	unit  string // what is counted: "rows" unless set
	total int
	start time.Time
	last  time.Time
	shown bool
	now   func() time.Time
	// When weighed, the time left counts only the work: the rows that send
	// a request (work in all, workDone so far). Rows that send nothing
	// take no time, and counting them makes the estimate wrong.
	weighed        bool
	work, workDone int
}

func newProgress(e *env, what string, total int) *progress {
	return &progress{e: e, what: what, unit: "rows", total: total, start: time.Now(), now: time.Now}
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
	unit := p.unit
	if unit == "" {
		unit = "rows"
	}
	s += fmt.Sprintf(" %s, %.1f %s/s", unit, rate, unit)
	todo, doneWork := p.total-done, done
	if p.weighed {
		todo, doneWork = p.work-p.workDone, p.workDone
	}
	if p.total > 0 && done < p.total && doneWork > 0 && todo > 0 && elapsed > 0 {
		left := time.Duration(float64(todo) / (float64(doneWork) / elapsed.Seconds()) * float64(time.Second))
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
