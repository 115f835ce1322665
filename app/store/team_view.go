package store

import (
	"context"
	"database/sql"
	"fmt"

	"cpopath/app/team"
)

// TeamMembers returns what a team view is drawn from: each member (role
// member, not the organisers) with every completed result, whether they
// have an active mentor, and their latest plan's progress and focus. Five
// queries, whatever the team's size: the view of 500 members must answer
// within 50 ms.
func (s *Store) TeamMembers(ctx context.Context, teamID int64) ([]team.Member, error) {
	tx, err := s.r.BeginTx(ctx, nil) // one snapshot for all five reads
	if err != nil {
		return nil, fmt.Errorf("store: team members: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT tm.user_id, u.name, tm.sharing FROM team_members tm JOIN users u ON u.id = tm.user_id
		WHERE tm.team_id = ? AND tm.role = 'member' ORDER BY tm.user_id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("store: team members: %w", err)
	}
	var out []team.Member
	at := map[int64]int{}
	for rows.Next() {
		var m team.Member
		var sharing int
		if err := rows.Scan(&m.UserID, &m.Name, &sharing); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: team members: %w", err)
		}
		m.Sharing = sharing == 1
		at[m.UserID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: team members: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	for _, read := range []func() error{
		func() error { return teamResults(ctx, tx, teamID, out, at) },
		func() error { return teamMentors(ctx, tx, teamID, out, at) },
		func() error { return teamPlans(ctx, tx, teamID, out, at) },
		func() error { return teamFocus(ctx, tx, teamID, out, at) },
	} {
		if err := read(); err != nil {
			return nil, fmt.Errorf("store: team members: %w", err)
		}
	}
	return out, nil
}

// memberIn is the join that limits a query to the team's members.
const memberIn = ` JOIN team_members tm ON tm.user_id = a.user_id AND tm.team_id = ? AND tm.role = 'member' `

// teamResults reads every completed attempt of the members, oldest first:
// skills results whole (decoded only when a view uses them), career-path
// results as the step they placed the person at.
func teamResults(ctx context.Context, tx queryer, teamID int64, out []team.Member, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.user_id, a.assessment_id, a.public_id, a.completed_at,
		CASE WHEN a.assessment_id = 'cpo-skills' THEN a.result_json ELSE COALESCE(json_extract(a.result_json, '$.placement.step'), '') END
		FROM attempts a`+memberIn+`WHERE a.completed_at IS NOT NULL AND a.result_json IS NOT NULL
		ORDER BY a.user_id, a.completed_at, a.id`, teamID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid, completed int64
		var assessment, public, body string
		if err := rows.Scan(&uid, &assessment, &public, &completed, &body); err != nil {
			return err
		}
		m := &out[at[uid]]
		switch assessment {
		case "cpo-skills":
			m.Skills = append(m.Skills, team.Dated{At: unixOrZero(completed), PublicID: public, JSON: body})
		case "career-path":
			if body != "" {
				m.Steps = append(m.Steps, team.DatedStep{At: unixOrZero(completed), Step: body})
			}
		}
	}
	return rows.Err()
}

func teamMentors(ctx context.Context, tx queryer, teamID int64, out []team.Member, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT a.mentee_id FROM mentorships a
		JOIN team_members tm ON tm.user_id = a.mentee_id AND tm.team_id = ? AND tm.role = 'member' WHERE a.state = 'active'`, teamID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		if err := rows.Scan(&uid); err != nil {
			return err
		}
		out[at[uid]].Mentor = true
	}
	return rows.Err()
}

// latestPlan selects each member's latest plan version.
const latestPlan = `FROM plans a` + memberIn + `WHERE a.version = (SELECT MAX(version) FROM plans WHERE user_id = a.user_id)`

func teamPlans(ctx context.Context, tx queryer, teamID int64, out []team.Member, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.user_id, a.version,
		(SELECT COUNT(*) FROM plan_actions pa WHERE pa.plan_id = a.id AND pa.status = 'done'),
		(SELECT COUNT(*) FROM plan_actions pa WHERE pa.plan_id = a.id) `+latestPlan, teamID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		p := &team.Plan{}
		if err := rows.Scan(&uid, &p.Version, &p.Done, &p.Total); err != nil {
			return err
		}
		out[at[uid]].Plan = p
	}
	return rows.Err()
}

// teamFocus reads the focus areas of each member's latest plan. It is the
// one reader of the plan body's shape here: today the sub-areas of the
// plan's chosen actions.
func teamFocus(ctx context.Context, tx queryer, teamID int64, out []team.Member, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT a.user_id, COALESCE(json_extract(j.value, '$.subarea'), '')
		FROM plans a`+memberIn+`, json_each(a.body_json, '$.actions') j
		WHERE a.version = (SELECT MAX(version) FROM plans WHERE user_id = a.user_id)`, teamID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var sub string
		if err := rows.Scan(&uid, &sub); err != nil {
			return err
		}
		if p := out[at[uid]].Plan; p != nil && sub != "" {
			p.Focus = append(p.Focus, sub)
		}
	}
	return rows.Err()
}

// queryer is what the team reads need of a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
