package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// Every page works without JavaScript: a guest with scripts off takes the
// skills assessment with plain form posts, is told which question is
// missing (tied to its field), fixes it and gets the results.
func TestGuestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	tb := j.person("nojs").tab()
	tb.setScripts(false)
	tb.open("intro", "/assess/cpo-skills")
	tb.click("start", `main form[action="/assess/cpo-skills"] button[type=submit]`)
	qs := tb.questions()
	skipped := qs[len(qs)-1]
	tb.answer(qs[:len(qs)-1], 0)
	tb.click("page-1-next", navNext)

	tb.open("review-early", "/assess/cpo-skills/review")
	tb.clickStatus("submit-incomplete", submitBtn, http.StatusUnprocessableEntity)
	tb.mustHave("submit-incomplete", `[role="alert"]#submit-error`)
	if got := eval[string](tb, `document.querySelector(`+jsStr(submitBtn)+`).getAttribute("aria-describedby") || ""`); got != "submit-error" {
		t.Errorf("submit button aria-describedby = %q, want the error", got)
	}
	link := `.missing-list a[href*="#` + skipped.ID + `"]`
	tb.mustHave("submit-incomplete", link)
	tb.click("to-missing", link)
	missing := `fieldset.missing[id="` + skipped.ID + `"]`
	tb.mustHave("to-missing", missing)
	desc := eval[string](tb, `document.querySelector(`+jsStr(missing)+`).getAttribute("aria-describedby") || ""`)
	if desc == "" || !tb.has(`[id="`+desc+`"].field-error`) {
		t.Errorf("the missing question's error is not tied to its fieldset (aria-describedby=%q)", desc)
	}
	if !strings.HasPrefix(tb.path(), "/assess/cpo-skills/1") {
		t.Fatalf("missing link led to %s", tb.path())
	}
	tb.finishAssessment("nojs")
	tb.mustHave("results", `svg.radar[role="img"]`)
	tb.mustHave("results", `#why-h`)
}
