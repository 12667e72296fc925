package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"testing"
)

// csvRecords reads data with encoding/csv's defaults: the records, and
// for an error its sentinel and the line its record starts on.
type splitResult struct {
	fields    []string
	line      int
	sentinel  error
	errorLine int
}

func viaEncodingCSV(data []byte) []splitResult {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var out []splitResult
	for i := 0; i < len(data)+2; i++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			out = append(out, splitResult{sentinel: pe.Err, errorLine: pe.StartLine})
			continue
		}
		if err != nil {
			out = append(out, splitResult{sentinel: err})
			return out
		}
		line, _ := r.FieldPos(0)
		out = append(out, splitResult{fields: append([]string(nil), rec...), line: line})
	}
	return out
}

func viaSplitter(data []byte) []splitResult {
	s := newSplitter(bufio.NewReaderSize(bytes.NewReader(data), 16))
	var out []splitResult
	for i := 0; i < len(data)+2; i++ {
		rec, line, _, err := s.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			out = append(out, splitResult{sentinel: pe.Err, errorLine: pe.StartLine})
			continue
		}
		if err != nil {
			out = append(out, splitResult{sentinel: err})
			return out
		}
		out = append(out, splitResult{fields: rec.strings(), line: line})
	}
	return out
}

var splitCases = []string{
	"a,b,c\n1,2,3\n",
	"a,b\r\n1,2\r\n",
	"a,\"b,c\",d\n",
	"\"x\"\"y\",z\n",
	"\"multi\nline\",2\n3,4\n",
	"\"multi\r\nline\",2\r\n",
	"\n\n a , b \n\n",
	"a,b",
	"a,b\r",
	"a\rb,c\n",
	"a,\"b\"c\n",
	"a,b\"c\n1,2\n",
	"\"unclosed\n1,2\n",
	"\"\"\n",
	",\n,,\n",
	"\"a\"\r\n",
	"\"a\r\nb\"",
	"x,\"\"\"\"\n",
	"\"trailing\"\r",
	"\"a\"\"",
	"a,\"b\nc\"d\ne,f\n",
}

func TestSplitterMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	for _, c := range splitCases {
		want, got := viaEncodingCSV([]byte(c)), viaSplitter([]byte(c))
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%q:\nencoding/csv %+v\nsplitter     %+v", c, want, got)
		}
	}
}

func TestSplitterLongLines(t *testing.T) {
	t.Parallel()
	long := bytes.Repeat([]byte("x"), 100)
	data := append(append([]byte("\""), long...), []byte("\n\",b\n"+string(long)+",c\n")...)
	want, got := viaEncodingCSV(data), viaSplitter(data)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("encoding/csv %+v\nsplitter %+v", want, got)
	}
}

// FuzzSplitter checks that the splitter reads any input exactly as
// encoding/csv does: the same records, from the same lines, and the same
// errors in the same places.
func FuzzSplitter(f *testing.F) {
	for _, c := range splitCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, got := viaEncodingCSV(data), viaSplitter(data)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("%q:\nencoding/csv %+v\nsplitter     %+v", data, want, got)
		}
	})
}
