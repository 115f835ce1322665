package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Mentorship states.
const (
	MentorshipActive      = "active"
	MentorshipEnded       = "ended"        // ended by the mentee
	MentorshipSteppedDown = "stepped_down" // ended by the mentor
)

// Mentorship links a mentee with a mentor they invited.
type Mentorship struct {
	ID        int64
	MenteeID  int64
	MentorID  int64
	State     string
	CreatedAt time.Time
	EndedAt   time.Time
}

const mentorshipColumns = `id, mentee_id, mentor_id, state, created_at, COALESCE(ended_at, 0)`

func scanMentorship(row interface{ Scan(...any) error }) (*Mentorship, error) {
	var m Mentorship
	var created, ended int64
	if err := row.Scan(&m.ID, &m.MenteeID, &m.MentorID, &m.State, &created, &ended); err != nil {
		return nil, err
	}
	m.CreatedAt = time.Unix(created, 0).UTC()
	if ended != 0 {
		m.EndedAt = time.Unix(ended, 0).UTC()
	}
	return &m, nil
}

// ActiveMentorship returns the active mentorship between mentee and mentor.
// It is the one question every mentor-side authorisation asks.
func (s *Store) ActiveMentorship(ctx context.Context, menteeID, mentorID int64) (*Mentorship, error) {
	m, err := scanMentorship(s.r.QueryRowContext(ctx, `SELECT `+mentorshipColumns+` FROM mentorships WHERE mentee_id = ? AND mentor_id = ? AND state = 'active' ORDER BY id DESC LIMIT 1`, menteeID, mentorID))
	if err != nil {
		return nil, fmt.Errorf("store: active mentorship: %w", notFound(err))
	}
	return m, nil
}

// Rating is a mentor's rating of a mentee: a 1–5 score per sub-area, a
// comment per skill, and an overall comment.
type Rating struct {
	ID           int64
	MentorshipID int64
	MentorID     int64
	MentorName   string
	Scores       map[string]int    // sub-area id → 1..5
	Comments     map[string]string // skill id → comment
	Overall      string
	CreatedAt    time.Time
}

// LatestRating returns the newest rating of mentee by any mentor whose
// mentorship is still active; a former mentor's view no longer counts.
func (s *Store) LatestRating(ctx context.Context, menteeID int64) (*Rating, error) {
	row := s.r.QueryRowContext(ctx, `SELECT r.id, r.mentorship_id, m.mentor_id, u.name, r.scores_json, r.comments_json, r.overall, r.created_at
		FROM ratings r JOIN mentorships m ON m.id = r.mentorship_id JOIN users u ON u.id = m.mentor_id
		WHERE m.mentee_id = ? AND m.state = 'active' ORDER BY r.created_at DESC, r.id DESC LIMIT 1`, menteeID)
	r, err := scanRating(row)
	if err != nil {
		return nil, fmt.Errorf("store: latest rating: %w", notFound(err))
	}
	return r, nil
}

func scanRating(row interface{ Scan(...any) error }) (*Rating, error) {
	var r Rating
	var scores, comments string
	var created int64
	if err := row.Scan(&r.ID, &r.MentorshipID, &r.MentorID, &r.MentorName, &scores, &comments, &r.Overall, &created); err != nil {
		return nil, err
	}
	r.CreatedAt = time.Unix(created, 0).UTC()
	if err := json.Unmarshal([]byte(scores), &r.Scores); err != nil {
		return nil, fmt.Errorf("rating %d scores: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(comments), &r.Comments); err != nil {
		return nil, fmt.Errorf("rating %d comments: %w", r.ID, err)
	}
	return &r, nil
}
