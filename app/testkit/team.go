package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"cpopath/app/assess"
	"cpopath/app/plan"
	"cpopath/app/store"
	"cpopath/app/web"
)

// SeededTeam is a team seeded straight into a database: its id, and a
// session token of its organiser to send as the cp_session cookie.
type SeededTeam struct {
	ID      int64
	Session string
}

// SeedTeam writes into the database at path a team of n members, each with
// two skills results (a year ago and today), a career-path result and a
// plan, an organiser, and a session for the organiser. It writes in one
// transaction: preparing 500 people through the HTTP API would spend the
// run hashing passwords and rendering pages that are not measured.
func SeedTeam(ctx context.Context, path string, deps web.Deps, n int, now time.Time) (*SeededTeam, error) {
	st, err := store.Open(ctx, path) // creates and migrates the schema
	if err != nil {
		return nil, err
	}
	st.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t := now.Unix()
	exec := func(q string, args ...any) (int64, error) {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("seed team: %w", err)
		}
		return res.LastInsertId()
	}
	org, err := exec(`INSERT INTO users (email, name, password_hash, created_at) VALUES ('team-organiser-' || ? || '@example.org', 'Team Organiser', '-', ?)`, now.UnixNano(), t)
	if err != nil {
		return nil, err
	}
	team, err := exec(`INSERT INTO teams (name, description, created_at) VALUES ('Seeded team', '', ?)`, t)
	if err != nil {
		return nil, err
	}
	if _, err := exec(`INSERT INTO team_members (team_id, user_id, role, joined_at) VALUES (?, ?, 'organiser', ?)`, team, org, t); err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		if err := seedMember(exec, deps, team, i, now); err != nil {
			return nil, err
		}
	}
	raw := sha256.Sum256([]byte(fmt.Sprint("seed", now.UnixNano())))
	tok := base64.RawURLEncoding.EncodeToString(raw[:]) // 43 characters, like the server's tokens
	sum := sha256.Sum256([]byte(tok))
	if _, err := exec(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, sum[:], org, t, t+86400); err != nil {
		return nil, err
	}
	return &SeededTeam{ID: team, Session: tok}, tx.Commit()
}

// seedMember writes one member: scored results from answers chosen by
// their index, a plan built from the latest one, and some actions done.
func seedMember(exec func(string, ...any) (int64, error), deps web.Deps, team int64, i int, now time.Time) error {
	skills, path := deps.Assessments.Get("cpo-skills"), deps.Assessments.Get("career-path")
	t := now.Unix()
	uid, err := exec(`INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, '-', ?)`,
		fmt.Sprintf("team%d-member%d@example.org", team, i), fmt.Sprintf("Team Member %d", i), t)
	if err != nil {
		return err
	}
	if _, err := exec(`INSERT INTO team_members (team_id, user_id, role, sharing, joined_at) VALUES (?, ?, 'member', ?, ?)`, team, uid, i%10 == 0, t); err != nil {
		return err
	}
	var latest assess.Result
	for k, at := range []time.Time{now.AddDate(-1, 0, 0), now} {
		latest = skills.Score(Answers(skills, uint64(i*2+k+1)), deps.Content)
		if err := seedAttempt(exec, uid, skills.ID, fmt.Sprintf("t%d-s%d-%d", team, i, k), latest, at); err != nil {
			return err
		}
	}
	pr := path.Score(Answers(path, uint64(i+7)), deps.Content)
	if err := seedAttempt(exec, uid, path.ID, fmt.Sprintf("t%d-p%d", team, i), pr, now); err != nil {
		return err
	}
	body := plan.Build(plan.Input{Content: deps.Content, Skills: latest, Path: &pr,
		Target: plan.Target{Role: plan.TargetCPO, HorizonMonths: 12}, Start: now})
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	pid, err := exec(`INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, 1, 'draft', ?, ?, ?)`, uid, string(b), t, t)
	if err != nil {
		return err
	}
	for k, a := range body.Actions {
		status := plan.StatusTodo
		if (k+i)%3 == 0 {
			status = plan.StatusDone
		}
		if _, err := exec(`INSERT INTO plan_actions (plan_id, action_id, status, updated_at) VALUES (?, ?, ?, ?)`, pid, a.ID, status, t); err != nil {
			return err
		}
	}
	return nil
}

func seedAttempt(exec func(string, ...any) (int64, error), uid int64, assessment, public string, res assess.Result, at time.Time) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = exec(`INSERT INTO attempts (public_id, user_id, assessment_id, started_at, updated_at, completed_at, result_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		public+"-seeded-attempt", uid, assessment, at.Unix(), at.Unix(), at.Unix(), string(b))
	return err
}
