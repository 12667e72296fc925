//go:build unix

package fleetlimit

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
)

// The integration tests run a real redis-server and a real PostgreSQL,
// started on loopback in a temporary directory. Without the programs a
// local run skips those tests and says what to install; under CI (CI=true)
// their absence fails the run.

// findProgram looks for name in PATH, then in Debian's PostgreSQL
// directories, newest version first.
func findProgram(name string) (string, bool) {
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

func pgVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// needProgram returns the path of name, or skips the test (fails it under
// CI) when it is not installed.
func needProgram(t *testing.T, name, pkg string) string {
	t.Helper()
	p, ok := findProgram(name)
	if ok {
		return p
	}
	msg := fmt.Sprintf("%s not found in PATH or /usr/lib/postgresql/*/bin: install the Debian package %s (apt-get install %s) to run this integration test", name, pkg, pkg)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// freePort returns a loopback TCP port nobody listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

// server is a store process started by a test.
type server struct {
	t     *testing.T
	cmd   *exec.Cmd
	ready string
	done  chan struct{}
}

// Kill stops the server at once, as a crash would, and waits for it.
func (s *server) Kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// Restart starts the server again after Kill, on the same port and data,
// and waits until it is ready.
func (s *server) Restart() {
	s.t.Helper()
	c := exec.Command(s.cmd.Path, s.cmd.Args[1:]...)
	c.Dir, c.Env, c.SysProcAttr = s.cmd.Dir, s.cmd.Env, s.cmd.SysProcAttr
	*s = *startServer(s.t, c, s.ready)
}

// startServer runs cmd and returns once a line of its output contains
// ready. The output goes on being drained so the server never blocks on
// it; the last lines are shown if it exits before it is ready.
func startServer(t *testing.T, cmd *exec.Cmd, ready string) *server {
	t.Helper()
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	require.NoError(t, cmd.Start(), "start %s", cmd.Path)
	s := &server{t: t, cmd: cmd, ready: ready, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		_ = pw.Close()
		close(s.done)
	}()
	readyc := make(chan struct{})
	var lines []string
	go func() {
		sc := bufio.NewScanner(pr)
		seen := false
		for sc.Scan() {
			if !seen {
				lines = append(lines, sc.Text())
				if strings.Contains(sc.Text(), ready) {
					seen = true
					close(readyc)
				}
			}
		}
	}()
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); <-s.done })
	select {
	case <-readyc:
		return s
	case <-s.done:
		t.Fatalf("%s exited before it was ready:\n%s", cmd.Path, strings.Join(lines, "\n"))
	case <-time.After(time.Minute):
		t.Fatalf("%s not ready after a minute:\n%s", cmd.Path, strings.Join(lines, "\n"))
	}
	return nil
}

// startRedis runs a redis-server on a free loopback port, persisting
// nothing, and returns its address.
func startRedis(t *testing.T) (*server, string) {
	t.Helper()
	bin := needProgram(t, "redis-server", "redis-server")
	port := freePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir())
	srv := startServer(t, cmd, "Ready to accept connections")
	return srv, net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

func newRedisClient(t *testing.T, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// startPostgres initializes a cluster in a temporary directory and runs
// PostgreSQL on a free loopback port, its socket in that directory, and
// returns a connection string. PostgreSQL refuses to run as root: as root
// the cluster belongs to, and runs as, the user postgres (or nobody).
func startPostgres(t *testing.T) (*server, string) {
	t.Helper()
	initdb := needProgram(t, "initdb", "postgresql")
	postgres := needProgram(t, "postgres", "postgresql")
	dir, err := os.MkdirTemp("", "fleetlimit-pg-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Getuid() == 0 {
		cred = unprivileged(t)
		require.NoError(t, os.Chown(dir, int(cred.Uid), int(cred.Gid)))
	}
	data := filepath.Join(dir, "data")
	run := func(cmd *exec.Cmd) *exec.Cmd {
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "HOME="+dir)
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		return cmd
	}
	out, err := run(exec.Command(initdb, "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync")).CombinedOutput()
	require.NoError(t, err, "initdb: %s", out)
	port := freePort(t)
	// Durable settings (fsync and synchronous commits on): the fleet tests
	// kill the server and start it again, and with fsync off a crash may
	// lose committed work, the schema that Migrate made included, which is
	// not the store coming back that they mean to test. The budget's own
	// table is unlogged, so its writes cost no flush either way.
	srv := startServer(t, run(exec.Command(postgres, "-D", data, "-k", dir, "-h", "127.0.0.1",
		"-p", strconv.Itoa(port), "-c", "max_connections=100")),
		"database system is ready to accept connections")
	return srv, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// unprivileged returns the credentials of a user PostgreSQL will run as.
func unprivileged(t *testing.T) *syscall.Credential {
	t.Helper()
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 == nil && err2 == nil {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		}
	}
	t.Fatal("running as root and no user postgres or nobody to run PostgreSQL as: create one (useradd postgres)")
	return nil
}

func newPool(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.ConnConfig.ConnectTimeout = time.Second
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}
