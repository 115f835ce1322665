package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// OpenAttemptAnswers returns owner's most recent unfinished attempt at
// assessment together with its answers, item id → value, in one query
// and one row: every assessment page needs both. The answers come as one
// string (item and value joined by the unit separator, answers by the
// record separator); neither can occur in a validated item id or value.
func (s *Store) OpenAttemptAnswers(ctx context.Context, o Owner, assessment string) (*Attempt, map[string]string, error) {
	where, arg := ownerWhere(o)
	var a Attempt
	var started, updated int64
	var packed sql.NullString
	err := s.queryRow(ctx, s.r, `SELECT t.id, t.public_id, COALESCE(t.user_id, 0), t.guest_key_hash, t.assessment_id, t.started_at, t.updated_at,
			(SELECT group_concat(item_id || char(31) || value, char(30)) FROM answers WHERE attempt_id = t.id)
		FROM attempts t
		WHERE `+where+` AND t.assessment_id = ? AND t.completed_at IS NULL ORDER BY t.id DESC LIMIT 1`, arg, assessment).
		Scan(&a.ID, &a.PublicID, &a.UserID, &a.GuestKeyHash, &a.AssessmentID, &started, &updated, &packed)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open attempt: %w", notFound(err))
	}
	a.StartedAt, a.UpdatedAt = time.Unix(started, 0).UTC(), time.Unix(updated, 0).UTC()
	return &a, unpackAnswers(packed), nil
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
// removes the answer.
func (s *Store) SaveOpenAnswer(ctx context.Context, o Owner, assessment, item, value string) (int64, []string, error) {
	if !o.valid() {
		return 0, nil, fmt.Errorf("store: save answer: owner must be a user or a guest")
	}
	where, arg := ownerWhere(o)
	// Prepared before the transaction: the writer has one connection, and
	// the transaction holds it.
	touch, err := s.prepared(ctx, s.w, `UPDATE attempts SET updated_at = ?
		WHERE id = (SELECT id FROM attempts WHERE `+where+` AND assessment_id = ? AND completed_at IS NULL ORDER BY id DESC LIMIT 1)
		RETURNING id`)
	if err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	write := `INSERT INTO answers (attempt_id, item_id, value, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (attempt_id, item_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	if value == "" {
		write = `DELETE FROM answers WHERE attempt_id = ? AND item_id = ?`
	}
	save, err := s.prepared(ctx, s.w, write)
	if err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	list, err := s.prepared(ctx, s.w, `SELECT group_concat(item_id, char(30)) FROM answers WHERE attempt_id = ?`)
	if err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}

	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	defer tx.Rollback()
	now := s.unix()
	var id int64
	if err := tx.StmtContext(ctx, touch).QueryRowContext(ctx, now, arg, assessment).Scan(&id); err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", notFound(err))
	}
	args := []any{id, item, value, now}
	if value == "" {
		args = args[:2]
	}
	if _, err := tx.StmtContext(ctx, save).ExecContext(ctx, args...); err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	var packed sql.NullString
	if err := tx.StmtContext(ctx, list).QueryRowContext(ctx, id).Scan(&packed); err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	var ids []string
	if packed.String != "" {
		ids = strings.Split(packed.String, "\x1e")
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, fmt.Errorf("store: save answer: %w", err)
	}
	return id, ids, nil
}
