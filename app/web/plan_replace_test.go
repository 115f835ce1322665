package web_test

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/plan"
)

// TestPlanReplacesAFinishedAction marks an action done through the form and
// finds a backlog action brought forward in its place, with the reason on
// the page and in the PDF and the counts of both agreeing; marking it open
// again returns the replacement to the backlog.
func TestPlanReplacesAFinishedAction(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ana := register(t, e, "Ana Person")
	withPlan(t, e, ana)
	planID, before := latestBody(t, e, ana.id)
	pid := strconv.FormatInt(planID, 10)
	done := before.ActionsAt(0)[0]
	backlogBefore := plan.Summarize(&before, nil, nil).Backlog
	rows := countRows(t, e, `SELECT COUNT(*) FROM plan_actions WHERE plan_id = ?`, planID)

	mark := func(status string) {
		t.Helper()
		mustStatus(t, ana.post("/plan/actions", url.Values{"plan": {pid}, "action": {done.ID}, "status": {status}}), http.StatusSeeOther)
	}
	mark(plan.StatusDone)
	_, after := latestBody(t, e, ana.id)
	var repl *plan.Action
	for i, a := range after.Actions {
		if len(a.Reasons) > 0 && a.Reasons[0].Kind == plan.ReasonReplaces {
			repl = &after.Actions[i]
		}
	}
	if repl == nil || !repl.Active() || repl.Reasons[0].Action != done.ID {
		t.Fatalf("after %s was done, no active action replaces it: %+v", done.ID, repl)
	}
	if was := before.Action(repl.ID); was == nil || !was.Backlog {
		t.Errorf("%s was not in the backlog before: %+v", repl.ID, was)
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, ana.id); n != 1 {
		t.Errorf("%d plan versions, want the replacement in place in version 1", n)
	}
	var state string
	queryRow(t, e, `SELECT state FROM plans WHERE id = ?`, []any{planID}, &state)
	if state != "draft" {
		t.Errorf("state %q after a progress mark, want draft as before", state)
	}

	title := e.deps.Content.Action(done.ID).Title.In("en")
	reason := "Moved up from the backlog to replace “" + title + "”, which you finished."
	sum := plan.Summarize(&after, map[string]string{done.ID: plan.StatusDone}, nil)
	counts := fmt.Sprintf("1 of %d actions done, 0 in progress", sum.Total)
	if sum.Backlog != backlogBefore-1 {
		t.Errorf("backlog %d after the replacement, want %d", sum.Backlog, backlogBefore-1)
	}
	page := ana.get("/plan")
	mustStatus(t, page, http.StatusOK)
	for _, want := range []string{template.HTMLEscapeString(reason), counts, fmt.Sprintf("Backlog: %d actions waiting", sum.Backlog),
		"An action from your backlog moved up"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	r := ana.get("/plan.pdf")
	mustStatus(t, r, http.StatusOK)
	text := pdfText(t, []byte(r.body))
	for _, want := range []string{reason, counts} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}

	// Marked done again: nothing more comes forward.
	mark(plan.StatusDone)
	if _, again := latestBody(t, e, ana.id); plan.Summarize(&again, nil, nil).Backlog != sum.Backlog {
		t.Errorf("a second done mark took another action from the backlog")
	}
	// Open again: the untouched replacement goes back, nothing is lost or doubled.
	mark(plan.StatusTodo)
	_, undone := latestBody(t, e, ana.id)
	if a := undone.Action(repl.ID); a == nil || !a.Backlog || len(a.Reasons) != len(before.Action(repl.ID).Reasons) {
		t.Errorf("after reopening %s, %s = %+v, want back in the backlog", done.ID, repl.ID, a)
	}
	if len(undone.Actions) != len(before.Actions) || countRows(t, e, `SELECT COUNT(*) FROM plan_actions WHERE plan_id = ?`, planID) != rows {
		t.Errorf("%d actions after the round trip, want %d, with a progress row each", len(undone.Actions), len(before.Actions))
	}
	if page := ana.get("/plan"); strings.Contains(page.body, "Moved up from the backlog") || !strings.Contains(page.body, "went back to your backlog") {
		t.Error("the page still says an action replaces one that is open again, or does not say it went back")
	}
}
