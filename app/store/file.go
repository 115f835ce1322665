package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// The database file's own safety: what is refused at start, how a backup
// is written and how one is put back.

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkFile refuses a database file that would start an empty app by
// mistake, or have SQLite replay a log onto a file it was not written for.
// A missing file is a first start and is created; an empty (zero-length)
// one is taken as new only when create is set.
func checkFile(path string, create bool) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if _, werr := os.Stat(path + "-wal"); werr == nil {
			return fmt.Errorf("store: %s is missing but %s-wal is there: it belongs to a database that is gone; restore the database or move the -wal away", path, path)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if fi.Size() == 0 {
		if !create {
			return fmt.Errorf("store: %s is empty (0 bytes), perhaps from a backup that did not finish; restore a good backup, or start with -create to begin a new database", path)
		}
		return checkWAL(path, nil)
	}
	head := make([]byte, 100)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, head); err != nil || !bytes.HasPrefix(head, sqliteMagic) {
		return fmt.Errorf("store: %s is not a SQLite database", path)
	}
	return checkWAL(path, head)
}

// checkWAL refuses a write-ahead log that cannot belong to the database
// whose 100-byte header is head (nil for an empty file). SQLite would
// replay it onto the file and corrupt it: this is what a database file
// replaced by a copy, with the old -wal left beside it, looks like. A log
// of a file with no pages, of a file not in WAL mode (a backup written by
// VACUUM INTO is not), or with another page size is foreign.
func checkWAL(path string, head []byte) error {
	wal, err := os.ReadFile(path + "-wal")
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(wal) == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	foreign := fmt.Errorf("store: %s-wal does not belong to %s (was the database file replaced?); run `cpopath restore` to put a backup in place, or move the -wal and -shm away if you mean to drop them", path, path)
	if head == nil || len(wal) < 32 {
		return foreign
	}
	dbPage := int(binary.BigEndian.Uint16(head[16:18]))
	if dbPage == 1 {
		dbPage = 65536
	}
	walPage := int(binary.BigEndian.Uint32(wal[8:12]))
	if head[18] != 2 || head[19] != 2 || walPage != dbPage {
		return foreign
	}
	return nil
}

// InUse reports whether another process has the database at path open:
// every SQLite connection in WAL mode holds a shared lock on one byte of
// the -shm file (offset 128, its "dead man switch") for as long as it is
// open, so a write lock on that byte is refused while a server runs.
// Locks of this process do not count (POSIX locks are per process).
func InUse(path string) (bool, error) {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: in use: %w", err)
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: 128, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, fmt.Errorf("store: in use: %w", err)
	}
	return lk.Type != syscall.F_UNLCK, nil
}

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO, which reads one snapshot and does not block writers for long. The
// copy is written under a temporary name, synced, checked with PRAGMA
// quick_check and only then renamed to path: a backup that is killed
// leaves no file under path, and a retry starts afresh.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	tmp := path + ".partial"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: backup: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := syncCheckRename(ctx, tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// syncCheckRename syncs the database copy at tmp, checks it and renames it
// to path, syncing the folder so that the rename survives a crash.
func syncCheckRename(ctx context.Context, tmp, path string) error {
	if err := syncFile(tmp); err != nil {
		return err
	}
	if _, err := CheckCopy(ctx, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncFile(filepath.Dir(path))
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// CheckCopy checks a database copy (a backup) without changing it: it is
// a SQLite file, PRAGMA quick_check finds it sound, and it has a schema
// this binary can serve. It returns the copy's schema version.
func CheckCopy(ctx context.Context, path string) (int, error) {
	// checkFile takes a missing file for a first start; a copy must exist.
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("check %s: %w", path, err)
	}
	if err := checkFile(path, false); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_query_only=1")
	if err != nil {
		return 0, fmt.Errorf("store: check %s: %w", path, err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return 0, fmt.Errorf("store: check %s: %w", path, err)
	}
	if res != "ok" {
		return 0, fmt.Errorf("store: check %s: quick_check says %q", path, res)
	}
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: check %s: %w", path, err)
	}
	if v == 0 {
		return 0, fmt.Errorf("store: %s has no cpopath schema", path)
	}
	if last := lastMigration(); v > last {
		return 0, newerSchema(path, v, last)
	}
	return v, nil
}

// Restore puts the backup at from in place of the database at path. It
// refuses while a server has the database open (stop it first), checks
// the backup, removes the old -wal and -shm (which belong to the file
// being replaced), and copies the backup in under a temporary name,
// synced and checked before it is renamed, so that a restore that is
// killed leaves the old database or the new one, never half of one.
func Restore(ctx context.Context, from, path string) error {
	if _, err := CheckCopy(ctx, from); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	busy, err := InUse(path)
	if err != nil {
		return err
	}
	if busy {
		return fmt.Errorf("store: restore: %s is open in a running cpopath; stop it first", path)
	}
	tmp := path + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(side); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := syncCheckRename(ctx, tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
