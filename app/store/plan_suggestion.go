package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"cpopath/app/plan"
)

// Suggestion states.
const (
	SuggestionPending  = "pending"
	SuggestionAccepted = "accepted"
	SuggestionDeclined = "declined"
)

// MaxPendingSuggestions bounds what one mentor may leave waiting for one
// mentee, so suggestions cannot grow without limit.
const MaxPendingSuggestions = 30

// ErrSuggestionLimit is a mentor's suggestion past MaxPendingSuggestions.
var ErrSuggestionLimit = errors.New("store: too many pending suggestions")

// Suggestion is a mentor's proposed edit of a mentee's plan, with a
// comment, waiting for the mentee's answer or answered.
type Suggestion struct {
	ID         int64
	UserID     int64
	AuthorID   int64
	AuthorName string
	Edit       plan.Edit
	Comment    string
	State      string
	CreatedAt  time.Time
}

// CreateSuggestion records a mentor's suggestion for mentee's plan. The
// caller checks the mentorship and validates the edit against the plan.
func (s *Store) CreateSuggestion(ctx context.Context, mentorID, menteeID, planID int64, e plan.Edit, comment string) (int64, error) {
	comment = strings.TrimSpace(comment)
	if !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > MaxPlanComment {
		return 0, ErrPlanComment
	}
	e.Origin = plan.OriginMentor
	b, err := json.Marshal(e)
	if err != nil {
		return 0, fmt.Errorf("store: create suggestion: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: create suggestion: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_suggestions WHERE user_id = ? AND author_id = ? AND state = 'pending'`, menteeID, mentorID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: create suggestion: %w", err)
	}
	if n >= MaxPendingSuggestions {
		return 0, ErrSuggestionLimit
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO plan_suggestions (user_id, author_id, plan_id, edit_json, comment, state, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
		menteeID, mentorID, planID, string(b), comment, s.unix())
	if err != nil {
		return 0, fmt.Errorf("store: create suggestion: %w", err)
	}
	id, _ := res.LastInsertId()
	return id, tx.Commit()
}

// Suggestions lists the suggestions for userID's plan, pending first, then
// newest first; only those of active mentors.
func (s *Store) Suggestions(ctx context.Context, userID int64) ([]Suggestion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT g.id, g.user_id, g.author_id, u.name, g.edit_json, g.comment, g.state, g.created_at
		FROM plan_suggestions g JOIN users u ON u.id = g.author_id
		WHERE g.user_id = ? AND EXISTS (SELECT 1 FROM mentorships m WHERE m.mentee_id = g.user_id AND m.mentor_id = g.author_id AND m.state = 'active')
		ORDER BY g.state != 'pending', g.created_at DESC, g.id DESC LIMIT 100`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: suggestions: %w", err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var g Suggestion
		var edit string
		var at int64
		if err := rows.Scan(&g.ID, &g.UserID, &g.AuthorID, &g.AuthorName, &edit, &g.Comment, &g.State, &at); err != nil {
			return nil, fmt.Errorf("store: suggestions: %w", err)
		}
		if err := json.Unmarshal([]byte(edit), &g.Edit); err != nil {
			return nil, fmt.Errorf("store: suggestions: %d: %w", g.ID, err)
		}
		g.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, g)
	}
	return out, rows.Err()
}

// AnswerSuggestion records the mentee's answer to a pending suggestion.
// Accepting applies its edit to their latest plan version planID through
// apply, in the same transaction: if the edit no longer fits the plan,
// nothing changes and apply's error is returned. A suggestion that is not
// theirs, not pending or from a mentor no longer active is ErrNotFound.
func (s *Store) AnswerSuggestion(ctx context.Context, userID, planID, id int64, accept bool, apply func(*plan.Plan, plan.Edit) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: answer suggestion: %w", err)
	}
	defer tx.Rollback()
	var edit string
	err = tx.QueryRowContext(ctx, `SELECT g.edit_json FROM plan_suggestions g
		WHERE g.id = ? AND g.user_id = ? AND g.state = 'pending'
		  AND EXISTS (SELECT 1 FROM mentorships m WHERE m.mentee_id = g.user_id AND m.mentor_id = g.author_id AND m.state = 'active')`, id, userID).Scan(&edit)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: answer suggestion: %w", ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: answer suggestion: %w", err)
	}
	state := SuggestionDeclined
	if accept {
		state = SuggestionAccepted
		var e plan.Edit
		if err := json.Unmarshal([]byte(edit), &e); err != nil {
			return fmt.Errorf("store: answer suggestion: %w", err)
		}
		if err := s.editPlan(ctx, tx, userID, planID, func(p *plan.Plan) error { return apply(p, e) }); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_suggestions SET state = ?, decided_at = ? WHERE id = ?`, state, s.unix(), id); err != nil {
		return fmt.Errorf("store: answer suggestion: %w", err)
	}
	return tx.Commit()
}
