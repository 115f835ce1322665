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
		WHERE `+where+` AND t.`+sameAssessment+` AND t.completed_at IS NULL ORDER BY t.id DESC LIMIT 1`, arg, assessment).
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
