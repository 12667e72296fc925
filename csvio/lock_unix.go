//go:build unix

package csvio

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockReport opens the report at path, creating it empty when there is
// none, and takes an exclusive lock on it that the system drops when the
// file is closed or the process ends: a killed import never blocks the
// next one.
func lockReport(path string) (*os.File, func(), error) {
	for range 8 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, nil, fmt.Errorf("csvio: %w: %s is open in another import that is still running; "+
					"wait for it to end, or give this import another report file", ErrReportInUse, path)
			}
			return nil, nil, fmt.Errorf("csvio: locking the results report %s: %w", path, err)
		}
		// The import that held the lock may have replaced the file (Close
		// renames the compacted report into place): lock the file the path
		// names now.
		if same, err := samePath(f, path); err != nil || same {
			if err != nil {
				_ = f.Close()
				return nil, nil, err
			}
			return f, func() {}, nil
		}
		_ = f.Close()
	}
	return nil, nil, fmt.Errorf("csvio: %w: %s keeps being replaced by another import", ErrReportInUse, path)
}

func samePath(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}
