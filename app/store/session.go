package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"
)

// Session is one signed-in browser, as the person sees it on their
// security page.
type Session struct {
	PublicID  string // names the session in forms; not its token
	UserAgent string
	Address   string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

// SessionInfo is what CreateSession records about the browser.
type SessionInfo struct {
	UserAgent string
	Address   string
}

func newSessionID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession stores a signed-in session under the hash of its token,
// valid for ttl. Only the hash is kept, so a copy of the database does not
// hold working cookies.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, ttl time.Duration, info ...SessionInfo) error {
	now := s.now()
	var in SessionInfo
	if len(info) > 0 {
		in = info[0]
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, user_agent, address, public_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tokenHash, userID, now.Unix(), now.Add(ttl).Unix(), now.Unix(), in.UserAgent, in.Address, newSessionID())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of the unexpired session with tokenHash and
// when that session expires. A disabled account has no sessions.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte) (*User, time.Time, error) {
	u, sess, err := s.SessionByToken(ctx, tokenHash)
	if err != nil {
		return nil, time.Time{}, err
	}
	return u, sess.ExpiresAt, nil
}

// SessionByToken returns the user and the session with tokenHash, when the
// session has not expired and the account is not disabled.
func (s *Store) SessionByToken(ctx context.Context, tokenHash []byte) (*User, *Session, error) {
	var sess Session
	var created, expires, seen int64
	row := s.queryRow(ctx, s.r, `SELECT `+userColumnsOf+`, s.public_id, s.user_agent, s.address, s.created_at, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`, tokenHash, s.unix())
	u, err := scanUser(row, &sess.PublicID, &sess.UserAgent, &sess.Address, &created, &expires, &seen)
	if err != nil {
		return nil, nil, fmt.Errorf("store: session user: %w", notFound(err))
	}
	sess.CreatedAt, sess.ExpiresAt, sess.LastSeen = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC(), time.Unix(seen, 0).UTC()
	return u, &sess, nil
}

// ExtendSession moves an active session's expiry to ttl from now, but
// never past its absolute end (created_at + maxAge, when maxAge > 0).
func (s *Store) ExtendSession(ctx context.Context, tokenHash []byte, ttl time.Duration, maxAge ...time.Duration) error {
	limit := int64(1 << 62)
	if len(maxAge) > 0 && maxAge[0] > 0 {
		limit = int64(maxAge[0].Seconds())
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET expires_at = MIN(?, created_at + ?) WHERE token_hash = ?`,
		s.now().Add(ttl).Unix(), limit, tokenHash); err != nil {
		return fmt.Errorf("store: extend session: %w", err)
	}
	return nil
}

// TouchSession records that the session was used now, from address and
// with userAgent.
func (s *Store) TouchSession(ctx context.Context, tokenHash []byte, info SessionInfo) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, address = ?, user_agent = ? WHERE token_hash = ?`,
		s.unix(), info.Address, info.UserAgent, tokenHash); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// Sessions lists the user's unexpired sessions, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]Session, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT public_id, user_agent, address, created_at, expires_at, last_seen_at
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, created_at DESC`, userID, s.unix())
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var x Session
		var created, expires, seen int64
		if err := rows.Scan(&x.PublicID, &x.UserAgent, &x.Address, &created, &expires, &seen); err != nil {
			return nil, fmt.Errorf("store: sessions: %w", err)
		}
		x.CreatedAt, x.ExpiresAt, x.LastSeen = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC(), time.Unix(seen, 0).UTC()
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	return out, nil
}

// DeleteSessionByID ends the user's session named publicID; another
// user's session or an unknown one is ErrNotFound.
func (s *Store) DeleteSessionByID(ctx context.Context, userID int64, publicID string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND public_id = ? AND public_id <> ''`, userID, publicID)
	if err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete session: %w", ErrNotFound)
	}
	return nil
}

// DeleteOtherSessions ends every session of the user but the one with the
// token hash keep, and returns how many ended.
func (s *Store) DeleteOtherSessions(ctx context.Context, userID int64, keep []byte) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?`, userID, keep)
	if err != nil {
		return 0, fmt.Errorf("store: delete other sessions: %w", err)
	}
	return res.RowsAffected()
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
