package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Purposes of one-time user tokens.
const (
	TokenReset     = "reset"     // set a new password
	TokenEmail     = "email"     // confirm a new email address (in Data)
	TokenReminders = "reminders" // stop milestone reminders
)

// UserToken is a one-time link's stored side: only the hash of the token.
type UserToken struct {
	UserID    int64
	Purpose   string
	Data      string
	ExpiresAt time.Time
}

// CreateUserToken stores a token for purpose, valid for ttl. A new reset or
// email link makes earlier unused ones of the same purpose void, so only
// the latest email counts.
func (s *Store) CreateUserToken(ctx context.Context, tokenHash []byte, userID int64, purpose, data string, ttl time.Duration) error {
	now := s.now()
	return s.tx(ctx, "create user token", func(tx *sql.Tx) error {
		if purpose != TokenReminders {
			if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`,
				now.Unix(), userID, purpose); err != nil {
				return err
			}
		}
		// Tidy expired tokens while here: they are worth nothing.
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_tokens WHERE expires_at <= ?`, now.Unix()-24*3600); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO user_tokens (token_hash, user_id, purpose, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tokenHash, userID, purpose, data, now.Unix(), now.Add(ttl).Unix())
		return err
	})
}

// UserTokenFor returns the unused, unexpired token of purpose with
// tokenHash, without using it (for the page a link opens).
func (s *Store) UserTokenFor(ctx context.Context, tokenHash []byte, purpose string) (*UserToken, error) {
	var t UserToken
	var exp int64
	err := s.r.QueryRowContext(ctx, `SELECT t.user_id, t.purpose, t.data, t.expires_at FROM user_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.purpose = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.disabled_at IS NULL`,
		tokenHash, purpose, s.unix()).Scan(&t.UserID, &t.Purpose, &t.Data, &exp)
	if err != nil {
		return nil, fmt.Errorf("store: user token: %w", notFound(err))
	}
	t.ExpiresAt = time.Unix(exp, 0).UTC()
	return &t, nil
}

// UseUserToken marks the token used and returns it; a used, expired or
// unknown token is ErrNotFound. The check and the mark are one statement,
// so two requests with the same link cannot both use it.
func (s *Store) UseUserToken(ctx context.Context, tokenHash []byte, purpose string) (*UserToken, error) {
	var t UserToken
	var exp int64
	err := s.w.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
		AND user_id NOT IN (SELECT id FROM users WHERE disabled_at IS NOT NULL)
		RETURNING user_id, purpose, data, expires_at`, s.unix(), tokenHash, purpose, s.unix()).Scan(&t.UserID, &t.Purpose, &t.Data, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: use user token: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: use user token: %w", err)
	}
	t.ExpiresAt = time.Unix(exp, 0).UTC()
	return &t, nil
}
