package store

import (
	"context"
	"fmt"
	"time"
)

// ActivityKeep is how long security events are kept.
const ActivityKeep = 180 * 24 * time.Hour

// Activity is one security event in a person's account.
type Activity struct {
	Event     string    `json:"event"` // e.g. signin, signin_failed, password_changed
	Address   string    `json:"address"`
	UserAgent string    `json:"user_agent"`
	At        time.Time `json:"at"`
}

// AddActivity records an event for the user. Older events than
// ActivityKeep are removed on the way, so the log stays bounded.
func (s *Store) AddActivity(ctx context.Context, userID int64, a Activity) error {
	now := s.now()
	if _, err := s.w.ExecContext(ctx, `INSERT INTO activity (user_id, event, address, user_agent, at) VALUES (?, ?, ?, ?, ?)`,
		userID, a.Event, a.Address, a.UserAgent, now.Unix()); err != nil {
		return fmt.Errorf("store: add activity: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM activity WHERE user_id = ? AND at < ?`, userID, now.Add(-ActivityKeep).Unix()); err != nil {
		return fmt.Errorf("store: add activity: %w", err)
	}
	return nil
}

// DeleteOldActivity removes every event older than ActivityKeep.
func (s *Store) DeleteOldActivity(ctx context.Context) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM activity WHERE at < ?`, s.now().Add(-ActivityKeep).Unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete old activity: %w", err)
	}
	return res.RowsAffected()
}

// Activities returns the user's latest events, newest first, at most limit.
func (s *Store) Activities(ctx context.Context, userID int64, limit int) ([]Activity, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT event, address, user_agent, at FROM activity WHERE user_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?`,
		userID, s.now().Add(-ActivityKeep).Unix(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		var a Activity
		var at int64
		if err := rows.Scan(&a.Event, &a.Address, &a.UserAgent, &at); err != nil {
			return nil, fmt.Errorf("store: activities: %w", err)
		}
		a.At = time.Unix(at, 0).UTC()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: activities: %w", err)
	}
	return out, nil
}
