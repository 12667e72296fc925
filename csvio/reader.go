package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"
)

// Problem is one thing wrong with one cell.
type Problem struct {
	Column  string // the template column, or "" for the row as a whole
	Message string // what is wrong and how to fix it
}

// RowError lists everything wrong with one row. Line is the line of the
// file where the row starts (1 is the header).
type RowError struct {
	Line     int
	Problems []Problem
}

// Error implements error: "line 7: email: ...; vendor_id: ...".
func (e *RowError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Column == "" {
			parts[i] = p.Message
		} else {
			parts[i] = p.Column + ": " + p.Message
		}
	}
	return fmt.Sprintf("line %d: %s", e.Line, strings.Join(parts, "; "))
}

// FileError is a problem with the file as a whole (encoding, an unclosed
// quote) that stops reading.
type FileError struct {
	Line int
	Err  error
}

// Error implements error.
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("csvio: line %d: %v", e.Line, e.Err)
	}
	return "csvio: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// record is one data row with its cells in template column order.
type record struct {
	line  int
	cells []string // nil when the row could not be split into the template's cells; valid until the next row
	err   *RowError
}

// tableReader streams the rows of a template CSV: UTF-8 with or without a
// byte-order mark, CRLF or LF line ends, quoted cells with embedded
// newlines. It checks the header before any row is read.
type tableReader struct {
	t     Template
	split *splitter
	order []int // for each template column, its index in the file's rows
	width int   // cells in the header
	cells []string
	rec   record // reused from row to row, like cells
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func newTableReader(r io.Reader, t Template) (*tableReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = br.Discard(len(utf8BOM))
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, &FileError{Err: errors.New("the file is UTF-16 text: save it as CSV UTF-8")}
	}
	split := newSplitter(br)
	raw, _, _, err := split.next()
	header := raw.strings()
	if errors.Is(err, io.EOF) {
		return nil, &FileError{Err: fmt.Errorf("the file is empty: its first line must be the %s template header", t)}
	}
	if err != nil {
		return nil, readError(err)
	}
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, &FileError{Line: 1, Err: fmt.Errorf("header cell %d is not valid UTF-8 text: save the file as CSV UTF-8", i+1)}
		}
	}
	index, err := checkHeader(t, header)
	if err != nil {
		return nil, err
	}
	cols := t.Columns()
	order := make([]int, len(cols))
	for i, c := range cols {
		order[i] = index[c]
	}
	return &tableReader{t: t, split: split, order: order, width: len(header)}, nil
}

// readError turns encoding/csv's errors into FileErrors with a hint.
func readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		hint := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			hint = "a quoted cell is never closed: look for a stray double quote"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			hint = `a double quote inside a cell that is not quoted: quote the cell and double the quote ("")`
		}
		return &FileError{Line: pe.StartLine, Err: errors.New(hint)}
	}
	return &FileError{Err: err}
}

// next returns the next row, or io.EOF. A row with the wrong number of
// cells or invalid UTF-8 comes back with err set; reading goes on. The
// record and its cells are reused by the following call: the row parsers
// copy what they keep (the cell strings themselves are never reused).
func (tr *tableReader) next() (*record, error) {
	raw, line, utf8OK, err := tr.split.next()
	rec := &tr.rec
	*rec = record{line: line}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
			// The line was consumed: report it as a bad row and go on.
			*rec = record{line: pe.StartLine, err: &RowError{Line: pe.StartLine, Problems: []Problem{{Message: readError(err).(*FileError).Err.Error()}}}}
			return rec, nil
		}
		return nil, readError(err)
	}
	n := raw.len()
	if n > 0 && n == tr.width+1 && raw.field(n-1) == "" {
		n-- // a trailing comma
	}
	if n != tr.width {
		rec.err = &RowError{Line: line, Problems: []Problem{{Message: fmt.Sprintf(
			"%d cells, the header has %d (a value holding a comma must be quoted)", n, tr.width)}}}
		return rec, nil
	}
	if tr.cells == nil {
		tr.cells = make([]string, len(tr.order))
	}
	rec.cells = tr.cells
	for i, at := range tr.order {
		v := raw.field(at)
		if !utf8OK && !utf8.ValidString(v) {
			rec.addProblem(tr.t.Columns()[i], "is not valid UTF-8 text: save the file as CSV UTF-8")
			// The row is refused; the cell shows in the report as far as it
			// can be read (and must not keep the previous row's value).
			rec.cells[i] = strings.ToValidUTF8(v, "\uFFFD")
			continue
		}
		if at := strings.IndexByte(v, 0); at >= 0 {
			rec.addProblem(tr.t.Columns()[i], fmt.Sprintf(
				"holds a NUL byte (character 0) at character %d: remove it (the file may have been saved by a tool that writes binary data)", utf8.RuneCountInString(v[:at])+1))
		}
		rec.cells[i] = unguard(v)
	}
	return rec, nil
}

func (r *record) addProblem(column, msg string) {
	if r.err == nil {
		r.err = &RowError{Line: r.line}
	}
	r.err.Problems = append(r.err.Problems, Problem{Column: column, Message: msg})
}

// blank reports whether every cell of the row is empty.
func (r *record) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// slab hands out rows 64 to an allocation: a reader makes one row per line,
// and fewer, larger allocations cost less than many small ones.
type slab[T any] struct{ free []T }

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, 64)
	}
	p := &s.free[0]
	s.free = s.free[1:]
	return p
}

// rowReader turns a template's records into typed rows, 64 to an
// allocation; ContactReader and CustomerReader are its two faces.
type rowReader[R any] struct {
	tr    *tableReader
	rows  slab[R]
	parse func(*R, *record)
	err   func(*R) *RowError
}

func (r *rowReader[R]) read() (*R, error) {
	rec, err := r.tr.next()
	if err != nil {
		return nil, err
	}
	row := r.rows.next()
	r.parse(row, rec)
	if rowErr := r.err(row); rowErr != nil {
		return row, rowErr
	}
	return row, nil
}

func (r *rowReader[R]) all() iter.Seq2[*R, error] {
	return func(yield func(*R, error) bool) {
		for {
			row, err := r.read()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(row, err) || row == nil {
				return
			}
		}
	}
}

// collectRows gathers every row, stopping at an error that ends the file.
func collectRows[R any](seq iter.Seq2[*R, error]) ([]*R, error) {
	var rows []*R
	for row, err := range seq {
		if row == nil {
			return rows, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}
