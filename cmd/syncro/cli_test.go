package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro"
	"github.com/syncrokit/syncro/syncrotest"
)

// cli runs the command in-process against a fake Syncro, in a temporary
// directory, with the environment a user would set.
type cli struct {
	srv   *syncrotest.Server
	dir   string
	token string            // SYNCRO_API_TOKEN; the server's default unless set
	env   map[string]string // more variables
	ctx   context.Context
	opts  []syncro.Option // more client options
	term  bool            // stderr is a terminal (progress lines)
}

func newCLI(t *testing.T, opts ...syncrotest.ServerOption) *cli {
	t.Helper()
	srv := syncrotest.NewServer(append([]syncrotest.ServerOption{syncrotest.WithRateLimit(0, 0)}, opts...)...)
	t.Cleanup(srv.Close)
	return &cli{srv: srv, dir: t.TempDir(), token: srv.Token(), ctx: context.Background()}
}

// result is what one run of the command gave.
type result struct {
	code           int
	stdout, stderr string
}

func (c *cli) getenv(name string) string {
	if v, ok := c.env[name]; ok {
		return v
	}
	switch name {
	case syncro.EnvBaseURL:
		return c.srv.URL()
	case syncro.EnvToken:
		return c.token
	}
	return ""
}

func (c *cli) run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(c.ctx, args, &env{
		getenv: c.getenv, stdout: &out, stderr: &errOut, stdin: strings.NewReader(""), stderrTerm: c.term,
		clientOptions: append([]syncro.Option{syncro.WithRateLimit(0), syncro.WithRetry(fastRetry())}, c.opts...),
	})
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

func fastRetry() syncro.RetryPolicy {
	p := syncro.DefaultRetryPolicy()
	p.BaseDelay, p.MaxDelay = time.Millisecond, time.Millisecond
	return p
}

// path returns a file name in the test's directory.
func (c *cli) path(name string) string { return filepath.Join(c.dir, name) }

// writes counts the fake's non-GET requests by method.
func (c *cli) writes() map[string]int {
	out := map[string]int{}
	for _, r := range c.srv.Requests() {
		if r.Method != http.MethodGet {
			out[r.Method]++
		}
	}
	return out
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs
}

func writeCSV(t *testing.T, path string, recs [][]string) {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	require.NoError(t, w.WriteAll(recs))
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

func colOf(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

// reportLines reads a results report into line -> record (by column name).
func reportLines(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	recs := readCSV(t, path)
	require.NotEmpty(t, recs)
	out := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		if m["line"] == "0" && m["action"] == "report" {
			continue // the report's own row
		}
		require.NotContains(t, out, m["line"], "one row per line")
		out[m["line"]] = m
	}
	return out
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
