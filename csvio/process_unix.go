//go:build unix

package csvio

import (
	"errors"
	"syscall"
)

// processRuns reports whether a process of that id exists.
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
