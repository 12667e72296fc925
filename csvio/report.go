package csvio

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
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
	// SentAt is when a create was sent (zero for other rows). With
	// MaxIDBefore it lets a re-run prove that a record it finds is the one
	// this create made.
	SentAt time.Time
	// MaxIDBefore is, for a create, the highest id of an end user of the
	// organization (or of an organization, for organization imports) when
	// the import was planned: Syncro numbers records in order, so a record
	// the create made has a higher id.
	MaxIDBefore int64
}

// ErrReportDamaged is matched (errors.Is) by the error of reading a results
// report that is not as this package wrote it: an entry edited, removed or
// renumbered, the file cut short. Such a report cannot tell which records
// earlier runs created, so it is refused rather than trusted or ignored.
var ErrReportDamaged = errors.New("the results report is damaged")

// reportFormat names the report's format and seeds its chain of checks.
const reportFormat = "syncro csvio results report v2"

// A report is a CSV file: the column header, then the report's own row
// (line 0, action "report": the imported file's name, and in the check
// column the number of entries known to be on disk), then one entry per row
// of the imported file. Each entry's check is a hash of its cells chained
// with the check of the entry before it, so an entry edited, removed,
// inserted or moved breaks the chain; the count in the report's own row,
// rewritten in place as entries are synced, catches a file cut short.
func reportColumns(t Template) []string {
	var cols []string
	if t == CustomerTemplate {
		cols = []string{"line", "action", "id", "business_name", "email", "error", "note"}
	} else {
		cols = []string{"line", "action", "customer_id", "contact_id", "name", "email", "error", "note"}
	}
	return append(cols, "sent_at", "max_id_before", "check")
}

// legacyColumns is the header of reports written before entries had
// checks.
func legacyColumns(t Template) []string {
	cols := reportColumns(t)
	return cols[:len(cols)-3]
}

// record returns the entry's cells as written, guarded, without the check.
func (e ReportEntry) record(t Template) []string {
	rec := []string{strconv.Itoa(e.Line), string(e.Action)}
	if t == CustomerTemplate {
		rec = append(rec, formatID(e.ID))
	} else {
		rec = append(rec, formatID(e.CustomerID), formatID(e.ID))
	}
	sent := ""
	if !e.SentAt.IsZero() {
		sent = e.SentAt.UTC().Format(time.RFC3339Nano)
	}
	rec = append(rec, e.Name, e.Email, e.Error, e.Note, sent, formatID(e.MaxIDBefore))
	for i := range rec {
		rec[i] = guard(rec[i])
	}
	return rec
}

// reportHead renders the column header and the report's own row.
func reportHead(t Template, input string, count int) []byte {
	cols := reportColumns(t)
	own := make([]string, len(cols))
	own[0], own[1] = "0", "report"
	name, note := 3, 6
	if t == ContactTemplate {
		name, note = 4, 7
	}
	own[name] = guard(input)
	own[note] = "results of an " + string(t) + " import, one row per line of the file; " +
		"each row's check lets a re-run find any edit: change nothing in this file"
	own[len(own)-1] = formatCount(count)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(cols)
	_ = w.Write(own)
	w.Flush()
	return b.Bytes()
}

// countWidth is the width of the count in the report's own row, fixed so
// that it can be rewritten in place.
const countWidth = 10

func formatCount(n int) string { return fmt.Sprintf("n%0*d", countWidth, n) }

func chainSeed(t Template, input string) string {
	return nextCheck(reportFormat, []string{string(t), input})
}

// nextCheck chains the cells of an entry to the check before it.
func nextCheck(prev string, cells []string) string {
	h := sha256.New()
	h.Write([]byte(prev))
	for _, c := range cells {
		h.Write([]byte{0x1f})
		h.Write([]byte(c))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Report is a results report read back: the latest entry for each line.
type Report struct {
	Template Template
	// Input is the base name of the imported file the report belongs to,
	// or "" when it was written without one.
	Input   string
	entries map[int]ReportEntry
	// intact is the length of the report up to its last complete entry,
	// when the file ends in an entry cut short (a crash while writing).
	intact int64
	torn   bool
	// unterminated is true when the last entry is complete but for its
	// line end.
	unterminated bool
	size         int64  // bytes read
	n            int    // complete entries
	chain        string // the last complete entry's check
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

// holders returns, for every record the report holds, the line that holds
// it.
func (r *Report) holders() map[int64]int {
	out := map[int64]int{}
	if r == nil {
		return out
	}
	for line, e := range r.entries {
		if e.ID > 0 {
			out[e.ID] = line
		}
	}
	return out
}

// ReadReport reads a results report written by an earlier run and checks
// it. When a line appears more than once (a run resumed after a crash), the
// last entry wins. A last entry cut short by a crash (the file ends inside
// it, without a line end) is ignored: every complete entry before it is
// read. Any other damage (an entry edited, removed, inserted or moved, the
// file cut short) is an error matching ErrReportDamaged.
func ReadReport(r io.Reader) (*Report, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the results report: %w", err)
	}
	return parseReport(raw)
}

func parseReport(raw []byte) (*Report, error) {
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("csvio: reading the results report: %w", err)
	}
	rep := &Report{entries: map[int]ReportEntry{}, size: int64(len(raw))}
	joined := strings.Join(header, ",")
	for _, t := range []Template{ContactTemplate, CustomerTemplate} {
		switch joined {
		case strings.Join(reportColumns(t), ","):
			rep.Template = t
		case strings.Join(legacyColumns(t), ","):
			return nil, fmt.Errorf("csvio: the results report was written by an earlier version of this tool, without the checks that show it is intact: " +
				"it cannot be trusted to tell which records were created; keep it to look them up, and import with a new report file")
		}
	}
	if rep.Template == "" {
		return nil, fmt.Errorf("csvio: %q is not the header of a results report written by this tool", joined)
	}
	own, err := cr.Read()
	if err != nil || len(own) != len(header) || own[0] != "0" || own[1] != "report" {
		return nil, fmt.Errorf("%w: its second row must be the report's own (line 0): restore the file", ErrReportDamaged)
	}
	name := 3
	if rep.Template == ContactTemplate {
		name = 4
	}
	rep.Input = unguard(own[name])
	count, err := strconv.Atoi(strings.TrimPrefix(own[len(own)-1], "n"))
	if err != nil || !bytes.HasPrefix(raw, reportHead(rep.Template, rep.Input, count)) {
		return nil, fmt.Errorf("%w: its first two rows were edited: restore the file", ErrReportDamaged)
	}
	rep.chain = chainSeed(rep.Template, rep.Input)
	endsClean := len(raw) > 0 && raw[len(raw)-1] == '\n'
	for {
		intact := cr.InputOffset()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			rep.unterminated = !endsClean
			break
		}
		line := 0
		var e ReportEntry
		check := ""
		if err == nil {
			line, _ = cr.FieldPos(0)
			e, check, err = rep.parseEntry(rec)
		}
		if err != nil {
			if _, next := cr.Read(); errors.Is(next, io.EOF) && !endsClean {
				// The last entry, cut short by a crash while it was written.
				rep.intact, rep.torn = intact, true
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("csvio: reading the results report: %w", err)
			}
			return nil, fmt.Errorf("%w: row %d of the report %v", ErrReportDamaged, line, err)
		}
		rep.chain = check
		rep.n++
		rep.entries[e.Line] = e
	}
	if rep.n < count {
		return nil, fmt.Errorf("%w: it records %d entries on disk and holds %d: entries were removed or the file was cut short", ErrReportDamaged, count, rep.n)
	}
	return rep, nil
}

// parseEntry checks one entry against the chain and reads it.
func (r *Report) parseEntry(rec []string) (ReportEntry, string, error) {
	cols := reportColumns(r.Template)
	if len(rec) != len(cols) {
		return ReportEntry{}, "", fmt.Errorf("has %d cells, expected %d", len(rec), len(cols))
	}
	check := rec[len(rec)-1]
	if nextCheck(r.chain, rec[:len(rec)-1]) != check {
		return ReportEntry{}, "", errors.New("does not match its check: it, or an entry before it, was edited, removed, inserted or moved")
	}
	e, err := parseReportEntry(r.Template, rec[:len(rec)-1])
	return e, check, err
}

func parseReportEntry(t Template, rec []string) (ReportEntry, error) {
	for i := range rec {
		rec[i] = unguard(rec[i])
	}
	var e ReportEntry
	var err error
	if e.Line, err = strconv.Atoi(rec[0]); err != nil || e.Line < 1 {
		return e, fmt.Errorf("line %q is not a line number", rec[0])
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
	if rest[4] != "" {
		if e.SentAt, err = time.Parse(time.RFC3339Nano, rest[4]); err != nil {
			return e, fmt.Errorf("sent_at %q is not a time", rest[4])
		}
	}
	if e.MaxIDBefore, err = parseOptID(rest[5]); err != nil {
		return e, err
	}
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

// WriteFileAtomic writes a file through a temporary file in the same
// directory, synced and renamed into place, so that no reader ever sees a
// half-written file and a failure leaves any earlier file untouched.
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	return writeFileAtomic(filepath.Clean(path), write)
}
