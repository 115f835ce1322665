package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// User is a registered person: an aspiring CPO, a mentor, or both.
type User struct {
	ID            int64
	Email         string
	Name          string
	PasswordHash  string
	Locale        string // saved language preference, "" for none
	TargetRole    string // role id the person aims for
	HorizonMonths int    // 6, 12 or 18
	CreatedAt     time.Time
	Disabled      bool   // the operator disabled the account: no sign-in
	TOTPSecret    string // second factor's secret, pending until TOTPEnabled
	TOTPEnabled   bool
	TOTPLastStep  int64 // last TOTP time step used, refused a second time
	Reminders     bool  // milestone reminders by email, asked for
}

// ErrEmailTaken is returned when an account with the email already exists.
var ErrEmailTaken = errors.New("store: email already registered")

const userColumns = `id, email, name, password_hash, locale, target_role, horizon_months, created_at,
	disabled_at IS NOT NULL, totp_secret, totp_enabled_at IS NOT NULL, totp_last_step, reminders`

// userColumnsOf is userColumns for a query where users is aliased u.
const userColumnsOf = `u.id, u.email, u.name, u.password_hash, u.locale, u.target_role, u.horizon_months, u.created_at,
	u.disabled_at IS NOT NULL, u.totp_secret, u.totp_enabled_at IS NOT NULL, u.totp_last_step, u.reminders`

func scanUser(row interface{ Scan(...any) error }, more ...any) (*User, error) {
	var u User
	var created int64
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Locale, &u.TargetRole, &u.HorizonMonths, &created,
		&u.Disabled, &u.TOTPSecret, &u.TOTPEnabled, &u.TOTPLastStep, &u.Reminders}, more...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.CreatedAt = time.Unix(created, 0).UTC()
	return &u, nil
}

// CreateUser registers an account. The email is unique regardless of case;
// a second registration with it is ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, email, name, passwordHash string) (*User, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?)`,
		email, name, passwordHash, s.unix())
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
			return nil, ErrEmailTaken
		}
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	id, _ := res.LastInsertId()
	u, err := scanUser(s.w.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// User returns the user with id.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: user: %w", notFound(err))
	}
	return u, nil
}

// UserByEmail returns the user with email, compared without regard to case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	if err != nil {
		return nil, fmt.Errorf("store: user by email: %w", notFound(err))
	}
	return u, nil
}

// SetUserLocale saves the user's language preference ("" follows the
// browser and the language switcher).
func (s *Store) SetUserLocale(ctx context.Context, id int64, locale string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET locale = ? WHERE id = ?`, locale, id)
	if err != nil {
		return fmt.Errorf("store: set user locale: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set user locale: %w", ErrNotFound)
	}
	return nil
}

// DeleteUser removes an account and, through the schema's cascades,
// everything that is theirs: sessions, attempts and answers, invitations,
// mentorships on either side with their ratings, plans with their actions
// and comments, and the comments they wrote on others' plans.
func (s *Store) DeleteUser(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete user: %w", ErrNotFound)
	}
	return nil
}

// Users returns every account, oldest first, for the operator.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// SetPassword replaces the password hash and ends every session of the
// user except the one whose token hash is keep (nil ends them all), in
// one transaction, so no other browser stays signed in with the old one.
// Unused password-reset links end too.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, keep []byte) error {
	return s.tx(ctx, "set password", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?`, id, keep); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`, s.unix(), id, TokenReset)
		return err
	})
}

// SetUserDisabled disables or enables an account; disabling ends its
// sessions at once.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.tx(ctx, "set user disabled", func(tx *sql.Tx) error {
		var at any
		if disabled {
			at = s.unix()
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = ? WHERE id = ?`, at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if disabled {
			_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
		}
		return err
	})
}

// SetUserEmail changes the address an account signs in with; one another
// account has is ErrEmailTaken.
func (s *Store) SetUserEmail(ctx context.Context, id int64, email string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET email = ? WHERE id = ?`, email, id)
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
			return ErrEmailTaken
		}
		return fmt.Errorf("store: set user email: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set user email: %w", ErrNotFound)
	}
	return nil
}

// SetReminders records whether the person wants milestone reminders.
func (s *Store) SetReminders(ctx context.Context, id int64, on bool) error {
	if _, err := s.w.ExecContext(ctx, `UPDATE users SET reminders = ? WHERE id = ?`, on, id); err != nil {
		return fmt.Errorf("store: set reminders: %w", err)
	}
	return nil
}

// tx runs fn in a write transaction and wraps its error with op.
func (s *Store) tx(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return nil
}
