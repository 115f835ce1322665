// Package store keeps cpopath's data in one SQLite file: users and sessions,
// assessment attempts and answers, mentorships, ratings and plans. Writes go
// through a single connection and open IMMEDIATE transactions, so concurrent
// saves queue instead of failing with "database is locked"; reads use a small
// pool of their own.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// ErrNotFound is returned when a row asked for does not exist.
var ErrNotFound = fmt.Errorf("store: not found: %w", sql.ErrNoRows)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the database.
type Store struct {
	w     *sql.DB // one connection: every write
	r     *sql.DB // a small pool: reads
	now   func() time.Time
	stmts stmtCache // prepared statements of the hot queries (stmt.go)
	saves saveQueue // answer saves, committed in batches (save_batch.go)
	teams teamCache // scores of results and focus of plans (team_view.go)
}

// Open opens (creating if needed) the database at path, creates its
// directory, and applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, math.MaxInt)
}

// open opens the database and applies the migrations numbered up to upTo;
// tests build databases at earlier schema versions with it.
func open(ctx context.Context, path string, upTo int) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	// busy_timeout first, so that the pragmas after it wait rather than fail
	// while another process holds the file.
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	// Each connection keeps its recently used statements prepared: parsing
	// the SQL again cost as much as running these small queries.
	q.Set("_stmt_cache_size", "64")
	// A page cache of 1 MB per connection (SQLite's default is 2): five
	// connections' caches are memory the server counts against its 100
	// MB, and with a writer busy they are mostly invalidated anyway.
	q.Set("_cache_size", "-1024")
	rdsn := "file:" + path + "?" + q.Encode() + "&mode=ro"
	q.Set("_txlock", "immediate")
	w, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite3", rdsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	s := &Store{w: w, r: r, now: time.Now}
	s.saves.start(s)
	if err := s.migrate(ctx, upTo); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	s.saves.stop()
	return errors.Join(s.r.Close(), s.w.Close())
}

// SetClock replaces the clock, for tests that need fixed times.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Version returns the schema version (PRAGMA user_version).
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.w.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

// Migrations returns the embedded migration files in order, named
// NNNN_name.sql; the number is the schema version it produces.
func Migrations() ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

func (s *Store) migrate(ctx context.Context, upTo int) error {
	names, err := Migrations()
	if err != nil {
		return err
	}
	cur, err := s.Version(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	for _, name := range names {
		base := filepath.Base(name)
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: name must start with its number", base)
		}
		if n <= cur || n > upTo {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		// PRAGMA takes no placeholders; n is a parsed integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, n)); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		cur = n
	}
	return nil
}

// Secret returns the named random secret, creating it on first use. Secrets
// live in the database so that tokens signed with them survive a restart
// and move with a backup.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.w.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, "secret."+name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	v = make([]byte, 32)
	if _, err := rand.Read(v); err != nil {
		return nil, err
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, "secret."+name, v); err != nil {
		return nil, fmt.Errorf("store: secret: %w", err)
	}
	err = s.w.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, "secret."+name).Scan(&v)
	return v, err
}

// Backup writes a consistent copy of the live database to path with VACUUM
// INTO, which reads one snapshot and does not block writers for long.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

func (s *Store) unix() int64 { return s.now().Unix() }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
