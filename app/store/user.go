package store

import (
	"context"
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
}

// ErrEmailTaken is returned when an account with the email already exists.
var ErrEmailTaken = errors.New("store: email already registered")

const userColumns = `id, email, name, password_hash, locale, target_role, horizon_months, created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Locale, &u.TargetRole, &u.HorizonMonths, &created); err != nil {
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
