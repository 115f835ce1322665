package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"cpopath/app/assess"
)

// Attempt is one run through an assessment, by a signed-in user or a guest.
type Attempt struct {
	ID           int64
	PublicID     string // unguessable, used in URLs
	UserID       int64  // 0 for a guest
	GuestKeyHash []byte
	AssessmentID string
	StartedAt    time.Time
	UpdatedAt    time.Time
	CompletedAt  time.Time // zero while open
	ResultJSON   string

	results *resultCache // of the store that read the attempt; nil: decode each time
}

// Completed reports whether the attempt has been submitted and scored.
func (a *Attempt) Completed() bool { return !a.CompletedAt.IsZero() }

// Result decodes the result snapshot a completed attempt keeps, once per
// attempt while the store's cache holds it. The Result is shared: read it,
// never change it.
func (a *Attempt) Result() (assess.Result, error) {
	if a.results != nil && a.Completed() {
		if res, ok := a.results.get(a.PublicID); ok {
			return res, nil
		}
	}
	res, err := assess.DecodeResult([]byte(a.ResultJSON))
	if err != nil {
		return res, fmt.Errorf("result of %s: %w", a.PublicID, err)
	}
	if a.results != nil && a.Completed() {
		a.results.put(a.PublicID, res)
	}
	return res, nil
}

// Owner identifies who may see an attempt: a user, or the holder of a guest
// key (by its hash). Exactly one is set.
type Owner struct {
	UserID       int64
	GuestKeyHash []byte
}

func (o Owner) valid() bool { return (o.UserID != 0) != (len(o.GuestKeyHash) > 0) }

// Owns reports whether o owns a.
func (o Owner) Owns(a *Attempt) bool {
	if o.UserID != 0 {
		return a.UserID == o.UserID
	}
	return a.UserID == 0 && len(o.GuestKeyHash) > 0 && string(a.GuestKeyHash) == string(o.GuestKeyHash)
}

var publicIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newPublicID() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.ToLower(publicIDEncoding.EncodeToString(b)), nil
}

const attemptColumns = `id, public_id, COALESCE(user_id, 0), guest_key_hash, assessment_id, started_at, updated_at, COALESCE(completed_at, 0), COALESCE(result_json, '')`

// scanAttempt reads one row of attemptColumns; results is the cache its
// Result decodes through (nil for none).
func scanAttempt(row interface{ Scan(...any) error }, results *resultCache) (*Attempt, error) {
	a := Attempt{results: results}
	var started, updated, completed int64
	if err := row.Scan(&a.ID, &a.PublicID, &a.UserID, &a.GuestKeyHash, &a.AssessmentID, &started, &updated, &completed, &a.ResultJSON); err != nil {
		return nil, err
	}
	a.StartedAt, a.UpdatedAt = time.Unix(started, 0).UTC(), time.Unix(updated, 0).UTC()
	if completed != 0 {
		a.CompletedAt = time.Unix(completed, 0).UTC()
	}
	return &a, nil
}

// CreateAttempt starts a new attempt at assessment for owner.
func (s *Store) CreateAttempt(ctx context.Context, o Owner, assessment string) (*Attempt, error) {
	if !o.valid() {
		return nil, fmt.Errorf("store: create attempt: owner must be a user or a guest")
	}
	pid, err := newPublicID()
	if err != nil {
		return nil, err
	}
	now := s.unix()
	var uid any
	if o.UserID != 0 {
		uid = o.UserID
	}
	var gk any
	if o.UserID == 0 {
		gk = o.GuestKeyHash
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO attempts (public_id, user_id, guest_key_hash, assessment_id, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		pid, uid, gk, assessment, now, now)
	if err != nil {
		return nil, fmt.Errorf("store: create attempt: %w", err)
	}
	id, _ := res.LastInsertId()
	return s.attemptBy(ctx, s.w, `id = ?`, id)
}

// Attempt returns the attempt with the given public id.
func (s *Store) Attempt(ctx context.Context, publicID string) (*Attempt, error) {
	return s.attemptBy(ctx, s.r, `public_id = ?`, publicID)
}

func (s *Store) attemptBy(ctx context.Context, db *sql.DB, where string, arg any) (*Attempt, error) {
	a, err := scanAttempt(s.queryRow(ctx, db, `SELECT `+attemptColumns+` FROM attempts WHERE `+where, arg), &s.results)
	if err != nil {
		return nil, fmt.Errorf("store: attempt: %w", notFound(err))
	}
	return a, nil
}

// OpenAttempt returns owner's most recent unfinished attempt at assessment.
func (s *Store) OpenAttempt(ctx context.Context, o Owner, assessment string) (*Attempt, error) {
	where, arg := ownerWhere(o)
	a, err := scanAttempt(s.queryRow(ctx, s.r, `SELECT `+attemptColumns+` FROM attempts WHERE `+where+` AND `+sameAssessment+` AND completed_at IS NULL ORDER BY id DESC LIMIT 1`, arg, assessment), &s.results)
	if err != nil {
		return nil, fmt.Errorf("store: open attempt: %w", notFound(err))
	}
	return a, nil
}

// Attempts returns all of owner's attempts, newest first.
func (s *Store) Attempts(ctx context.Context, o Owner) ([]*Attempt, error) {
	where, arg := ownerWhere(o)
	rows, err := s.r.QueryContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE `+where+` ORDER BY id DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("store: attempts: %w", err)
	}
	defer rows.Close()
	var out []*Attempt
	for rows.Next() {
		a, err := scanAttempt(rows, &s.results)
		if err != nil {
			return nil, fmt.Errorf("store: attempts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// LatestResult returns owner's most recent completed attempt at assessment.
func (s *Store) LatestResult(ctx context.Context, o Owner, assessment string) (*Attempt, error) {
	where, arg := ownerWhere(o)
	a, err := scanAttempt(s.r.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE `+where+` AND `+sameAssessment+` AND completed_at IS NOT NULL ORDER BY completed_at DESC, id DESC LIMIT 1`, arg, assessment), &s.results)
	if err != nil {
		return nil, fmt.Errorf("store: latest result: %w", notFound(err))
	}
	return a, nil
}

// ownerWhere is the condition selecting owner's rows of attempts, and its
// argument. The parameter is wrapped in a CAST, and so is the assessment's
// in the queries that find an owner's latest attempt (sameAssessment):
// SQLite compares a bare parameter in an equality with the ORDER BY terms
// when it plans, and then plans such a statement again whenever a new
// value is bound, which tripled the cost of the queries every assessment
// page and autosave runs. The CAST changes neither the value nor the index
// used.
func ownerWhere(o Owner) (string, any) {
	if o.UserID != 0 {
		return `user_id = CAST(? AS INTEGER)`, o.UserID
	}
	return `user_id IS NULL AND guest_key_hash = CAST(? AS BLOB)`, o.GuestKeyHash
}

// sameAssessment is the condition on assessment_id that goes with
// ownerWhere in queries ordered by id (see there).
const sameAssessment = `assessment_id = CAST(? AS TEXT)`

// ClaimGuestAttempts moves every attempt of a guest key to a user, so that
// registering or signing in keeps what was started on that browser.
func (s *Store) ClaimGuestAttempts(ctx context.Context, guestKeyHash []byte, userID int64) (int64, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE attempts SET user_id = ?, guest_key_hash = NULL WHERE user_id IS NULL AND guest_key_hash = ?`, userID, guestKeyHash)
	if err != nil {
		return 0, fmt.Errorf("store: claim guest attempts: %w", err)
	}
	return res.RowsAffected()
}

// CompleteAttempt marks an open attempt completed and stores the snapshot
// of its result. Completing twice is ErrCompleted.
func (s *Store) CompleteAttempt(ctx context.Context, attemptID int64, resultJSON string) error {
	now := s.unix()
	res, err := s.w.ExecContext(ctx, `UPDATE attempts SET completed_at = ?, updated_at = ?, result_json = ? WHERE id = ? AND completed_at IS NULL`, now, now, resultJSON, attemptID)
	if err != nil {
		return fmt.Errorf("store: complete attempt: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrCompleted
	}
	return nil
}

// ScoreAttempt completes an open attempt with the result score makes of
// its answers, read inside the transaction that completes it: an answer
// saved while the person submits is either in the result or refused with
// ErrCompleted, never stored and left out. An error from score rolls
// back and is returned as it is; completing twice is ErrCompleted.
func (s *Store) ScoreAttempt(ctx context.Context, attemptID int64, score func(answers map[string]string) (string, error)) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: score attempt: %w", err)
	}
	defer tx.Rollback()
	var completed sql.NullInt64
	var packed sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT completed_at, (SELECT group_concat(item_id || char(31) || value, char(30)) FROM answers WHERE attempt_id = t.id)
		FROM attempts t WHERE t.id = ?`, attemptID).Scan(&completed, &packed)
	if err != nil {
		return fmt.Errorf("store: score attempt: %w", notFound(err))
	}
	if completed.Valid {
		return ErrCompleted
	}
	result, err := score(unpackAnswers(packed))
	if err != nil {
		return err
	}
	now := s.unix()
	if _, err := tx.ExecContext(ctx, `UPDATE attempts SET completed_at = ?, updated_at = ?, result_json = ? WHERE id = ?`, now, now, result, attemptID); err != nil {
		return fmt.Errorf("store: score attempt: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: score attempt: %w", err)
	}
	return nil
}
