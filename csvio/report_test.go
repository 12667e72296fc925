package csvio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reportText renders a valid report of template tmpl holding entries, in
// order, as a run would write them.
func reportText(t *testing.T, tmpl Template, entries ...ReportEntry) string {
	t.Helper()
	var buf bytes.Buffer
	rw, err := NewReportWriter(&buf, tmpl)
	require.NoError(t, err)
	for _, e := range entries {
		require.NoError(t, rw.Write(e))
	}
	require.NoError(t, rw.Close())
	return buf.String()
}

func TestReadReportLastEntryWins(t *testing.T) {
	t.Parallel()
	data := reportText(t, ContactTemplate,
		ReportEntry{Line: 2, Action: OutcomeUnknown, CustomerID: 7, Name: "Ann", Email: "ann@x.example", Error: "lost"},
		ReportEntry{Line: 3, Action: OutcomeCreated, CustomerID: 7, ID: 101, Name: "Bob"},
		ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 7, ID: 100, Name: "Ann", Email: "ann@x.example"},
		ReportEntry{Line: 4, Action: OutcomeSkipped, CustomerID: 7, Name: "=Cmd", Error: "not done: the run was stopped"},
		ReportEntry{Line: 4, Action: OutcomeFailed, CustomerID: 7, Name: "=Cmd", Error: "a, b"},
	)
	assert.Contains(t, data, "'=Cmd", "the formula guard is applied")
	rep, err := ReadReport(strings.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, ContactTemplate, rep.Template)
	assert.Equal(t, 3, rep.Len())
	assert.Equal(t, ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 7, ID: 100, Name: "Ann", Email: "ann@x.example"}, entry(t, rep, 2))
	assert.Equal(t, ReportEntry{Line: 4, Action: OutcomeFailed, CustomerID: 7, Name: "=Cmd", Error: "a, b"}, entry(t, rep, 4), "the formula guard is undone")
	_, ok := rep.Entry(5)
	assert.False(t, ok)

	customers, err := ReadReport(strings.NewReader(reportText(t, CustomerTemplate, ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 55, ID: 55, Name: "Acme"})))
	require.NoError(t, err)
	assert.Equal(t, CustomerTemplate, customers.Template)
	assert.Equal(t, ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 55, ID: 55, Name: "Acme"}, entry(t, customers, 2))
}

func TestReadReportRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, errHas string
	}{
		{"empty", "", "reading the results report"},
		{"a template, not a report", contactHeader + "\n", "is not the header of a results report"},
		{"a report without checks", "line,action,id,business_name,email,error,note\n2,created,1,A,,,\n", "written by an earlier version of this tool, without the checks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ReadReport(strings.NewReader(tt.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.errHas)
		})
	}
}

func TestReportCellsAreGuarded(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	rw, err := NewReportWriter(&buf, ContactTemplate)
	require.NoError(t, err)
	in := ReportEntry{Line: 2, Action: OutcomeFailed, CustomerID: 1, Name: "=HYPERLINK(\"x\")", Email: "+x@y.example", Error: "-5 is bad", Note: "@note"}
	require.NoError(t, rw.Write(in))
	require.NoError(t, rw.Close())
	assertNoFormulaCells(t, buf.Bytes())
	rep, err := ReadReport(&buf)
	require.NoError(t, err)
	assert.Equal(t, in, entry(t, rep, 2))
}

func readReportFile(t *testing.T, path string) (*Report, string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	rep, err := ReadReport(bytes.NewReader(raw))
	require.NoError(t, err)
	return rep, string(raw)
}

// OpenReport is a journal: entries are on disk as they are written, a
// crashed run's journal (never compacted) is read back with the latest
// entry per line, and Close compacts it to one row per line in line order.
func TestOpenReportJournal(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "r.csv")
	prev, rw, err := OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	assert.Nil(t, prev, "no earlier run")
	require.NoError(t, rw.Write(ReportEntry{Line: 3, Action: OutcomeCreated, CustomerID: 1, ID: 30, Name: "C"}))
	require.NoError(t, rw.intend(ReportEntry{Line: 2, CustomerID: 1, Name: "B"}))
	// The process dies here: the report is never closed.
	_, raw := readReportFile(t, path)
	assert.Equal(t, 4, strings.Count(raw, "\n"), "header, the report's own row and two entries are on disk already:\n%s", raw)
	require.NoError(t, rw.file.Close())

	prev, rw, err = OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	require.NotNil(t, prev)
	assert.Equal(t, 2, prev.Len())
	assert.Equal(t, OutcomeUnknown, entry(t, prev, 2).Action, "the create that was out is unknown")
	assert.Equal(t, int64(30), entry(t, prev, 3).ID)
	require.NoError(t, rw.Write(ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "B"}))
	require.NoError(t, rw.Write(ReportEntry{Line: 4, Action: OutcomeSkipped, CustomerID: 1}))
	// A second crash: three runs' worth of lines in one journal.
	require.NoError(t, rw.file.Close())
	_, raw = readReportFile(t, path)
	assert.Equal(t, 6, strings.Count(raw, "\n"), "appended, one header:\n%s", raw)

	prev, rw, err = OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	assert.Equal(t, 3, prev.Len())
	require.NoError(t, rw.Write(ReportEntry{Line: 3, Action: OutcomeUnchanged, CustomerID: 1, ID: 30, Name: "C"}))
	require.NoError(t, rw.Close())

	rep, raw := readReportFile(t, path)
	assert.Equal(t, compacted(ContactTemplate, "",
		ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "B"},
		ReportEntry{Line: 3, Action: OutcomeUnchanged, CustomerID: 1, ID: 30, Name: "C"}), raw,
		"one row per line, the latest, in line order; line 2 holds a record and stays, line 4 held nothing and this run did not report it")
	assert.Equal(t, 2, rep.Len())
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
}

func TestOpenReportRefusesOtherFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notReport := filepath.Join(dir, "people.csv")
	require.NoError(t, os.WriteFile(notReport, []byte(contactHeader+"\n1,,Ann,,,,,,,,,,,,,,,,,,\n"), 0o644))
	_, _, err := OpenReport(notReport, ContactTemplate)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not a results report")
	after, err := os.ReadFile(notReport)
	require.NoError(t, err)
	assert.Equal(t, contactHeader+"\n1,,Ann,,,,,,,,,,,,,,,,,,\n", string(after), "the file is left alone")

	orgReport := filepath.Join(dir, "orgs.results.csv")
	_, rw, err := OpenReport(orgReport, CustomerTemplate)
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	_, _, err = OpenReport(orgReport, ContactTemplate)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the report of an organization import, not an end user import")
}

func TestWriteFileAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "export.csv")

	// A failed first write leaves no file at all.
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("half a file\n", 10000))
		return boom
	})
	require.ErrorIs(t, err, boom)
	assertOnlyFiles(t, dir)

	require.NoError(t, WriteFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "complete\n")
		return err
	}))
	assertOnlyFiles(t, dir, "export.csv")
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	// A failed rewrite leaves the earlier file as it was.
	err = WriteFileAtomic(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "partial")
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "complete\n", string(got))
	assertOnlyFiles(t, dir, "export.csv")

	// A directory that does not exist is an error, not a panic.
	require.Error(t, WriteFileAtomic(filepath.Join(dir, "no", "such", "x.csv"), func(io.Writer) error { return nil }))
}

func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.ElementsMatch(t, names, got)
}

func mustReadReport(t *testing.T, path string) *Report {
	t.Helper()
	rep, _ := readReportFile(t, path)
	return rep
}

// A file that changed shape between runs (a cell gained a line break, so
// the rows below start one line later) leaves no stale lines in the
// compacted report, except those holding a record this run did not see.
func TestCloseDropsLinesThatNoLongerStartARow(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "r.csv")
	_, rw, err := OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	for _, e := range []ReportEntry{
		{Line: 2, Action: OutcomeUnchanged, CustomerID: 1, ID: 10, Name: "A"},
		{Line: 3, Action: OutcomeUnchanged, CustomerID: 1, ID: 11, Name: "B"},
		{Line: 4, Action: OutcomeFailed, CustomerID: 1, Name: "C", Error: "bad"},
		{Line: 5, Action: OutcomeCreated, CustomerID: 1, ID: 12, Name: "D"},
		{Line: 6, Action: OutcomeUnknown, CustomerID: 1, Name: "E"},
		{Line: 7, Action: OutcomeCreated, CustomerID: 1, ID: 13, Name: "F"},
	} {
		require.NoError(t, rw.Write(e))
	}
	require.NoError(t, rw.Close())

	// Row A's notes gained a line break: every later row starts one line
	// down, and row F was removed from the file.
	_, rw, err = OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	for _, e := range []ReportEntry{
		{Line: 2, Action: OutcomeUpdated, CustomerID: 1, ID: 10, Name: "A"},
		{Line: 4, Action: OutcomeUnchanged, CustomerID: 1, ID: 11, Name: "B"},
		{Line: 5, Action: OutcomeFailed, CustomerID: 1, Name: "C", Error: "bad"},
		{Line: 6, Action: OutcomeUnchanged, CustomerID: 1, ID: 12, Name: "D"},
		{Line: 7, Action: OutcomeCreated, CustomerID: 1, ID: 14, Name: "E"},
	} {
		require.NoError(t, rw.Write(e))
	}
	require.NoError(t, rw.Close())
	_, raw := readReportFile(t, path)
	assert.Equal(t, compacted(ContactTemplate, "",
		ReportEntry{Line: 2, Action: OutcomeUpdated, CustomerID: 1, ID: 10, Name: "A"},
		ReportEntry{Line: 4, Action: OutcomeUnchanged, CustomerID: 1, ID: 11, Name: "B"},
		ReportEntry{Line: 5, Action: OutcomeFailed, CustomerID: 1, Name: "C", Error: "bad"},
		ReportEntry{Line: 6, Action: OutcomeUnchanged, CustomerID: 1, ID: 12, Name: "D"},
		ReportEntry{Line: 7, Action: OutcomeCreated, CustomerID: 1, ID: 14, Name: "E"}), raw, "line 3 (B) is gone: B is on line 4 now; line 7 was F's, now E's")

	// A run that wrote nothing (its plan failed) leaves the report alone.
	_, rw, err = OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	_, after := readReportFile(t, path)
	assert.Equal(t, raw, after)
}

// A crash while an entry was being written leaves it cut short at the end
// of the file: the report still opens, the complete entries count, and the
// next run's entries start on a line of their own.
func TestOpenReportAfterATornLastEntry(t *testing.T) {
	t.Parallel()
	complete := reportText(t, ContactTemplate,
		ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "B"},
		ReportEntry{Line: 3, Action: OutcomeUnknown, CustomerID: 1, Name: "C", Error: "lost,\nanswer"})
	next := strings.TrimPrefix(reportText(t, ContactTemplate,
		ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "B"},
		ReportEntry{Line: 3, Action: OutcomeUnknown, CustomerID: 1, Name: "C", Error: "lost,\nanswer"},
		ReportEntry{Line: 5, Action: OutcomeFailed, CustomerID: 1, Name: "Ann", Error: "half, an error"}), complete)
	require.True(t, strings.HasSuffix(next, "\n"))
	for _, cut := range []int{1, 5, 20, strings.Index(next, "half") + 3, len(next) - 3, len(next) - 1} {
		torn := next[:cut]
		t.Run(torn, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "r.csv")
			require.NoError(t, os.WriteFile(path, []byte(complete+torn), 0o644))

			prev, rw, err := OpenReport(path, ContactTemplate)
			require.NoError(t, err)
			if cut == len(next)-1 {
				// Complete but for its line end: a valid record.
				assert.Equal(t, 3, prev.Len())
			} else {
				assert.Equal(t, 2, prev.Len())
			}
			assert.Equal(t, int64(20), entry(t, prev, 2).ID)
			assert.Equal(t, "lost,\nanswer", entry(t, prev, 3).Error)
			require.NoError(t, rw.Write(ReportEntry{Line: 4, Action: OutcomeCreated, CustomerID: 1, ID: 40, Name: "D"}))
			require.NoError(t, rw.file.Close()) // crash again, no compaction

			rep, _ := readReportFile(t, path)
			assert.Equal(t, int64(40), entry(t, rep, 4).ID)
			assert.Equal(t, int64(20), entry(t, rep, 2).ID)
		})
	}

	// Strict where nothing was cut: a bad entry in the middle is an error.
	lines := strings.SplitAfter(complete, "\n")
	middle := strings.Join(lines[:2], "") + "5,crea\n" + strings.Join(lines[2:], "")
	_, err := ReadReport(strings.NewReader(middle))
	require.ErrorIs(t, err, ErrReportDamaged)
	assert.Contains(t, err.Error(), "row 3 of the report has 2 cells, expected 11")
}

func TestReadReportBrokenQuotes(t *testing.T) {
	t.Parallel()
	head := string(reportHead(CustomerTemplate, "", 0))
	for _, data := range []string{
		head + "\"2\"x,created,1,A,,,,,x\n2,created,1,A,,,,,x\n",
		head + "2,created,1,A\"B,,,,,x\n3,created,2,C,,,,,x\n",
	} {
		_, err := ReadReport(strings.NewReader(data))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "reading the results report")
	}
}

// compacted renders the report Close writes for entries (in line order).
func compacted(tmpl Template, input string, entries ...ReportEntry) string {
	var b bytes.Buffer
	b.Write(reportHead(tmpl, input, len(entries)))
	rw := &ReportWriter{t: tmpl, out: &b, chain: chainSeed(tmpl, input)}
	for _, e := range entries {
		_ = rw.Write(e)
	}
	return b.String()
}
