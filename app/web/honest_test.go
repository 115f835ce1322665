package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"cpopath/app/assess"
)

// /method explains the method in every language, with the numbers the
// data holds, and every page links to it from the footer.
func TestMethodPageInEveryLanguage(t *testing.T) {
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	for _, lang := range e.deps.I18n.Langs() {
		t.Run(lang, func(t *testing.T) {
			c := e.client()
			c.header["Accept-Language"] = lang
			r := c.get("/method")
			mustStatus(t, r, http.StatusOK)
			assertTranslated(t, e, lang, "/method", r.body)
			for _, id := range []string{`id="scores"`, `id="levels"`, `id="bands"`, `id="flags"`, `id="keys"`, `id="path"`, `id="limits"`} {
				if !strings.Contains(r.body, id) {
					t.Errorf("/method lacks the section %s", id)
				}
			}
			for _, l := range e.deps.Content.Levels {
				if !strings.Contains(r.body, htmlEscape(l.Name.In(lang))) {
					t.Errorf("/method does not name the level %q", l.Name.In(lang))
				}
			}
			if !strings.Contains(r.body, " "+itoa(a.Reporting.Margin)+" ") {
				t.Errorf("/method does not give the margin %d from the data", a.Reporting.Margin)
			}
			if home := c.get("/"); !strings.Contains(home.body, `<a href="/method">`) {
				t.Error("the footer does not link /method")
			}
		})
	}
}

// Results say plainly when the answers may overstate, and only then; the
// top level never appears without its caution; a path result reports each
// step with the answers that decided it.
func TestResultsSayWhatTheyCanBear(t *testing.T) {
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	const caution = "These answers may overstate your practice"
	topName := e.deps.Content.Levels[len(e.deps.Content.Levels)-1].Name.In("en")

	// Agreeing with everything, the reverse-keyed statements included.
	c := e.client()
	r := c.get(answerAll(t, c, a, func(it *assess.Item) string {
		if it.Kind == assess.KindRated {
			return "5"
		}
		return highest(it)
	}))
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{caution, "You agreed with both sides", `href="/method#flags"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("an acquiescent result lacks %q", want)
		}
	}
	if strings.Contains(r.body, htmlEscape(topName)) && !strings.Contains(r.body, "may overstate your practice.") {
		t.Error("a flagged result shows the top level without the caution")
	}
	snap := queryString(t, e, `SELECT result_json FROM attempts WHERE completed_at IS NOT NULL ORDER BY id DESC LIMIT 1`)
	var stored struct {
		Version int
		Quality struct{ Flags []string }
	}
	if err := json.Unmarshal([]byte(snap), &stored); err != nil || stored.Version != 2 || !containsFlag(stored.Quality.Flags, assess.FlagAcquiescence) {
		t.Errorf("snapshot %.200s: want version 2 and quality.flags with acquiescence", snap)
	}

	// Top answers that also agree with three contradicting statements: the
	// top level is shown, and only with the caution that it may overstate.
	agreed := map[string]bool{}
	for _, pr := range a.Quality.Pairs[:a.Quality.AcquiescencePairs] {
		agreed[pr[1]] = true
	}
	c = e.client()
	r = c.get(answerAll(t, c, a, func(it *assess.Item) string {
		if agreed[it.ID] {
			return "5"
		}
		return highest(it)
	}))
	if !strings.Contains(r.body, htmlEscape(topName)) {
		t.Fatal("the flagged top-answers result does not reach the top level; the check below would prove nothing")
	}
	if !strings.Contains(r.body, caution) || !strings.Contains(r.body, "this level may overstate your practice") {
		t.Error("a flagged result shows the top level without the caution")
	}

	// Consistently at the top, keyed answers respected: no flag, but the
	// top level comes with its caution.
	c = e.client()
	r = c.get(answerAll(t, c, a, highest))
	if strings.Contains(r.body, caution) {
		t.Error("a consistent result is flagged")
	}
	if !strings.Contains(r.body, htmlEscape(topName)) || !strings.Contains(r.body, "it is not a verified rating") && !strings.Contains(r.body, "It is not a verified rating") {
		t.Error("the top level is shown without saying it is self-described")
	}
	if !strings.Contains(r.body, "so none is named a priority") {
		t.Error("all-top answers do not say that nothing stands out as a priority")
	}

	// The career path: every step on its own, with its answers.
	p := e.deps.Assessments.Get("career-path")
	c = e.client()
	r = c.get(answerAll(t, c, p, lowest))
	mustStatus(t, r, http.StatusOK)
	if n := strings.Count(r.body, ">Not yet<"); n != 3 {
		t.Errorf("%d steps marked not yet, want 3", n)
	}
	if !strings.Contains(r.body, "The answers that decided it") || !strings.Contains(r.body, htmlEscape(p.Item("exp-results").Text.In("en"))) {
		t.Error("the path result does not show the answers that decided a step")
	}
	assertTranslated(t, e, "en", "path results", r.body)
}

func containsFlag(flags []string, id string) bool {
	for _, f := range flags {
		if f == id {
			return true
		}
	}
	return false
}

// A mentor rates on a scale written about the mentee, may answer "not
// observed", which counts in no score and shows as such.
func TestMentorNotObserved(t *testing.T) {
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	mentee := signUp(t, e, "Nora Observed")
	answerAll(t, mentee, a, highest)
	mentor := signUp(t, e, "Otto Onlooker")
	becomeMentor(t, mentee, mentor)
	id := idStr(userID(t, e, "Nora Observed"))

	r := mentor.get("/mentor/mentees/" + id + "/rating")
	mustStatus(t, r, http.StatusOK)
	for _, an := range a.Scale("mentor").Anchors {
		if !strings.Contains(r.body, htmlEscape(an.Text.In("en"))) {
			t.Errorf("the mentor scale point %q is missing", an.Text.In("en"))
		}
	}
	for _, an := range a.Scale("practice").Anchors {
		if strings.Contains(r.body, ">"+htmlEscape(an.Text.In("en"))+"<") {
			t.Errorf("the mentor is offered the self-rating point %q", an.Text.In("en"))
		}
	}
	if !strings.Contains(r.body, `value="na"`) || !strings.Contains(r.body, "Not observed") {
		t.Fatal("no way to answer not observed")
	}

	// A value that is neither a point nor "not observed" is refused.
	bad := ratingForm(e, "4", map[string]string{"vision": "maybe"})
	mustStatus(t, mentor.post("/mentor/mentees/"+id+"/rating", bad), http.StatusUnprocessableEntity)
	if n := countRows(t, e, `SELECT COUNT(*) FROM ratings`); n != 0 {
		t.Fatalf("a refused rating was stored")
	}

	f := ratingForm(e, "4", map[string]string{"vision": "na"})
	mustStatus(t, mentor.post("/mentor/mentees/"+id+"/rating", f), http.StatusSeeOther)
	scores := queryString(t, e, `SELECT scores_json FROM ratings`)
	for _, sa := range e.deps.Content.Skill("vision").SubAreas {
		if strings.Contains(scores, `"`+sa.ID+`"`) {
			t.Errorf("not observed %s was stored as a score: %s", sa.ID, scores)
		}
	}
	r = mentor.get("/mentor/mentees/" + id + "/rating")
	if n := strings.Count(r.body, `value="na" checked`); n != len(e.deps.Content.Skill("vision").SubAreas) {
		t.Errorf("%d not-observed answers checked on return, want the vision ones", n)
	}

	r = mentee.get("/me/feedback")
	mustStatus(t, r, http.StatusOK)
	name := e.deps.Content.Skill("vision").Name.In("en")
	if _, m, _ := scoreRow(t, r.body, name); m != "Not observed" {
		t.Errorf("vision mentor column = %q, want Not observed", m)
	}
	// Self and mentor in one unit: the mentor's area figures are on 0–100.
	if _, m, _ := scoreRow(t, r.body, e.deps.Content.Skill("processes").Name.In("en")); m != "75" {
		t.Errorf("processes mentor score = %q, want 75 (point 4 of 1–5)", m)
	}
	if strings.Contains(r.body, "Mentor (1–5)") || !strings.Contains(r.body, "<strong>75</strong>") {
		t.Error("the area table mixes the 1–5 scale with 0–100 scores")
	}
}

func queryString(t *testing.T, e *env, query string) string {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRowContext(context.Background(), query).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}
