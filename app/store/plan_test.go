package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planFixture is a store with a person, their mentor and a stranger.
type planFixture struct {
	st                       *store.Store
	raw                      *sql.DB
	person, mentor, stranger int64
	ctx                      context.Context
}

func newPlanFixture(t *testing.T) *planFixture {
	t.Helper()
	st, path := openStore(t)
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	f := &planFixture{st: st, raw: raw, ctx: ctx}
	for _, u := range []struct {
		id    *int64
		email string
		name  string
	}{{&f.person, "ana@example.org", "Ana Person"}, {&f.mentor, "mo@example.org", "Mo Mentor"}, {&f.stranger, "sam@example.org", "Sam Stranger"}} {
		usr, err := st.CreateUser(ctx, u.email, u.name, "x")
		if err != nil {
			t.Fatal(err)
		}
		*u.id = usr.ID
	}
	f.exec(t, `INSERT INTO mentorships (mentee_id, mentor_id, state, created_at) VALUES (?, ?, 'active', 1)`, f.person, f.mentor)
	return f
}

func (f *planFixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.raw.ExecContext(f.ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// create stores a first plan version of the person with actions ids.
func (f *planFixture) create(t *testing.T, ids ...string) *store.Plan {
	t.Helper()
	p, err := f.st.CreatePlan(f.ctx, f.person, body(ids...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func body(ids ...string) plan.Plan {
	p := plan.Plan{Rules: plan.Rules, Target: plan.Target{Role: "cpo", HorizonMonths: 12}}
	for _, id := range ids {
		carried := strings.HasPrefix(id, "kept:")
		id = strings.TrimPrefix(id, "kept:")
		p.Actions = append(p.Actions, plan.Action{ID: id, Carried: carried, Reasons: []plan.Reason{{Kind: plan.ReasonLowSubArea, SubArea: "criteria", Score: 38}}})
	}
	return p
}

func TestPlanVersionsAndCarriedProgress(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	if _, err := st.LatestPlan(ctx, f.person); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("LatestPlan with none = %v, want ErrNotFound", err)
	}
	if _, err := st.LatestPlanState(ctx, f.person); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("LatestPlanState with none = %v, want ErrNotFound", err)
	}
	v1, err := st.CreatePlan(ctx, f.person, body("scoring-model", "find-a-mentor", "pilot-proposal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.State != store.PlanDraft || v1.OwnerName != "Ana Person" || len(v1.Body.Actions) != 3 {
		t.Fatalf("v1 = %+v", v1)
	}
	if r := v1.Body.Actions[0].Reasons[0]; r.Kind != plan.ReasonLowSubArea || r.Score != 38 {
		t.Errorf("body did not round-trip: %+v", r)
	}
	if err := st.SetPlanAction(ctx, f.person, v1.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone, Note: "Ranked ten prospects", DoneOn: "2026-03-20"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPlanAction(ctx, f.person, v1.ID, store.PlanAction{ActionID: "find-a-mentor", Status: plan.StatusDoing, Note: "Two calls booked", DoneOn: "2026-03-21"}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := st.PlanActions(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a := got["find-a-mentor"]; a.Status != plan.StatusDoing || a.DoneOn != "" || a.Note != "Two calls booked" {
		t.Errorf("in-progress action = %+v, want its date dropped", a)
	}
	if got["pilot-proposal"].Status != plan.StatusTodo {
		t.Errorf("untouched action = %+v, want todo", got["pilot-proposal"])
	}

	// The rebuild keeps the done action (as a kept one) and the started one.
	v2, err := st.CreatePlan(ctx, f.person, body("kept:scoring-model", "find-a-mentor", "two-industry-events"), got)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 {
		t.Fatalf("second version = %d", v2.Version)
	}
	got2, _ := st.PlanActions(ctx, v2.ID)
	if a := got2["scoring-model"]; a.Status != plan.StatusDone || a.DoneOn != "2026-03-20" || a.Note != "Ranked ten prospects" {
		t.Errorf("carried done action = %+v", a)
	}
	if a := got2["find-a-mentor"]; a.Status != plan.StatusDoing || a.Note != "Two calls booked" {
		t.Errorf("carried started action = %+v", a)
	}
	if a := got2["two-industry-events"]; a.Status != plan.StatusTodo {
		t.Errorf("new action = %+v", a)
	}
	// The earlier version is readable and no longer changes.
	old, err := st.PlanVersion(ctx, f.person, 1)
	if err != nil || old.ID != v1.ID {
		t.Fatalf("PlanVersion(1) = %+v, %v", old, err)
	}
	if err := st.SetPlanAction(ctx, f.person, v1.ID, store.PlanAction{ActionID: "pilot-proposal", Status: plan.StatusDone}, nil); !errors.Is(err, store.ErrPlanOld) {
		t.Errorf("change to an old version = %v, want ErrPlanOld", err)
	}
	vs, err := st.PlanVersions(ctx, f.person)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 2 || vs[0].Done != 1 || vs[0].Total != 3 || vs[1].Done != 1 {
		t.Errorf("versions = %+v", vs)
	}
	if latest, _ := st.LatestPlan(ctx, f.person); latest.ID != v2.ID {
		t.Errorf("latest = %d, want %d", latest.ID, v2.ID)
	}
	if _, err := st.PlanVersion(ctx, f.person, 3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing version = %v", err)
	}
}

func TestSetPlanActionRefusesBadInput(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p, err := st.CreatePlan(ctx, f.person, body("scoring-model"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ok := store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDoing, Note: strings.Repeat("é", store.MaxPlanNote)}
	if err := st.SetPlanAction(ctx, f.person, p.ID, ok, nil); err != nil {
		t.Fatalf("a note of exactly %d characters: %v", store.MaxPlanNote, err)
	}
	tests := []struct {
		name string
		user int64
		plan int64
		a    store.PlanAction
		want error
	}{
		{"unknown status", f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: "finished"}, store.ErrPlanStatus},
		{"empty status", f.person, p.ID, store.PlanAction{ActionID: "scoring-model"}, store.ErrPlanStatus},
		{"note too long", f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone, Note: strings.Repeat("a", store.MaxPlanNote+1)}, store.ErrPlanNote},
		{"not a date", f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone, DoneOn: "yesterday"}, store.ErrPlanDate},
		{"impossible date", f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone, DoneOn: "2026-02-30"}, store.ErrPlanDate},
		{"someone else's plan", f.stranger, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone}, store.ErrNotFound},
		{"no such plan", f.person, p.ID + 100, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone}, store.ErrNotFound},
		{"action not in the plan", f.person, p.ID, store.PlanAction{ActionID: "find-a-mentor", Status: plan.StatusDone}, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := st.SetPlanAction(ctx, tt.user, tt.plan, tt.a, nil); !errors.Is(err, tt.want) {
				t.Errorf("SetPlanAction = %v, want %v", err, tt.want)
			}
			got, _ := st.PlanActions(ctx, p.ID)
			if a := got["scoring-model"]; a.Status != plan.StatusDoing || a.Note != ok.Note {
				t.Errorf("refused change still changed the row: %+v", a)
			}
			if _, ok := got["find-a-mentor"]; ok {
				t.Error("a refused change added a row")
			}
		})
	}
}

func TestPlanReviewStates(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p := f.create(t, "scoring-model", "find-a-mentor")
	state := func() string {
		s, err := st.LatestPlanState(ctx, f.person)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	type step struct {
		name     string
		do       func() error
		want     error
		newState string
	}
	steps := []step{
		{"a draft cannot be reviewed", func() error { return st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionApprove, nil) }, store.ErrPlanState, store.PlanDraft},
		{"a draft cannot be withdrawn", func() error { return st.WithdrawPlan(ctx, f.person, p.ID) }, store.ErrPlanState, store.PlanDraft},
		{"only the owner submits", func() error { return st.SubmitPlan(ctx, f.stranger, p.ID) }, store.ErrNotFound, store.PlanDraft},
		{"submit", func() error { return st.SubmitPlan(ctx, f.person, p.ID) }, nil, store.PlanInReview},
		{"submit twice", func() error { return st.SubmitPlan(ctx, f.person, p.ID) }, store.ErrPlanState, store.PlanInReview},
		{"withdraw", func() error { return st.WithdrawPlan(ctx, f.person, p.ID) }, nil, store.PlanDraft},
		{"submit again", func() error { return st.SubmitPlan(ctx, f.person, p.ID) }, nil, store.PlanInReview},
		{"an empty comment is refused", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, "", map[string]string{"": "  "})
		}, store.ErrPlanComment, store.PlanInReview},
		{"an unknown decision is refused", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, "maybe", map[string]string{"": "Hm"})
		}, store.ErrPlanState, store.PlanInReview},
		{"a comment on an action not in the plan is refused whole", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionChanges, map[string]string{"": "Overall fine", "host-roundtable": "?"})
		}, store.ErrNotFound, store.PlanInReview},
		{"a comment too long is refused", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionChanges, map[string]string{"": strings.Repeat("x", store.MaxPlanComment+1)})
		}, store.ErrPlanComment, store.PlanInReview},
		{"comments only", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, "", map[string]string{"find-a-mentor": "Ask me for two names"})
		}, nil, store.PlanInReview},
		{"ask for changes", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionChanges, map[string]string{"": "Add a budget action", "scoring-model": "Use seven criteria"})
		}, nil, store.PlanChangesRequested},
		{"resubmit after changes", func() error { return st.SubmitPlan(ctx, f.person, p.ID) }, nil, store.PlanInReview},
		{"approve", func() error {
			return st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionApprove, map[string]string{"": "Good plan"})
		}, nil, store.PlanApproved},
		{"an approved plan is not submitted again", func() error { return st.SubmitPlan(ctx, f.person, p.ID) }, store.ErrPlanState, store.PlanApproved},
	}
	for _, s := range steps {
		if err := s.do(); !errors.Is(err, s.want) {
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.want)
		}
		if got := state(); got != s.newState {
			t.Fatalf("%s: state = %s, want %s", s.name, got, s.newState)
		}
	}
	cs, err := st.PlanComments(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range cs {
		if c.AuthorName != "Mo Mentor" || c.AuthorID != f.mentor {
			t.Errorf("comment author = %d %q", c.AuthorID, c.AuthorName)
		}
		lines = append(lines, c.ActionID+"|"+c.Body+"|"+c.Decision)
	}
	want := []string{
		"find-a-mentor|Ask me for two names|",
		"scoring-model|Use seven criteria|",
		"|Add a budget action|changes",
		"|Good plan|approve",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("comments:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlansInReviewForTheActiveMentorOnly(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p, _ := st.CreatePlan(ctx, f.person, body("scoring-model"), nil)
	if list, _ := st.PlansInReview(ctx, f.mentor); len(list) != 0 {
		t.Fatalf("a draft is listed: %+v", list)
	}
	if err := st.SubmitPlan(ctx, f.person, p.ID); err != nil {
		t.Fatal(err)
	}
	list, err := st.PlansInReview(ctx, f.mentor)
	if err != nil || len(list) != 1 || list[0].PlanID != p.ID || list[0].UserName != "Ana Person" || list[0].Version != 1 {
		t.Fatalf("in review = %+v, %v", list, err)
	}
	if list, _ := st.PlansInReview(ctx, f.stranger); len(list) != 0 {
		t.Errorf("a stranger sees %+v", list)
	}
	names, err := st.PlanReviewers(ctx, f.person)
	if err != nil || len(names) != 1 || names[0] != "Mo Mentor" {
		t.Errorf("reviewers = %v, %v", names, err)
	}
	// A newer version hides the old one in review, and reviewing the old
	// one is refused.
	if _, err := st.CreatePlan(ctx, f.person, body("find-a-mentor"), nil); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.PlansInReview(ctx, f.mentor); len(list) != 0 {
		t.Errorf("a superseded version is listed: %+v", list)
	}
	if err := st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionApprove, nil); !errors.Is(err, store.ErrPlanOld) {
		t.Errorf("review of a superseded version = %v, want ErrPlanOld", err)
	}
	// An ended mentorship ends the listing.
	p3, _ := st.LatestPlan(ctx, f.person)
	if err := st.SubmitPlan(ctx, f.person, p3.ID); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `UPDATE mentorships SET state = 'ended', ended_at = 2 WHERE mentee_id = ?`, f.person)
	if list, _ := st.PlansInReview(ctx, f.mentor); len(list) != 0 {
		t.Errorf("a former mentor still sees %+v", list)
	}
}

func TestPlanChangesMoveUpdatedAt(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	p, _ := st.CreatePlan(ctx, f.person, body("scoring-model"), nil)
	now = now.Add(time.Hour)
	if err := st.SetPlanAction(ctx, f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDoing}, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := st.PlanByID(ctx, p.ID)
	if !got.UpdatedAt.Equal(now) || !got.CreatedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("updated %v created %v", got.UpdatedAt, got.CreatedAt)
	}
	// A clock that goes back never moves updated_at backwards.
	now = now.Add(-2 * time.Hour)
	if err := st.SubmitPlan(ctx, f.person, p.ID); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.PlanByID(ctx, p.ID); again.UpdatedAt.Before(got.UpdatedAt) {
		t.Errorf("updated_at went back to %v", again.UpdatedAt)
	}
}

func TestUserTarget(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	tg, err := st.UserTarget(ctx, f.person)
	if err != nil || tg.Role != "" || tg.HorizonMonths != 12 {
		t.Fatalf("default target = %+v, %v", tg, err)
	}
	if err := st.SetUserTarget(ctx, f.person, plan.Target{Role: "vp-partnerships", HorizonMonths: 18}); err != nil {
		t.Fatal(err)
	}
	if tg, _ := st.UserTarget(ctx, f.person); tg.Role != "vp-partnerships" || tg.HorizonMonths != 18 {
		t.Errorf("target = %+v", tg)
	}
	if err := st.SetUserTarget(ctx, 9999, plan.Target{Role: "cpo", HorizonMonths: 6}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user = %v", err)
	}
}

// TestSetPlanActionFollows: a progress mark's follow-up changes the body in
// the same transaction, sees every status with the new mark, and leaves an
// approved plan approved; a refused mark runs no follow-up.
func TestSetPlanActionFollows(t *testing.T) {
	t.Parallel()
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p := f.create(t, "scoring-model", "find-a-mentor")
	f.exec(t, `UPDATE plans SET state = 'approved' WHERE id = ?`, p.ID)
	var seen map[string]string
	follow := func(b *plan.Plan, status map[string]string) bool {
		seen = status
		b.Actions[1].Backlog = true
		return true
	}
	if err := st.SetPlanAction(ctx, f.person, p.ID, store.PlanAction{ActionID: "scoring-model", Status: plan.StatusDone}, follow); err != nil {
		t.Fatal(err)
	}
	if seen["scoring-model"] != plan.StatusDone || seen["find-a-mentor"] != plan.StatusTodo {
		t.Errorf("follow saw %v, want the new mark and every other status", seen)
	}
	got, _ := st.PlanByID(ctx, p.ID)
	if !got.Body.Actions[1].Backlog || got.State != store.PlanApproved {
		t.Errorf("after the follow-up: backlog %t, state %s; want the body changed and the plan still approved", got.Body.Actions[1].Backlog, got.State)
	}
	called := false
	refused := store.PlanAction{ActionID: "scoring-model", Status: "finished"}
	if err := st.SetPlanAction(ctx, f.person, p.ID, refused, func(*plan.Plan, map[string]string) bool { called = true; return true }); err == nil || called {
		t.Errorf("a refused mark: err %v, follow-up run %t", err, called)
	}
}
