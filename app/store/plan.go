package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"cpopath/app/plan"
)

// Plan states. A new version starts as a draft; the person submits it to
// their mentor (in review); the mentor approves it or asks for changes, and
// a plan with changes requested can be submitted again.
const (
	PlanDraft            = "draft"
	PlanInReview         = "in_review"
	PlanApproved         = "approved"
	PlanChangesRequested = "changes_requested"
)

// Review decisions recorded with a mentor's comments; none means the
// comments leave the plan in review.
const (
	DecisionApprove = "approve"
	DecisionChanges = "changes"
)

// Limits of what a person or mentor may write.
const (
	MaxPlanNote    = 1000 // characters in an action's note
	MaxPlanComment = 2000 // characters in a review comment
)

// Errors a caller maps to a 4xx.
var (
	ErrPlanStatus  = errors.New("store: unknown plan action status")
	ErrPlanNote    = errors.New("store: plan action note too long")
	ErrPlanDate    = errors.New("store: plan action date is not a date")
	ErrPlanState   = errors.New("store: the plan's state does not allow this")
	ErrPlanOld     = errors.New("store: only the latest plan version can change")
	ErrPlanComment = errors.New("store: review comment empty or too long")
)

// Plan is one version of a person's development plan.
type Plan struct {
	ID        int64
	UserID    int64
	OwnerName string
	Version   int
	State     string
	Body      plan.Plan
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PlanAction is the person's progress on one action of a plan version.
type PlanAction struct {
	ActionID  string
	Status    string // plan.StatusTodo, StatusDoing or StatusDone
	Note      string
	DoneOn    string // YYYY-MM-DD when done, else ""
	UpdatedAt time.Time
}

// PlanComment is a reviewer's comment on a plan version: on one action, or
// overall (ActionID ""), with the decision it came with, if any.
type PlanComment struct {
	ID         int64
	PlanID     int64
	AuthorID   int64
	AuthorName string
	ActionID   string
	Body       string
	Decision   string
	CreatedAt  time.Time
}

// PlanVersion summarises one version for the list of versions.
type PlanVersion struct {
	ID        int64
	Version   int
	State     string
	CreatedAt time.Time
	UpdatedAt time.Time
	Done      int
	Total     int
}

// PlanReview is a mentee's plan waiting for a mentor's review.
type PlanReview struct {
	PlanID      int64
	UserID      int64
	UserName    string
	Version     int
	SubmittedAt time.Time
}

const planColumns = `p.id, p.user_id, u.name, p.version, p.state, p.body_json, p.created_at, p.updated_at`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	var body string
	var created, updated int64
	if err := row.Scan(&p.ID, &p.UserID, &p.OwnerName, &p.Version, &p.State, &body, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &p.Body); err != nil {
		return nil, fmt.Errorf("plan %d body: %w", p.ID, err)
	}
	p.CreatedAt, p.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return &p, nil
}

// ErrPlanSame reports a rebuild that would give the same plan as the
// latest version: no version is created.
var ErrPlanSame = errors.New("store: the new plan is the same as the latest")

// PlanBuilder builds the next plan version from the latest one (nil for a
// first plan) and the progress on it, by action id.
type PlanBuilder func(prev *Plan, progress map[string]PlanAction) (plan.Plan, error)

// BuildPlan stores the user's next plan version, a draft, built by build
// from the latest version and its progress read inside the same
// transaction: a mark saved while the plan is rebuilt is carried over, and
// concurrent rebuilds create one version. A plan the same as the latest
// (plan.Same) is ErrPlanSame.
func (s *Store) BuildPlan(ctx context.Context, userID int64, build PlanBuilder) (*Plan, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: build plan: %w", err)
	}
	defer tx.Rollback()
	prev, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.user_id = ? ORDER BY p.version DESC LIMIT 1`, userID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		prev = nil
	case err != nil:
		return nil, fmt.Errorf("store: build plan: %w", err)
	}
	var progress map[string]PlanAction
	if prev != nil {
		if progress, err = planActions(ctx, tx, prev.ID); err != nil {
			return nil, fmt.Errorf("store: build plan: %w", err)
		}
	}
	body, err := build(prev, progress)
	if err != nil {
		return nil, err
	}
	if prev != nil && plan.Same(&prev.Body, &body) {
		return nil, ErrPlanSame
	}
	p, err := s.insertPlan(ctx, tx, userID, body, progress)
	if err != nil {
		return nil, fmt.Errorf("store: build plan: %w", err)
	}
	return p, tx.Commit()
}

// CreatePlan stores body as the user's next plan version, a draft, with a
// progress row per action. Progress in carry (by action id) is carried
// over, so a rebuild keeps what was done.
func (s *Store) CreatePlan(ctx context.Context, userID int64, body plan.Plan, carry map[string]PlanAction) (*Plan, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: create plan: %w", err)
	}
	defer tx.Rollback()
	p, err := s.insertPlan(ctx, tx, userID, body, carry)
	if err != nil {
		return nil, fmt.Errorf("store: create plan: %w", err)
	}
	return p, tx.Commit()
}

func (s *Store) insertPlan(ctx context.Context, tx *sql.Tx, userID int64, body plan.Plan, carry map[string]PlanAction) (*Plan, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE user_id = ?`, userID).Scan(&version); err != nil {
		return nil, err
	}
	now := s.unix()
	res, err := tx.ExecContext(ctx, `INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		userID, version, PlanDraft, string(b), now, now)
	if err != nil {
		return nil, err
	}
	id, _ := res.LastInsertId()
	for _, a := range body.Actions {
		pa := PlanAction{Status: plan.StatusTodo}
		if c, ok := carry[a.ID]; ok && validStatus(c.Status) {
			pa = c
		}
		if a.Carried {
			pa.Status = plan.StatusDone
		}
		if pa.Status != plan.StatusDone {
			pa.DoneOn = ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_actions (plan_id, action_id, status, note, done_on, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, a.ID, pa.Status, pa.Note, pa.DoneOn, now); err != nil {
			return nil, err
		}
	}
	return scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = ?`, id))
}

// EditPlan changes the body of the user's latest plan version planID with
// edit, inside one transaction: an action the edit adds gets a progress
// row, one it removes loses its row, so every count agrees with the body.
// A plan in review cannot change (ErrPlanState: the mentor is reading it);
// an approved plan that changes goes back to a draft.
func (s *Store) EditPlan(ctx context.Context, userID, planID int64, edit func(*plan.Plan) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	defer tx.Rollback()
	if err := s.editPlan(ctx, tx, userID, planID, edit); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) editPlan(ctx context.Context, tx *sql.Tx, userID, planID int64, edit func(*plan.Plan) error) error {
	if err := latestOwned(ctx, tx, userID, planID); err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = ?`, planID))
	if err != nil {
		return fmt.Errorf("store: edit plan: %w", notFound(err))
	}
	if p.State == PlanInReview {
		return ErrPlanState
	}
	if err := edit(&p.Body); err != nil {
		return err
	}
	b, err := json.Marshal(p.Body)
	if err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	state := p.State
	if state == PlanApproved {
		state = PlanDraft
	}
	now := s.unix()
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET body_json = ?, state = ? WHERE id = ?`, string(b), state, planID); err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	ids := make([]any, 0, len(p.Body.Actions)+1)
	ids = append(ids, planID)
	for _, a := range p.Body.Actions {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO plan_actions (plan_id, action_id, status, note, done_on, updated_at) VALUES (?, ?, 'todo', '', '', ?)`,
			planID, a.ID, now); err != nil {
			return fmt.Errorf("store: edit plan: %w", err)
		}
		ids = append(ids, a.ID)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)-1), ",")
	if len(ids) == 1 {
		marks = "''"
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM plan_actions WHERE plan_id = ? AND action_id NOT IN (`+marks+`)`, ids...); err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	if err := touchPlan(ctx, tx, planID, now); err != nil {
		return fmt.Errorf("store: edit plan: %w", err)
	}
	return nil
}

// PlanByID returns the plan version with id.
func (s *Store) PlanByID(ctx context.Context, id int64) (*Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: plan: %w", notFound(err))
	}
	return p, nil
}

// PlanVersion returns version n of the user's plan.
func (s *Store) PlanVersion(ctx context.Context, userID int64, n int) (*Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.user_id = ? AND p.version = ?`, userID, n))
	if err != nil {
		return nil, fmt.Errorf("store: plan version: %w", notFound(err))
	}
	return p, nil
}

// LatestPlan returns the user's newest plan version.
func (s *Store) LatestPlan(ctx context.Context, userID int64) (*Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.user_id = ? ORDER BY p.version DESC LIMIT 1`, userID))
	if err != nil {
		return nil, fmt.Errorf("store: latest plan: %w", notFound(err))
	}
	return p, nil
}

// LatestPlanState returns the state of the user's newest plan version, for
// dashboards; ErrNotFound when they have no plan yet.
func (s *Store) LatestPlanState(ctx context.Context, userID int64) (string, error) {
	var state string
	err := s.r.QueryRowContext(ctx, `SELECT state FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, userID).Scan(&state)
	if err != nil {
		return "", fmt.Errorf("store: latest plan state: %w", notFound(err))
	}
	return state, nil
}

// PlanVersions lists the user's plan versions, newest first, with how many
// of each version's actions are done, counted as plan.Summarize counts.
func (s *Store) PlanVersions(ctx context.Context, userID int64) ([]PlanVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.version, p.state, p.created_at, p.updated_at, p.body_json
		FROM plans p WHERE p.user_id = ? ORDER BY p.version DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: plan versions: %w", err)
	}
	var out []PlanVersion
	var bodies []string
	for rows.Next() {
		var v PlanVersion
		var created, updated int64
		var body string
		if err := rows.Scan(&v.ID, &v.Version, &v.State, &created, &updated, &body); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: plan versions: %w", err)
		}
		v.CreatedAt, v.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
		out = append(out, v)
		bodies = append(bodies, body)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: plan versions: %w", err)
	}
	status, err := s.planStatuses(ctx, userID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		// Only what counting needs is decoded: a person may have many
		// versions, and the reasons make up most of a body.
		var light struct {
			Milestones []plan.Milestone `json:"milestones"`
			Actions    []struct {
				ID        string `json:"id"`
				Milestone int    `json:"milestone"`
				Carried   bool   `json:"carried"`
				Backlog   bool   `json:"backlog"`
			} `json:"actions"`
		}
		if err := json.Unmarshal([]byte(bodies[i]), &light); err != nil {
			return nil, fmt.Errorf("store: plan versions: %d: %w", out[i].Version, err)
		}
		body := plan.Plan{Milestones: light.Milestones}
		for _, a := range light.Actions {
			body.Actions = append(body.Actions, plan.Action{ID: a.ID, Milestone: a.Milestone, Carried: a.Carried, Backlog: a.Backlog})
		}
		sum := plan.Summarize(&body, status[out[i].ID], nil)
		out[i].Done, out[i].Total = sum.Done, sum.Total
	}
	return out, nil
}

// planStatuses returns every status of the user's plans by plan and action.
func (s *Store) planStatuses(ctx context.Context, userID int64) (map[int64]map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.plan_id, a.action_id, a.status FROM plan_actions a JOIN plans p ON p.id = a.plan_id WHERE p.user_id = ?`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: plan statuses: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]string{}
	for rows.Next() {
		var id int64
		var action, status string
		if err := rows.Scan(&id, &action, &status); err != nil {
			return nil, fmt.Errorf("store: plan statuses: %w", err)
		}
		if out[id] == nil {
			out[id] = map[string]string{}
		}
		out[id][action] = status
	}
	return out, rows.Err()
}

// PlanActions returns the progress on every action of a plan version, by
// action id.
func (s *Store) PlanActions(ctx context.Context, planID int64) (map[string]PlanAction, error) {
	out, err := planActions(ctx, s.r, planID)
	if err != nil {
		return nil, fmt.Errorf("store: plan actions: %w", err)
	}
	return out, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func planActions(ctx context.Context, q querier, planID int64) (map[string]PlanAction, error) {
	rows, err := q.QueryContext(ctx, `SELECT action_id, status, note, done_on, updated_at FROM plan_actions WHERE plan_id = ?`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]PlanAction{}
	for rows.Next() {
		var a PlanAction
		var updated int64
		if err := rows.Scan(&a.ActionID, &a.Status, &a.Note, &a.DoneOn, &updated); err != nil {
			return nil, err
		}
		a.UpdatedAt = time.Unix(updated, 0).UTC()
		out[a.ActionID] = a
	}
	return out, rows.Err()
}

func validStatus(s string) bool {
	return s == plan.StatusTodo || s == plan.StatusDoing || s == plan.StatusDone
}

// ValidPlanAction checks a progress update: a known status, a note of at
// most MaxPlanNote characters, and a done date that is a real date (or
// empty).
func ValidPlanAction(a PlanAction) error {
	if !validStatus(a.Status) {
		return ErrPlanStatus
	}
	if !utf8.ValidString(a.Note) || utf8.RuneCountInString(a.Note) > MaxPlanNote {
		return ErrPlanNote
	}
	if a.DoneOn != "" {
		if _, err := time.Parse(time.DateOnly, a.DoneOn); err != nil {
			return ErrPlanDate
		}
	}
	return nil
}

// PlanFollow keeps a plan's body in step with its progress (every action's
// status by id, the new mark included), reporting whether it changed it:
// a finished action replaced from the backlog, say.
type PlanFollow func(body *plan.Plan, status map[string]string) bool

// SetPlanAction records the user's progress on one action of their plan
// version planID. Only the owner's latest version changes (ErrPlanOld
// otherwise); a plan or action that is not theirs is ErrNotFound. A date is
// kept only with the done status. follow, when not nil, then changes the
// body in the same transaction, in place and in any state: it applies the
// plan's own rules to the progress, not an edit of the person's, so an
// approved plan stays approved.
func (s *Store) SetPlanAction(ctx context.Context, userID, planID int64, a PlanAction, follow PlanFollow) error {
	if err := ValidPlanAction(a); err != nil {
		return err
	}
	if a.Status != plan.StatusDone {
		a.DoneOn = ""
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set plan action: %w", err)
	}
	defer tx.Rollback()
	if err := latestOwned(ctx, tx, userID, planID); err != nil {
		return fmt.Errorf("store: set plan action: %w", err)
	}
	now := s.unix()
	res, err := tx.ExecContext(ctx, `UPDATE plan_actions SET status = ?, note = ?, done_on = ?, updated_at = ? WHERE plan_id = ? AND action_id = ?`,
		a.Status, a.Note, a.DoneOn, now, planID, a.ActionID)
	if err != nil {
		return fmt.Errorf("store: set plan action: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set plan action: %w", ErrNotFound)
	}
	if follow != nil {
		if err := followPlan(ctx, tx, planID, follow); err != nil {
			return fmt.Errorf("store: set plan action: %w", err)
		}
	}
	if err := touchPlan(ctx, tx, planID, now); err != nil {
		return fmt.Errorf("store: set plan action: %w", err)
	}
	return tx.Commit()
}

// followPlan applies follow to planID's body and progress, and stores the
// body when it changed. The set of actions stays, so every progress row
// still belongs to an action of the body.
func followPlan(ctx context.Context, tx *sql.Tx, planID int64, follow PlanFollow) error {
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = ?`, planID))
	if err != nil {
		return notFound(err)
	}
	progress, err := planActions(ctx, tx, planID)
	if err != nil {
		return err
	}
	status := make(map[string]string, len(progress))
	for id, pa := range progress {
		status[id] = pa.Status
	}
	if !follow(&p.Body, status) {
		return nil
	}
	b, err := json.Marshal(p.Body)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE plans SET body_json = ? WHERE id = ?`, string(b), planID)
	return err
}

// latestOwned checks that planID is userID's newest version.
func latestOwned(ctx context.Context, tx *sql.Tx, userID, planID int64) error {
	var owner int64
	var version, latest int
	err := tx.QueryRowContext(ctx, `SELECT user_id, version, (SELECT MAX(version) FROM plans q WHERE q.user_id = p.user_id) FROM plans p WHERE id = ?`, planID).
		Scan(&owner, &version, &latest)
	if err != nil {
		return notFound(err)
	}
	if owner != userID {
		return ErrNotFound
	}
	if version != latest {
		return ErrPlanOld
	}
	return nil
}

// touchPlan marks a plan changed, so a cached PDF of it is not served
// again. updated_at never goes backwards.
func touchPlan(ctx context.Context, tx *sql.Tx, planID, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE plans SET updated_at = MAX(updated_at, ?) WHERE id = ?`, now, planID)
	return err
}

// SubmitPlan sends the user's latest plan version to their mentor: a draft
// or a version with changes requested goes in review.
func (s *Store) SubmitPlan(ctx context.Context, userID, planID int64) error {
	return s.movePlan(ctx, "submit plan", userID, planID, []string{PlanDraft, PlanChangesRequested}, PlanInReview)
}

// WithdrawPlan takes the user's latest version out of review, back to a
// draft.
func (s *Store) WithdrawPlan(ctx context.Context, userID, planID int64) error {
	return s.movePlan(ctx, "withdraw plan", userID, planID, []string{PlanInReview}, PlanDraft)
}

func (s *Store) movePlan(ctx context.Context, op string, userID, planID int64, from []string, to string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	defer tx.Rollback()
	if err := latestOwned(ctx, tx, userID, planID); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM plans WHERE id = ?`, planID).Scan(&state); err != nil {
		return fmt.Errorf("store: %s: %w", op, notFound(err))
	}
	if !slices.Contains(from, state) {
		return ErrPlanState
	}
	now := s.unix()
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET state = ? WHERE id = ?`, to, planID); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if err := touchPlan(ctx, tx, planID, now); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return tx.Commit()
}

// ReviewPlan records a reviewer's comments on a plan version in review,
// with a decision: DecisionApprove approves it, DecisionChanges asks for
// changes, "" leaves it in review. comments holds the overall comment under
// "" and comments on actions under their ids; empty ones are skipped, and
// an action that is not in the plan is ErrNotFound. The caller checks that
// the author may review this plan.
func (s *Store) ReviewPlan(ctx context.Context, planID, authorID int64, decision string, comments map[string]string) error {
	to := ""
	switch decision {
	case DecisionApprove:
		to = PlanApproved
	case DecisionChanges:
		to = PlanChangesRequested
	case "":
	default:
		return ErrPlanState
	}
	for _, body := range comments {
		if !utf8.ValidString(body) || utf8.RuneCountInString(body) > MaxPlanComment {
			return ErrPlanComment
		}
	}
	if decision == "" && !anyText(comments) {
		return ErrPlanComment
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: review plan: %w", err)
	}
	defer tx.Rollback()
	var state string
	var latest bool
	if err := tx.QueryRowContext(ctx, `SELECT state, version = (SELECT MAX(version) FROM plans q WHERE q.user_id = p.user_id) FROM plans p WHERE id = ?`, planID).Scan(&state, &latest); err != nil {
		return fmt.Errorf("store: review plan: %w", notFound(err))
	}
	if !latest {
		return ErrPlanOld
	}
	if state != PlanInReview {
		return ErrPlanState
	}
	now := s.unix()
	ids := make([]string, 0, len(comments))
	for id := range comments {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		body := strings.TrimSpace(comments[id])
		if id == "" || body == "" {
			continue
		}
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM plan_actions WHERE plan_id = ? AND action_id = ?`, planID, id).Scan(&one); err != nil {
			return fmt.Errorf("store: review plan: action %q: %w", id, notFound(err))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_comments (plan_id, author_id, action_id, body, decision, created_at) VALUES (?, ?, ?, ?, '', ?)`,
			planID, authorID, id, body, now); err != nil {
			return fmt.Errorf("store: review plan: %w", err)
		}
	}
	// The overall comment carries the decision; it is written last, so a
	// list ordered by time ends with the verdict. A decision keeps what
	// the mentor saw, to show them later what changed since.
	if overall := strings.TrimSpace(comments[""]); overall != "" || decision != "" {
		snap := ""
		if decision != "" {
			if snap, err = reviewSnapshot(ctx, tx, planID); err != nil {
				return fmt.Errorf("store: review plan: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_comments (plan_id, author_id, action_id, body, decision, created_at, snapshot_json) VALUES (?, ?, '', ?, ?, ?, ?)`,
			planID, authorID, overall, decision, now, snap); err != nil {
			return fmt.Errorf("store: review plan: %w", err)
		}
	}
	if to != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET state = ? WHERE id = ?`, to, planID); err != nil {
			return fmt.Errorf("store: review plan: %w", err)
		}
	}
	if err := touchPlan(ctx, tx, planID, now); err != nil {
		return fmt.Errorf("store: review plan: %w", err)
	}
	return tx.Commit()
}

func reviewSnapshot(ctx context.Context, tx *sql.Tx, planID int64) (string, error) {
	p, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans p JOIN users u ON u.id = p.user_id WHERE p.id = ?`, planID))
	if err != nil {
		return "", err
	}
	progress, err := planActions(ctx, tx, planID)
	if err != nil {
		return "", err
	}
	notes := map[string]string{}
	for id, a := range progress {
		notes[id] = a.Note
	}
	b, err := json.Marshal(plan.Snapshot(&p.Body, notes))
	return string(b), err
}

// LastReview is what a mentor's latest decision on any of the user's plan
// versions saw.
type LastReview struct {
	Version  int
	Decision string
	At       time.Time
	Snapshot []plan.SnapItem
}

// LastReview returns the user's latest reviewed snapshot; ErrNotFound when
// no mentor has decided on a plan of theirs yet.
func (s *Store) LastReview(ctx context.Context, userID int64) (*LastReview, error) {
	var r LastReview
	var snap string
	var at int64
	err := s.r.QueryRowContext(ctx, `SELECT p.version, c.decision, c.created_at, c.snapshot_json
		FROM plan_comments c JOIN plans p ON p.id = c.plan_id
		WHERE p.user_id = ? AND c.decision != '' AND c.snapshot_json != ''
		ORDER BY c.created_at DESC, c.id DESC LIMIT 1`, userID).Scan(&r.Version, &r.Decision, &at, &snap)
	if err != nil {
		return nil, fmt.Errorf("store: last review: %w", notFound(err))
	}
	r.At = time.Unix(at, 0).UTC()
	if err := json.Unmarshal([]byte(snap), &r.Snapshot); err != nil {
		return nil, fmt.Errorf("store: last review: %w", err)
	}
	return &r, nil
}

// PlanComments returns the review comments on a plan version, oldest first.
func (s *Store) PlanComments(ctx context.Context, planID int64) ([]PlanComment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.plan_id, c.author_id, u.name, c.action_id, c.body, c.decision, c.created_at
		FROM plan_comments c JOIN users u ON u.id = c.author_id WHERE c.plan_id = ? ORDER BY c.created_at, c.id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: plan comments: %w", err)
	}
	defer rows.Close()
	var out []PlanComment
	for rows.Next() {
		var c PlanComment
		var created int64
		if err := rows.Scan(&c.ID, &c.PlanID, &c.AuthorID, &c.AuthorName, &c.ActionID, &c.Body, &c.Decision, &created); err != nil {
			return nil, fmt.Errorf("store: plan comments: %w", err)
		}
		c.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// PlansInReview lists, for a mentor's dashboard, the mentees with an active
// mentorship whose latest plan version waits in review, longest waiting
// first.
func (s *Store) PlansInReview(ctx context.Context, mentorID int64) ([]PlanReview, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.user_id, u.name, p.version, p.updated_at
		FROM plans p
		JOIN users u ON u.id = p.user_id
		WHERE p.state = 'in_review'
		  AND p.version = (SELECT MAX(version) FROM plans q WHERE q.user_id = p.user_id)
		  AND EXISTS (SELECT 1 FROM mentorships m WHERE m.mentee_id = p.user_id AND m.mentor_id = ? AND m.state = 'active')
		ORDER BY p.updated_at, p.id`, mentorID)
	if err != nil {
		return nil, fmt.Errorf("store: plans in review: %w", err)
	}
	defer rows.Close()
	var out []PlanReview
	for rows.Next() {
		var r PlanReview
		var at int64
		if err := rows.Scan(&r.PlanID, &r.UserID, &r.UserName, &r.Version, &at); err != nil {
			return nil, fmt.Errorf("store: plans in review: %w", err)
		}
		r.SubmittedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// PlanReviewers returns the names of the user's active mentors, who may
// review their plan, oldest mentorship first.
func (s *Store) PlanReviewers(ctx context.Context, userID int64) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.name FROM mentorships m JOIN users u ON u.id = m.mentor_id
		WHERE m.mentee_id = ? AND m.state = 'active' ORDER BY m.created_at, m.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: plan reviewers: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: plan reviewers: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UserTarget returns the role the user aims for and their plan horizon; the
// role is "" until they choose one.
func (s *Store) UserTarget(ctx context.Context, userID int64) (plan.Target, error) {
	var t plan.Target
	err := s.r.QueryRowContext(ctx, `SELECT target_role, horizon_months FROM users WHERE id = ?`, userID).Scan(&t.Role, &t.HorizonMonths)
	if err != nil {
		return t, fmt.Errorf("store: user target: %w", notFound(err))
	}
	return t, nil
}

// SetUserTarget saves the role the user aims for and their horizon. The
// caller validates both against the content (plan.ValidTarget).
func (s *Store) SetUserTarget(ctx context.Context, userID int64, t plan.Target) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET target_role = ?, horizon_months = ? WHERE id = ?`, t.Role, t.HorizonMonths, userID)
	if err != nil {
		return fmt.Errorf("store: set user target: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set user target: %w", ErrNotFound)
	}
	return nil
}

// UserHours returns the hours per week the user gives their plan.
func (s *Store) UserHours(ctx context.Context, userID int64) (int, error) {
	var h int
	if err := s.r.QueryRowContext(ctx, `SELECT hours_per_week FROM users WHERE id = ?`, userID).Scan(&h); err != nil {
		return 0, fmt.Errorf("store: user hours: %w", notFound(err))
	}
	return h, nil
}

// SetUserHours saves the hours per week the user gives their plan; the
// caller checks the range.
func (s *Store) SetUserHours(ctx context.Context, userID int64, hours int) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET hours_per_week = ? WHERE id = ?`, hours, userID)
	if err != nil {
		return fmt.Errorf("store: set user hours: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set user hours: %w", ErrNotFound)
	}
	return nil
}

func anyText(m map[string]string) bool {
	for _, v := range m {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}
