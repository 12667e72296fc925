package csvio

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// A report that is not as the import left it (cut short, rows removed or
// renumbered, an id pointed at someone else) is refused, untouched, and
// nothing is sent: trusting it would update the wrong end user, ignoring it
// would create its records again.
func TestDamagedReportIsRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		damage func(lines []string, other int64) []string // lines[0] header, [1] the report's own row, [2:] entries
		errHas string
	}{
		{"cut short after an entry", func(l []string, _ int64) []string { return l[:len(l)-1] }, "records 5 entries on disk and holds 4"},
		{"cut short after the report's own row", func(l []string, _ int64) []string { return l[:2] }, "records 5 entries on disk and holds 0"},
		{"an entry removed", func(l []string, _ int64) []string { return append(append([]string{}, l[:3]...), l[4:]...) }, "row 4 of the report does not match its check"},
		{"an entry renumbered", func(l []string, _ int64) []string {
			l[3] = "9" + strings.TrimPrefix(l[3], "3")
			return l
		}, "row 4 of the report does not match its check"},
		{"two entries swapped", func(l []string, _ int64) []string {
			l[3], l[4] = l[4], l[3]
			return l
		}, "does not match its check"},
		{"an id pointed at someone else", func(l []string, other int64) []string {
			cells := strings.Split(l[4], ",")
			cells[3] = fmt.Sprint(other)
			l[4] = strings.Join(cells, ",")
			return l
		}, "row 5 of the report does not match its check"},
		{"the file name edited", func(l []string, _ int64) []string {
			l[1] = strings.Replace(l[1], "people.csv", "other.csv", 1)
			return l
		}, "row 3 of the report does not match its check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, client := newFake(t)
			org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
			other := srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Someone Else"})
			tb := newTable(ContactTemplate)
			for i := 1; i <= 5; i++ {
				tb.add(t, "customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Person %d", i))
			}
			path := filepath.Join(t.TempDir(), "people.results.csv")
			prev, rw, err := OpenReport(path, ContactTemplate, ForInput("/data/people.csv"))
			require.NoError(t, err)
			_, sum, err := importContacts(t, context.Background(), client, tb.bytes(t), &PlanOptions{Previous: prev}, &ExecOptions{Report: rw})
			require.NoError(t, err)
			require.NoError(t, rw.Close())
			require.Equal(t, Summary{Created: 5}, sum)

			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			lines := strings.SplitAfter(strings.TrimSuffix(string(raw), "\n"), "\n")
			for i := range lines {
				lines[i] = strings.TrimSuffix(lines[i], "\n")
			}
			damaged := strings.Join(tt.damage(lines, other), "\n") + "\n"
			require.NoError(t, os.WriteFile(path, []byte(damaged), 0o644))

			_, _, err = OpenReport(path, ContactTemplate, ForInput("people.csv"))
			require.ErrorIs(t, err, ErrReportDamaged)
			assert.Contains(t, err.Error(), tt.errHas)
			assert.Contains(t, err.Error(), "import with a new report file")
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, damaged, string(after), "the damaged report is left as it is")
			_, err = ReadReport(strings.NewReader(damaged))
			require.ErrorIs(t, err, ErrReportDamaged)
			assert.Equal(t, 6, srv.Counts().Contacts)
		})
	}
}

// A journal whose run was killed (never compacted) still opens, and so does
// one whose last entry the crash cut short: that is not damage.
func TestCrashedJournalIsNotDamage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "r.csv")
	_, rw, err := OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	require.NoError(t, rw.Write(ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "A"}))
	require.NoError(t, rw.intend(ReportEntry{Line: 3, CustomerID: 1, Name: "B"}))
	require.NoError(t, rw.Write(ReportEntry{Line: 4, Action: OutcomeUnchanged, CustomerID: 1, ID: 40, Name: "C"}))
	require.NoError(t, rw.file.Close()) // killed: no compaction
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, cut := range []int{len(raw), len(raw) - 1, len(raw) - 7} {
		require.NoError(t, os.WriteFile(path, raw[:cut], 0o644))
		prev, rw, err := OpenReport(path, ContactTemplate)
		require.NoError(t, err, "cut at %d of %d", cut, len(raw))
		assert.Equal(t, int64(20), entry(t, prev, 2).ID)
		assert.Equal(t, OutcomeUnknown, entry(t, prev, 3).Action)
		require.NoError(t, rw.file.Close())
	}
	// Cut into the synced entries: damage.
	require.NoError(t, os.WriteFile(path, raw[:len(raw)-60], 0o644))
	_, _, err = OpenReport(path, ContactTemplate)
	require.ErrorIs(t, err, ErrReportDamaged)
}

// A report records the file it belongs to: importing another file with it
// is refused, since its lines are another file's.
func TestReportBoundToItsFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.results.csv")
	_, rw, err := OpenReport(path, ContactTemplate, ForInput("dir/people.csv"))
	require.NoError(t, err)
	require.NoError(t, rw.Write(ReportEntry{Line: 2, Action: OutcomeCreated, CustomerID: 1, ID: 20, Name: "A"}))
	require.NoError(t, rw.Close())

	rep := mustReadReport(t, path)
	assert.Equal(t, "people.csv", rep.Input)
	_, _, err = OpenReport(path, ContactTemplate, ForInput("other/vendors.csv"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is the report of importing people.csv, not vendors.csv")
	_, rw, err = OpenReport(path, ContactTemplate, ForInput("elsewhere/people.csv"))
	require.NoError(t, err, "the same file, from another directory")
	require.NoError(t, rw.Close())
}
