package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the prepared statements of the queries every page runs.
// Preparing a statement costs about as much as running one of these small
// queries; database/sql then keeps one prepared copy per connection.
type stmtCache struct {
	mu sync.Mutex // serialises preparing
	m  sync.Map   // stmtKey → *sql.Stmt; read on every query, on every core
}

type stmtKey struct {
	db    *sql.DB
	query string
}

// prepared returns query prepared on db, preparing it on first use. Never
// call it for the writer inside a write transaction: the writer has one
// connection, the transaction holds it, and preparing would wait forever.
// Prepare first, then use tx.StmtContext (SaveOpenAnswer does).
func (s *Store) prepared(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	key := stmtKey{db, query}
	if st, ok := s.stmts.m.Load(key); ok {
		return st.(*sql.Stmt), nil
	}
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if st, ok := s.stmts.m.Load(key); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.stmts.m.Store(key, st)
	return st, nil
}

// queryRow runs a prepared single-row query on db.
func (s *Store) queryRow(ctx context.Context, db *sql.DB, query string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, db, query)
	if err != nil {
		// An unpreparable query fails the same way unprepared.
		return db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
