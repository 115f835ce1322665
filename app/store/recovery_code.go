package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SetTOTPSecret stores a second-factor secret pending confirmation; an
// enabled factor is not replaced (ErrTOTPEnabled).
func (s *Store) SetTOTPSecret(ctx context.Context, userID int64, secret string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET totp_secret = ? WHERE id = ? AND totp_enabled_at IS NULL`, secret, userID)
	if err != nil {
		return fmt.Errorf("store: set totp secret: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set totp secret: %w", ErrNotFound)
	}
	return nil
}

// EnableTOTP turns the pending secret on, records the step of the code
// that confirmed it and replaces the recovery codes with codeHashes.
func (s *Store) EnableTOTP(ctx context.Context, userID, step int64, codeHashes [][]byte) error {
	return s.tx(ctx, "enable totp", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_enabled_at = ?, totp_last_step = ? WHERE id = ? AND totp_secret <> '' AND totp_enabled_at IS NULL`,
			s.unix(), step, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		for _, h := range codeHashes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// DisableTOTP removes the second factor and its recovery codes; it
// reports whether there was one.
func (s *Store) DisableTOTP(ctx context.Context, userID int64) (bool, error) {
	var had bool
	err := s.tx(ctx, "disable totp", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_enabled_at = NULL, totp_last_step = 0 WHERE id = ? AND totp_secret <> ''`, userID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		had = n > 0
		_, err = tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID)
		return err
	})
	return had, err
}

// UseTOTPStep records step as used when it is later than the last one
// used; false means the code was used already (or a later one was).
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: use totp step: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodeHashes returns the hashes of the user's unused recovery
// codes, for the caller to compare a typed code with.
func (s *Store) RecoveryCodeHashes(ctx context.Context, userID int64) ([][]byte, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: recovery code hashes: %w", err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("store: recovery code hashes: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// UseRecoveryCode spends the user's unused recovery code with codeHash;
// false means there is none (or another request spent it first).
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, codeHash []byte) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
		s.unix(), userID, codeHash)
	if err != nil {
		return false, fmt.Errorf("store: use recovery code: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: recovery codes left: %w", err)
	}
	return n, nil
}
