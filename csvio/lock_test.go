package csvio

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// A second import using the same results report while the first runs is
// refused: both would create every row (10 rows, 20 end users).
func TestSecondImportOnTheSameReportIsRefused(t *testing.T) {
	t.Parallel()
	srv, client := newFake(t)
	org := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"})
	tb := newTable(ContactTemplate)
	for i := 1; i <= 10; i++ {
		tb.add(t, "customer_id", fmt.Sprint(org), "name", fmt.Sprintf("Person %02d", i))
	}
	path := filepath.Join(t.TempDir(), "people.results.csv")

	prev, rw, err := OpenReport(path, ContactTemplate)
	require.NoError(t, err)
	plan, err := PlanContacts(context.Background(), client, mustRows(t, tb), &PlanOptions{Previous: prev})
	require.NoError(t, err)

	// The second import starts while the first is under way.
	_, _, err = OpenReport(path, ContactTemplate)
	require.ErrorIs(t, err, ErrReportInUse)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "another import that is still running")

	sum, err := Execute(context.Background(), client, plan, &ExecOptions{Report: rw})
	require.NoError(t, err)
	require.NoError(t, rw.Close())
	assert.Equal(t, Summary{Created: 10}, sum)

	// Once the first has finished, the report opens again and the re-run
	// creates nobody.
	_, sum = journalRun(t, client, ContactTemplate, path, tb.bytes(t), PlanOptions{})
	assert.Equal(t, Summary{Unchanged: 10}, sum)
	assert.Equal(t, 10, srv.Counts().Contacts)
}

func mustRows(t *testing.T, tb *table) []*ContactRow {
	t.Helper()
	rows, err := ReadContacts(strings.NewReader(string(tb.bytes(t))))
	require.NoError(t, err)
	return rows
}

// The lock goes with the process that held it: an import killed halfway
// does not block the next one.
func TestReportLockDiesWithTheProcess(t *testing.T) {
	if path := os.Getenv("CSVIO_HOLD_REPORT"); path != "" {
		// The child: hold the report, say so, and wait to be killed.
		_, _, err := OpenReport(path, ContactTemplate)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		os.Exit(0)
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "people.results.csv")
	cmd := exec.Command(os.Args[0], "-test.run=^TestReportLockDiesWithTheProcess$")
	cmd.Env = append(os.Environ(), "CSVIO_HOLD_REPORT="+path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)

	_, _, err = OpenReport(path, ContactTemplate)
	require.ErrorIs(t, err, ErrReportInUse, "held by the child")

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	_, rw, err := OpenReport(path, ContactTemplate)
	require.NoError(t, err, "the killed import's lock is gone")
	require.NoError(t, rw.Close())
}
