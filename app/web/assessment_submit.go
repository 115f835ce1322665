package web

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
)

type reviewPage struct {
	A        *assess.Assessment
	Sections []reviewSection
	Answered int
	Total    int
	Missing  int
	Error    string
}

type reviewSection struct {
	Name     content.Text
	Page     int
	Answered int
	Total    int
	Missing  []missingItem
}

type missingItem struct {
	ID     string
	Number int
	Text   content.Text
}

func (h *handler) buildReview(a *assess.Assessment, answers map[string]string) reviewPage {
	p := reviewPage{A: a, Answered: answeredCount(a, answers), Total: len(a.Items)}
	number := 0
	for i := range a.Sections {
		s := &a.Sections[i]
		rs := reviewSection{Name: h.sectionName(s), Page: i + 1, Total: len(s.Items)}
		for _, it := range s.Items {
			number++
			if answers[it.ID] != "" {
				rs.Answered++
			} else if !it.Optional {
				rs.Missing = append(rs.Missing, missingItem{ID: it.ID, Number: number, Text: it.Text})
				p.Missing++
			}
		}
		p.Sections = append(p.Sections, rs)
	}
	return p
}

// assessmentReview shows what is answered and what is still missing before
// the visitor submits.
func (h *handler) assessmentReview(c *fiber.Ctx) error {
	a, open, answers, err := h.assessmentAttempt(c)
	if err != nil {
		return err
	}
	if open == nil {
		return c.Redirect(assessURL(a), fiber.StatusSeeOther)
	}
	v := h.view(c)
	v.Title = v.L.T("review.title") + " · " + v.Tx(a.Title)
	v.Nav = assessNav(a)
	v.Data = h.buildReview(a, answers)
	return h.views.render(c, "assessment_review", v)
}

// assessmentSubmit scores a complete attempt and stores the result as a
// snapshot. Unanswered required items are pointed out, never scored as 0.
func (h *handler) assessmentSubmit(c *fiber.Ctx) error {
	a, open, answers, err := h.assessmentAttempt(c)
	if err != nil {
		return err
	}
	if open == nil {
		return newError(fiber.StatusConflict, "error.no_open_attempt")
	}
	if missing := a.Missing(answers); len(missing) > 0 {
		v := h.view(c)
		p := h.buildReview(a, answers)
		p.Error = v.L.T("review.missing", "Count", len(missing))
		v.Title = v.L.T("review.title") + " · " + v.Tx(a.Title)
		v.Nav = assessNav(a)
		v.Data = p
		c.Status(fiber.StatusUnprocessableEntity)
		return h.views.render(c, "assessment_review", v)
	}
	res := a.Score(answers, h.c)
	body, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if err := h.st.CompleteAttempt(c.UserContext(), open.ID, string(body)); err != nil {
		return answerError(err)
	}
	return c.Redirect("/results/"+open.PublicID, fiber.StatusSeeOther)
}
