package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"cpopath/app/plan"
)

// Export is everything the store holds of one person, as they download it:
// their account without the password hash, attempts with answers and
// results, invitations, mentorships on both sides, ratings received and
// given, plans with actions and review comments, and review comments they
// wrote. A former mentor's export keeps what they wrote but no longer names
// the mentee: from the end of a mentorship the mentor sees nothing of theirs.
type Export struct {
	ExportedAt        time.Time           `json:"exported_at"`
	User              ExportUser          `json:"user"`
	Sessions          []ExportSession     `json:"sessions"`
	Attempts          []ExportAttempt     `json:"attempts"`
	Invitations       []ExportInvitation  `json:"invitations"`
	Mentorships       []ExportMentorship  `json:"mentorships"`
	RatingsReceived   []ExportRating      `json:"ratings_received"`
	RatingsGiven      []ExportRating      `json:"ratings_given"`
	Plans             []ExportPlan        `json:"plans"`
	PlanCommentsGiven []ExportPlanComment `json:"plan_comments_given"`
	Activity          []Activity          `json:"activity"`
	Teams             []ExportTeam        `json:"teams"`
}

// ExportUser is the account, without its password hash.
type ExportUser struct {
	ID            int64     `json:"id"`
	Email         string    `json:"email"`
	Name          string    `json:"name"`
	Locale        string    `json:"locale"`
	TargetRole    string    `json:"target_role"`
	HorizonMonths int       `json:"horizon_months"`
	CreatedAt     time.Time `json:"created_at"`
	SecondFactor  bool      `json:"second_factor"`
	Reminders     bool      `json:"milestone_reminders"`
}

// ExportSession is a signed-in session, without its token.
type ExportSession struct {
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	LastSeen  time.Time `json:"last_seen"`
	UserAgent string    `json:"user_agent"`
	Address   string    `json:"address"`
}

// ExportAttempt is one assessment attempt with its answers and, once
// completed, its scored result.
type ExportAttempt struct {
	ID          string            `json:"id"`
	Assessment  string            `json:"assessment"`
	StartedAt   time.Time         `json:"started_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
	CompletedAt *time.Time        `json:"completed_at,omitempty"`
	Answers     map[string]string `json:"answers"`
	Result      json.RawMessage   `json:"result,omitempty"`
}

// ExportInvitation is an invitation link made, without its token.
type ExportInvitation struct {
	State      string     `json:"state"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	AcceptedBy string     `json:"accepted_by,omitempty"`
	Label      string     `json:"label,omitempty"`
}

// ExportMentorship is a mentorship in which the person was mentee or
// mentor.
type ExportMentorship struct {
	ID        int64      `json:"id"`
	Role      string     `json:"role"` // "mentee" or "mentor": the exporting person's side
	State     string     `json:"state"`
	CreatedAt time.Time  `json:"created_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	Mentor    string     `json:"mentor,omitempty"`
	Mentee    string     `json:"mentee,omitempty"`
}

// ExportRating is a mentor's rating, received or given.
type ExportRating struct {
	MentorshipID int64             `json:"mentorship_id"`
	Mentor       string            `json:"mentor,omitempty"`
	Mentee       string            `json:"mentee,omitempty"`
	Scores       map[string]int    `json:"scores"`
	Comments     map[string]string `json:"comments"`
	Overall      string            `json:"overall"`
	CreatedAt    time.Time         `json:"created_at"`
}

// ExportPlan is one version of the person's development plan.
type ExportPlan struct {
	Version   int                 `json:"version"`
	State     string              `json:"state"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
	Body      json.RawMessage     `json:"body"`
	Actions   []ExportPlanAction  `json:"actions"`
	Comments  []ExportPlanComment `json:"comments"`
}

// ExportPlanAction is the person's progress on one action of a plan.
type ExportPlanAction struct {
	ActionID string `json:"action_id"`
	// Title is an own action's title; content actions are named by id.
	Title string `json:"title,omitempty"`
	// Origin is rules, own or mentor; Milestone the days (30, 60, 90) or
	// months of the milestone it is due at, "backlog" or "kept" (done in
	// an earlier version); Due its due date.
	Origin    string    `json:"origin"`
	Milestone string    `json:"milestone"`
	Due       string    `json:"due,omitempty"`
	Status    string    `json:"status"`
	Note      string    `json:"note"`
	DoneOn    string    `json:"done_on,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ExportPlanComment is a review comment on a plan.
type ExportPlanComment struct {
	Author      string    `json:"author,omitempty"`
	Mentee      string    `json:"mentee,omitempty"`
	PlanVersion int       `json:"plan_version"`
	ActionID    string    `json:"action_id,omitempty"`
	Body        string    `json:"body"`
	Decision    string    `json:"decision,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

func timePtr(unix int64) *time.Time {
	if unix == 0 {
		return nil
	}
	t := time.Unix(unix, 0).UTC()
	return &t
}

// rawJSON keeps stored JSON as it is, or quotes it when it is not JSON, so
// one damaged row cannot break the whole download.
func rawJSON(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	q, _ := json.Marshal(s)
	return q
}

// Export gathers all of userID's data from one consistent snapshot.
func (s *Store) Export(ctx context.Context, userID int64) (*Export, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	defer tx.Rollback()
	x := &Export{ExportedAt: s.now().UTC()}
	steps := []func(context.Context, *sql.Tx, int64, *Export) error{
		exportUser, exportSessions, exportAttempts, exportInvitations, exportMentorships,
		exportRatings, exportPlans, exportPlanCommentsGiven, exportActivity, exportTeams,
	}
	for _, step := range steps {
		if err := step(ctx, tx, userID, x); err != nil {
			return nil, fmt.Errorf("store: export: %w", notFound(err))
		}
	}
	return x, nil
}

func exportUser(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return err
	}
	x.User = ExportUser{ID: u.ID, Email: u.Email, Name: u.Name, Locale: u.Locale, TargetRole: u.TargetRole, HorizonMonths: u.HorizonMonths, CreatedAt: u.CreatedAt,
		SecondFactor: u.TOTPEnabled, Reminders: u.Reminders}
	return nil
}

func exportSessions(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT created_at, expires_at, last_seen_at, user_agent, address FROM sessions WHERE user_id = ? ORDER BY created_at`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.Sessions = []ExportSession{}
	for rows.Next() {
		var c, e, seen int64
		var s ExportSession
		if err := rows.Scan(&c, &e, &seen, &s.UserAgent, &s.Address); err != nil {
			return err
		}
		s.CreatedAt, s.ExpiresAt, s.LastSeen = time.Unix(c, 0).UTC(), time.Unix(e, 0).UTC(), time.Unix(seen, 0).UTC()
		x.Sessions = append(x.Sessions, s)
	}
	return rows.Err()
}

// exportActivity adds the security events kept about the person.
func exportActivity(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT event, address, user_agent, at FROM activity WHERE user_id = ? ORDER BY at, id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.Activity = []Activity{}
	for rows.Next() {
		var a Activity
		var at int64
		if err := rows.Scan(&a.Event, &a.Address, &a.UserAgent, &at); err != nil {
			return err
		}
		a.At = time.Unix(at, 0).UTC()
		x.Activity = append(x.Activity, a)
	}
	return rows.Err()
}

func exportAttempts(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+attemptColumns+` FROM attempts WHERE user_id = ? ORDER BY id`, id)
	if err != nil {
		return err
	}
	var list []*Attempt
	for rows.Next() {
		a, err := scanAttempt(rows, nil)
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	x.Attempts = []ExportAttempt{}
	for _, a := range list {
		ea := ExportAttempt{ID: a.PublicID, Assessment: a.AssessmentID, StartedAt: a.StartedAt, UpdatedAt: a.UpdatedAt, Answers: map[string]string{}, Result: rawJSON(a.ResultJSON)}
		if a.Completed() {
			t := a.CompletedAt
			ea.CompletedAt = &t
		}
		ar, err := tx.QueryContext(ctx, `SELECT item_id, value FROM answers WHERE attempt_id = ?`, a.ID)
		if err != nil {
			return err
		}
		for ar.Next() {
			var k, v string
			if err := ar.Scan(&k, &v); err != nil {
				ar.Close()
				return err
			}
			ea.Answers[k] = v
		}
		ar.Close()
		if err := ar.Err(); err != nil {
			return err
		}
		x.Attempts = append(x.Attempts, ea)
	}
	return nil
}

func exportInvitations(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+invitationColumns+` WHERE i.mentee_id = ? ORDER BY i.created_at, i.id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.Invitations = []ExportInvitation{}
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return err
		}
		ei := ExportInvitation{State: inv.State(x.ExportedAt), CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, AcceptedBy: inv.UsedByName, Label: inv.Label}
		if !inv.UsedAt.IsZero() {
			ei.AnsweredAt = timePtr(inv.UsedAt.Unix())
		}
		if !inv.RevokedAt.IsZero() {
			ei.RevokedAt = timePtr(inv.RevokedAt.Unix())
		}
		x.Invitations = append(x.Invitations, ei)
	}
	return rows.Err()
}

func exportMentorships(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, mentorLinkQuery+` WHERE m.mentee_id = ? OR m.mentor_id = ? ORDER BY m.created_at, m.id`, id, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.Mentorships = []ExportMentorship{}
	for rows.Next() {
		var em ExportMentorship
		var menteeID, mentorID, created, ended int64
		var mentee, mentor string
		if err := rows.Scan(&em.ID, &menteeID, &mentorID, &em.State, &created, &ended, &mentee, &mentor); err != nil {
			return err
		}
		em.CreatedAt, em.EndedAt = time.Unix(created, 0).UTC(), timePtr(ended)
		if menteeID == id {
			em.Role, em.Mentor = "mentee", mentor
		} else {
			em.Role = "mentor"
			if em.State == MentorshipActive {
				em.Mentee = mentee
			}
		}
		x.Mentorships = append(x.Mentorships, em)
	}
	return rows.Err()
}

func exportRatings(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.mentorship_id, m.mentee_id, m.state, e.name, u.name, r.scores_json, r.comments_json, r.overall, r.created_at
		FROM ratings r JOIN mentorships m ON m.id = r.mentorship_id JOIN users u ON u.id = m.mentor_id JOIN users e ON e.id = m.mentee_id
		WHERE m.mentee_id = ? OR m.mentor_id = ? ORDER BY r.created_at, r.id`, id, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.RatingsReceived, x.RatingsGiven = []ExportRating{}, []ExportRating{}
	for rows.Next() {
		var er ExportRating
		var menteeID, created int64
		var state, mentee, mentor, scores, comments string
		if err := rows.Scan(&er.MentorshipID, &menteeID, &state, &mentee, &mentor, &scores, &comments, &er.Overall, &created); err != nil {
			return err
		}
		er.CreatedAt = time.Unix(created, 0).UTC()
		if err := json.Unmarshal([]byte(scores), &er.Scores); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(comments), &er.Comments); err != nil {
			return err
		}
		if menteeID == id {
			er.Mentor = mentor
			x.RatingsReceived = append(x.RatingsReceived, er)
			continue
		}
		if state == MentorshipActive {
			er.Mentee = mentee
		}
		x.RatingsGiven = append(x.RatingsGiven, er)
	}
	return rows.Err()
}

func exportPlans(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, version, state, body_json, created_at, updated_at FROM plans WHERE user_id = ? ORDER BY version`, id)
	if err != nil {
		return err
	}
	type planRow struct {
		id   int64
		p    ExportPlan
		body plan.Plan
	}
	var plans []planRow
	for rows.Next() {
		var pr planRow
		var body string
		var created, updated int64
		if err := rows.Scan(&pr.id, &pr.p.Version, &pr.p.State, &body, &created, &updated); err != nil {
			rows.Close()
			return err
		}
		pr.p.Body = rawJSON(body)
		_ = json.Unmarshal([]byte(body), &pr.body) // a body that does not decode still exports raw
		pr.p.CreatedAt, pr.p.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
		plans = append(plans, pr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	x.Plans = []ExportPlan{}
	for _, pr := range plans {
		p := pr.p
		p.Actions, p.Comments = []ExportPlanAction{}, []ExportPlanComment{}
		ar, err := tx.QueryContext(ctx, `SELECT action_id, status, note, done_on, updated_at FROM plan_actions WHERE plan_id = ? ORDER BY action_id`, pr.id)
		if err != nil {
			return err
		}
		for ar.Next() {
			var a ExportPlanAction
			var updated int64
			if err := ar.Scan(&a.ActionID, &a.Status, &a.Note, &a.DoneOn, &updated); err != nil {
				ar.Close()
				return err
			}
			a.UpdatedAt = time.Unix(updated, 0).UTC()
			exportPlace(&a, &pr.body)
			p.Actions = append(p.Actions, a)
		}
		ar.Close()
		if err := ar.Err(); err != nil {
			return err
		}
		cr, err := tx.QueryContext(ctx, `SELECT u.name, c.action_id, c.body, c.decision, c.created_at FROM plan_comments c JOIN users u ON u.id = c.author_id WHERE c.plan_id = ? ORDER BY c.created_at, c.id`, pr.id)
		if err != nil {
			return err
		}
		for cr.Next() {
			pc := ExportPlanComment{PlanVersion: p.Version}
			var created int64
			if err := cr.Scan(&pc.Author, &pc.ActionID, &pc.Body, &pc.Decision, &created); err != nil {
				cr.Close()
				return err
			}
			pc.CreatedAt = time.Unix(created, 0).UTC()
			p.Comments = append(p.Comments, pc)
		}
		cr.Close()
		if err := cr.Err(); err != nil {
			return err
		}
		x.Plans = append(x.Plans, p)
	}
	return nil
}

// exportPlace fills in where an action stands in its plan version.
func exportPlace(a *ExportPlanAction, body *plan.Plan) {
	a.Origin, a.Milestone = plan.OriginRules, "backlog"
	pa := body.Action(a.ActionID)
	if pa == nil {
		return
	}
	if pa.Origin != "" {
		a.Origin = pa.Origin
	}
	a.Title = pa.Title
	switch {
	case pa.Carried:
		a.Milestone = "kept"
	case pa.Backlog || pa.Milestone < 0 || pa.Milestone >= len(body.Milestones):
	default:
		m := body.Milestones[pa.Milestone]
		if m.Quarterly() {
			a.Milestone = fmt.Sprintf("%d months", m.Months)
		} else {
			a.Milestone = fmt.Sprintf("%d days", m.Days)
		}
		a.Due = pa.Due.Format(time.DateOnly)
	}
}

func exportPlanCommentsGiven(ctx context.Context, tx *sql.Tx, id int64, x *Export) error {
	rows, err := tx.QueryContext(ctx, `SELECT p.version, c.action_id, c.body, c.decision, c.created_at,
			CASE WHEN EXISTS (SELECT 1 FROM mentorships m WHERE m.mentee_id = p.user_id AND m.mentor_id = ? AND m.state = 'active') THEN u.name ELSE '' END
		FROM plan_comments c JOIN plans p ON p.id = c.plan_id JOIN users u ON u.id = p.user_id
		WHERE c.author_id = ? AND p.user_id <> ? ORDER BY c.created_at, c.id`, id, id, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	x.PlanCommentsGiven = []ExportPlanComment{}
	for rows.Next() {
		var pc ExportPlanComment
		var created int64
		if err := rows.Scan(&pc.PlanVersion, &pc.ActionID, &pc.Body, &pc.Decision, &created, &pc.Mentee); err != nil {
			return err
		}
		pc.CreatedAt = time.Unix(created, 0).UTC()
		x.PlanCommentsGiven = append(x.PlanCommentsGiven, pc)
	}
	return rows.Err()
}
