package store

import (
	"context"
	"fmt"
	"time"
)

// CreateSession stores a signed-in session under the hash of its token,
// valid for ttl. Only the hash is kept, so a copy of the database does not
// hold working cookies.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, ttl time.Duration) error {
	now := s.now()
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, now.Unix(), now.Add(ttl).Unix())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of the unexpired session with tokenHash and
// when that session expires.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte) (*User, time.Time, error) {
	var expires int64
	row := s.queryRow(ctx, s.r, `SELECT u.id, u.email, u.name, u.password_hash, u.locale, u.target_role, u.horizon_months, u.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, s.unix())
	var u User
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Locale, &u.TargetRole, &u.HorizonMonths, &created, &expires); err != nil {
		return nil, time.Time{}, fmt.Errorf("store: session user: %w", notFound(err))
	}
	u.CreatedAt = time.Unix(created, 0).UTC()
	return &u, time.Unix(expires, 0).UTC(), nil
}

// ExtendSession moves an active session's expiry to ttl from now.
func (s *Store) ExtendSession(ctx context.Context, tokenHash []byte, ttl time.Duration) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET expires_at = ? WHERE token_hash = ?`, s.now().Add(ttl).Unix(), tokenHash); err != nil {
		return fmt.Errorf("store: extend session: %w", err)
	}
	return nil
}

// DeleteSession ends the session with tokenHash; ending one that does not
// exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry and returns how
// many there were.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, s.unix())
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
