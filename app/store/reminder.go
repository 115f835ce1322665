package store

import (
	"context"
	"fmt"
)

// UsersWithReminders returns the accounts that asked for milestone
// reminders and are not disabled.
func (s *Store) UsersWithReminders(ctx context.Context) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE reminders = 1 AND disabled_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: users with reminders: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users with reminders: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// MarkReminder records that the reminder for milestone was sent to the
// user and reports whether it is the first: at most one per milestone,
// even with two servers or a retry.
func (s *Store) MarkReminder(ctx context.Context, userID int64, milestone string) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT OR IGNORE INTO reminders_sent (user_id, milestone, sent_at) VALUES (?, ?, ?)`,
		userID, milestone, s.unix())
	if err != nil {
		return false, fmt.Errorf("store: mark reminder: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
