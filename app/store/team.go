package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cpopath/app/team"
)

// Errors of joining, leaving and running a team; each is a 4xx.
var (
	ErrTeamArchived    = errors.New("store: the team is archived")
	ErrTeamLinkExpired = errors.New("store: team link expired")
	ErrTeamLinkRevoked = errors.New("store: team link revoked")
	ErrAlreadyInTeam   = errors.New("store: already in this team")
	ErrOrganiserLeave  = errors.New("store: the organiser cannot leave their own team")
	ErrTooManyLinks    = errors.New("store: too many open team links")
)

// Team is a group whose organisers see aggregates of its members' results.
type Team struct {
	ID          int64
	Name        string
	Description string
	Floor       int
	ArchivedAt  time.Time
	CreatedAt   time.Time
}

// Archived reports whether the team no longer takes members.
func (t *Team) Archived() bool { return !t.ArchivedAt.IsZero() }

// Membership is one person's place in a team.
type Membership struct {
	Team     Team
	Role     string // team.RoleOrganiser, RoleCoOrganiser or RoleMember
	Sharing  bool
	JoinedAt time.Time
	SharedAt time.Time
}

// TeamPerson is someone in a team, as its organisers list them.
type TeamPerson struct {
	UserID   int64
	Name     string
	Role     string
	Sharing  bool
	JoinedAt time.Time
}

// TeamLink is a join link of a team. Only the hash of its token is stored.
type TeamLink struct {
	ID        int64
	TeamID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time
	Uses      int
	Label     string // the address it was emailed to, or empty
}

// Open reports whether the link still lets people join at now.
func (l *TeamLink) Open(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}

const teamColumns = `t.id, t.name, t.description, t.floor, COALESCE(t.archived_at, 0), t.created_at`

func scanTeam(row interface{ Scan(...any) error }, extra ...any) (*Team, error) {
	var t Team
	var archived, created int64
	if err := row.Scan(append([]any{&t.ID, &t.Name, &t.Description, &t.Floor, &archived, &created}, extra...)...); err != nil {
		return nil, err
	}
	t.ArchivedAt, t.CreatedAt = unixOrZero(archived), unixOrZero(created)
	return &t, nil
}

// CreateTeam makes a team with userID as its organiser.
func (s *Store) CreateTeam(ctx context.Context, userID int64, name, description string) (*Team, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: create team: %w", err)
	}
	defer tx.Rollback()
	now := s.unix()
	res, err := tx.ExecContext(ctx, `INSERT INTO teams (name, description, floor, created_at) VALUES (?, ?, ?, ?)`,
		name, description, team.DefaultFloor, now)
	if err != nil {
		return nil, fmt.Errorf("store: create team: %w", err)
	}
	id, _ := res.LastInsertId()
	if _, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)`,
		id, userID, team.RoleOrganiser, now); err != nil {
		return nil, fmt.Errorf("store: create team: %w", err)
	}
	t, err := scanTeam(tx.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: create team: %w", err)
	}
	return t, tx.Commit()
}

// Membership returns userID's place in team teamID; ErrNotFound when they
// are not in it (a former member is not in it).
func (s *Store) Membership(ctx context.Context, teamID, userID int64) (*Membership, error) {
	var m Membership
	var sharing int
	var joined, shared int64
	t, err := scanTeam(s.r.QueryRowContext(ctx, `SELECT `+teamColumns+`, tm.role, tm.sharing, tm.joined_at, COALESCE(tm.shared_at, 0)
		FROM teams t JOIN team_members tm ON tm.team_id = t.id WHERE t.id = ? AND tm.user_id = ?`, teamID, userID),
		&m.Role, &sharing, &joined, &shared)
	if err != nil {
		return nil, fmt.Errorf("store: membership: %w", notFound(err))
	}
	m.Team, m.Sharing = *t, sharing == 1
	m.JoinedAt, m.SharedAt = unixOrZero(joined), unixOrZero(shared)
	return &m, nil
}

// Memberships returns every team userID is in, by name.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+teamColumns+`, tm.role, tm.sharing, tm.joined_at, COALESCE(tm.shared_at, 0)
		FROM teams t JOIN team_members tm ON tm.team_id = t.id WHERE tm.user_id = ? ORDER BY t.name COLLATE NOCASE, t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: memberships: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		var sharing int
		var joined, shared int64
		t, err := scanTeam(rows, &m.Role, &sharing, &joined, &shared)
		if err != nil {
			return nil, fmt.Errorf("store: memberships: %w", err)
		}
		m.Team, m.Sharing = *t, sharing == 1
		m.JoinedAt, m.SharedAt = unixOrZero(joined), unixOrZero(shared)
		out = append(out, m)
	}
	return out, rows.Err()
}

// TeamPeople returns everyone in a team: organisers first, then by name.
func (s *Store) TeamPeople(ctx context.Context, teamID int64) ([]TeamPerson, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT tm.user_id, u.name, tm.role, tm.sharing, tm.joined_at
		FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = ?
		ORDER BY CASE tm.role WHEN 'organiser' THEN 0 WHEN 'co_organiser' THEN 1 ELSE 2 END, u.name COLLATE NOCASE, u.id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("store: team people: %w", err)
	}
	defer rows.Close()
	var out []TeamPerson
	for rows.Next() {
		var p TeamPerson
		var sharing int
		var joined int64
		if err := rows.Scan(&p.UserID, &p.Name, &p.Role, &sharing, &joined); err != nil {
			return nil, fmt.Errorf("store: team people: %w", err)
		}
		p.Sharing, p.JoinedAt = sharing == 1, unixOrZero(joined)
		out = append(out, p)
	}
	return out, rows.Err()
}

// UpdateTeam renames a team and replaces its description.
func (s *Store) UpdateTeam(ctx context.Context, teamID int64, name, description string) error {
	return s.teamExec(ctx, "update team", `UPDATE teams SET name = ?, description = ? WHERE id = ?`, name, description, teamID)
}

// SetTeamFloor sets the fewest results an aggregate may be drawn from.
func (s *Store) SetTeamFloor(ctx context.Context, teamID int64, floor int) error {
	if floor < team.MinFloor || floor > team.MaxFloor {
		return fmt.Errorf("store: set team floor: %d out of range", floor)
	}
	return s.teamExec(ctx, "set team floor", `UPDATE teams SET floor = ? WHERE id = ?`, floor, teamID)
}

// ArchiveTeam archives a team (no one joins it any more) or restores it.
func (s *Store) ArchiveTeam(ctx context.Context, teamID int64, archive bool) error {
	var at any
	if archive {
		at = s.unix()
	}
	return s.teamExec(ctx, "archive team", `UPDATE teams SET archived_at = ? WHERE id = ?`, at, teamID)
}

// DeleteTeam deletes a team with its memberships, links and settings; the
// members' results and plans are theirs and stay.
func (s *Store) DeleteTeam(ctx context.Context, teamID int64) error {
	return s.teamExec(ctx, "delete team", `DELETE FROM teams WHERE id = ?`, teamID)
}

// SetTeamRole makes a member a co-organiser or a co-organiser a member
// again. The organiser's role does not change this way.
func (s *Store) SetTeamRole(ctx context.Context, teamID, userID int64, role string) error {
	if role != team.RoleMember && role != team.RoleCoOrganiser {
		return fmt.Errorf("store: set team role: %q not allowed", role)
	}
	// Sharing is a member's choice towards the organisers; someone who
	// becomes one needs it no more, and a member again chooses afresh.
	return s.teamExec(ctx, "set team role", `UPDATE team_members SET role = ?, sharing = 0, shared_at = NULL
		WHERE team_id = ? AND user_id = ? AND role IN ('member', 'co_organiser')`, role, teamID, userID)
}

// SetSharing records a member's choice to share their results and plan
// progress with the team's organisers, or to withdraw it.
func (s *Store) SetSharing(ctx context.Context, teamID, userID int64, share bool) error {
	on, at := 0, any(nil)
	if share {
		on, at = 1, s.unix()
	}
	return s.teamExec(ctx, "set sharing", `UPDATE team_members SET sharing = ?, shared_at = ? WHERE team_id = ? AND user_id = ? AND role = 'member'`,
		on, at, teamID, userID)
}

// LeaveTeam removes userID from a team. The organiser deletes the team
// instead.
func (s *Store) LeaveTeam(ctx context.Context, teamID, userID int64) error {
	m, err := s.Membership(ctx, teamID, userID)
	if err != nil {
		return err
	}
	if m.Role == team.RoleOrganiser {
		return ErrOrganiserLeave
	}
	return s.teamExec(ctx, "leave team", `DELETE FROM team_members WHERE team_id = ? AND user_id = ? AND role <> 'organiser'`, teamID, userID)
}

// teamExec runs one statement that must change exactly one row.
func (s *Store) teamExec(ctx context.Context, op, q string, args ...any) error {
	res, err := s.w.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s: %w", op, ErrNotFound)
	}
	return nil
}

const teamLinkColumns = `id, team_id, created_at, expires_at, COALESCE(revoked_at, 0), uses, label`

func scanTeamLink(row interface{ Scan(...any) error }) (*TeamLink, error) {
	var l TeamLink
	var created, expires, revoked int64
	if err := row.Scan(&l.ID, &l.TeamID, &created, &expires, &revoked, &l.Uses, &l.Label); err != nil {
		return nil, err
	}
	l.CreatedAt, l.ExpiresAt, l.RevokedAt = unixOrZero(created), unixOrZero(expires), unixOrZero(revoked)
	return &l, nil
}

// CreateTeamLink stores a new join link under the hash of its token, valid
// for ttl; a team holds at most maxOpen open links.
func (s *Store) CreateTeamLink(ctx context.Context, teamID int64, tokenHash []byte, ttl time.Duration, maxOpen int) (*TeamLink, error) {
	return s.CreateLabelledTeamLink(ctx, teamID, "", tokenHash, ttl, maxOpen)
}

// CreateLabelledTeamLink is CreateTeamLink with a label naming whom the
// link was made for (an emailed link's address).
func (s *Store) CreateLabelledTeamLink(ctx context.Context, teamID int64, label string, tokenHash []byte, ttl time.Duration, maxOpen int) (*TeamLink, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: create team link: %w", err)
	}
	defer tx.Rollback()
	now := s.now()
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_links WHERE team_id = ? AND revoked_at IS NULL AND expires_at > ?`,
		teamID, now.Unix()).Scan(&open); err != nil {
		return nil, fmt.Errorf("store: create team link: %w", err)
	}
	if open >= maxOpen {
		return nil, ErrTooManyLinks
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO team_links (team_id, token_hash, created_at, expires_at, label) VALUES (?, ?, ?, ?, ?)`,
		teamID, tokenHash, now.Unix(), now.Add(ttl).Unix(), label)
	if err != nil {
		return nil, fmt.Errorf("store: create team link: %w", err)
	}
	id, _ := res.LastInsertId()
	l, err := scanTeamLink(tx.QueryRowContext(ctx, `SELECT `+teamLinkColumns+` FROM team_links WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: create team link: %w", err)
	}
	return l, tx.Commit()
}

// TeamLinks returns a team's links, newest first.
func (s *Store) TeamLinks(ctx context.Context, teamID int64) ([]*TeamLink, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+teamLinkColumns+` FROM team_links WHERE team_id = ? ORDER BY created_at DESC, id DESC`, teamID)
	if err != nil {
		return nil, fmt.Errorf("store: team links: %w", err)
	}
	defer rows.Close()
	var out []*TeamLink
	for rows.Next() {
		l, err := scanTeamLink(rows)
		if err != nil {
			return nil, fmt.Errorf("store: team links: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// TeamLinkByToken returns the link whose token hashes to tokenHash, with
// its team, whatever its state.
func (s *Store) TeamLinkByToken(ctx context.Context, tokenHash []byte) (*TeamLink, *Team, error) {
	l, err := scanTeamLink(s.r.QueryRowContext(ctx, `SELECT `+teamLinkColumns+` FROM team_links WHERE token_hash = ?`, tokenHash))
	if err != nil {
		return nil, nil, fmt.Errorf("store: team link: %w", notFound(err))
	}
	t, err := scanTeam(s.r.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = ?`, l.TeamID))
	if err != nil {
		return nil, nil, fmt.Errorf("store: team link: %w", notFound(err))
	}
	return l, t, nil
}

// RevokeTeamLink withdraws one of a team's open links.
func (s *Store) RevokeTeamLink(ctx context.Context, teamID, linkID int64) error {
	return s.teamExec(ctx, "revoke team link", `UPDATE team_links SET revoked_at = ? WHERE id = ? AND team_id = ? AND revoked_at IS NULL`,
		s.unix(), linkID, teamID)
}

// JoinTeam makes userID a member of the link's team, sharing or not, and
// counts the use. It returns the team's id.
func (s *Store) JoinTeam(ctx context.Context, tokenHash []byte, userID int64, share bool) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: join team: %w", err)
	}
	defer tx.Rollback()
	l, err := scanTeamLink(tx.QueryRowContext(ctx, `SELECT `+teamLinkColumns+` FROM team_links WHERE token_hash = ?`, tokenHash))
	if err != nil {
		return 0, fmt.Errorf("store: join team: %w", notFound(err))
	}
	now := s.now()
	if err := s.linkErr(ctx, tx, l, now); err != nil {
		return 0, err
	}
	var in int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_members WHERE team_id = ? AND user_id = ?`, l.TeamID, userID).Scan(&in); err != nil {
		return 0, fmt.Errorf("store: join team: %w", err)
	}
	if in > 0 {
		return 0, ErrAlreadyInTeam
	}
	on, at := 0, any(nil)
	if share {
		on, at = 1, now.Unix()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, sharing, joined_at, shared_at) VALUES (?, ?, 'member', ?, ?, ?)`,
		l.TeamID, userID, on, now.Unix(), at); err != nil {
		return 0, fmt.Errorf("store: join team: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE team_links SET uses = uses + 1 WHERE id = ?`, l.ID); err != nil {
		return 0, fmt.Errorf("store: join team: %w", err)
	}
	return l.TeamID, tx.Commit()
}

// linkErr is why link l can no longer be used at now, or nil.
func (s *Store) linkErr(ctx context.Context, tx *sql.Tx, l *TeamLink, now time.Time) error {
	switch {
	case !l.RevokedAt.IsZero():
		return ErrTeamLinkRevoked
	case !now.Before(l.ExpiresAt):
		return ErrTeamLinkExpired
	}
	var archived sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT archived_at FROM teams WHERE id = ?`, l.TeamID).Scan(&archived); err != nil {
		return fmt.Errorf("store: join team: %w", notFound(err))
	}
	if archived.Valid {
		return ErrTeamArchived
	}
	return nil
}

// ExportTeam is one team membership and the sharing choice in it.
type ExportTeam struct {
	TeamID   int64      `json:"team_id"`
	Name     string     `json:"name"`
	Role     string     `json:"role"`
	Sharing  bool       `json:"sharing"`
	JoinedAt time.Time  `json:"joined_at"`
	SharedAt *time.Time `json:"shared_at,omitempty"`
}

func exportTeams(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.name, tm.role, tm.sharing, tm.joined_at, COALESCE(tm.shared_at, 0)
		FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id = ? ORDER BY tm.joined_at, t.id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.Teams = []ExportTeam{}
	for rows.Next() {
		var e ExportTeam
		var sharing int
		var joined, shared int64
		if err := rows.Scan(&e.TeamID, &e.Name, &e.Role, &sharing, &joined, &shared); err != nil {
			return err
		}
		e.Sharing, e.JoinedAt, e.SharedAt = sharing == 1, time.Unix(joined, 0).UTC(), timePtr(shared)
		x.Teams = append(x.Teams, e)
	}
	return rows.Err()
}

// SharesWith reports whether memberID shares their results with
// organiserID: as a sharing member of a team organiserID organises (or
// co-organises). teamID 0 means any team.
func (s *Store) SharesWith(ctx context.Context, teamID, memberID, organiserID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_members m JOIN team_members o ON o.team_id = m.team_id
		WHERE m.user_id = ? AND m.role = 'member' AND m.sharing = 1
		  AND o.user_id = ? AND o.role IN ('organiser', 'co_organiser') AND (? = 0 OR m.team_id = ?)`,
		memberID, organiserID, teamID, teamID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: shares with: %w", err)
	}
	return n > 0, nil
}
