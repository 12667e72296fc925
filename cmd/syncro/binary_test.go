package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/csvio"
	"github.com/syncrokit/syncro/syncrotest"
)

// The tests of help and exit codes run the built program, as a user runs
// it (`go run` would turn every failure into exit 1). It is built once per
// test run, on first use, into a directory TestMain removes.
var (
	binDir    string
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "syncro-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// binary returns the path of the built command.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binPath = filepath.Join(binDir, "syncro")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

// runBinary runs the built command with only the given SYNCRO_* variables
// set, in dir, and returns its exit code and output.
func runBinary(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SYNCRO_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// TestBinaryHelp: every command has help in each of its forms, with its
// arguments, flags, examples and exit codes, on standard output, exit 0.
func TestBinaryHelp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := runBinary(t, dir, nil, "--help")
	require.Equal(t, exitOK, res.code, res.stderr)
	for _, c := range commands() {
		assert.Contains(t, res.stdout, "  "+c.name+" ")
	}
	assert.Contains(t, res.stdout, "Exit codes: 0 success; 1 some rows failed")

	res = runBinary(t, dir, nil)
	assert.Equal(t, exitUsage, res.code, "no command is wrong usage")
	assert.Contains(t, res.stderr, "usage: syncro <command>")

	for _, c := range commands() {
		words := strings.Fields(c.name)
		forms := [][]string{
			append([]string{"help"}, words...),
			append(append([]string{}, words...), "--help"),
			append(append([]string{}, words...), "-h"),
		}
		var first string
		for _, args := range forms {
			res := runBinary(t, dir, nil, args...)
			require.Equal(t, exitOK, res.code, "%v: %s", args, res.stderr)
			assert.Empty(t, res.stderr, "%v", args)
			out := res.stdout
			assert.True(t, strings.HasPrefix(out, "usage: syncro "+c.name), "%v: %s", args, out)
			assert.Contains(t, out, "\nExit codes: ", "%v", args)
			assert.Contains(t, out, "\nFlags:", "%v", args)
			if c.name != "version" {
				assert.Contains(t, out, "\nExamples:\n  syncro "+words[0], "%v", args)
			}
			if first == "" {
				first = out
			}
			assert.Equal(t, first, out, "%v: every form prints the same help", args)
		}
	}

	for _, args := range [][]string{{"contacts", "--help"}, {"help", "contacts"}} {
		res := runBinary(t, dir, nil, args...)
		require.Equal(t, exitOK, res.code, res.stderr)
		assert.Contains(t, res.stdout, "contacts export")
		assert.Contains(t, res.stdout, "contacts import")
	}

	res = runBinary(t, dir, nil, "contacts", "import", "--help")
	assert.Contains(t, res.stdout, "usage: syncro contacts import FILE")
	assert.Contains(t, res.stdout, "-report FILE")
	res = runBinary(t, dir, nil, "fake-server", "--help")
	assert.Contains(t, res.stdout, "(default 180)", "flags show their defaults")

	res = runBinary(t, dir, nil, "version")
	require.Equal(t, exitOK, res.code)
	assert.Regexp(t, `^syncro \S+.*, go1\.\d+`, res.stdout)
}

// TestBinaryExitCodes: 0 on success, 1 when Syncro refuses work or rows
// fail, 2 for wrong usage or an unusable file, as the installed program
// returns them.
func TestBinaryExitCodes(t *testing.T) {
	t.Parallel()
	srv := syncrotest.NewServer(syncrotest.WithDemoData(), syncrotest.WithRateLimit(0, 0))
	defer srv.Close()
	dir := t.TempDir()
	env := srv.Env()

	good := filepath.Join(dir, "people.csv")
	header := strings.Join(csvio.ContactColumns, ",")
	empty := strings.Repeat(",", len(csvio.ContactColumns)-5)
	orgID := srv.AddCustomer(syncrotest.CustomerData{BusinessName: "Exit Co"})
	require.NoError(t, os.WriteFile(good, []byte(fmt.Sprintf("%s\n%d,,Ann,,ann@exit.example%s\n", header, orgID, empty)), 0o644))
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte(fmt.Sprintf("%s\n%d,,Bob,,bob@%s\n", header, orgID, empty)), 0o644))
	semi := filepath.Join(dir, "semi.csv")
	require.NoError(t, os.WriteFile(semi, []byte(strings.ReplaceAll(header, ",", ";")+"\n"), 0o644))

	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"check"}, exitOK, ""},
		{[]string{"check", "Tickets - Create"}, exitOK, ""},
		{[]string{"contacts", "import", good}, exitOK, "done: created 1"},
		{[]string{"contacts", "import", bad}, exitFailed, "failed 1"},
		{[]string{"portal", "links", "--customer", "999999"}, exitFailed, "404"},
		{[]string{"check", "Tickets - Fly"}, exitUsage, "unknown permission"},
		{[]string{"contacts", "export", "--customer", "-3"}, exitUsage, "an id is a positive number"},
		{[]string{"contacts", "export", "--bogus"}, exitUsage, "flag provided but not defined"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"customers", "import", good}, exitUsage, "import it with `syncro contacts import"},
		{[]string{"contacts", "import", semi}, exitUsage, "separated by semicolons"},
		{[]string{"contacts", "import", filepath.Join(dir, "nowhere.csv")}, exitUsage, "no such file"},
		{[]string{"tickets", "list", "--status", "Open"}, exitUsage, "its statuses are"},
	}
	for _, tt := range tests {
		res := runBinary(t, dir, env, tt.args...)
		assert.Equal(t, tt.code, res.code, "%v\nstdout: %s\nstderr: %s", tt.args, res.stdout, res.stderr)
		assert.Contains(t, res.stderr, tt.stderr, "%v", tt.args)
		if len(tt.args) > 1 && tt.args[1] == "import" && tt.code == exitUsage {
			assert.NotContains(t, res.stderr, "usage:", "%v: no usage line after a file error", tt.args)
		}
	}
}

// TestBinaryFakeServerIsReadyWhenItSaysSo: once fake-server prints its
// URL, the generated account is all there.
func TestBinaryFakeServerIsReadyWhenItSaysSo(t *testing.T) {
	t.Parallel()
	const orgs = 1500
	cmd := exec.Command(binary(t), "fake-server", "--addr", "127.0.0.1:0", "--orgs", fmt.Sprint(orgs), "--rate-limit", "0", "--token", "Tready")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	lines := bufio.NewScanner(stdout)
	var url string
	for lines.Scan() {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
			break
		}
	}
	require.NotEmpty(t, url, "fake-server printed its URL")
	go func() {
		for lines.Scan() { // keep the pipe drained
		}
	}()
	client, err := syncro.NewClient("", "Tready", syncro.WithBaseURL(url), syncro.WithRateLimit(0))
	require.NoError(t, err)
	p, err := client.Customers.List(context.Background(), &syncro.CustomerListOptions{IncludeDisabled: true})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, p.Meta.TotalEntries, orgs, "the first answer sees every generated organization")
}
