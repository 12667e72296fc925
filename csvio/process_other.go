//go:build !unix

package csvio

// processRuns reports whether a process of that id exists. Where that
// cannot be asked cheaply it answers yes, so that no file in use is
// removed.
func processRuns(pid int) bool { return true }
