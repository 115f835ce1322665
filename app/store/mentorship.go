package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

// MentorLink is a mentorship with both people's names, as the dashboards
// list it.
type MentorLink struct {
	Mentorship
	MenteeName string
	MentorName string
}

const mentorLinkQuery = `SELECT m.id, m.mentee_id, m.mentor_id, m.state, m.created_at, COALESCE(m.ended_at, 0), e.name, r.name
	FROM mentorships m JOIN users e ON e.id = m.mentee_id JOIN users r ON r.id = m.mentor_id`

func (s *Store) mentorLinks(ctx context.Context, where string, args ...any) ([]*MentorLink, error) {
	rows, err := s.r.QueryContext(ctx, mentorLinkQuery+` WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*MentorLink
	for rows.Next() {
		var l MentorLink
		var created, ended int64
		if err := rows.Scan(&l.ID, &l.MenteeID, &l.MentorID, &l.State, &created, &ended, &l.MenteeName, &l.MentorName); err != nil {
			return nil, err
		}
		l.CreatedAt, l.EndedAt = time.Unix(created, 0).UTC(), unixOrZero(ended)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// Mentees returns mentor's active mentorships, by mentee name.
func (s *Store) Mentees(ctx context.Context, mentorID int64) ([]*MentorLink, error) {
	out, err := s.mentorLinks(ctx, `m.mentor_id = ? AND m.state = 'active' ORDER BY e.name COLLATE NOCASE, m.id`, mentorID)
	if err != nil {
		return nil, fmt.Errorf("store: mentees: %w", err)
	}
	return out, nil
}

// Mentors returns mentee's active mentorships, oldest first.
func (s *Store) Mentors(ctx context.Context, menteeID int64) ([]*MentorLink, error) {
	out, err := s.mentorLinks(ctx, `m.mentee_id = ? AND m.state = 'active' ORDER BY m.created_at, m.id`, menteeID)
	if err != nil {
		return nil, fmt.Errorf("store: mentors: %w", err)
	}
	return out, nil
}

// EndMentorship ends mentee's active mentorship id. From then on the mentor
// is refused everything of the mentee's. Someone else's, or one already
// ended, is ErrNotFound.
func (s *Store) EndMentorship(ctx context.Context, id, menteeID int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE mentorships SET state = 'ended', ended_at = ? WHERE id = ? AND mentee_id = ? AND state = 'active'`, s.unix(), id, menteeID)
	if err != nil {
		return fmt.Errorf("store: end mentorship: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: end mentorship: %w", ErrNotFound)
	}
	return nil
}

// StepDown ends mentor's active mentorship of mentee, from the mentor's
// side. Without one it is ErrNotFound.
func (s *Store) StepDown(ctx context.Context, menteeID, mentorID int64) error {
	res, err := s.w.ExecContext(ctx, `UPDATE mentorships SET state = 'stepped_down', ended_at = ? WHERE mentee_id = ? AND mentor_id = ? AND state = 'active'`, s.unix(), menteeID, mentorID)
	if err != nil {
		return fmt.Errorf("store: step down: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: step down: %w", ErrNotFound)
	}
	return nil
}

// MenteeSummary is what a mentor's dashboard shows of a mentee besides
// scores: when they last did something, and where their plan stands.
type MenteeSummary struct {
	LastActivity  time.Time // zero when they have done nothing yet
	PlanState     string    // state of the newest plan version; "" for no plan
	PlanVersion   int
	PlanUpdatedAt time.Time
}

// MenteeSummary returns menteeID's last activity (an answer, a plan
// change, a ticked action) and the state of their newest plan version.
func (s *Store) MenteeSummary(ctx context.Context, menteeID int64) (*MenteeSummary, error) {
	var sum MenteeSummary
	var last int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(t), 0) FROM (
		SELECT MAX(updated_at) AS t FROM attempts WHERE user_id = ?
		UNION ALL SELECT MAX(updated_at) FROM plans WHERE user_id = ?
		UNION ALL SELECT MAX(pa.updated_at) FROM plan_actions pa JOIN plans p ON p.id = pa.plan_id WHERE p.user_id = ?)`,
		menteeID, menteeID, menteeID).Scan(&last)
	if err != nil {
		return nil, fmt.Errorf("store: mentee summary: %w", err)
	}
	sum.LastActivity = unixOrZero(last)
	var updated int64
	err = s.r.QueryRowContext(ctx, `SELECT version, state, updated_at FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, menteeID).
		Scan(&sum.PlanVersion, &sum.PlanState, &updated)
	switch {
	case err == nil:
		sum.PlanUpdatedAt = unixOrZero(updated)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: mentee summary: %w", err)
	}
	return &sum, nil
}
