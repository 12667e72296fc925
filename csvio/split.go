package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"
)

// splitter splits CSV input into records exactly as encoding/csv does with
// its defaults (comma separator, no comments, strict quotes, any number of
// fields), which a differential fuzz test checks. It is faster because it
// does less: no per-field positions, one string per record whose fields are
// substrings, reused slices, and it tells whether the record is valid UTF-8
// in the same pass.
//
// Kept from encoding/csv: empty lines are skipped; \r\n ends a line like
// \n, also inside quoted fields, where it reads as \n; a \r before the end
// of the input is dropped; a quote inside an unquoted field is an error,
// and so is anything but a separator or a line end after a closing quote.
type splitter struct {
	r      *bufio.Reader
	line   int // lines read so far
	raw    []byte
	buf    []byte // the current record's field bytes, unquoted
	ends   []int  // end offset of each field in buf
	spans  []int  // start and end of each field in the line (splitLine)
	bounds []int  // field bounds of a record built in buf
}

func newSplitter(r *bufio.Reader) *splitter { return &splitter{r: r} }

// readLine returns the next line with "\r\n" turned into "\n".
func (s *splitter) readLine() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.raw = append(s.raw[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = s.r.ReadSlice('\n')
			s.raw = append(s.raw, line...)
		}
		line = s.raw
	}
	if len(line) > 0 && errors.Is(err, io.EOF) {
		err = nil
		if line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	s.line++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// lengthNL is 1 when b ends in a newline.
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// rawRecord is a record as the splitter found it: field i is
// str[bounds[2i]:bounds[2i+1]]. bounds is reused by the next call.
type rawRecord struct {
	str    string
	bounds []int
}

func (r rawRecord) len() int { return len(r.bounds) / 2 }

func (r rawRecord) field(i int) string { return r.str[r.bounds[2*i]:r.bounds[2*i+1]] }

// strings copies the fields out.
func (r rawRecord) strings() []string {
	out := make([]string, r.len())
	for i := range out {
		out[i] = r.field(i)
	}
	return out
}

// next returns the next record (valid until the following call), the line
// it starts on, and whether its bytes are valid UTF-8. Errors are
// *csv.ParseError with encoding/csv's sentinels, or io.EOF.
func (s *splitter) next() (rawRecord, int, bool, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = s.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // an empty line
		}
		break
	}
	if errors.Is(errRead, io.EOF) {
		return rawRecord{}, 0, false, io.EOF
	}
	start := s.line
	s.buf, s.ends = s.buf[:0], s.ends[:0]
	if errRead == nil {
		done, stop := s.splitLine(line)
		if done {
			str := string(line[:len(line)-lengthNL(line)])
			return rawRecord{str: str, bounds: s.spans}, start, utf8.ValidString(str), nil
		}
		// The general path takes over at the first field the fast path
		// could not handle, with the fields before it.
		for i := 0; i+1 < len(s.spans); i += 2 {
			s.buf = append(s.buf, line[s.spans[i]:s.spans[i+1]]...)
			s.ends = append(s.ends, len(s.buf))
		}
		line = line[stop:]
	}
	quoteErr := func() error { return &csv.ParseError{StartLine: start, Line: s.line, Column: 1, Err: csv.ErrQuote} }
parse:
	for {
		if len(line) == 0 || line[0] != '"' {
			// A plain field: up to the comma or the line end. One pass
			// finds the comma and any stray quote.
			end := len(line) - lengthNL(line)
			i := 0
			for i < end && line[i] != ',' && line[i] != '"' {
				i++
			}
			if i < end && line[i] == '"' {
				return rawRecord{}, start, false, &csv.ParseError{StartLine: start, Line: s.line, Column: 1, Err: csv.ErrBareQuote}
			}
			s.buf = append(s.buf, line[:i]...)
			s.ends = append(s.ends, len(s.buf))
			if i < end {
				line = line[i+1:]
				continue parse
			}
			break parse
		}
		line = line[1:] // a quoted field
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				s.buf = append(s.buf, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					s.buf = append(s.buf, '"')
					line = line[1:]
				case len(line) > 0 && line[0] == ',': // end of the field
					line = line[1:]
					s.ends = append(s.ends, len(s.buf))
					continue parse
				case lengthNL(line) == len(line): // end of the record
					s.ends = append(s.ends, len(s.buf))
					break parse
				default:
					return rawRecord{}, start, false, quoteErr()
				}
			case len(line) > 0: // the field goes on to the next line
				s.buf = append(s.buf, line...)
				if errRead != nil {
					break parse
				}
				line, errRead = s.readLine()
				if errors.Is(errRead, io.EOF) {
					errRead = nil
				}
			default: // the input ends inside the quotes
				if errRead == nil {
					return rawRecord{}, start, false, quoteErr()
				}
				s.ends = append(s.ends, len(s.buf))
				break parse
			}
		}
	}
	if errRead != nil {
		return rawRecord{}, start, false, errRead
	}
	str := string(s.buf)
	s.bounds = s.bounds[:0]
	from := 0
	for _, end := range s.ends {
		s.bounds = append(s.bounds, from, end)
		from = end
	}
	return rawRecord{str: str, bounds: s.bounds}, start, utf8.ValidString(str), nil
}

// splitLine is the fast path for the usual record: one line whose quoted
// fields hold no doubled quote and no line break. Each field is then a
// piece of the line, recorded in spans, and the record costs one copy.
// Otherwise it returns done false and stop, the start of the first field
// it could not handle (with spans holding the fields before it): the general
// path carries on from there, and reports any error.
func (s *splitter) splitLine(line []byte) (done bool, stop int) {
	body := line[:len(line)-lengthNL(line)]
	s.spans = s.spans[:0]
	i := 0
	for {
		if i < len(body) && body[i] == '"' {
			j := bytes.IndexByte(body[i+1:], '"')
			if j < 0 {
				return false, i // the field goes on to the next line, or never closes
			}
			end := i + 1 + j
			if end+1 < len(body) && body[end+1] != ',' {
				return false, i // a doubled quote, or an error
			}
			s.spans = append(s.spans, i+1, end)
			if end+1 >= len(body) {
				return true, 0
			}
			i = end + 2
			continue
		}
		j := i
		for j < len(body) && body[j] != ',' && body[j] != '"' {
			j++
		}
		if j < len(body) && body[j] == '"' {
			return false, i // a stray quote: the general path reports it
		}
		s.spans = append(s.spans, i, j)
		if j >= len(body) {
			return true, 0
		}
		i = j + 1
	}
}
