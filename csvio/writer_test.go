//go:build unix

package csvio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// TestWriteFileAtomicHonoursUmask: a new file gets 0666 less the umask,
// as any program's new file does, not a fixed 0644. Not parallel: the
// umask belongs to the process.
func TestWriteFileAtomicHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "private.csv")
	require.NoError(t, WriteFileAtomic(path, writeString("a\n")))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

// TestWriteFileAtomicKeepsMode: replacing a file keeps its mode.
func TestWriteFileAtomicKeepsMode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shared.csv")
	require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o600))
	require.NoError(t, os.Chmod(path, 0o640))
	require.NoError(t, WriteFileAtomic(path, writeString("new\n")))
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new\n", string(b))
}

// TestWriteFileAtomicRefusesDevicesAndFIFOs: a device or a named pipe is
// not replaced by a regular file (nor written to), and nothing is left
// behind.
func TestWriteFileAtomicRefusesDevicesAndFIFOs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for _, path := range []string{fifo, os.DevNull, dir} {
		called := false
		err := WriteFileAtomic(path, func(io.Writer) error { called = true; return nil })
		require.Error(t, err, path)
		assert.Contains(t, err.Error(), "is not a regular file")
		assert.False(t, called, "nothing is written")
	}
	st, err := os.Stat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeNamedPipe, "the pipe is still a pipe")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")
}

// TestWriteFileAtomicRemovesItsTempOnFailure: a write that fails (an
// interrupted export) leaves neither the file nor a temporary file.
func TestWriteFileAtomicRemovesItsTempOnFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	err := WriteFileAtomic(filepath.Join(dir, "out.csv"), func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("row\n", 100000))
		return context.Canceled
	})
	require.ErrorIs(t, err, context.Canceled)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

// TestWriteFileAtomicRemovesStaleTemps: the temporary file of a process
// that was killed before it could clean up is removed by the next write
// of the same file; one of a process still running is left alone.
func TestWriteFileAtomicRemovesStaleTemps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A process that has ended: its pid is free.
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	dead := cmd.Process.Pid
	stale := filepath.Join(dir, fmt.Sprintf(".out.csv%s%d-abcdef", tempMarker, dead))
	live := filepath.Join(dir, fmt.Sprintf(".out.csv%s%d-abcdef", tempMarker, os.Getppid()))
	other := filepath.Join(dir, fmt.Sprintf(".other.csv%s%d-abcdef", tempMarker, dead))
	for _, p := range []string{stale, live, other} {
		require.NoError(t, os.WriteFile(p, []byte("half"), 0o600))
	}
	require.NoError(t, WriteFileAtomic(filepath.Join(dir, "out.csv"), writeString("x\n")))
	_, err := os.Stat(stale)
	assert.True(t, errors.Is(err, os.ErrNotExist), "the dead process's temporary file is removed")
	assert.FileExists(t, live, "a running process's is kept")
	assert.FileExists(t, other, "another file's is kept")
}
