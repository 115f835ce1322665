package store

import (
	"context"
	"database/sql"
	"fmt"
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
