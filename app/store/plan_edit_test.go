package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// rebuildTo returns a builder that makes body from the latest version's
// progress, as the web layer's rebuild does.
func rebuildTo(body plan.Plan) store.PlanBuilder {
	return func(prev *store.Plan, progress map[string]store.PlanAction) (plan.Plan, error) { return body, nil }
}

// TestRebuildKeepsAMarkSavedMeanwhile hammers race (b) of issue 12: an
// action marked done while the plan is rebuilt. A mark the store
// acknowledged must be in the new version; one refused (the version was no
// longer the latest) is not acknowledged and may be absent.
func TestRebuildKeepsAMarkSavedMeanwhile(t *testing.T) {
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	for i := 0; i < 60; i++ {
		b := body("scoring-model", "pilot-proposal")
		b.Basis.SkillsAttempt = fmt.Sprint("r", i)
		if i == 0 {
			if _, err := st.CreatePlan(ctx, f.person, b, nil); err != nil {
				t.Fatal(err)
			}
			continue
		}
		cur, err := st.LatestPlan(ctx, f.person)
		if err != nil {
			t.Fatal(err)
		}
		id := "scoring-model"
		if i%2 == 0 {
			id = "pilot-proposal"
		}
		var wg sync.WaitGroup
		var markErr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			markErr = st.SetPlanAction(ctx, f.person, cur.ID, store.PlanAction{ActionID: id, Status: plan.StatusDone, Note: "done", DoneOn: "2026-01-02"}, nil)
		}()
		go func() {
			defer wg.Done()
			if _, err := st.BuildPlan(ctx, f.person, rebuildTo(b)); err != nil {
				t.Error(err)
			}
		}()
		wg.Wait()
		if markErr != nil && !errors.Is(markErr, store.ErrPlanOld) {
			t.Fatalf("mark: %v", markErr)
		}
		latest, _ := st.LatestPlan(ctx, f.person)
		got, _ := st.PlanActions(ctx, latest.ID)
		if markErr == nil && got[id].Status != plan.StatusDone {
			t.Fatalf("try %d: mark on %s acknowledged, but version %d has %+v", i, id, latest.Version, got[id])
		}
	}
}

func TestBuildPlanSameAndConcurrent(t *testing.T) {
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	b := body("scoring-model")
	if _, err := st.BuildPlan(ctx, f.person, rebuildTo(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BuildPlan(ctx, f.person, rebuildTo(b)); !errors.Is(err, store.ErrPlanSame) {
		t.Fatalf("same plan again = %v, want ErrPlanSame", err)
	}
	b2 := body("scoring-model", "pilot-proposal")
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.BuildPlan(ctx, f.person, rebuildTo(b2))
			switch {
			case err == nil:
				mu.Lock()
				created++
				mu.Unlock()
			case !errors.Is(err, store.ErrPlanSame):
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	vs, _ := st.PlanVersions(ctx, f.person)
	if created != 1 || len(vs) != 2 {
		t.Errorf("8 concurrent rebuilds created %d versions (%d in all), want 1 (2)", created, len(vs))
	}
}

func TestEditPlanKeepsRowsWithTheBody(t *testing.T) {
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p, err := st.CreatePlan(ctx, f.person, body("scoring-model", "pilot-proposal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = st.EditPlan(ctx, f.person, p.ID, func(b *plan.Plan) error {
		b.Actions = append(b.Actions[1:], plan.Action{ID: "own-1", Title: "Mine", Origin: plan.OriginOwn})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := st.PlanActions(ctx, p.ID)
	if _, ok := rows["scoring-model"]; ok || rows["own-1"].Status != plan.StatusTodo || len(rows) != 2 {
		t.Errorf("rows after edit = %+v, want pilot-proposal and own-1", rows)
	}
	if err := st.EditPlan(ctx, f.stranger, p.ID, func(*plan.Plan) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("stranger's edit = %v, want ErrNotFound", err)
	}
	refuse := errors.New("refused")
	if err := st.EditPlan(ctx, f.person, p.ID, func(*plan.Plan) error { return refuse }); !errors.Is(err, refuse) {
		t.Errorf("refused edit = %v", err)
	}
	if err := st.SubmitPlan(ctx, f.person, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.EditPlan(ctx, f.person, p.ID, func(*plan.Plan) error { return nil }); !errors.Is(err, store.ErrPlanState) {
		t.Errorf("edit in review = %v, want ErrPlanState", err)
	}
	if err := st.ReviewPlan(ctx, p.ID, f.mentor, store.DecisionApprove, map[string]string{"": "Fine"}); err != nil {
		t.Fatal(err)
	}
	last, err := st.LastReview(ctx, f.person)
	if err != nil || len(last.Snapshot) != 2 || last.Decision != store.DecisionApprove {
		t.Fatalf("last review = %+v, %v", last, err)
	}
	if err := st.EditPlan(ctx, f.person, p.ID, func(*plan.Plan) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.LatestPlan(ctx, f.person); got.State != store.PlanDraft {
		t.Errorf("approved plan edited: state %s, want draft", got.State)
	}
}

func TestSuggestions(t *testing.T) {
	f := newPlanFixture(t)
	st, ctx := f.st, f.ctx
	p, err := st.CreatePlan(ctx, f.person, body("scoring-model"), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := plan.Edit{Kind: plan.EditDrop, Action: "scoring-model"}
	id, err := st.CreateSuggestion(ctx, f.mentor, f.person, p.ID, e, "Not this one")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := st.Suggestions(ctx, f.person)
	if err != nil || len(gs) != 1 || gs[0].Edit.Origin != plan.OriginMentor || gs[0].AuthorName != "Mo Mentor" {
		t.Fatalf("suggestions = %+v, %v", gs, err)
	}
	apply := func(b *plan.Plan, e plan.Edit) error {
		b.Actions = nil
		return nil
	}
	if err := st.AnswerSuggestion(ctx, f.stranger, p.ID, id, true, apply); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("stranger answers = %v, want ErrNotFound", err)
	}
	if err := st.AnswerSuggestion(ctx, f.person, p.ID, id, true, apply); err != nil {
		t.Fatal(err)
	}
	if rows, _ := st.PlanActions(ctx, p.ID); len(rows) != 0 {
		t.Errorf("accepted drop left rows %+v", rows)
	}
	if err := st.AnswerSuggestion(ctx, f.person, p.ID, id, false, apply); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answering twice = %v, want ErrNotFound", err)
	}
}
