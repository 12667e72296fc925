package csvio

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// rowWriter writes CSV rows straight into a buffer: the same output
// encoding/csv gives (its reader reads it back), with every cell through the
// formula guard and numbers appended without building strings, so a row
// costs no allocation.
type rowWriter struct {
	w       *bufio.Writer
	started bool     // a cell has been written on the current row
	scratch []byte   // reused for building JSON cells
	keys    []string // reused for sorting custom field names
}

func newRowWriter(w io.Writer) *rowWriter {
	return &rowWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

func (rw *rowWriter) sep() {
	if rw.started {
		_ = rw.w.WriteByte(',')
	}
	rw.started = true
}

// text writes one cell, guarded against formulas and quoted when needed.
func (rw *rowWriter) text(s string) {
	rw.sep()
	prefix := needsGuard(s) || unguard(s) != s
	if !needsQuotes(s, prefix) {
		if prefix {
			_ = rw.w.WriteByte('\'')
		}
		_, _ = rw.w.WriteString(s)
		return
	}
	_ = rw.w.WriteByte('"')
	if prefix {
		_ = rw.w.WriteByte('\'')
	}
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		_, _ = rw.w.WriteString(s[:i+1])
		_ = rw.w.WriteByte('"')
		s = s[i+1:]
	}
	_, _ = rw.w.WriteString(s)
	_ = rw.w.WriteByte('"')
}

// needsQuotes follows encoding/csv: quote a cell holding a comma, a quote
// or a line break, one starting with a space, and the lone `\.`.
func needsQuotes(s string, prefixed bool) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	if prefixed {
		return false // the cell starts with the apostrophe
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// id writes a positive id, or an empty cell for 0. An id longer than a
// spreadsheet keeps is guarded like a text cell.
func (rw *rowWriter) id(n int64) {
	if n >= 1e15 || n < 0 {
		rw.text(strconv.FormatInt(n, 10))
		return
	}
	rw.sep()
	if n != 0 {
		_, _ = rw.w.Write(strconv.AppendInt(rw.w.AvailableBuffer(), n, 10))
	}
}

// fields writes custom fields as the custom_fields cell (see
// appendFields). JSON never starts like a formula; it always holds quotes,
// so the cell is quoted.
func (rw *rowWriter) fields(props map[string]any) {
	rw.scratch, rw.keys = appendFields(rw.scratch[:0], rw.keys[:0], props)
	if len(rw.scratch) == 0 {
		rw.sep()
		return
	}
	rw.sep()
	_ = rw.w.WriteByte('"')
	b := rw.scratch
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			break
		}
		_, _ = rw.w.Write(b[:i+1])
		_ = rw.w.WriteByte('"')
		b = b[i+1:]
	}
	_, _ = rw.w.Write(b)
	_ = rw.w.WriteByte('"')
}

// end finishes the row.
func (rw *rowWriter) end() error {
	rw.started = false
	return rw.w.WriteByte('\n')
}

func (rw *rowWriter) flush() error { return rw.w.Flush() }
