//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// TestExportRefusesFIFOsAndDevices: -o naming a named pipe, a device or a
// directory is a usage error before any request, and the pipe stays.
func TestExportRefusesFIFOsAndDevices(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	fifo := c.path("pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, out := range []string{fifo, os.DevNull, c.dir} {
		res := c.run(t, "contacts", "export", "-o", out)
		assert.Equal(t, exitUsage, res.code, res.stderr)
		assert.Contains(t, res.stderr, "-o "+out+" is a")
		assert.Contains(t, res.stderr, "give the name of a file to write, or -o - for standard output")
	}
	assert.Empty(t, c.srv.Requests(), "refused before any request")
	st, err := os.Stat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeNamedPipe)
}

// TestExportKeepsTheModeOfTheFileItReplaces, and a new file follows the
// umask (see csvio's writer tests for the umask itself).
func TestExportKeepsTheModeOfTheFileItReplaces(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	out := c.path("contacts.csv")
	require.NoError(t, os.WriteFile(out, []byte("old"), 0o600))
	require.NoError(t, os.Chmod(out, 0o640))
	res := c.run(t, "contacts", "export", "-o", out)
	require.Equal(t, exitOK, res.code, res.stderr)
	st, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm())
	assert.Equal(t, []string{"contacts.csv"}, listDir(t, c.dir), "no temporary file left")
}

// TestInterruptedExportOnStdoutSaysItIsIncomplete: rows already went to
// standard output, so the message must not claim nothing was written;
// to a file, nothing was, and no temporary file stays.
func TestInterruptedExportOnStdoutSaysItIsIncomplete(t *testing.T) {
	t.Parallel()
	stop := func(ctx context.Context, cancel func()) func(w io.Writer, _ func(int)) (int, error) {
		return func(w io.Writer, _ func(int)) (int, error) {
			_, _ = io.WriteString(w, strings.Repeat("1,2,a row\n", 5000))
			cancel() // Ctrl-C
			return 5000, ctx.Err()
		}
	}
	var out, errOut bytes.Buffer
	e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errOut}

	ctx, cancel := context.WithCancel(context.Background())
	code, err := export(ctx, e, "-", "", "end users", stop(ctx, cancel))
	assert.Equal(t, exitFailed, code)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "nothing was written")
	assert.Contains(t, err.Error(), "the output is incomplete, 5000 end users written before the stop")

	dir := t.TempDir()
	ctx, cancel = context.WithCancel(context.Background())
	code, err = export(ctx, e, filepath.Join(dir, "out.csv"), "", "end users", stop(ctx, cancel))
	assert.Equal(t, exitFailed, code)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stopped: nothing was written")
	assert.Empty(t, listDir(t, dir), "neither the file nor a temporary file")
}

// TestExportNameInAPathItCannotUse fails at once, instead of trying
// names for ever.
func TestExportNameInAPathItCannotUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notDir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notDir, nil, 0o644))
	_, err := unusedName(filepath.Join(notDir, "1_2026_01_02_03_04_05.csv"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "give one with -o FILE")

	if os.Getuid() != 0 { // root reads any directory
		locked := filepath.Join(dir, "locked")
		require.NoError(t, os.Mkdir(locked, 0o000))
		t.Cleanup(func() { _ = os.Chmod(locked, 0o700) })
		_, err = unusedName(filepath.Join(locked, "x.csv"))
		require.Error(t, err)
	}
}

// TestExportSaysOneEndUser: one record is "1 end user", not "1 end users".
func TestExportSaysOneEndUser(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Solo"})
	c.srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Only One"})
	res := c.run(t, "contacts", "export", "-o", c.path("one.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "wrote 1 end user to ")
	res = c.run(t, "customers", "export", "-o", c.path("orgs.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Contains(t, res.stderr, "wrote 1 organization to ")

	// Both exports spell booleans alike.
	contacts, orgs := readCSV(t, c.path("one.csv")), readCSV(t, c.path("orgs.csv"))
	assert.Contains(t, []string{"True", "False"}, contacts[1][colOf(t, contacts[0], "notification_billing")])
	assert.Contains(t, []string{"True", "False"}, orgs[1][colOf(t, orgs[0], "disabled")])
}

// TestDryRunCallsARefusedRowRefused: in a dry run nothing failed; the
// report and the summary use one word.
func TestDryRunCallsARefusedRowRefused(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	org := fmt.Sprint(c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Acme"}))
	file := c.peopleFile(t, "dry.csv",
		[]string{"customer_id", org, "name", "Good", "email", "good@acme.example"},
		[]string{"customer_id", org, "name", "Bad", "email", "bad@"},
	)
	res := c.run(t, "contacts", "import", "--dry-run", file)
	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "refused 1")
	assert.Contains(t, res.stdout, ",refused,")
	assert.NotContains(t, res.stdout, "failed")
}

// TestDemoRerunExplainsWhyRowsAreGone: in the built-in demo account (new
// on every run), a re-run with a report says why what the first run
// created cannot be found, and what to use instead.
func TestDemoRerunExplainsWhyRowsAreGone(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.env = map[string]string{syncro.EnvBaseURL: "", syncro.EnvToken: ""}
	// The demo account's first organization has this id on every run.
	demo := syncrotest.NewServer(syncrotest.WithDemoData())
	var org int64
	for cu, err := range demo.Client(syncro.WithRateLimit(0)).Customers.All(context.Background(), nil) {
		require.NoError(t, err)
		if cu.BusinessName == syncrotest.DemoCustomerName {
			org = cu.ID
		}
	}
	demo.Close()
	require.NotZero(t, org)
	file := c.peopleFile(t, "demo.csv", []string{"customer_id", fmt.Sprint(org), "name", "New Person", "email", "new@demo.example"})

	res := c.run(t, "contacts", "import", file)
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.NotContains(t, res.stderr, "new on every run, so")

	res = c.run(t, "contacts", "import", file)
	assert.Contains(t, res.stderr, "the built-in demo account is new on every run, so what the earlier run created is gone")
	assert.Contains(t, res.stderr, "syncro fake-server")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestExportInterruptedMidway: Ctrl-C while the second page is on its way.
// To a file, nothing is written and no temporary file stays; to standard
// output, the first page is out and the message says the output is
// incomplete.
func TestExportInterruptedMidway(t *testing.T) {
	t.Parallel()
	for _, toStdout := range []bool{false, true} {
		c := newCLI(t, syncrotest.WithGeneratedData(syncrotest.Generate{Seed: 2, Organizations: 10, Contacts: 250}))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c.ctx = ctx
		c.opts = []syncro.Option{syncro.WithHTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Path == "/api/v1/contacts" && r.URL.Query().Get("page") == "2" {
				cancel() // the user presses Ctrl-C
			}
			return http.DefaultTransport.RoundTrip(r)
		})})}
		out := c.path("out.csv")
		if toStdout {
			out = "-"
		}
		res := c.run(t, "contacts", "export", "-o", out)
		assert.Equal(t, exitFailed, res.code, res.stderr)
		if toStdout {
			assert.NotContains(t, res.stderr, "nothing was written")
			m := regexp.MustCompile(`stopped: the output is incomplete, (\d+) end users? written before the stop`).FindStringSubmatch(res.stderr)
			require.NotNil(t, m, res.stderr)
			assert.Equal(t, m[1], fmt.Sprint(strings.Count(res.stdout, "\n")-1), "the count says what is on standard output")
			assert.Less(t, strings.Count(res.stdout, "\n")-1, 250, "stopped before the end")
		} else {
			assert.Contains(t, res.stderr, "stopped: nothing was written")
			assert.Empty(t, listDir(t, c.dir), "neither the file nor a temporary file")
		}
	}
}

// TestExportRemovesTheLeftoversOfAKilledRun: an export killed (SIGKILL)
// leaves its temporary file; the next export to the same file removes it.
func TestExportRemovesTheLeftoversOfAKilledRun(t *testing.T) {
	t.Parallel()
	c := newCLI(t, syncrotest.WithDemoData())
	ended := exec.Command("true")
	require.NoError(t, ended.Run())
	leftover := c.path(fmt.Sprintf(".contacts.csv.syncro-tmp-%d-0123456789ab", ended.Process.Pid))
	require.NoError(t, os.WriteFile(leftover, []byte("customer_id,contact_id\n1,"), 0o644))
	res := c.run(t, "contacts", "export", "-o", c.path("contacts.csv"))
	require.Equal(t, exitOK, res.code, res.stderr)
	assert.Equal(t, []string{"contacts.csv"}, listDir(t, c.dir))
}
