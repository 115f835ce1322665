package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/store"
)

// The assessments the app knows by role.
const (
	skillsAssessment = "cpo-skills"
	pathAssessment   = "career-path"
)

// assessment returns the assessment named in the URL, or a 404.
func (h *handler) assessment(c *fiber.Ctx) (*assess.Assessment, error) {
	a := h.as.Get(c.Params("assessment"))
	if a == nil {
		return nil, errNotFound
	}
	return a, nil
}

// assessNav is the header section of assessment a's pages: the skills
// assessment and the career path each have their own link.
func assessNav(a *assess.Assessment) string {
	if a.ID == pathAssessment {
		return "path"
	}
	return "assess"
}

// openAttempt returns the requester's unfinished attempt at a, or nil when
// there is none. A guest without a browser key has none and is not given a
// key by asking.
func (h *handler) openAttempt(c *fiber.Ctx, a *assess.Assessment) (*store.Attempt, error) {
	if h.user(c) == nil && !hasBrowserKey(c) {
		return nil, nil
	}
	at, err := h.st.OpenAttempt(c.UserContext(), h.owner(c), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return at, err
}

// openAttemptAnswers is openAttempt with the attempt's answers, read in
// one query; no attempt is (nil, nil, nil).
func (h *handler) openAttemptAnswers(c *fiber.Ctx, a *assess.Assessment) (*store.Attempt, map[string]string, error) {
	if h.user(c) == nil && !hasBrowserKey(c) {
		return nil, nil, nil
	}
	at, answers, err := h.st.OpenAttemptAnswers(c.UserContext(), h.owner(c), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	return at, answers, err
}

// assessmentAttempt is the preamble of the assessment's pages and actions:
// the assessment named in the URL (or a 404), the requester's open attempt
// at it and that attempt's answers (nil and nil without one).
func (h *handler) assessmentAttempt(c *fiber.Ctx) (*assess.Assessment, *store.Attempt, map[string]string, error) {
	a, err := h.assessment(c)
	if err != nil {
		return nil, nil, nil, err
	}
	open, answers, err := h.openAttemptAnswers(c, a)
	if err != nil {
		return nil, nil, nil, err
	}
	return a, open, answers, nil
}

// openAnswers returns the answers of the requester's open attempt at a,
// and whether there is one.
func (h *handler) openAnswers(c *fiber.Ctx, a *assess.Assessment) (map[string]string, bool, error) {
	if h.user(c) == nil && !hasBrowserKey(c) {
		return nil, false, nil
	}
	answers, err := h.st.OpenAnswers(c.UserContext(), h.owner(c), a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	return answers, err == nil, err
}

// firstOpenPage is the 1-based page holding the first unanswered item, or
// the last page when everything is answered: where "continue" should go.
func firstOpenPage(a *assess.Assessment, answers map[string]string) int {
	for i, s := range a.Sections {
		for _, it := range s.Items {
			if answers[it.ID] == "" && !it.Optional {
				return i + 1
			}
		}
	}
	return len(a.Sections)
}

func answeredCount(a *assess.Assessment, answers map[string]string) int {
	n := 0
	for i := range a.Items {
		if answers[a.Items[i].ID] != "" {
			n++
		}
	}
	return n
}

func assessURL(a *assess.Assessment, rest ...string) string {
	return "/assess/" + a.ID + strings.Join(append([]string{""}, rest...), "/")
}
