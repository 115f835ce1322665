package e2e

import (
	"strings"
	"testing"
)

// Journey 3: a person invites a mentor; in a second browser context the
// mentor registers through the link, rates the mentee, comments on and
// approves the plan; the mentee sees self versus mentor and the approval.
func TestMentorRatesAndApprovesPlan(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	mia := newAccount("Mia Mentee")
	menteeWithPlan(t, j.srv, mia)
	mark := newAccount("Mark Mentor")

	mentee := j.person("mentee").tab()
	mentee.signIn(mia)
	mentee.click("invitations", `main a[href="/me/invitations"]`)
	mentee.click("invitation-created", `main form[action="/me/invitations"] button[type=submit]`)
	link := eval[string](mentee, `document.querySelector("#invite-link").value`)
	if !strings.Contains(link, "/invite/") {
		t.Fatalf("invitation link = %q", link)
	}
	link = "/invite/" + link[strings.Index(link, "/invite/")+len("/invite/"):]

	// The mentor: another browser context, with no cookies of the mentee's.
	mentor := j.person("mentor").tab()
	mentor.open("invitation", link)
	mentor.click("mentor-register-form", `main a[href^="/register"]`)
	mentor.registerHere("mentor-registered", mark)
	if got := mentor.path(); got != link {
		t.Fatalf("registering through the link ended on %s, want back at %s", got, link)
	}
	mentor.mustContain("mentor-registered", mia.name)
	mentor.click("accepted", `main form[action$="/accept"] button[type=submit]`)
	menteePage := mentor.path()
	if !strings.HasPrefix(menteePage, "/mentor/mentees/") {
		t.Fatalf("accepting ended on %s, want the mentee's page", menteePage)
	}

	mentor.click("rating-form", `main a[href="`+menteePage+`/rating"]`)
	groups := eval[[]question](mentor, `[...document.querySelectorAll("form.rating-form fieldset")].map(f => ({id: f.id, n: f.querySelectorAll("input[type=radio]").length, checked: 0}))`)
	if len(groups) == 0 {
		t.Fatal("the rating form has no scales")
	}
	for i, g := range groups {
		// The mentor sees the mentee a notch higher on some areas and
		// lower on others than the mentee does.
		k := 1 + (i*2+2)%g.N
		mentor.do("rate "+g.ID, clickAction(choiceSel(g, k)))
	}
	firstComment := `form.rating-form textarea:not(#overall)`
	mentor.fill(firstComment, "Strong partner research; write the scoring criteria down.")
	mentor.fill("#overall", "Ready to lead a pilot partnership this year.")
	mentor.click("rated", `form.rating-form button[type=submit]`)
	if got := mentor.path(); got != menteePage {
		t.Fatalf("rating ended on %s, want %s", got, menteePage)
	}

	// The mentee asks for the review of the plan.
	mentee.open("plan", "/plan")
	mentee.click("plan-submitted", `main form[action="/plan/submit"] button[type=submit]`)
	mentee.mustHave("plan-submitted", `.review-state .state-in_review`)

	mentor.open("mentor-dashboard", "/mentor")
	mentor.mustContain("mentor-dashboard", mia.name)
	mentor.open("mentee-plan", menteePage+"/plan")
	mentor.fill("#overall", "A realistic plan. Start with the pilot.")
	mentor.fill(`textarea[form="review"]`, "Book the first partner interview this month.")
	mentor.do("approve", clickAction(`form#review label:has(input[name=decision][value=approve])`))
	mentor.click("plan-approved", `form#review button[type=submit]`)
	mentor.mustHave("plan-approved", `.review-state .state-approved`)

	// The mentee sees the approval, the comments, and self versus mentor.
	mentee.open("plan-approved", "/plan")
	mentee.mustHave("plan-approved", `.review-state .state-approved`)
	mentee.mustHave("plan-approved", `.review-state .decision-approve`)
	mentee.mustContain("plan-approved", "A realistic plan. Start with the pilot.", "Book the first partner interview this month.", mark.name)

	mentee.open("dashboard", "/me")
	mentee.click("feedback", `main a[href="/me/feedback"]`)
	mentee.mustHave("feedback", `svg.radar .shape.self`)
	mentee.mustHave("feedback", `svg.radar .shape.mentor`)
	rows := eval[[][]string](mentee, `[...document.querySelectorAll("table.compare:not(.subareas) tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()))`)
	if len(rows) != 5 {
		t.Fatalf("self-versus-mentor table has %d rows, want 5 skills", len(rows))
	}
	for _, r := range rows {
		if len(r) < 3 || r[1] == "–" || r[2] == "–" {
			t.Errorf("skill row %q lacks a self or a mentor score", r)
		}
	}
	mentee.mustContain("feedback", "Ready to lead a pilot partnership this year.", "Strong partner research; write the scoring criteria down.")
}
