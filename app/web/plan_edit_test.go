package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpopath/app/plan"
)

// latestBody reads the user's latest plan version as stored.
func latestBody(t *testing.T, e *env, userID int64) (int64, plan.Plan) {
	t.Helper()
	var id int64
	var body string
	queryRow(t, e, `SELECT id, body_json FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, []any{userID}, &id, &body)
	var p plan.Plan
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	return id, p
}

// alternative returns an action of the same sub-area as id that is not in p.
func alternative(e *env, p plan.Plan, id string) string {
	a := p.Action(id)
	for _, ca := range e.deps.Content.Actions {
		if ca.SubArea == a.SubArea && p.Action(ca.ID) == nil {
			return ca.ID
		}
	}
	return ""
}

// TestPlanEdits walks every edit a person makes, the refusals, a mentor's
// suggestions, "changes requested" answered by editing and resubmitting
// with the changes shown to the mentor, and a rebuild that keeps it all.
func TestPlanEdits(t *testing.T) {
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	planID := withPlan(t, e, ana)
	pid := strconv.FormatInt(planID, 10)
	_, p := latestBody(t, e, ana.id)
	if len(p.Focus) == 0 {
		t.Fatalf("no focus areas for a person with clear needs")
	}
	r := ana.get("/plan")
	for _, want := range []string{"Your focus areas", "The next 90 days", "Backlog:", "Add your own action", "Change this action", "Planned for 6 hours a week."} {
		if !strings.Contains(r.body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if i, j := strings.Index(r.body, "Your focus areas"), strings.Index(r.body, "The next 90 days"); i < 0 || j < i {
		t.Error("the page does not open with the focus areas")
	}

	first := p.ActionsAt(0)
	drop, move := first[0].ID, first[1].ID
	swap := p.ActionsAt(1)[0].ID
	alt := alternative(e, p, swap)
	if alt == "" {
		t.Fatalf("no alternative for %s", swap)
	}
	postpone := p.ActionsAt(2)[0].ID
	edit := func(form url.Values) *resp {
		form.Set("plan", pid)
		return ana.post("/plan/actions/edit", form)
	}
	mustStatus(t, edit(url.Values{"action": {drop}, "change": {"drop"}, "reason": {"Done this last year"}}), http.StatusSeeOther)
	mustStatus(t, edit(url.Values{"action": {move}, "change": {"move:3"}}), http.StatusSeeOther)
	mustStatus(t, edit(url.Values{"action": {swap}, "change": {"swap:" + alt}}), http.StatusSeeOther)
	mustStatus(t, edit(url.Values{"action": {postpone}, "change": {"backlog"}}), http.StatusSeeOther)
	due := time.Now().AddDate(0, 0, 40).Format(time.DateOnly)
	r = ana.post("/plan/actions/new", url.Values{"plan": {pid}, "title": {"Shadow our head of alliances 🤝"}, "subarea": {"internal"}, "outcome": {"Notes from two meetings"}, "due": {due}})
	mustStatus(t, r, http.StatusSeeOther)

	movedTo := 3
	check := func(t *testing.T, p plan.Plan) {
		t.Helper()
		if p.Action(drop) != nil {
			t.Errorf("dropped %s is in the plan", drop)
		}
		if a := p.Action(move); a == nil || a.Milestone != movedTo {
			t.Errorf("moved %s = %+v", move, a)
		}
		if p.Action(swap) != nil || p.Action(alt) == nil {
			t.Errorf("swap %s for %s not done", swap, alt)
		}
		if a := p.Action(postpone); a == nil || !a.Backlog {
			t.Errorf("postponed %s = %+v", postpone, a)
		}
		if a := p.Action("own-1"); a == nil || a.Origin != plan.OriginOwn || a.Milestone != 1 {
			t.Errorf("own action = %+v, want own-1 due at day 60", a)
		}
	}
	_, p = latestBody(t, e, ana.id)
	check(t, p)
	if n := countRows(t, e, `SELECT COUNT(*) FROM plan_actions WHERE plan_id = ? AND action_id IN (?, ?)`, planID, drop, swap); n != 0 {
		t.Errorf("%d progress rows left for removed actions", n)
	}
	r = ana.get("/plan")
	if !strings.Contains(r.body, "Shadow our head of alliances 🤝") || !strings.Contains(r.body, "Own action") {
		t.Error("the plan page does not show the own action")
	}

	// Refusals: a 4xx and nothing changes.
	before := actionRows(t, e, ana.id)
	for _, tt := range []struct {
		name string
		path string
		form url.Values
		want int
	}{
		{"unknown change", "/plan/actions/edit", url.Values{"action": {move}, "change": {"rename"}}, 422},
		{"a milestone past the plan", "/plan/actions/edit", url.Values{"action": {move}, "change": {"move:99"}}, 422},
		{"a swap outside the sub-area", "/plan/actions/edit", url.Values{"action": {move}, "change": {"swap:find-a-mentor"}}, 422},
		{"an action not in the plan", "/plan/actions/edit", url.Values{"action": {"no-such"}, "change": {"drop"}}, 422},
		{"an own action without outcome", "/plan/actions/new", url.Values{"title": {"X"}, "subarea": {"internal"}, "due": {due}}, 422},
		{"an own action after the plan", "/plan/actions/new", url.Values{"title": {"X"}, "subarea": {"internal"}, "outcome": {"Y"}, "due": {"2099-01-01"}}, 422},
		{"an own action with no date", "/plan/actions/new", url.Values{"title": {"X"}, "subarea": {"internal"}, "outcome": {"Y"}, "due": {"soon"}}, 422},
		{"an unknown sub-area", "/plan/actions/new", url.Values{"title": {"X"}, "subarea": {"golf"}, "outcome": {"Y"}, "due": {due}}, 422},
		{"hours out of range", "/plan/hours", url.Values{"hours": {"0"}}, 422},
		{"hours not a number", "/plan/hours", url.Values{"hours": {"six"}}, 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("plan", pid)
			r := ana.post(tt.path, tt.form)
			mustStatus(t, r, tt.want)
			assertTranslated(t, e, "en", tt.path, r.body)
			if got := actionRows(t, e, ana.id); got != before {
				t.Errorf("refused edit changed the plan")
			}
		})
	}

	// A mentor suggests; the mentee accepts one and declines another.
	mo := register(t, e, "Mo Mentor")
	becomeMentor(t, ana.client, mo.client)
	ana.refresh()
	m := "/mentor/mentees/" + strconv.FormatInt(ana.id, 10)
	_, p = latestBody(t, e, ana.id)
	var add string
	for _, ca := range e.deps.Content.Actions {
		if p.Action(ca.ID) == nil && ca.SubArea == "events" && ca.Mentor == "" {
			add = ca.ID
			break
		}
	}
	mustStatus(t, mo.post(m+"/plan/suggest", url.Values{"plan": {pid}, "kind": {"add"}, "action": {add}, "to": {"move:1"}, "comment": {"Go to this one"}}), http.StatusSeeOther)
	mustStatus(t, mo.post(m+"/plan/suggest", url.Values{"plan": {pid}, "action": {move}, "change": {"drop"}, "comment": {"Skip it"}}), http.StatusSeeOther)
	mustStatus(t, mo.post(m+"/plan/suggest", url.Values{"plan": {pid}, "kind": {"add"}, "action": {"find-a-mentor"}, "to": {"move:1"}}), http.StatusUnprocessableEntity)
	mustStatus(t, mo.post(m+"/plan/suggest", url.Values{"plan": {pid}, "kind": {"add"}, "action": {""}, "title": {"Sit in on our renewal talks"},
		"subarea": {"candour"}, "outcome": {"Notes on two renewals"}, "due": {due}, "comment": {"In my words"}}), http.StatusSeeOther)
	mustStatus(t, mo.post(m+"/plan/suggest", url.Values{"plan": {pid}, "kind": {"add"}, "action": {""}, "title": {""}, "subarea": {"candour"}, "due": {due}}), http.StatusUnprocessableEntity)
	r = ana.get("/plan")
	if !strings.Contains(r.body, "Your mentor&#39;s suggestions") || !strings.Contains(r.body, "Go to this one") {
		t.Fatal("the mentee does not see the suggestions")
	}
	var acceptID, declineID int64
	queryRow(t, e, `SELECT id FROM plan_suggestions WHERE comment = 'Go to this one'`, nil, &acceptID)
	queryRow(t, e, `SELECT id FROM plan_suggestions WHERE comment = 'Skip it'`, nil, &declineID)
	mustStatus(t, mo.post("/plan/suggestions/"+strconv.FormatInt(acceptID, 10)+"/accept", url.Values{"plan": {pid}}), http.StatusNotFound)
	mustStatus(t, ana.post("/plan/suggestions/"+strconv.FormatInt(acceptID, 10)+"/accept", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/suggestions/"+strconv.FormatInt(declineID, 10)+"/decline", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/suggestions/"+strconv.FormatInt(declineID, 10)+"/accept", url.Values{"plan": {pid}}), http.StatusNotFound)
	var ownID int64
	queryRow(t, e, `SELECT id FROM plan_suggestions WHERE comment = 'In my words'`, nil, &ownID)
	mustStatus(t, ana.post("/plan/suggestions/"+strconv.FormatInt(ownID, 10)+"/accept", url.Values{"plan": {pid}}), http.StatusSeeOther)
	_, p = latestBody(t, e, ana.id)
	if a := p.Action(add); a == nil || a.Origin != plan.OriginMentor || a.Milestone != 1 {
		t.Errorf("accepted suggestion = %+v", a)
	}
	if p.Action(move) == nil {
		t.Error("a declined suggestion was applied")
	}
	if a := p.Action("own-2"); a == nil || a.Origin != plan.OriginMentor || a.Title != "Sit in on our renewal talks" {
		t.Errorf("accepted suggestion in the mentor's words = %+v", a)
	}

	// Review: changes requested, the mentee edits and resubmits, the
	// mentor sees what changed, then approves.
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, edit(url.Values{"action": {move}, "change": {"drop"}}), http.StatusConflict) // in review
	mustStatus(t, mo.post(m+"/plan/review", url.Values{"plan": {pid}, "decision": {"changes"}, "overall": {"Fewer networking actions"}}), http.StatusSeeOther)
	mustStatus(t, edit(url.Values{"action": {move}, "change": {"move:4"}}), http.StatusSeeOther)
	movedTo = 4
	mustStatus(t, edit(url.Values{"action": {add}, "change": {"drop"}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/actions", url.Values{"plan": {pid}, "action": {alt}, "status": {"doing"}, "note": {"Started with finance"}}), http.StatusSeeOther)
	r = ana.get("/plan")
	if !strings.Contains(r.body, "Changed since the mentor&#39;s review") {
		t.Error("the mentee does not see what changed since the review")
	}
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	r = mo.get(m + "/plan")
	for _, want := range []string{"Changed since your review of", "Moved from Month 6 to Month 9:", "Removed:", "Note changed:"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the mentor's view lacks %q", want)
		}
	}
	assertTranslated(t, e, "en", "mentor plan", r.body)
	mustStatus(t, mo.post(m+"/plan/review", url.Values{"plan": {pid}, "decision": {"approve"}}), http.StatusSeeOther)
	if r = mo.get(m + "/plan"); !strings.Contains(r.body, "Nothing changed since the review of") {
		t.Error("after approval the mentor's view still lists changes")
	}

	// A rebuild keeps the edits and progress; the same plan again makes no
	// version.
	mustStatus(t, ana.post("/plan/hours", url.Values{"hours": {"8"}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/build", nil), http.StatusSeeOther)
	v2, p2 := latestBody(t, e, ana.id)
	if v2 == planID {
		t.Fatal("no new version after a change of hours")
	}
	check(t, p2)
	if p2.Action(add) != nil || p2.HoursPerWeek != 8 {
		t.Errorf("version 2: dropped suggestion back or hours %d", p2.HoursPerWeek)
	}
	var status, note string
	queryRow(t, e, `SELECT status, note FROM plan_actions WHERE plan_id = ? AND action_id = ?`, []any{v2, alt}, &status, &note)
	if status != "doing" || note != "Started with finance" {
		t.Errorf("progress of %s in version 2 = %s %q", alt, status, note)
	}
	versions := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, ana.id)
	r = ana.post("/plan/build", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, ana.id); n != versions {
		t.Errorf("a rebuild with nothing new made version %d", n)
	}
	if r = ana.get("/plan"); !strings.Contains(r.body, "Nothing has changed since the latest version") {
		t.Error("no word that nothing changed")
	}

	// The export names each action's origin, status, milestone and due date.
	x := ana.get("/me/export").body
	for _, want := range []string{`"origin": "own"`, `"origin": "mentor"`, `"origin": "rules"`, `"milestone": "60 days"`, `"milestone": "backlog"`, `"due": "`, `"title": "Shadow our head of alliances 🤝"`} {
		if !strings.Contains(x, want) {
			t.Errorf("export lacks %s", want)
		}
	}
}

// TestPlanProgressErrorsInline: a refused progress save shows its error in
// the action's card and keeps what was typed; a saved one says so there.
func TestPlanProgressErrorsInline(t *testing.T) {
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	planID := withPlan(t, e, ana)
	_, p := latestBody(t, e, ana.id)
	id := p.ActionsAt(0)[0].ID
	note := "A long note that must survive an error.\nSecond line of it."
	future := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	r := ana.post("/plan/actions", url.Values{"plan": {strconv.FormatInt(planID, 10)}, "action": {id}, "status": {"done"}, "note": {note}, "done_on": {future}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	for _, want := range []string{`role="alert" id="err-` + id + `"`, "A long note that must survive an error.\nSecond line of it.", `value="` + future + `"`, "An action cannot be done on a date in the future."} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the refused save's page lacks %q", want)
		}
	}
	if !strings.Contains(r.body, `<h1>Your development plan</h1>`) {
		t.Error("the refused save is not shown on the plan page")
	}
	r = ana.post("/plan/actions", url.Values{"plan": {strconv.FormatInt(planID, 10)}, "action": {id}, "status": {"doing"}, "note": {note}})
	mustStatus(t, r, http.StatusSeeOther)
	r = ana.get(r.location())
	if !strings.Contains(r.body, `<p class="saved" role="status">Saved.</p>`) {
		t.Error("no confirmation in the card after saving")
	}

	// A finished action is replaced from the backlog, by choice.
	var next string
	for _, a := range p.Actions {
		if a.Backlog {
			next = a.ID
			break
		}
	}
	r = ana.post("/plan/actions", url.Values{"plan": {strconv.FormatInt(planID, 10)}, "action": {id}, "status": {"done"}})
	mustStatus(t, r, http.StatusSeeOther)
	r = ana.get(r.location())
	if !strings.Contains(r.body, "Next from your backlog:") || !strings.Contains(r.body, `name="change" value="move:0"`) {
		t.Fatal("finishing an action does not offer the next from the backlog")
	}
	mustStatus(t, ana.post("/plan/actions/edit", url.Values{"plan": {strconv.FormatInt(planID, 10)}, "action": {next}, "change": {"move:0"}}), http.StatusSeeOther)
	if _, p = latestBody(t, e, ana.id); p.Action(next) == nil || p.Action(next).Backlog || p.Action(next).Milestone != 0 {
		t.Errorf("the backlog action %s was not taken on: %+v", next, p.Action(next))
	}
}

// TestPlanRebuildLimit: rebuilds per person are limited.
func TestPlanRebuildLimit(t *testing.T) {
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	withPlan(t, e, ana)
	limited := false
	for i := 0; i < 12; i++ {
		r := ana.post("/plan/build", nil)
		if r.status == http.StatusTooManyRequests {
			limited = true
			assertTranslated(t, e, "en", "rebuild limit", r.body)
			break
		}
		mustStatus(t, r, http.StatusSeeOther)
	}
	if !limited {
		t.Error("12 rebuilds in a row were all accepted")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, ana.id); n != 1 {
		t.Errorf("%d versions from rebuilds with nothing new, want 1", n)
	}
}

// TestFirstRulesPlanStaysReadable: a version stored by the first rules
// (no focus areas, no origins, no backlog) still shows, as a page and a PDF,
// and says the rules have improved.
func TestFirstRulesPlanStaysReadable(t *testing.T) {
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	planID := withPlan(t, e, ana)
	_, p := latestBody(t, e, ana.id)
	p.Rules, p.Focus, p.HoursPerWeek = 1, nil, 0
	var kept []plan.Action
	for _, a := range p.Actions {
		if !a.Backlog {
			a.Origin = ""
			kept = append(kept, a)
		}
	}
	p.Actions = kept
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw(t, e).Exec(`UPDATE plans SET body_json = ? WHERE id = ?`, string(b), planID); err != nil {
		t.Fatal(err)
	}
	r := ana.get("/plan")
	mustStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "Your focus areas") || !strings.Contains(r.body, "The planning rules have improved") {
		t.Error("a first-rules plan shows focus areas it never had, or no word of the new rules")
	}
	assertTranslated(t, e, "en", "/plan (rules 1)", r.body)
	pdfR := ana.get("/plan.pdf")
	mustStatus(t, pdfR, http.StatusOK)
	if !strings.Contains(pdfText(t, []byte(pdfR.body)), "Your first priorities") {
		t.Error("a first-rules plan's PDF lacks its priorities")
	}
}
