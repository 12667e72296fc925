package csvio

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Outcome is what happened to one row, as the results report records it.
type Outcome string

// The outcomes of an import.
const (
	OutcomeCreated     Outcome = "created"
	OutcomeUpdated     Outcome = "updated"
	OutcomeUnchanged   Outcome = "unchanged"
	OutcomeSkipped     Outcome = "skipped"      // an empty row, or a row not reached because the run was stopped
	OutcomeFailed      Outcome = "failed"       // refused by the plan or by Syncro; nothing was changed
	OutcomeUnknown     Outcome = "unknown"      // a create whose answer was lost: it may have happened
	OutcomeWouldCreate Outcome = "would create" // dry run
	OutcomeWouldUpdate Outcome = "would update" // dry run
	OutcomeRefused     Outcome = "refused"      // dry run: the plan refuses the row, which a run would report failed
)

// ReportEntry is one row of a results report.
type ReportEntry struct {
	Line       int
	Action     Outcome
	CustomerID int64 // the organization; for organization imports, the organization's own id
	ID         int64 // the end user (contact_id) or organization; the new id after a create
	Name       string
	Email      string
	Error      string
	Note       string
}

func reportColumns(t Template) []string {
	if t == CustomerTemplate {
		return []string{"line", "action", "id", "business_name", "email", "error", "note"}
	}
	return []string{"line", "action", "customer_id", "contact_id", "name", "email", "error", "note"}
}

func (e ReportEntry) record(t Template) []string {
	rec := []string{strconv.Itoa(e.Line), string(e.Action)}
	if t == CustomerTemplate {
		rec = append(rec, formatID(e.ID))
	} else {
		rec = append(rec, formatID(e.CustomerID), formatID(e.ID))
	}
	rec = append(rec, e.Name, e.Email, e.Error, e.Note)
	for i := range rec {
		rec[i] = guard(rec[i])
	}
	return rec
}

// Report is a results report read back: the latest entry for each line.
type Report struct {
	Template Template
	entries  map[int]ReportEntry
	// intact is the length of the report up to its last complete entry,
	// when the file ends in an entry cut short (a crash while writing).
	intact int64
	torn   bool
	// unterminated is true when the last entry is complete but for its
	// line end.
	unterminated bool
}

// Entry returns the latest entry recorded for a line of the imported file.
func (r *Report) Entry(line int) (ReportEntry, bool) {
	if r == nil {
		return ReportEntry{}, false
	}
	e, ok := r.entries[line]
	return e, ok
}

// Len returns the number of lines the report covers.
func (r *Report) Len() int {
	if r == nil {
		return 0
	}
	return len(r.entries)
}

// ReadReport reads a results report written by an earlier run. When a line
// appears more than once (a run resumed after a crash), the last entry wins.
// A last entry cut short by a crash (the file ends inside it, without a
// line end) is ignored: every complete entry before it is read.
func ReadReport(r io.Reader) (*Report, error) {
	tail := &lastByte{r: r}
	cr := csv.NewReader(bufio.NewReader(tail))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the results report: %w", err)
	}
	rep := &Report{entries: map[int]ReportEntry{}}
	switch strings.Join(header, ",") {
	case strings.Join(reportColumns(ContactTemplate), ","):
		rep.Template = ContactTemplate
	case strings.Join(reportColumns(CustomerTemplate), ","):
		rep.Template = CustomerTemplate
	default:
		return nil, fmt.Errorf("csvio: %q is not the header of a results report written by this tool", strings.Join(header, ","))
	}
	for {
		intact := cr.InputOffset()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			rep.unterminated = tail.n > 0 && tail.last != '\n'
			return rep, nil
		}
		var e ReportEntry
		line := 0
		if err == nil {
			line, _ = cr.FieldPos(0)
			e, err = parseReportEntry(rep.Template, rec)
		}
		if err != nil {
			if tornTail(cr, tail) {
				rep.intact, rep.torn = intact, true
				return rep, nil
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("csvio: reading the results report: %w", err)
			}
			return nil, fmt.Errorf("csvio: results report line %d: %w", line, err)
		}
		rep.entries[e.Line] = e
	}
}

// tornTail reports whether the record that failed to read is the file's
// last and the file does not end with a line end: an entry whose writing
// was cut short.
func tornTail(cr *csv.Reader, tail *lastByte) bool {
	if _, err := cr.Read(); !errors.Is(err, io.EOF) {
		return false
	}
	return tail.n > 0 && tail.last != '\n'
}

// lastByte remembers the last byte read through it.
type lastByte struct {
	r    io.Reader
	last byte
	n    int64
}

func (l *lastByte) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.last = p[n-1]
		l.n += int64(n)
	}
	return n, err
}

func parseReportEntry(t Template, rec []string) (ReportEntry, error) {
	if len(rec) != len(reportColumns(t)) {
		return ReportEntry{}, fmt.Errorf("%d cells, expected %d", len(rec), len(reportColumns(t)))
	}
	for i := range rec {
		rec[i] = unguard(rec[i])
	}
	var e ReportEntry
	var err error
	if e.Line, err = strconv.Atoi(rec[0]); err != nil {
		return e, fmt.Errorf("line %q is not a number", rec[0])
	}
	e.Action = Outcome(rec[1])
	rest := rec[2:]
	if t == CustomerTemplate {
		if e.ID, err = parseOptID(rest[0]); err != nil {
			return e, err
		}
		e.CustomerID = e.ID
		rest = rest[1:]
	} else {
		if e.CustomerID, err = parseOptID(rest[0]); err != nil {
			return e, err
		}
		if e.ID, err = parseOptID(rest[1]); err != nil {
			return e, err
		}
		rest = rest[2:]
	}
	e.Name, e.Email, e.Error, e.Note = rest[0], rest[1], rest[2], rest[3]
	return e, nil
}

func parseOptID(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("id %q is not a number", s)
	}
	return v, nil
}

func errReportMismatch(t Template, line int, e ReportEntry) error {
	if e.ID == 0 {
		return fmt.Errorf("the results report's line %d is about another row (%s, %s), whose create may have happened: "+
			"was the file edited since? Restore the row, or look the %s up in Syncro and put its id in the %s column",
			line, e.Name, e.Email, t, idColumn(t))
	}
	return fmt.Errorf("the results report says line %d created or matched %s %d (%s, %s), and the row now reads differently: "+
		"if it is the same %s, put %d in the %s column; if the file's rows moved, import it with a new report",
		line, t, e.ID, e.Name, e.Email, t, e.ID, idColumn(t))
}

func idColumn(t Template) string {
	if t == CustomerTemplate {
		return "id"
	}
	return "contact_id"
}

// ReportWriter writes a results report row by row, flushing each row so
// that a run stopped halfway leaves a report of everything it did.
type ReportWriter struct {
	t     Template
	w     *csv.Writer
	file  *os.File // set for OpenReport: synced after each write, compacted on Close
	path  string
	seen  map[int]ReportEntry // every line's latest entry, earlier runs' included
	wrote map[int]bool        // the lines this run wrote
}

// NewReportWriter writes the report header to w and returns a writer for
// the entries.
func NewReportWriter(w io.Writer, t Template) (*ReportWriter, error) {
	rw := &ReportWriter{t: t, w: csv.NewWriter(w)}
	if err := rw.w.Write(reportColumns(t)); err != nil {
		return nil, err
	}
	rw.w.Flush()
	return rw, rw.w.Error()
}

// OpenReport opens the results report file at path for a run of template
// t. An earlier run's report found there is returned, to plan a re-run
// that creates nobody twice (see PlanOptions.Previous); the new run's
// entries are appended as they happen, each create recorded before it is
// sent and its record's id synced to disk at once, so a crash loses
// nothing; an entry a crash cut short is dropped. Close rewrites the file
// with one row per line of the import, the latest.
func OpenReport(path string, t Template) (*Report, *ReportWriter, error) {
	var prev *Report
	if f, err := os.Open(path); err == nil {
		prev, err = ReadReport(f)
		_ = f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("csvio: %s exists but is not a results report (%w): choose another report file", path, err)
		}
		if prev.Template != t {
			return nil, nil, fmt.Errorf("csvio: %s is the report of an %s import, not an %s import", path, prev.Template, t)
		}
		if prev.torn {
			// Cut the partial entry off, so the next one starts on a line
			// of its own.
			if err := os.Truncate(path, prev.intact); err != nil {
				return nil, nil, err
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	if prev != nil && prev.unterminated {
		if _, err := f.WriteString("\n"); err != nil {
			_ = f.Close()
			return nil, nil, err
		}
	}
	rw := &ReportWriter{t: t, w: csv.NewWriter(f), file: f, path: path, seen: map[int]ReportEntry{}, wrote: map[int]bool{}}
	if prev == nil {
		if err := rw.w.Write(reportColumns(t)); err != nil {
			_ = f.Close()
			return nil, nil, err
		}
	} else {
		for line, e := range prev.entries {
			rw.seen[line] = e
		}
	}
	rw.w.Flush()
	if err := rw.w.Error(); err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	return prev, rw, nil
}

// Write records one entry.
func (rw *ReportWriter) Write(e ReportEntry) error {
	if err := rw.w.Write(e.record(rw.t)); err != nil {
		return err
	}
	rw.w.Flush()
	if err := rw.w.Error(); err != nil {
		return err
	}
	if rw.file == nil {
		return nil
	}
	rw.seen[e.Line] = e
	rw.wrote[e.Line] = true
	if e.Action == OutcomeCreated || e.Action == OutcomeUnknown {
		return rw.file.Sync()
	}
	return nil
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
// line in line order. For a NewReportWriter it only flushes.
//
// An earlier run's entry for a line this run did not report (the file
// changed shape: a cell gained a line break, a row was removed) is dropped
// when it holds nothing or a record this run reports on another line. An
// entry holding a record (or a create that may have happened) that this run
// does not report is kept, so a later run can still find it.
func (rw *ReportWriter) Close() error {
	rw.w.Flush()
	if rw.file == nil {
		return rw.w.Error()
	}
	if err := rw.file.Close(); err != nil {
		return err
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
		out, err := NewReportWriter(w, rw.t)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := out.Write(rw.seen[l]); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteFileAtomic writes a file through a temporary file in the same
// directory, synced and renamed into place, so that no reader ever sees a
// half-written file and a failure leaves any earlier file untouched.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	return writeFileAtomic(filepath.Clean(path), write)
}
