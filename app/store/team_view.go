package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/team"
)

// TeamMembers returns what a team view is drawn from: each member (role
// member, not the organisers) with every completed result, whether they
// have an active mentor, and their latest plan's progress and focus. Five
// queries, whatever the team's size: the view of 500 members must answer
// within 50 ms.
func (s *Store) TeamMembers(ctx context.Context, c *content.Content, teamID int64) ([]team.Member, error) {
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
		func() error { return s.teamResults(ctx, tx, c, teamID, out, at) },
		func() error { return teamMentors(ctx, tx, teamID, out, at) },
		func() error { return s.teamPlans(ctx, tx, teamID, out, at) },
	} {
		if err := read(); err != nil {
			return nil, fmt.Errorf("store: team members: %w", err)
		}
	}
	return out, nil
}

// memberIn is the join that limits a query to the team's members.
const memberIn = ` JOIN team_members tm ON tm.user_id = a.user_id AND tm.team_id = ? AND tm.role = 'member' `

// teamResults reads every completed attempt of the members: skills
// results as their scores, career-path results as the step they placed the
// person at. Results are snapshots, so what was read once is kept
// (teamCache) and only new results are read and decoded.
func (s *Store) teamResults(ctx context.Context, tx queryer, c *content.Content, teamID int64, out []team.Member, at map[int64]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.user_id, a.public_id, a.completed_at FROM attempts a`+memberIn+`
		WHERE a.completed_at IS NOT NULL`, teamID)
	if err != nil {
		return err
	}
	type seen struct {
		uid  int64
		pub  string
		done int64
	}
	var all []seen
	var missing []string
	for rows.Next() {
		var x seen
		if err := rows.Scan(&x.uid, &x.pub, &x.done); err != nil {
			rows.Close()
			return err
		}
		all = append(all, x)
		if _, ok := s.teams.result(x.pub); !ok {
			missing = append(missing, x.pub)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := s.readResults(ctx, tx, c, missing); err != nil {
		return err
	}
	for _, x := range all {
		r, ok := s.teams.result(x.pub)
		if !ok {
			continue
		}
		m := &out[at[x.uid]]
		switch {
		case r.scores != nil:
			m.Skills = append(m.Skills, team.Dated{At: unixOrZero(x.done), PublicID: x.pub, Scores: r.scores})
		case r.step != "":
			m.Steps = append(m.Steps, team.DatedStep{At: unixOrZero(x.done), Step: r.step})
		}
	}
	for i := range out {
		m := &out[i]
		sort.Slice(m.Skills, func(a, b int) bool { return m.Skills[a].At.Before(m.Skills[b].At) })
		sort.Slice(m.Steps, func(a, b int) bool { return m.Steps[a].At.Before(m.Steps[b].At) })
	}
	return nil
}

// readResults reads and decodes the results with the given public ids into
// the cache, a few hundred per query.
func (s *Store) readResults(ctx context.Context, tx queryer, c *content.Content, ids []string) error {
	for len(ids) > 0 {
		n := min(len(ids), 400)
		batch := ids[:n]
		ids = ids[n:]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := tx.QueryContext(ctx, `SELECT public_id, assessment_id, result_json FROM attempts WHERE public_id IN (?`+
			strings.Repeat(",?", n-1)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pub, assessment string
			var body []byte
			if err := rows.Scan(&pub, &assessment, &body); err != nil {
				rows.Close()
				return err
			}
			r, err := assess.DecodeResult(body)
			if err != nil {
				continue // a result that cannot be read counts as none
			}
			var cr cachedResult
			if assessment == "cpo-skills" {
				cr.scores = team.ScoresOf(c, r)
			} else if r.Placement != nil {
				cr.step = r.Placement.Step
			}
			s.teams.putResult(pub, cr)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
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

func (s *Store) teamPlans(ctx context.Context, tx queryer, teamID int64, out []team.Member, at map[int64]int) error {
	// Only columns the (user_id, version) index holds: a plan's other
	// columns sit behind its large body, on overflow pages.
	rows, err := tx.QueryContext(ctx, `SELECT a.user_id, a.id, a.version,
		(SELECT COUNT(*) FROM plan_actions pa WHERE pa.plan_id = a.id AND pa.status = 'done'),
		(SELECT COUNT(*) FROM plan_actions pa WHERE pa.plan_id = a.id) `+latestPlan, teamID)
	if err != nil {
		return err
	}
	var plans []*team.Plan
	var keys []string
	var ids []int64
	for rows.Next() {
		var uid, id int64
		p := &team.Plan{}
		if err := rows.Scan(&uid, &id, &p.Version, &p.Done, &p.Total); err != nil {
			rows.Close()
			return err
		}
		out[at[uid]].Plan = p
		// Row ids can be reused after a deletion; with the owner and the
		// version a key names one plan version.
		key := fmt.Sprintf("%d/%d/%d", id, uid, p.Version)
		if f, ok := s.teams.focus(key); ok {
			p.Focus = f
			continue
		}
		plans, keys, ids = append(plans, p), append(keys, key), append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	focus, err := planFocus(ctx, tx, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		plans[i].Focus = focus[id]
		s.teams.putFocus(keys[i], focus[id])
	}
	return nil
}

// planFocus reads the focus areas of plan versions by id. It is the one
// reader of the plan body's shape here: the body's "focus" (plan rules 2
// and later), or for a version built by the first rules, which had none,
// the sub-areas of its chosen actions. A version's focus never changes
// (edits move actions, not the focus), so it is kept once read.
func planFocus(ctx context.Context, tx queryer, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	for len(ids) > 0 {
		n := min(len(ids), 400)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		ids = ids[n:]
		in := `(?` + strings.Repeat(",?", n-1) + `)`
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT p.id, json_extract(j.value, '$.subarea') FROM plans p, json_each(p.body_json, '$.focus') j
			WHERE p.id IN `+in+` AND json_extract(p.body_json, '$.rules') >= 2 AND json_extract(j.value, '$.subarea') IS NOT NULL
			UNION ALL
			SELECT DISTINCT p.id, json_extract(j.value, '$.subarea') FROM plans p, json_each(p.body_json, '$.actions') j
			WHERE p.id IN `+in+` AND json_extract(p.body_json, '$.rules') < 2 AND json_extract(j.value, '$.subarea') IS NOT NULL`, append(args, args...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var sub string
			if err := rows.Scan(&id, &sub); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], sub)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// queryer is what the team reads need of a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// teamCache keeps what team views read from immutable rows: the scores or
// step of each completed result (by its random public id, never reused)
// and the focus of each plan version. It is bounded: when full it starts
// again, which costs one slow view.
type teamCache struct {
	mu      sync.Mutex
	results map[string]cachedResult
	focuses map[string][]string
}

type cachedResult struct {
	scores *team.Scores
	step   string
}

// teamCacheMax bounds each map: about 1 KB per result, so some 10 MB at
// most, two results each of ten teams of 500.
const teamCacheMax = 10000

func (c *teamCache) result(pub string) (cachedResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.results[pub]
	return r, ok
}

func (c *teamCache) putResult(pub string, r cachedResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.results == nil || len(c.results) >= teamCacheMax {
		c.results = map[string]cachedResult{}
	}
	c.results[pub] = r
}

func (c *teamCache) focus(key string) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.focuses[key]
	return f, ok
}

func (c *teamCache) putFocus(key string, f []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.focuses == nil || len(c.focuses) >= teamCacheMax {
		c.focuses = map[string][]string{}
	}
	c.focuses[key] = f
}

// ResetTeamCache empties the team views' cache, for measuring a first view.
func (s *Store) ResetTeamCache() {
	s.teams.mu.Lock()
	defer s.teams.mu.Unlock()
	s.teams.results, s.teams.focuses = nil, nil
}
