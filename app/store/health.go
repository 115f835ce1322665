package store

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
)

// minFree is the free space below which the database counts as unable to
// take writes: a commit needs room in the log, and a checkpoint more.
const minFree = 8 << 20

// Writable proves that the database can take a write now, without
// changing anything: a write inside a transaction that is rolled back
// (refused on a read-only database file or file system), and enough free
// space on the disk for commits (a rolled-back write never reaches it).
func (s *Store) Writable(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: writable: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('health.probe', 1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
	tx.Rollback()
	if err != nil {
		return fmt.Errorf("store: writable: %w", err)
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(s.path), &fs); err != nil {
		return fmt.Errorf("store: writable: %w", err)
	}
	if fs.Flags&0x1 != 0 { // ST_RDONLY
		return fmt.Errorf("store: writable: the file system of %s is read-only", s.path)
	}
	if free := int64(fs.Bavail) * fs.Bsize; free < minFree {
		return fmt.Errorf("store: writable: %d bytes free beside %s", free, s.path)
	}
	return nil
}
