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
	path  string  // the database file
	w     *sql.DB // one connection: every write
	r     *sql.DB // a small pool: reads
	now   func() time.Time
	stmts stmtCache // prepared statements of the hot queries (stmt.go)
	saves saveQueue // answer saves, committed in batches (save_batch.go)
	teams teamCache // scores of results and focus of plans (team_view.go)
	// results holds decoded result snapshots (result_cache.go).
	results resultCache
}

// Options are the choices of OpenWith.
type Options struct {
	// Create takes an empty (zero-length) or schema-less file as a new
	// database instead of refusing it. A missing file is always created.
	Create bool
}

// Open opens (creating if missing) the database at path, creates its
// directory, and applies pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with options. It refuses, with a message that says
// what to do, an empty or schema-less file unless o.Create is set, a -wal
// that does not belong to the file, and a schema newer than this binary.
func OpenWith(ctx context.Context, path string, o Options) (*Store, error) {
	return open(ctx, path, math.MaxInt, o)
}

// open opens the database and applies the migrations numbered up to upTo;
// tests build databases at earlier schema versions with it.
func open(ctx context.Context, path string, upTo int, o Options) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	if err := checkFile(path, o.Create); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	existed := err == nil && fi.Size() > 0
	// busy_timeout first, so that the pragmas after it wait rather than fail
	// while another process holds the file.
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	// Readers never write, so synchronous matters only to the writer (below).
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
	// FULL syncs the log on every commit: with NORMAL, a commit survives a
	// killed process but not an operating system that fails, and an
	// acknowledged answer must survive both. Batched saves (save_batch.go)
	// share one sync per batch.
	q.Set("_synchronous", "FULL")
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
	s := &Store{path: path, w: w, r: r, now: time.Now}
	s.saves.start(s)
	if existed && !o.Create {
		if err := s.checkSchema(ctx, path); err != nil {
			s.Close()
			return nil, err
		}
	}
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
	if last := lastMigration(); cur > last {
		return newerSchema("the database", cur, last)
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

// checkSchema refuses an existing file with no cpopath schema: opening it
// would start an empty app over a file that was meant to hold data.
func (s *Store) checkSchema(ctx context.Context, path string) error {
	var v, tables int
	if err := s.w.QueryRowContext(ctx, `SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM sqlite_master)`).Scan(&v, &tables); err != nil {
		return fmt.Errorf("store: read schema of %s: %w", path, err)
	}
	if v == 0 && tables == 0 {
		return fmt.Errorf("store: %s holds no cpopath schema; restore a good backup, or start with -create to begin a new database in it", path)
	}
	return nil
}

// lastMigration is the schema version this binary brings a database to.
func lastMigration() int {
	names, _ := Migrations()
	last := 0
	for _, name := range names {
		if n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0]); err == nil {
			last = max(last, n)
		}
	}
	return last
}

func newerSchema(what string, v, last int) error {
	return fmt.Errorf("store: %s has schema version %d, newer than this binary's %d: it was written by a newer cpopath; run that version, or restore a backup taken before the upgrade", what, v, last)
}

func (s *Store) unix() int64 { return s.now().Unix() }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
