package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The one answer write path: putAnswer writes or removes one answer inside a
// write transaction. SaveAnswers (a page of the assessment) and the autosave
// queue (SaveOpenAnswer, save_batch.go) both go through it.

const (
	upsertAnswer = `INSERT INTO answers (attempt_id, item_id, value, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (attempt_id, item_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	deleteAnswer = `DELETE FROM answers WHERE attempt_id = ? AND item_id = ?`
)

// prepareAnswerWrites prepares putAnswer's statements on the writer; call
// it before the transaction begins (see prepared).
func (s *Store) prepareAnswerWrites(ctx context.Context) error {
	for _, q := range [...]string{upsertAnswer, deleteAnswer} {
		if _, err := s.prepared(ctx, s.w, q); err != nil {
			return err
		}
	}
	return nil
}

// putAnswer upserts one answer of attemptID inside tx; an empty value
// removes the answer.
func (s *Store) putAnswer(ctx context.Context, tx *sql.Tx, attemptID int64, item, value string, now int64) error {
	if value == "" {
		_, err := s.txStmt(ctx, tx, deleteAnswer).ExecContext(ctx, attemptID, item)
		return err
	}
	_, err := s.txStmt(ctx, tx, upsertAnswer).ExecContext(ctx, attemptID, item, value, now)
	return err
}

// ErrCompleted is returned when an answer is saved to a submitted attempt.
var ErrCompleted = fmt.Errorf("store: attempt already completed")

// SaveAnswers saves answers of one open attempt in one transaction, as a
// page of the assessment is submitted; an empty value removes the answer.
// The attempt's completion is checked in the same transaction, so an
// answer never lands after a submit.
func (s *Store) SaveAnswers(ctx context.Context, attemptID int64, answers map[string]string) error {
	if err := s.prepareAnswerWrites(ctx); err != nil {
		return fmt.Errorf("store: save answers: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save answers: %w", err)
	}
	defer tx.Rollback()
	var completed sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT completed_at FROM attempts WHERE id = ?`, attemptID).Scan(&completed); err != nil {
		return fmt.Errorf("store: save answers: %w", notFound(err))
	}
	if completed.Valid {
		return ErrCompleted
	}
	now := s.unix()
	for item, value := range answers {
		if err := s.putAnswer(ctx, tx, attemptID, item, value, now); err != nil {
			return fmt.Errorf("store: save answers: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attempts SET updated_at = ? WHERE id = ?`, now, attemptID); err != nil {
		return fmt.Errorf("store: save answers: %w", err)
	}
	return tx.Commit()
}

// Answers returns the answers of an attempt, item id → value.
func (s *Store) Answers(ctx context.Context, attemptID int64) (map[string]string, error) {
	// One row instead of one per answer (see OpenAttemptAnswers).
	var packed sql.NullString
	if err := s.queryRow(ctx, s.r, `SELECT group_concat(item_id || char(31) || value, char(30)) FROM answers WHERE attempt_id = ?`, attemptID).Scan(&packed); err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	return unpackAnswers(packed), nil
}

// unpackAnswers splits answers packed by group_concat: item and value
// joined by the unit separator, answers by the record separator.
func unpackAnswers(packed sql.NullString) map[string]string {
	answers := map[string]string{}
	if !packed.Valid || packed.String == "" {
		return answers
	}
	for rec := range strings.SplitSeq(packed.String, "\x1e") {
		if item, value, ok := strings.Cut(rec, "\x1f"); ok {
			answers[item] = value
		}
	}
	return answers
}

// SaveOpenAnswer saves one answer into owner's open attempt at assessment
// and returns the attempt's id and the items it then has answers for. The
// attempt is found inside the write transaction, so the autosave makes one
// trip to the database instead of a read and a write, and no submit can
// come between finding the attempt and saving into it. Without an open
// attempt it returns ErrNotFound and changes nothing. An empty value
// removes the answer. It returns once the save is committed; saves that
// arrive together are committed together (save_batch.go).
func (s *Store) SaveOpenAnswer(ctx context.Context, o Owner, assessment, item, value string) (int64, []string, error) {
	if !o.valid() {
		return 0, nil, fmt.Errorf("store: save answer: owner must be a user or a guest")
	}
	return s.saves.do(ctx, saveRequest{owner: o, assessment: assessment, item: item, value: value})
}

// OpenAnswers returns the answers of owner's open attempt at assessment,
// for the pages that need the answers and not the attempt: one query, one
// row, one column. Without an open attempt it returns ErrNotFound.
func (s *Store) OpenAnswers(ctx context.Context, o Owner, assessment string) (map[string]string, error) {
	where, arg := ownerWhere(o)
	var packed sql.NullString
	err := s.queryRow(ctx, s.r, `SELECT (SELECT group_concat(item_id || char(31) || value, char(30)) FROM answers WHERE attempt_id = t.id)
		FROM attempts t WHERE `+where+` AND t.`+sameAssessment+` AND t.completed_at IS NULL ORDER BY t.id DESC LIMIT 1`, arg, assessment).Scan(&packed)
	if err != nil {
		return nil, fmt.Errorf("store: open answers: %w", notFound(err))
	}
	return unpackAnswers(packed), nil
}
