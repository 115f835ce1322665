package e2e

import (
	"strings"
	"testing"
)

// Journey 1: a guest takes the skills assessment, closes the tab midway,
// comes back, finishes, and sees the chart and "why this result".
func TestGuestResumesAndSeesResults(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	guest := j.person("guest")

	tb := guest.tab()
	tb.open("landing", "/")
	tb.click("intro", `main a.button[href="/assess/cpo-skills"]`)
	tb.click("start", `main form[action="/assess/cpo-skills"] button[type=submit]`)
	if got := tb.path(); got != "/assess/cpo-skills/1" {
		t.Fatalf("start led to %s, want page 1", got)
	}
	first := tb.questions()
	tb.answer(first, 0)
	tb.click("page-1-next", navNext)
	if got := tb.path(); got != "/assess/cpo-skills/2" {
		t.Fatalf("next led to %s, want page 2", got)
	}
	second := tb.questions()
	half := second[:len(second)/2]
	tb.answer(half, len(first))
	tb.waitProgress(len(first) + len(half))
	tb.snap("page-2-half-answered")
	tb.close()

	// The guest comes back in a new tab of the same browser.
	tb = guest.tab()
	tb.open("landing-resume", "/")
	tb.mustHave("landing-resume", "#resume-h")
	tb.click("resume", `[aria-labelledby="resume-h"] a.button`)
	if got := tb.path(); got != "/assess/cpo-skills/2" {
		t.Fatalf("resume led to %s, want page 2", got)
	}
	for i, q := range tb.questions() {
		want := 0
		if i < len(half) {
			want = pick(len(first)+i, q)
		}
		if q.Checked != want {
			t.Errorf("after coming back, %s has choice %d checked, want %d", q.ID, q.Checked, want)
		}
	}
	tb.finishAssessment("skills")

	tb.mustHave("results", `svg.radar[role="img"] title`)
	if title := eval[string](tb, `document.querySelector("svg.radar title").textContent`); strings.TrimSpace(title) == "" {
		t.Error("the chart has no text alternative")
	}
	if n := tb.count("table.scores tbody tr"); n != 5 {
		t.Errorf("score table has %d rows, want 5 skills", n)
	}
	if got := tb.text("#why-h"); got != "Why this result" {
		t.Errorf("why heading = %q", got)
	}
	if n := tb.count("article.why"); n < 1 {
		t.Error("no skill explained under \"why this result\"")
	}
	if n := tb.count("article.why li q"); n < 1 {
		t.Error("\"why this result\" quotes no answer")
	}
}
