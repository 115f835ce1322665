package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"cpopath/app/assess"
)

// TestPDFCacheNeverServesAnotherPerson: plan ids are reused after an
// account is deleted. Two people of the same name, whose plans get the
// same id and the same time of change, must each get their own PDF.
func TestPDFCacheNeverServesAnotherPerson(t *testing.T) {
	e := newEnv(t)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	e.st.SetClock(func() time.Time { return at })

	first := register(t, e, "Sam Same")
	firstPlan := withPlan(t, e, first)
	r := first.get("/plan.pdf")
	mustStatus(t, r, http.StatusOK)
	firstText := pdfText(t, []byte(r.body))
	mustStatus(t, first.post("/me/delete", url.Values{"password": {"plan-test-passphrase-42"}}), http.StatusSeeOther)

	second := register(t, e, "Sam Same")
	// The same answers a day later: the same actions, and so the same key
	// when it was made of the plan's id, time of change, state, owner's
	// name and progress, but another date on the document.
	e.st.SetClock(func() time.Time { return at.AddDate(0, 0, 1) })
	answerAll(t, second.client, e.deps.Assessments.Get("cpo-skills"), lowCriteria)
	answerAll(t, second.client, e.deps.Assessments.Get("career-path"), func(it *assess.Item) string { return it.Options[1].ID })
	e.st.SetClock(func() time.Time { return at })
	mustStatus(t, second.post("/plan/target", url.Values{"role": {"vp-partnerships"}, "horizon": {"12"}}), http.StatusSeeOther)
	var secondPlan int64
	queryRow(t, e, `SELECT id FROM plans WHERE user_id = ?`, []any{second.id}, &secondPlan)
	if secondPlan != firstPlan {
		t.Fatalf("plan ids %d and %d: the case this test needs (a reused id) did not arise", firstPlan, secondPlan)
	}
	r = second.get("/plan.pdf")
	mustStatus(t, r, http.StatusOK)
	if pdfText(t, []byte(r.body)) == firstText {
		t.Fatal("the second person was served the first person's PDF")
	}
}
