package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// ErrReportInUse is matched (errors.Is) by OpenReport's error when another
// import, still running, has the same results report open: two imports
// sharing a report would each create every row.
var ErrReportInUse = errors.New("the results report is in use by another import")

// ReportOption tunes OpenReport.
type ReportOption func(*reportConfig)

type reportConfig struct {
	input string
	now   func() time.Time
}

// ForInput binds the report to the imported file: a new report records the
// file's name, and an existing report that records another file is refused
// (it holds another file's lines).
func ForInput(file string) ReportOption {
	return func(c *reportConfig) { c.input = filepath.Base(file) }
}

// ReportWriter writes a results report entry by entry, so that a run
// stopped halfway leaves a report of everything it did.
type ReportWriter struct {
	t       Template
	input   string
	out     io.Writer // NewReportWriter's destination
	file    *os.File  // OpenReport's journal: locked, synced after each create
	release func()    // drops the lock, after file is closed
	path    string
	chain   string // the check of the last entry written
	end     int64  // journal: where the next entry goes
	countAt int64  // journal: where the count of entries on disk is
	entries int    // journal: entries in the file
	err     error  // a failed write: the journal takes no more entries
	buf     bytes.Buffer
	now     func() time.Time
	seen    map[int]ReportEntry // every line's latest entry, earlier runs' included
	wrote   map[int]bool        // the lines this run wrote
}

// NewReportWriter writes the report header to w and returns a writer for
// the entries.
func NewReportWriter(w io.Writer, t Template) (*ReportWriter, error) {
	rw := &ReportWriter{t: t, out: w, chain: chainSeed(t, ""), now: time.Now}
	_, err := w.Write(reportHead(t, "", 0))
	return rw, err
}

// OpenReport opens the results report file at path for a run of template
// t, and locks it until Close (or until the process ends): a second import
// opening the same report meanwhile gets ErrReportInUse. An earlier run's
// report found there is checked (a damaged one is refused, see
// ErrReportDamaged) and returned, to plan a re-run that creates nobody twice
// (see PlanOptions.Previous). The new run's entries are appended as they
// happen, each create recorded before it is sent and its record's id synced
// to disk at once, so a crash loses nothing; an entry a crash cut short is
// dropped. Close rewrites the file with one row per line of the import, the
// latest.
func OpenReport(path string, t Template, opts ...ReportOption) (*Report, *ReportWriter, error) {
	cfg := reportConfig{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	f, release, err := lockReport(path)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*Report, *ReportWriter, error) {
		_ = f.Close()
		release()
		return nil, nil, err
	}
	raw, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return fail(err)
	}
	rw := &ReportWriter{t: t, input: cfg.input, file: f, release: release, path: path, now: cfg.now,
		seen: map[int]ReportEntry{}, wrote: map[int]bool{}}
	var prev *Report
	if len(raw) > 0 {
		if prev, err = parseReport(raw); err != nil {
			if errors.Is(err, ErrReportDamaged) {
				return fail(fmt.Errorf("csvio: %s: %w; a damaged report cannot tell which records earlier runs created: "+
					"restore it from a copy, or check in Syncro what this file's earlier runs created and import with a new report file", path, err))
			}
			return fail(fmt.Errorf("csvio: %s exists but is not a results report (%w): choose another report file", path, err))
		}
		if prev.Template != t {
			return fail(fmt.Errorf("csvio: %s is the report of an %s import, not an %s import", path, prev.Template, t))
		}
		if cfg.input != "" && prev.Input != "" && prev.Input != cfg.input {
			return fail(fmt.Errorf("csvio: %s is the report of importing %s, not %s: it holds another file's lines; "+
				"import %s with it, or give this import its own report file", path, prev.Input, cfg.input, prev.Input))
		}
		rw.input, rw.chain, rw.entries, rw.end = prev.Input, prev.chain, prev.n, prev.size
		rw.countAt = countOffset(t, prev.Input)
		for line, e := range prev.entries {
			rw.seen[line] = e
		}
		switch {
		case prev.torn:
			// Cut the partial entry off, so the next one starts on a line
			// of its own.
			if err := f.Truncate(prev.intact); err != nil {
				return fail(err)
			}
			rw.end = prev.intact
		case prev.unterminated:
			if _, err := f.WriteAt([]byte("\n"), rw.end); err != nil {
				return fail(err)
			}
			rw.end++
		}
		return prev, rw, nil
	}
	head := reportHead(t, rw.input, 0)
	if _, err := f.WriteAt(head, 0); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	rw.chain, rw.end = chainSeed(t, rw.input), int64(len(head))
	rw.countAt = countOffset(t, rw.input)
	return nil, rw, nil
}

// countOffset is where the count of entries starts in a report's file: the
// last cell of the report's own row.
func countOffset(t Template, input string) int64 {
	return int64(len(reportHead(t, input, 0)) - len(formatCount(0)) - 1)
}

// Write records one entry.
func (rw *ReportWriter) Write(e ReportEntry) error {
	if rw.err != nil {
		return rw.err
	}
	rec := e.record(rw.t)
	check := nextCheck(rw.chain, rec)
	rw.buf.Reset()
	w := csv.NewWriter(&rw.buf)
	_ = w.Write(append(rec, check))
	w.Flush()
	if rw.file == nil {
		if _, err := rw.out.Write(rw.buf.Bytes()); err != nil {
			return err
		}
		rw.chain = check
		return nil
	}
	n, err := rw.file.WriteAt(rw.buf.Bytes(), rw.end)
	rw.end += int64(n)
	if err != nil {
		rw.err = err
		return err
	}
	rw.chain = check
	rw.entries++
	rw.seen[e.Line] = e
	rw.wrote[e.Line] = true
	if e.Action == OutcomeCreated || e.Action == OutcomeUnknown {
		if err := rw.sync(); err != nil {
			rw.err = err
			return err
		}
	}
	return nil
}

// sync makes every entry written so far durable, then records their count
// in the report's own row: a count on disk never exceeds the entries on
// disk, so a report holding fewer was cut short or had entries removed.
func (rw *ReportWriter) sync() error {
	if err := rw.file.Sync(); err != nil {
		return err
	}
	_, err := rw.file.WriteAt([]byte(formatCount(rw.entries)), rw.countAt)
	return err
}

// intend records in a journal (OpenReport) that a create is about to be
// sent: an unknown entry, synced to disk before the request goes out, so
// that a process dying while the request is out leaves a report saying the
// record may exist, and a re-run looks for it instead of creating it again.
// The entry written after the answer supersedes it. A plain report
// (NewReportWriter) records outcomes only and gets nothing.
func (rw *ReportWriter) intend(e ReportEntry) error {
	if rw.file == nil {
		return nil
	}
	e.Action = OutcomeUnknown
	e.Error = "the run stopped while this create was being sent: it may have happened; re-run with this report to check before creating it again"
	return rw.Write(e)
}

// Close finishes a report opened with OpenReport: the file is rewritten,
// through a temporary file and a rename, with the latest entry of each
// line in line order, and the lock is released. For a NewReportWriter it
// does nothing.
//
// An earlier run's entry for a line this run did not report (the file
// changed shape: a cell gained a line break, a row was removed) is dropped
// when it holds nothing or a record this run reports on another line. An
// entry holding a record (or a create that may have happened) that this run
// does not report is kept, so a later run can still find it.
func (rw *ReportWriter) Close() error {
	if rw.file == nil {
		return nil
	}
	defer func() {
		_ = rw.file.Close()
		rw.release()
	}()
	if rw.err != nil {
		return rw.err
	}
	held := map[int64]bool{}
	for l := range rw.wrote {
		if id := rw.seen[l].ID; id > 0 {
			held[id] = true
		}
	}
	lines := make([]int, 0, len(rw.seen))
	for l, e := range rw.seen {
		stale := len(rw.wrote) > 0 && !rw.wrote[l] &&
			((e.ID == 0 && e.Action != OutcomeUnknown) || held[e.ID])
		if !stale {
			lines = append(lines, l)
		}
	}
	sort.Ints(lines)
	return WriteFileAtomic(rw.path, func(w io.Writer) error {
		if _, err := w.Write(reportHead(rw.t, rw.input, len(lines))); err != nil {
			return err
		}
		out := &ReportWriter{t: rw.t, out: w, chain: chainSeed(rw.t, rw.input)}
		for _, l := range lines {
			if err := out.Write(rw.seen[l]); err != nil {
				return err
			}
		}
		return nil
	})
}
