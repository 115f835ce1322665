package e2e

import (
	"strings"
	"testing"
)

// planActions lists the action ids of the plan's status forms, in order.
func (tb *tab) planActions() []string {
	tb.t.Helper()
	return eval[[]string](tb, `[...document.querySelectorAll("form.status-form input[name=action]")].map(i => i.value)`)
}

// markAction sets an action's status through its form on the plan page.
func (tb *tab) markAction(id, status string) {
	tb.t.Helper()
	form := `form.status-form:has(input[name=action][value=` + jsStr(id) + `])`
	tb.do("choose "+status+" for "+id, clickAction(form+` label:has(input[name=status][value=`+jsStr(status)+`])`))
	tb.click("action-"+id+"-"+status, form+` button[type=submit]`)
	// The plan says, in the action's card, that it was saved.
	if got := tb.path(); got != "/plan?saved="+id {
		tb.t.Fatalf("saving action %s ended on %s, want /plan?saved=%s", id, got, id)
	}
	if !tb.has(`article#a-` + id + `.st-` + status) {
		tb.t.Fatalf("action %s does not show as %s after saving", id, status)
	}
}

// Journey 2: the guest registers and finds the attempt on the dashboard,
// takes the career-path assessment, opens the plan, marks two actions
// done, and downloads the PDF with their name in it.
func TestPersonRegistersPlansAndDownloadsPDF(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	ada := newAccount("Ada Lovelace")
	tb := j.person("person").tab()

	tb.open("landing", "/")
	tb.click("intro", `main a.button[href="/assess/cpo-skills"]`)
	tb.click("start", `main form[action="/assess/cpo-skills"] button[type=submit]`)
	tb.finishAssessment("skills")
	result := tb.path()

	tb.click("register-form", `.next-steps a[href="/register"]`)
	tb.registerHere("registered", ada)
	if got := tb.path(); got != "/me" {
		t.Fatalf("registering ended on %s, want the dashboard", got)
	}
	tb.mustHave("dashboard", `main a[href="`+result+`"]`)
	tb.mustContain("dashboard", ada.name)

	tb.click("career-path", `main form[action="/assess/career-path"] button[type=submit]`)
	tb.finishAssessment("path")
	tb.mustHave("path-results", `ol.steps.path li[aria-current="step"]`)

	tb.click("plan-start", `header a[href="/plan"]`)
	tb.click("plan", `main form[action="/plan/target"] button[type=submit]`)
	if got := tb.path(); got != "/plan" {
		t.Fatalf("building the plan ended on %s", got)
	}
	actions := tb.planActions()
	if len(actions) < 2 {
		t.Fatalf("the plan has %d actions, want at least 2", len(actions))
	}
	for _, id := range actions[:2] {
		tb.markAction(id, "done")
	}
	if got := eval[int](tb, `document.querySelector(".plan-progress progress").value`); got != 2 {
		t.Errorf("plan progress shows %d done, want 2", got)
	}

	tb.mustHave("plan", `main a[href="/plan.pdf"]`)
	pdf, ctype := tb.download("/plan.pdf")
	text := tb.pdfText(pdf, ctype)
	if !strings.Contains(text, ada.name) {
		t.Errorf("the PDF does not name %q; its text begins %.300q", ada.name, text)
	}
}
