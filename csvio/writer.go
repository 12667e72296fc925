package csvio

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// tempMarker names the temporary files of writeFileAtomic:
// ".NAME.syncro-tmp-PID-RANDOM", so that a later run can tell its own
// leftovers, and whether the process that made them still runs.
const tempMarker = ".syncro-tmp-"

// writeFileAtomic writes path through a temporary file in the same
// directory, synced and renamed into place: no reader ever sees a
// half-written file, and a failure leaves any earlier file untouched. The
// new file gets the mode of the file it replaces, or, for a new file, the
// usual 0666 less the umask. path must be a regular file or not exist: a
// device, a pipe or a directory is refused before anything is written.
// Temporary files that an earlier process left behind (killed before it
// could clean up) are removed first.
func writeFileAtomic(path string, write func(w io.Writer) error) (err error) {
	perm := os.FileMode(0o666)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("csvio: %s is not a regular file (%s): give the name of a file to write", path, fileKind(st.Mode()))
		}
		perm = st.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeStaleTemps(dir, base)
	tmp, err := createTemp(dir, base, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if perm != 0o666 {
		// An existing file's mode, exactly (the umask may have taken
		// bits from it at creation).
		if err = os.Chmod(tmp.Name(), perm); err != nil {
			return err
		}
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp creates a new temporary file for base in dir; perm goes
// through the umask like any new file's.
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	for range 100 {
		var b [6]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(dir, fmt.Sprintf(".%s%s%d-%x", base, tempMarker, os.Getpid(), b))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("csvio: cannot create a temporary file in %s", dir)
}

// removeStaleTemps removes the temporary files of base in dir that a
// process no longer running left behind. Errors are ignored: a leftover
// that cannot be removed costs disk space, not correctness.
func removeStaleTemps(dir, base string) {
	prefix := "." + base + tempMarker
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() || processRuns(pid) {
			continue
		}
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
}

// fileKind names what a non-regular file is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}
