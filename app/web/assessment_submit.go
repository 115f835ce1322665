package web

import (
	"encoding/json"
	"errors"

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
		return h.reviewMissing(c, a, answers, len(missing))
	}
	// The score is made from the answers read in the transaction that
	// completes the attempt, not from those above: an answer saved in
	// between is scored, or refused as the attempt is completed.
	var late map[string]string
	err = h.st.ScoreAttempt(c.UserContext(), open.ID, func(answers map[string]string) (string, error) {
		if len(a.Missing(answers)) > 0 {
			late = answers
			return "", errAnswersMissing
		}
		body, err := json.Marshal(a.Score(answers, h.c))
		return string(body), err
	})
	if errors.Is(err, errAnswersMissing) {
		return h.reviewMissing(c, a, late, len(a.Missing(late)))
	}
	if err != nil {
		return answerError(err)
	}
	return c.Redirect("/results/"+open.PublicID, fiber.StatusSeeOther)
}

// errAnswersMissing stops a submit whose answers were cleared while it ran.
var errAnswersMissing = errors.New("web: answers missing")

// reviewMissing shows the review page with the count of required answers
// still missing, as 422.
func (h *handler) reviewMissing(c *fiber.Ctx, a *assess.Assessment, answers map[string]string, missing int) error {
	v := h.view(c)
	p := h.buildReview(a, answers)
	p.Error = v.L.T("review.missing", "Count", missing)
	v.Title = v.L.T("review.title") + " · " + v.Tx(a.Title)
	v.Nav = assessNav(a)
	v.Data = p
	c.Status(fiber.StatusUnprocessableEntity)
	return h.views.render(c, "assessment_review", v)
}
