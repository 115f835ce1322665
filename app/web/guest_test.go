package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/assess"
)

// answerAll fills every page of assessment id through the forms, choosing
// with pick, and returns the results URL after submitting.
func answerAll(t *testing.T, c *client, a *assess.Assessment, pick func(*assess.Item) string) string {
	t.Helper()
	answers := map[string]string{}
	for _, s := range a.Sections {
		for _, it := range s.Items {
			answers[it.ID] = pick(it)
		}
	}
	b := c.browser()
	results, err := b.Complete(a, answers)
	c.sync(b)
	if err != nil {
		t.Fatal(err)
	}
	return results
}

func middle(it *assess.Item) string {
	if it.Kind == assess.KindRated {
		return "3"
	}
	return it.Options[1].ID
}

func TestLandingAndHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	r := c.get("/")
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{"Chief Partnership Officer", "Processes &amp; systems", "Overarching vision", "Gain experience", "Transition to leadership", `href="/assess/cpo-skills"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("landing lacks %q", want)
		}
	}
	if r.header.Get("Set-Cookie") != "" {
		t.Error("the landing page set a cookie for an anonymous visitor")
	}
	mustStatus(t, c.get("/healthz"), http.StatusOK)
	mustStatus(t, c.get("/readyz"), http.StatusOK)
	r = c.get("/no/such/page")
	mustStatus(t, r, http.StatusNotFound)
	if !strings.Contains(r.body, "does not exist") {
		t.Errorf("404 page is not the translated error page: %.300s", r.body)
	}
}

func TestGuestFlowWithResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	c := e.client()

	mustStatus(t, c.get("/assess/cpo-skills"), http.StatusOK)
	r := c.post("/assess/cpo-skills", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/assess/cpo-skills/1" {
		t.Fatalf("start redirected to %q", r.location())
	}
	page := c.get("/assess/cpo-skills/1")
	mustStatus(t, page, http.StatusOK)
	if !strings.Contains(page.body, "Page 1 of 5") || !strings.Contains(page.body, "<fieldset") {
		t.Errorf("page 1 lacks progress or fieldsets")
	}

	// Answer page 1 through the form, one item through autosave.
	first := a.Sections[0].Items
	form := url.Values{"nav": {"next"}}
	for _, it := range first {
		form.Set(it.ID, middle(it))
	}
	r = c.post("/assess/cpo-skills/1", form)
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/assess/cpo-skills/2" {
		t.Errorf("next went to %q", r.location())
	}
	second := a.Sections[1].Items[0]
	r = c.post("/assess/cpo-skills/answer", url.Values{"item": {second.ID}, "value": {middle(second)}})
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `"answered":`+strconv.Itoa(len(first)+1)) {
		t.Errorf("autosave answered count wrong: %s", r.body)
	}

	// The tab is closed; the same browser comes back later.
	back := &client{e: e, cookies: c.cookies, header: map[string]string{}}
	home := back.get("/")
	mustStatus(t, home, http.StatusOK)
	if !strings.Contains(home.body, "Continue where you left off") {
		t.Fatal("landing does not offer to continue")
	}
	if !strings.Contains(home.body, `href="/assess/cpo-skills/2"`) {
		t.Error("continue does not go to the first unanswered page")
	}
	p2 := back.get("/assess/cpo-skills/2")
	if !regexp.MustCompile(`name="` + regexp.QuoteMeta(second.ID) + `" value="` + regexp.QuoteMeta(middle(second)) + `" checked`).MatchString(p2.body) {
		t.Error("the autosaved answer is not checked on return")
	}
	p1 := back.get("/assess/cpo-skills/1")
	if got := strings.Count(p1.body, " checked>"); got != len(first) {
		t.Errorf("page 1 shows %d checked answers, want %d", got, len(first))
	}

	// Submitting early points out what is missing and scores nothing.
	r = back.post("/assess/cpo-skills/submit", nil)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.body, "questions are unanswered") {
		t.Errorf("missing answers not pointed out: %.400s", r.body)
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE completed_at IS NOT NULL`); n != 0 {
		t.Fatalf("an incomplete attempt was scored")
	}

	// Finish and see the results.
	for i, s := range a.Sections {
		form := url.Values{"nav": {"next"}}
		for _, it := range s.Items {
			if !it.Optional {
				form.Set(it.ID, middle(it))
			}
		}
		mustStatus(t, back.post("/assess/cpo-skills/"+strconv.Itoa(i+1), form), http.StatusSeeOther)
	}
	r = back.post("/assess/cpo-skills/submit", nil)
	mustStatus(t, r, http.StatusSeeOther)
	results := back.get(r.location())
	mustStatus(t, results, http.StatusOK)
	// The middle of every scale is one answer across whole pages: the
	// result says it may overstate, and with no skill apart names none.
	for _, want := range []string{`<svg class="radar"`, "<title id=\"radar-title\">", "<table class=\"scores\">", "Your strengths", "Your development priorities",
		"so none is named a strength", "These answers may overstate your practice", "You gave the same answer to every statement on a page", "(", `href="/method"`} {
		if !strings.Contains(results.body, want) {
			t.Errorf("results lack %q", want)
		}
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE completed_at IS NOT NULL AND result_json LIKE '{"assessment":"cpo-skills"%'`); n != 1 {
		t.Errorf("completed attempts with snapshot = %d, want 1", n)
	}

	// Another browser cannot open the result, and gets no hint it exists.
	stranger := e.client()
	mustStatus(t, stranger.get(r.location()), http.StatusNotFound)
	mustStatus(t, stranger.get("/results/does-not-exist"), http.StatusNotFound)
}

func countRows(t *testing.T, e *env, query string, args ...any) int {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestBadInputIsRejectedAndChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	rated := a.Sections[0].Items[0]
	owner := e.client()
	mustStatus(t, owner.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	mustStatus(t, owner.post("/assess/cpo-skills/answer", url.Values{"item": {rated.ID}, "value": {"2"}}), http.StatusOK)
	before := countRows(t, e, `SELECT COUNT(*) FROM answers`)

	big := strings.Repeat("x", 200<<10)
	tests := []struct {
		name   string
		do     func() *resp
		status int
		msg    string
	}{
		{"out-of-range value", func() *resp {
			return owner.post("/assess/cpo-skills/answer", url.Values{"item": {rated.ID}, "value": {"9"}})
		}, http.StatusUnprocessableEntity, "not one of the choices"},
		{"out-of-range value in a page form", func() *resp {
			return owner.post("/assess/cpo-skills/1", url.Values{rated.ID: {"0"}, "nav": {"next"}})
		}, http.StatusUnprocessableEntity, "not one of the choices"},
		{"unknown item id", func() *resp {
			return owner.post("/assess/cpo-skills/1", url.Values{"no-such-item": {"3"}, "nav": {"next"}})
		}, http.StatusBadRequest, "not part of this assessment"},
		{"unknown assessment", func() *resp {
			return owner.post("/assess/nope/answer", url.Values{"item": {rated.ID}, "value": {"3"}})
		}, http.StatusNotFound, "does not exist"},
		{"page out of range", func() *resp { return owner.get("/assess/cpo-skills/9") }, http.StatusNotFound, "does not exist"},
		{"missing CSRF token", func() *resp {
			return owner.postRaw("/assess/cpo-skills/answer", url.Values{"item": {rated.ID}, "value": {"4"}})
		}, http.StatusForbidden, "did not come from this site"},
		{"CSRF token of another browser", func() *resp {
			other := e.client()
			other.get("/assess/cpo-skills")
			return owner.postRaw("/assess/cpo-skills/answer", url.Values{"_csrf": {other.csrf}, "item": {rated.ID}, "value": {"4"}})
		}, http.StatusForbidden, "did not come from this site"},
		{"tampered browser cookie", func() *resp {
			tampered := &client{e: e, cookies: map[string]string{"cp_browser": "forged"}, header: map[string]string{}}
			return tampered.postRaw("/assess/cpo-skills/answer", url.Values{"_csrf": {owner.csrf}, "item": {rated.ID}, "value": {"4"}})
		}, http.StatusForbidden, "did not come from this site"},
		{"oversized body", func() *resp {
			return owner.postHTTP(e.serve(), "/assess/cpo-skills/answer", url.Values{"_csrf": {owner.csrf}, "item": {rated.ID}, "value": {big}})
		}, http.StatusRequestEntityTooLarge, "too large"},
		{"oversized value", func() *resp {
			return owner.post("/assess/cpo-skills/answer", url.Values{"item": {rated.ID}, "value": {strings.Repeat("5", 100)}})
		}, http.StatusUnprocessableEntity, "not one of the choices"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.do()
			mustStatus(t, r, tt.status)
			if tt.msg != "" && !strings.Contains(r.body, tt.msg) {
				t.Errorf("body lacks %q: %.300s", tt.msg, r.body)
			}
			if after := countRows(t, e, `SELECT COUNT(*) FROM answers`); after != before {
				t.Errorf("answers changed: %d → %d", before, after)
			}
			if v := countRows(t, e, `SELECT COUNT(*) FROM answers WHERE item_id = ? AND value = '2'`, rated.ID); v != 1 {
				t.Error("the stored answer changed")
			}
		})
	}
}

func TestAnotherAttemptIsNotReachable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	alice := e.client()
	resultURL := answerAll(t, alice, a, middle)
	bob := e.client()
	// Bob has no attempt: pages send him to the start; his saves are refused.
	r := bob.get("/assess/cpo-skills/1")
	mustStatus(t, r, http.StatusSeeOther)
	r = bob.post("/assess/cpo-skills/answer", url.Values{"item": {a.Items[0].ID}, "value": {"3"}})
	mustStatus(t, r, http.StatusConflict)
	mustStatus(t, bob.get(resultURL), http.StatusNotFound)
	// Alice's completed attempt cannot be changed.
	r = alice.post("/assess/cpo-skills/answer", url.Values{"item": {a.Items[0].ID}, "value": {"5"}})
	mustStatus(t, r, http.StatusConflict)
	mustStatus(t, alice.get(resultURL), http.StatusOK)
}
