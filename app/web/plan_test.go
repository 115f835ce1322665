package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpopath/app/assess"
	"cpopath/app/store"
	"cpopath/app/testkit"
)

// planUser is a signed-in browser with the account's id.
type planUser struct {
	*client
	id    int64
	name  string
	email string
}

// register creates an account through the real form and keeps its session.
func register(t *testing.T, e *env, name string) *planUser {
	t.Helper()
	c := e.client()
	email := strings.ToLower(strings.Fields(name)[0]) + "@example.org"
	b := c.browser()
	err := b.Register(name, email, "plan-test-passphrase-42")
	c.sync(b)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	queryRow(t, e, `SELECT id FROM users WHERE email = ?`, []any{email}, &id)
	return &planUser{client: c, id: id, name: name, email: email}
}

func queryRow(t *testing.T, e *env, q string, args []any, dest ...any) {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// actionRows returns every plan action row of the user as text, to prove
// that a refused request changed nothing.
func actionRows(t *testing.T, e *env, userID int64) string {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), `SELECT p.version, p.state, p.updated_at, a.action_id, a.status, a.note, a.done_on
		FROM plans p JOIN plan_actions a ON a.plan_id = p.id WHERE p.user_id = ? ORDER BY p.version, a.action_id`, userID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var v, upd int
		var state, id, status, note, done string
		if err := rows.Scan(&v, &state, &upd, &id, &status, &note, &done); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join([]string{strconv.Itoa(v), state, strconv.Itoa(upd), id, status, note, done}, "|") + "\n")
	}
	return b.String()
}

// lowCriteria answers the skills assessment in the middle, with the lowest
// answer on the criteria items, so criteria development is the clear need.
func lowCriteria(it *assess.Item) string {
	if it.SubArea == "criteria" {
		if it.Kind == assess.KindRated {
			if it.Reverse {
				return "5"
			}
			return "1"
		}
		low := it.Options[0]
		for _, o := range it.Options {
			if o.Score < low.Score {
				low = o
			}
		}
		return low.ID
	}
	return middle(it)
}

// withPlan takes both assessments and sets a target, which builds the first
// plan, and returns the plan's id.
func withPlan(t *testing.T, e *env, u *planUser) int64 {
	t.Helper()
	answerAll(t, u.client, e.deps.Assessments.Get("cpo-skills"), lowCriteria)
	answerAll(t, u.client, e.deps.Assessments.Get("career-path"), func(it *assess.Item) string { return it.Options[1].ID })
	r := u.post("/plan/target", url.Values{"role": {"vp-partnerships"}, "horizon": {"12"}})
	mustStatus(t, r, http.StatusSeeOther)
	var id int64
	queryRow(t, e, `SELECT id FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, []any{u.id}, &id)
	return id
}

// actionIDRE finds the action of each progress form (an action's card
// also holds a change form naming it).
var actionIDRE = regexp.MustCompile(`action="/plan/actions" class="status-form">\s*<input type="hidden" name="_csrf" value="[^"]*">\s*<input type="hidden" name="plan" value="\d+">\s*<input type="hidden" name="action" value="([a-z0-9-]+)"`)

func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	_, err := exec.LookPath("pdftotext")
	testkit.NeedTool(t, "pdftotext", "apt-get install poppler-utils", err == nil)
	f := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestPlanNeedsAnAccountAndAResult(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	guest := e.client()
	for _, path := range []string{"/plan", "/plan.pdf", "/plan/v/1"} {
		r := guest.get(path)
		mustStatus(t, r, http.StatusSeeOther)
		if !strings.HasPrefix(r.location(), "/signin?next=") {
			t.Errorf("%s sends a guest to %q, want the sign-in form", path, r.location())
		}
	}
	mustStatus(t, guest.post("/plan/build", nil), http.StatusUnauthorized)

	ana := register(t, e, "Ana Person")
	r := ana.get("/plan")
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{"Take the skills assessment", `action="/plan/target"`, "Chief Partnership Officer", "VP of Partnerships"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("start page lacks %q", want)
		}
	}
	mustStatus(t, ana.post("/plan/build", nil), http.StatusConflict)
	mustStatus(t, ana.get("/plan.pdf"), http.StatusNotFound)
	// A target alone is saved, but there is nothing to build from yet.
	mustStatus(t, ana.post("/plan/target", url.Values{"role": {"cpo"}, "horizon": {"6"}}), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, ana.id); n != 0 {
		t.Errorf("%d plans without a skills result", n)
	}
	var role string
	var months int
	queryRow(t, e, `SELECT target_role, horizon_months FROM users WHERE id = ?`, []any{ana.id}, &role, &months)
	if role != "cpo" || months != 6 {
		t.Errorf("target = %s/%d", role, months)
	}
}

func TestPlanFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	// Invalid targets are refused and nothing is stored.
	for _, form := range []url.Values{
		{"role": {"astronaut"}, "horizon": {"12"}},
		{"role": {"cpo"}, "horizon": {"24"}},
		{"role": {"other"}, "horizon": {"12"}},
		{"role": {"cpo"}},
	} {
		mustStatus(t, ana.post("/plan/target", form), http.StatusUnprocessableEntity)
	}
	var role string
	queryRow(t, e, `SELECT target_role FROM users WHERE id = ?`, []any{ana.id}, &role)
	if role != "" {
		t.Fatalf("a refused target was stored: %q", role)
	}

	planID := withPlan(t, e, ana)
	r := ana.get("/plan")
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{
		"VP of Partnerships", "within 12 months", "Draft", "Day 30", "Day 60", "Day 90", "Month 12",
		"Why this action", "Your score in Criteria development was", "It belongs to your current step on the path",
		"Build a weighted partner-scoring model", "Outcome:", `href="https://`, "Resources for your plan",
		"0 of ", `action="/plan/actions"`, `href="/plan.pdf"`, "Gain experience", "Seek mentorship", "Transition to leadership",
		"Invite a mentor",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	assertTranslated(t, e, "en", "/plan", r.body)
	ids := actionIDRE.FindAllStringSubmatch(r.body, -1)
	if len(ids) < 9 {
		t.Fatalf("%d action forms on the page", len(ids))
	}
	first, second := ids[0][1], ids[1][1]
	pid := strconv.FormatInt(planID, 10)

	// Progress is saved.
	save := func(c *planUser, form url.Values) *resp {
		t.Helper()
		return c.post("/plan/actions", form)
	}
	r = save(ana, url.Values{"plan": {pid}, "action": {first}, "status": {"doing"}, "note": {"Drafted the criteria"}})
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/plan?saved="+first+"#a-"+first {
		t.Errorf("redirect to %q", r.location())
	}
	r = save(ana, url.Values{"plan": {pid}, "action": {second}, "status": {"done"}, "note": {"Done with the team"}})
	mustStatus(t, r, http.StatusSeeOther)
	var status, note, done string
	queryRow(t, e, `SELECT status, note, done_on FROM plan_actions WHERE plan_id = ? AND action_id = ?`, []any{planID, first}, &status, &note, &done)
	if status != "doing" || note != "Drafted the criteria" || done != "" {
		t.Errorf("first action = %s %q %q", status, note, done)
	}
	queryRow(t, e, `SELECT status, done_on FROM plan_actions WHERE plan_id = ? AND action_id = ?`, []any{planID, second}, &status, &done)
	if status != "done" || done != time.Now().Format(time.DateOnly) {
		t.Errorf("done action = %s %q, want done today", status, done)
	}
	r = ana.get("/plan")
	for _, want := range []string{"Your progress is saved.", "1 of ", "Drafted the criteria"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("plan page after saving lacks %q", want)
		}
	}

	// Refused changes: a 4xx, and nothing changes.
	sam := register(t, e, "Sam Stranger")
	samPlan := withPlan(t, e, sam)
	before := actionRows(t, e, ana.id)
	beforeSam := actionRows(t, e, sam.id)
	tests := []struct {
		name string
		c    *planUser
		form url.Values
		raw  bool
		want int
	}{
		{"unknown status", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"finished"}}, false, http.StatusUnprocessableEntity},
		{"no status", ana, url.Values{"plan": {pid}, "action": {first}}, false, http.StatusUnprocessableEntity},
		{"note too long", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}, "note": {strings.Repeat("n", 1001)}}, false, http.StatusUnprocessableEntity},
		{"not a date", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}, "done_on": {"2026-02-30"}}, false, http.StatusUnprocessableEntity},
		{"a date in the future", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}, "done_on": {time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}}, false, http.StatusUnprocessableEntity},
		{"someone else's plan", ana, url.Values{"plan": {strconv.FormatInt(samPlan, 10)}, "action": {first}, "status": {"done"}}, false, http.StatusNotFound},
		{"a plan id that is not one", ana, url.Values{"plan": {"x1"}, "action": {first}, "status": {"done"}}, false, http.StatusNotFound},
		{"an action not in the plan", ana, url.Values{"plan": {pid}, "action": {"host-roundtable"}, "status": {"done"}}, false, http.StatusNotFound},
		{"no CSRF token", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}}, true, http.StatusForbidden},
		{"a wrong CSRF token", ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}, "_csrf": {"forged"}}, true, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *resp
			if tt.raw {
				r = tt.c.postRaw("/plan/actions", tt.form)
			} else {
				r = save(tt.c, tt.form)
			}
			mustStatus(t, r, tt.want)
			if got := actionRows(t, e, ana.id); got != before {
				t.Errorf("Ana's plan changed:\n%s\nwas:\n%s", got, before)
			}
			if got := actionRows(t, e, sam.id); got != beforeSam {
				t.Error("Sam's plan changed")
			}
		})
	}
	// Review actions of someone else's plan are refused too.
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {strconv.FormatInt(samPlan, 10)}}), http.StatusConflict)

	// The PDF: the owner's, cached until the plan changes.
	r = ana.get("/plan.pdf")
	mustStatus(t, r, http.StatusOK)
	if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("content type %q", ct)
	}
	text := pdfText(t, []byte(r.body))
	for _, want := range []string{"Ana Person", "Development roadmap", "VP of Partnerships", "Drafted the criteria", "Your score in Criteria development was"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	again := ana.get("/plan.pdf")
	if again.body != r.body {
		t.Error("the same plan rendered twice differs")
	}
	mustStatus(t, save(ana, url.Values{"plan": {pid}, "action": {first}, "status": {"done"}, "note": {"Scored ten prospects"}}), http.StatusSeeOther)
	changed := ana.get("/plan.pdf")
	if changed.body == r.body || !strings.Contains(pdfText(t, []byte(changed.body)), "Scored ten prospects") {
		t.Error("the PDF did not follow a change of the plan")
	}
	mustStatus(t, sam.get("/plan.pdf?v=1"), http.StatusOK)
	mustStatus(t, ana.get("/plan.pdf?v=7"), http.StatusNotFound)
	mustStatus(t, ana.get("/plan.pdf?v=x"), http.StatusNotFound)

	// A rebuild makes version 2 and keeps what is done.
	r = ana.post("/plan/build", nil)
	mustStatus(t, r, http.StatusSeeOther)
	var v2 int64
	queryRow(t, e, `SELECT id FROM plans WHERE user_id = ? AND version = 2`, []any{ana.id}, &v2)
	for _, id := range []string{first, second} {
		queryRow(t, e, `SELECT status FROM plan_actions WHERE plan_id = ? AND action_id = ?`, []any{v2, id}, &status)
		if status != "done" {
			t.Errorf("%s in version 2 is %q, want done carried over", id, status)
		}
	}
	r = ana.get("/plan")
	for _, want := range []string{"Version 2", "Already done", `href="/plan/v/1"`, "Actions you completed in an earlier version"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("version 2 page lacks %q", want)
		}
	}
	old := ana.get("/plan/v/1")
	mustStatus(t, old, http.StatusOK)
	if strings.Contains(old.body, `action="/plan/actions"`) || !strings.Contains(old.body, "cannot be changed") {
		t.Error("an earlier version is not shown read only")
	}
	mustStatus(t, ana.get("/plan/v/2"), http.StatusSeeOther)
	mustStatus(t, ana.get("/plan/v/9"), http.StatusNotFound)
	mustStatus(t, sam.get("/plan/v/2"), http.StatusNotFound)
	before = actionRows(t, e, ana.id)
	mustStatus(t, save(ana, url.Values{"plan": {pid}, "action": {first}, "status": {"todo"}}), http.StatusConflict)
	if actionRows(t, e, ana.id) != before {
		t.Error("a change to version 1 was stored")
	}
}

func TestPlanReviewByMentor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	planID := withPlan(t, e, ana)
	pid := strconv.FormatInt(planID, 10)
	mo := register(t, e, "Mo Mentor")
	sam := register(t, e, "Sam Stranger")
	base := "/mentor/mentees/" + strconv.FormatInt(ana.id, 10) + "/plan"

	// Without a mentor there is no one to send it to.
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusConflict)

	// Ana invites Mo, who accepts.
	mustStatus(t, ana.post("/me/invitations", nil), http.StatusSeeOther)
	tok := ana.cookies["cp_invite"]
	if tok == "" {
		t.Fatal("no invitation token")
	}
	mo.get("/invite/" + tok)
	mustStatus(t, mo.post("/invite/"+tok+"/accept", nil), http.StatusSeeOther)

	// Only the active mentor sees the plan.
	for _, c := range []*planUser{sam, ana} {
		mustStatus(t, c.get(base), http.StatusNotFound)
		mustStatus(t, c.get(base+".pdf"), http.StatusNotFound)
		mustStatus(t, c.post(base+"/review", url.Values{"plan": {pid}, "decision": {"approve"}}), http.StatusNotFound)
	}
	r := mo.get(base)
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "has not been sent to you for review") || strings.Contains(r.body, `id="review"`) {
		t.Error("a draft offers the mentor a review form")
	}
	mustStatus(t, mo.post(base+"/review", url.Values{"plan": {pid}, "decision": {"approve"}}), http.StatusConflict)

	r = ana.get("/plan")
	if !strings.Contains(r.body, "Send to Mo Mentor for review") {
		t.Fatal("the plan page does not offer to send it to the mentor")
	}
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	if list, err := e.st.PlansInReview(context.Background(), mo.id); err != nil || len(list) != 1 || list[0].UserName != "Ana Person" {
		t.Fatalf("plans in review for Mo = %+v, %v", list, err)
	}
	if s, _ := e.st.LatestPlanState(context.Background(), ana.id); s != store.PlanInReview {
		t.Fatalf("state = %s", s)
	}

	r = mo.get(base)
	mustStatus(t, r, http.StatusOK)
	ids := regexp.MustCompile(`name="comment\.([a-z0-9-]+)"`).FindAllStringSubmatch(r.body, -1)
	if len(ids) < 9 || !strings.Contains(r.body, `id="review"`) {
		t.Fatalf("review page has %d comment boxes and form: %v", len(ids), strings.Contains(r.body, `id="review"`))
	}
	assertTranslated(t, e, "en", base, r.body)
	act := ids[0][1]

	// Refused reviews change nothing.
	before := actionRows(t, e, ana.id)
	for _, tt := range []struct {
		name string
		form url.Values
		want int
	}{
		{"unknown decision", url.Values{"plan": {pid}, "decision": {"maybe"}, "overall": {"?"}}, http.StatusBadRequest},
		{"nothing said", url.Values{"plan": {pid}, "decision": {""}, "overall": {"  "}}, http.StatusUnprocessableEntity},
		{"comment too long", url.Values{"plan": {pid}, "decision": {"changes"}, "overall": {strings.Repeat("x", 2001)}}, http.StatusUnprocessableEntity},
		{"someone else's plan", url.Values{"plan": {"999"}, "decision": {"approve"}}, http.StatusNotFound},
	} {
		mustStatus(t, mo.post(base+"/review", tt.form), tt.want)
		if n := countRows(t, e, `SELECT COUNT(*) FROM plan_comments`); n != 0 {
			t.Fatalf("%s: %d comments stored", tt.name, n)
		}
		if actionRows(t, e, ana.id) != before {
			t.Fatalf("%s: the plan changed", tt.name)
		}
	}

	// Changes requested, with a comment on an action and overall.
	r = mo.post(base+"/review", url.Values{"plan": {pid}, "decision": {"changes"}, "overall": {"Add a budget goal."}, "comment." + act: {"Use seven criteria, not five."}})
	mustStatus(t, r, http.StatusSeeOther)
	r = ana.get("/plan")
	for _, want := range []string{"Changes requested", "Add a budget goal.", "Use seven criteria, not five.", "Mo Mentor"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("Ana's plan page lacks %q", want)
		}
	}
	// Sent again and approved.
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, mo.post(base+"/review", url.Values{"plan": {pid}, "decision": {"approve"}, "overall": {"Good to go."}}), http.StatusSeeOther)
	if s, _ := e.st.LatestPlanState(context.Background(), ana.id); s != store.PlanApproved {
		t.Fatalf("state = %s, want approved", s)
	}
	r = mo.get(base)
	if !strings.Contains(r.body, "You approved this plan") {
		t.Error("the mentor's page does not show the approval")
	}
	// The mentor's PDF holds the review.
	r = mo.get(base + ".pdf")
	mustStatus(t, r, http.StatusOK)
	text := pdfText(t, []byte(r.body))
	for _, want := range []string{"Ana Person", "Approved", "Good to go.", "Use seven criteria, not five.", "Add a budget goal.", "Decided by Mo Mentor"} {
		if !strings.Contains(text, want) {
			t.Errorf("mentor's PDF lacks %q", want)
		}
	}

	// A rating makes the plan out of date; the rebuild takes it in.
	form := url.Values{"overall": {"Solid start."}}
	for _, sk := range e.deps.Content.Skills {
		for _, sa := range sk.SubAreas {
			v := "3"
			if sa.ID == "referrals" {
				v = "1"
			}
			form.Set("score-"+sa.ID, v)
		}
	}
	mustStatus(t, mo.post("/mentor/mentees/"+strconv.FormatInt(ana.id, 10)+"/rating", form), http.StatusSeeOther)
	r = ana.get("/plan")
	if !strings.Contains(r.body, "Your mentor has rated you since this plan was built.") {
		t.Error("the plan page does not offer a rebuild after a rating")
	}
	mustStatus(t, ana.post("/plan/build", nil), http.StatusSeeOther)
	r = ana.get("/plan")
	if strings.Contains(r.body, "Your mentor has rated you since") || !strings.Contains(r.body, "Your mentor&#39;s rating") {
		t.Error("the rebuilt plan does not take the rating in")
	}
	if !strings.Contains(r.body, "but your mentor rated it 1 out of 5") && !strings.Contains(r.body, "Your mentor rated") {
		t.Error("no reason names the mentor's rating")
	}

	// When the mentorship ends, so does access.
	var mid int64
	queryRow(t, e, `SELECT id FROM mentorships WHERE mentee_id = ? AND mentor_id = ?`, []any{ana.id, mo.id}, &mid)
	mustStatus(t, ana.post("/me/mentors/"+strconv.FormatInt(mid, 10)+"/end", nil), http.StatusSeeOther)
	mustStatus(t, mo.get(base), http.StatusNotFound)
	mustStatus(t, mo.get(base+".pdf"), http.StatusNotFound)
}

// The plan pages and the PDF work in every language, with no message id
// showing.
func TestPlanPagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	start := ana.get("/plan")
	assertTranslated(t, e, "en", "/plan (start)", start.body)
	withPlan(t, e, ana)
	idRE := regexp.MustCompile(`plan\.[a-z_]+\.[a-z_.]+`)
	for _, lang := range e.deps.I18n.Langs() {
		t.Run(lang, func(t *testing.T) {
			ana.header["Accept-Language"] = lang
			r := ana.get("/plan")
			mustStatus(t, r, http.StatusOK)
			assertTranslated(t, e, lang, "/plan", r.body)
			if m := idRE.FindString(r.body); m != "" {
				t.Errorf("plan page shows %q", m)
			}
			title := e.deps.Content.Action("scoring-model").Title.In(lang)
			if !strings.Contains(r.body, htmlEscape(title)) {
				t.Errorf("plan page lacks the action title in %s", lang)
			}
			if lang != "en" && lang != "de" {
				return // the PDF in every language is app/pdf's test
			}
			p := ana.get("/plan.pdf")
			mustStatus(t, p, http.StatusOK)
			if !bytes.Contains([]byte(p.body), []byte("/Lang ("+lang+")")) {
				t.Errorf("PDF language is not %s", lang)
			}
			if m := idRE.FindString(pdfText(t, []byte(p.body))); m != "" {
				t.Errorf("PDF shows %q", m)
			}
		})
	}
}
