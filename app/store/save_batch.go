package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// saveQueue commits answer saves in batches. Every save is a transaction
// on the one writer connection, and the transaction's begin and commit
// (the locks and the write to the log) cost more than the save itself; so
// one goroutine takes the saves that arrived while it was busy and commits
// them in one transaction. Under no load a batch is one save and nothing
// waits; under load, fewer commits serve more saves. A save is answered
// only after its batch is committed, so an acknowledged save is on disk
// as much as one committed alone would be.
type saveQueue struct {
	in       chan *saveRequest
	quit     chan struct{}
	stopOnce sync.Once
	finished chan struct{} // closed when the loop has returned
}

// maxBatch bounds a batch, so that a long queue still gets answers often.
const maxBatch = 32

type saveRequest struct {
	ctx                     context.Context
	owner                   Owner
	assessment, item, value string

	id    int64
	items []string
	err   error
	reply chan struct{}
}

func (q *saveQueue) start(s *Store) {
	q.in = make(chan *saveRequest, maxBatch)
	q.quit = make(chan struct{})
	q.finished = make(chan struct{})
	go func() {
		defer close(q.finished)
		q.loop(s)
	}()
}

// stop answers what is queued and ends the loop; closing a store twice
// is harmless.
func (q *saveQueue) stop() {
	q.stopOnce.Do(func() { close(q.quit) })
	<-q.finished
}

var errStoreClosed = errors.New("store: closed")

// do queues r and waits for its answer.
func (q *saveQueue) do(ctx context.Context, r saveRequest) (int64, []string, error) {
	r.ctx = ctx
	r.reply = make(chan struct{})
	select {
	case q.in <- &r:
	case <-ctx.Done():
		return 0, nil, fmt.Errorf("store: save answer: %w", ctx.Err())
	case <-q.quit:
		return 0, nil, errStoreClosed
	}
	// Once queued, the save is done or failed before the answer comes; it
	// is not abandoned half way. A save queued as the store closed, after
	// the loop's last look at the queue, is answered here.
	select {
	case <-r.reply:
	case <-q.finished:
		select {
		case <-r.reply:
		default:
			return 0, nil, errStoreClosed
		}
	}
	return r.id, r.items, r.err
}

func (q *saveQueue) loop(s *Store) {
	batch := make([]*saveRequest, 0, maxBatch)
	for {
		select {
		case r := <-q.in:
			batch = append(batch[:0], r)
		case <-q.quit:
			// Answer what is still queued.
			for {
				select {
				case r := <-q.in:
					r.err = errStoreClosed
					close(r.reply)
				default:
					return
				}
			}
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-q.in:
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.commitSaves(batch)
		for _, r := range batch {
			close(r.reply)
		}
	}
}

// commitSaves runs a batch in one transaction. A save without an open
// attempt changes nothing and fails alone; any other failure fails the
// whole batch, as nothing of it is committed.
func (s *Store) commitSaves(batch []*saveRequest) {
	fail := func(err error) {
		for _, r := range batch {
			if r.err == nil {
				r.err = fmt.Errorf("store: save answer: %w", err)
			}
		}
	}
	ctx := context.Background()
	// Statements are prepared before the transaction: preparing on the
	// database needs the writer's one connection, which the transaction
	// then holds.
	if err := s.prepareAnswerWrites(ctx); err != nil {
		fail(err)
		return
	}
	for _, r := range batch {
		for _, q := range saveQueries(r) {
			if _, err := s.prepared(ctx, s.w, q); err != nil {
				fail(err)
				return
			}
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback()
	now := s.unix()
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("store: save answer: %w", err)
			continue
		}
		if err := s.saveOne(ctx, tx, r, now); err != nil {
			if errors.Is(err, ErrNotFound) {
				r.err = fmt.Errorf("store: save answer: %w", err)
				continue
			}
			fail(err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(err)
	}
}

// saveQueries are the statements saveOne runs for r: finding and touching
// the open attempt, listing the answered items; the answer itself is
// written by putAnswer (answer.go).
func saveQueries(r *saveRequest) [2]string {
	where, _ := ownerWhere(r.owner)
	return [2]string{
		`UPDATE attempts SET updated_at = ?
		WHERE id = (SELECT id FROM attempts WHERE ` + where + ` AND ` + sameAssessment + ` AND completed_at IS NULL ORDER BY id DESC LIMIT 1)
		RETURNING id`,
		`SELECT group_concat(item_id, char(30)) FROM answers WHERE attempt_id = ?`,
	}
}

// saveOne saves r inside tx.
func (s *Store) saveOne(ctx context.Context, tx *sql.Tx, r *saveRequest, now int64) error {
	_, arg := ownerWhere(r.owner)
	q := saveQueries(r)
	if err := s.txStmt(ctx, tx, q[0]).QueryRowContext(ctx, now, arg, r.assessment).Scan(&r.id); err != nil {
		return notFound(err)
	}
	if err := s.putAnswer(ctx, tx, r.id, r.item, r.value, now); err != nil {
		return err
	}
	var packed sql.NullString
	if err := s.txStmt(ctx, tx, q[1]).QueryRowContext(ctx, r.id).Scan(&packed); err != nil {
		return err
	}
	r.items = nil
	if packed.String != "" {
		r.items = strings.Split(packed.String, "\x1e")
	}
	return nil
}

// txStmt returns the writer's prepared statement for query, for use in tx
// (commitSaves prepares them before the transaction begins).
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	st, _ := s.stmts.m.Load(stmtKey{s.w, query})
	return tx.StmtContext(ctx, st.(*sql.Stmt))
}
