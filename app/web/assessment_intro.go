package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/store"
)

type introPage struct {
	A        *assess.Assessment
	Open     *store.Attempt
	Answered int
	Total    int
	NextPage int
}

// assessmentIntro introduces an assessment and offers to start it, or to
// continue the visitor's unfinished attempt where they left off.
func (h *handler) assessmentIntro(c *fiber.Ctx) error {
	a, open, answers, err := h.assessmentAttempt(c)
	if err != nil {
		return err
	}
	p := introPage{A: a, Total: len(a.Items), NextPage: 1}
	if open != nil {
		p.Open, p.Answered, p.NextPage = open, answeredCount(a, answers), firstOpenPage(a, answers)
	}
	v := h.view(c)
	v.Title = v.Tx(a.Title)
	v.Nav = assessNav(a)
	v.Data = p
	return h.views.render(c, "assessment_intro", v)
}

// attemptCreate starts an attempt, or goes back to the open one: pressing
// Start twice never leaves two half-finished attempts.
func (h *handler) attemptCreate(c *fiber.Ctx) error {
	a, open, answers, err := h.assessmentAttempt(c)
	if err != nil {
		return err
	}
	if open == nil {
		if _, err := h.st.CreateAttempt(c.UserContext(), h.owner(c), a.ID); err != nil {
			return err
		}
		return c.Redirect(assessURL(a, "1"), fiber.StatusSeeOther)
	}
	return c.Redirect(assessURL(a, itoa(firstOpenPage(a, answers))), fiber.StatusSeeOther)
}
