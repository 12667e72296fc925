//go:build !unix

package csvio

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// lockReport opens the report at path, creating it empty when there is
// none, and locks it with a lock file beside it holding this process's id:
// created exclusively, removed on Close, and taken over when the process
// that left it no longer runs.
func lockReport(path string) (*os.File, func(), error) {
	lock := path + ".lock"
	for range 2 {
		lf, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			data, _ := os.ReadFile(lock)
			pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
			if perr == nil && !processRuns(pid) {
				_ = os.Remove(lock) // left by an import that died
				continue
			}
			return nil, nil, fmt.Errorf("csvio: %w: %s is open in another import (process %s; lock file %s): "+
				"wait for it to end, or remove the lock file if no import is running", ErrReportInUse, path, strings.TrimSpace(string(data)), lock)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("csvio: locking the results report %s: %w", path, err)
		}
		_, werr := lf.WriteString(strconv.Itoa(os.Getpid()))
		_ = lf.Close()
		release := func() { _ = os.Remove(lock) }
		if werr != nil {
			release()
			return nil, nil, werr
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			release()
			return nil, nil, err
		}
		return f, release, nil
	}
	return nil, nil, fmt.Errorf("csvio: %w: cannot take the lock file %s", ErrReportInUse, lock)
}

// processRuns reports whether a process with the id runs. Where the
// system cannot tell, it answers true: a lock is never taken over blindly.
func processRuns(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
