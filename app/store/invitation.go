package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Invitation states, derived from its times.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
	InvitationRevoked  = "revoked"
	InvitationExpired  = "expired"
)

// Errors of answering or revoking an invitation; each is a 4xx for the
// person who tried.
var (
	ErrInvitationUsed     = errors.New("store: invitation already answered")
	ErrInvitationExpired  = errors.New("store: invitation expired")
	ErrInvitationRevoked  = errors.New("store: invitation revoked")
	ErrOwnInvitation      = errors.New("store: an invitation cannot be answered by the person who made it")
	ErrAlreadyMentor      = errors.New("store: already an active mentor of this person")
	ErrTooManyInvitations = errors.New("store: too many open invitations")
)

// MaxInvitationLabel is the most characters an invitation's label has.
const MaxInvitationLabel = 60

// Invitation is a mentee's single-use link asking someone to become their
// mentor. Only the hash of the link's token is stored.
type Invitation struct {
	ID         int64
	MenteeID   int64
	MenteeName string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     time.Time // answered, either way; zero while open
	RevokedAt  time.Time
	DeclinedAt time.Time
	UsedBy     int64  // who accepted it; 0 otherwise
	UsedByName string // their name, "" when unknown
	Label      string // the maker's own note on whom it is for, "" for none
}

// State returns the invitation's state at now.
func (i *Invitation) State(now time.Time) string {
	switch {
	case !i.RevokedAt.IsZero():
		return InvitationRevoked
	case !i.DeclinedAt.IsZero():
		return InvitationDeclined
	case !i.UsedAt.IsZero():
		return InvitationAccepted
	case !now.Before(i.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// err is why the invitation can no longer be answered, or nil.
func (i *Invitation) err(now time.Time) error {
	switch i.State(now) {
	case InvitationRevoked:
		return ErrInvitationRevoked
	case InvitationAccepted, InvitationDeclined:
		return ErrInvitationUsed
	case InvitationExpired:
		return ErrInvitationExpired
	}
	return nil
}

const invitationColumns = `i.id, i.mentee_id, mu.name, i.created_at, i.expires_at, COALESCE(i.used_at, 0), COALESCE(i.revoked_at, 0), COALESCE(i.declined_at, 0), COALESCE(i.used_by, 0), COALESCE(bu.name, ''), i.label
	FROM invitations i JOIN users mu ON mu.id = i.mentee_id LEFT JOIN users bu ON bu.id = i.used_by`

func unixOrZero(t int64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(t, 0).UTC()
}

func scanInvitation(row interface{ Scan(...any) error }) (*Invitation, error) {
	var i Invitation
	var created, expires, used, revoked, declined int64
	if err := row.Scan(&i.ID, &i.MenteeID, &i.MenteeName, &created, &expires, &used, &revoked, &declined, &i.UsedBy, &i.UsedByName, &i.Label); err != nil {
		return nil, err
	}
	i.CreatedAt, i.ExpiresAt = unixOrZero(created), unixOrZero(expires)
	i.UsedAt, i.RevokedAt, i.DeclinedAt = unixOrZero(used), unixOrZero(revoked), unixOrZero(declined)
	return &i, nil
}

// CreateInvitation stores a new invitation by mentee under the hash of its
// token, valid for ttl. A mentee may hold at most maxOpen pending ones, so
// a stolen session cannot mint links without end.
func (s *Store) CreateInvitation(ctx context.Context, menteeID int64, tokenHash []byte, ttl time.Duration, maxOpen int) (*Invitation, error) {
	return s.CreateLabelledInvitation(ctx, menteeID, "", tokenHash, ttl, maxOpen)
}

// CreateLabelledInvitation is CreateInvitation with the maker's label for
// the link (MaxInvitationLabel characters at most, checked by the caller).
func (s *Store) CreateLabelledInvitation(ctx context.Context, menteeID int64, label string, tokenHash []byte, ttl time.Duration, maxOpen int) (*Invitation, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: create invitation: %w", err)
	}
	defer tx.Rollback()
	now := s.now()
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invitations WHERE mentee_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
		menteeID, now.Unix()).Scan(&open); err != nil {
		return nil, fmt.Errorf("store: create invitation: %w", err)
	}
	if open >= maxOpen {
		return nil, ErrTooManyInvitations
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO invitations (token_hash, mentee_id, created_at, expires_at, label) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, menteeID, now.Unix(), now.Add(ttl).Unix(), label)
	if err != nil {
		return nil, fmt.Errorf("store: create invitation: %w", err)
	}
	id, _ := res.LastInsertId()
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` WHERE i.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: create invitation: %w", err)
	}
	return inv, tx.Commit()
}

// InvitationByToken returns the invitation whose token hashes to tokenHash,
// whatever its state.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash []byte) (*Invitation, error) {
	inv, err := scanInvitation(s.r.QueryRowContext(ctx, `SELECT `+invitationColumns+` WHERE i.token_hash = ?`, tokenHash))
	if err != nil {
		return nil, fmt.Errorf("store: invitation: %w", notFound(err))
	}
	return inv, nil
}

// Invitations returns every invitation mentee has made, newest first.
func (s *Store) Invitations(ctx context.Context, menteeID int64) ([]*Invitation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+invitationColumns+` WHERE i.mentee_id = ? ORDER BY i.created_at DESC, i.id DESC`, menteeID)
	if err != nil {
		return nil, fmt.Errorf("store: invitations: %w", err)
	}
	defer rows.Close()
	var out []*Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("store: invitations: %w", err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// RevokeInvitation withdraws mentee's pending invitation id. An invitation
// of someone else is ErrNotFound; one already answered, revoked or expired
// says so.
func (s *Store) RevokeInvitation(ctx context.Context, menteeID, id int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: revoke invitation: %w", err)
	}
	defer tx.Rollback()
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` WHERE i.id = ? AND i.mentee_id = ?`, id, menteeID))
	if err != nil {
		return fmt.Errorf("store: revoke invitation: %w", notFound(err))
	}
	now := s.now()
	if err := inv.err(now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET revoked_at = ? WHERE id = ?`, now.Unix(), id); err != nil {
		return fmt.Errorf("store: revoke invitation: %w", err)
	}
	return tx.Commit()
}

// openInvitation reads the invitation of tokenHash inside tx and checks that
// userID may still answer it.
func (s *Store) openInvitation(ctx context.Context, tx *sql.Tx, tokenHash []byte, userID int64) (*Invitation, error) {
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+` WHERE i.token_hash = ?`, tokenHash))
	if err != nil {
		return nil, notFound(err)
	}
	if err := inv.err(s.now()); err != nil {
		return nil, err
	}
	if inv.MenteeID == userID {
		return nil, ErrOwnInvitation
	}
	return inv, nil
}

// AcceptInvitation makes userID an active mentor of the invitation's
// mentee and uses the invitation up, in one transaction: two people opening
// the same link cannot both become mentors.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash []byte, userID int64) (*Mentorship, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	defer tx.Rollback()
	inv, err := s.openInvitation(ctx, tx, tokenHash, userID)
	if err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	var active int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM mentorships WHERE mentee_id = ? AND mentor_id = ? AND state = 'active'`, inv.MenteeID, userID).Scan(&active); err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	if active > 0 {
		return nil, fmt.Errorf("store: accept invitation: %w", ErrAlreadyMentor)
	}
	now := s.unix()
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ?`, now, userID, inv.ID); err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO mentorships (mentee_id, mentor_id, state, created_at) VALUES (?, ?, 'active', ?)`, inv.MenteeID, userID, now)
	if err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	id, _ := res.LastInsertId()
	m, err := scanMentorship(tx.QueryRowContext(ctx, `SELECT `+mentorshipColumns+` FROM mentorships WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: accept invitation: %w", err)
	}
	return m, tx.Commit()
}

// DeclineInvitation uses the invitation up without a mentorship. Who
// declined is not recorded.
func (s *Store) DeclineInvitation(ctx context.Context, tokenHash []byte, userID int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: decline invitation: %w", err)
	}
	defer tx.Rollback()
	inv, err := s.openInvitation(ctx, tx, tokenHash, userID)
	if err != nil {
		return fmt.Errorf("store: decline invitation: %w", err)
	}
	now := s.unix()
	if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used_at = ?, declined_at = ? WHERE id = ?`, now, now, inv.ID); err != nil {
		return fmt.Errorf("store: decline invitation: %w", err)
	}
	return tx.Commit()
}
