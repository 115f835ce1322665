package store

import (
	"context"
	"encoding/json"
	"fmt"
)

const ratingQuery = `SELECT r.id, r.mentorship_id, m.mentor_id, u.name, r.scores_json, r.comments_json, r.overall, r.created_at
	FROM ratings r JOIN mentorships m ON m.id = r.mentorship_id JOIN users u ON u.id = m.mentor_id`

// CreateRating stores a mentor's rating within mentorshipID, which must be
// active at that moment: a mentorship ended a second earlier takes no more
// ratings. Scores are sub-area id → 1..5; comments skill id → text.
func (s *Store) CreateRating(ctx context.Context, mentorshipID int64, scores map[string]int, comments map[string]string, overall string) (*Rating, error) {
	sj, err := json.Marshal(scores)
	if err != nil {
		return nil, fmt.Errorf("store: create rating: %w", err)
	}
	if comments == nil {
		comments = map[string]string{}
	}
	cj, err := json.Marshal(comments)
	if err != nil {
		return nil, fmt.Errorf("store: create rating: %w", err)
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO ratings (mentorship_id, scores_json, comments_json, overall, created_at)
		SELECT id, ?, ?, ?, ? FROM mentorships WHERE id = ? AND state = 'active'`, string(sj), string(cj), overall, s.unix(), mentorshipID)
	if err != nil {
		return nil, fmt.Errorf("store: create rating: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, fmt.Errorf("store: create rating: %w", ErrNotFound)
	}
	id, _ := res.LastInsertId()
	r, err := scanRating(s.w.QueryRowContext(ctx, ratingQuery+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: create rating: %w", err)
	}
	return r, nil
}

// MentorshipRating returns the newest rating given within mentorshipID.
func (s *Store) MentorshipRating(ctx context.Context, mentorshipID int64) (*Rating, error) {
	r, err := scanRating(s.r.QueryRowContext(ctx, ratingQuery+` WHERE r.mentorship_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 1`, mentorshipID))
	if err != nil {
		return nil, fmt.Errorf("store: mentorship rating: %w", notFound(err))
	}
	return r, nil
}

// MenteeRatings returns, for each of menteeID's active mentorships that has
// one, its newest rating; the newest first. Former mentors' ratings are
// left out.
func (s *Store) MenteeRatings(ctx context.Context, menteeID int64) ([]*Rating, error) {
	rows, err := s.r.QueryContext(ctx, ratingQuery+` WHERE m.mentee_id = ? AND m.state = 'active'
		AND r.id = (SELECT r2.id FROM ratings r2 WHERE r2.mentorship_id = r.mentorship_id ORDER BY r2.created_at DESC, r2.id DESC LIMIT 1)
		ORDER BY r.created_at DESC, r.id DESC`, menteeID)
	if err != nil {
		return nil, fmt.Errorf("store: mentee ratings: %w", err)
	}
	defer rows.Close()
	var out []*Rating
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, fmt.Errorf("store: mentee ratings: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
