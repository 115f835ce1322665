package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/store"
)

// Form fields that are not answers.
var controlFields = map[string]bool{"_csrf": true, "nav": true}

// maxValueLen bounds an answer value; real ones are one or two characters.
const maxValueLen = 64

// answerError maps a validation error to a translated 4xx.
func answerError(err error) error {
	switch {
	case errors.Is(err, assess.ErrUnknownItem):
		return newError(fiber.StatusBadRequest, "error.unknown_item")
	case errors.Is(err, assess.ErrBadValue):
		return newError(fiber.StatusUnprocessableEntity, "error.bad_value")
	case errors.Is(err, store.ErrCompleted):
		return newError(fiber.StatusConflict, "error.attempt_completed")
	}
	return err
}

// pageSave saves the answers on one page and moves on (Post/Redirect/Get).
// Every field is validated before anything is written, so a tampered form
// changes nothing.
func (h *handler) pageSave(c *fiber.Ctx) error {
	a, err := h.assessment(c)
	if err != nil {
		return err
	}
	n, err := pageOf(c, a)
	if err != nil {
		return err
	}
	open, err := h.openAttempt(c, a)
	if err != nil {
		return err
	}
	if open == nil {
		return newError(fiber.StatusConflict, "error.no_open_attempt")
	}
	answers := map[string]string{}
	var bad error
	c.Request().PostArgs().VisitAll(func(k, val []byte) {
		key := string(k)
		if controlFields[key] || bad != nil {
			return
		}
		value := string(val)
		if len(value) > maxValueLen {
			bad = assess.ErrBadValue
			return
		}
		if err := a.Validate(key, value); err != nil {
			bad = err
			return
		}
		answers[strings.Clone(key)] = strings.Clone(value)
	})
	if bad != nil {
		return answerError(bad)
	}
	if len(answers) > 0 {
		if err := h.st.SaveAnswers(c.UserContext(), open.ID, answers); err != nil {
			return answerError(err)
		}
	}
	switch c.FormValue("nav") {
	case "prev":
		if n > 1 {
			n--
		}
		return c.Redirect(assessURL(a, itoa(n)), fiber.StatusSeeOther)
	case "review":
		return c.Redirect(assessURL(a, "review"), fiber.StatusSeeOther)
	case "next":
		if n < len(a.Sections) {
			return c.Redirect(assessURL(a, itoa(n+1)), fiber.StatusSeeOther)
		}
		return c.Redirect(assessURL(a, "review"), fiber.StatusSeeOther)
	case "leave":
		h.flash(c, "flash.saved_come_back")
		return c.Redirect("/", fiber.StatusSeeOther)
	default:
		return c.Redirect(assessURL(a, itoa(n)), fiber.StatusSeeOther)
	}
}

// answerSave saves one answer for the autosave script and answers with the
// new progress, so the page can update without a reload.
func (h *handler) answerSave(c *fiber.Ctx) error {
	a, err := h.assessment(c)
	if err != nil {
		return err
	}
	item, value := c.FormValue("item"), c.FormValue("value")
	if len(value) > maxValueLen {
		return answerError(assess.ErrBadValue)
	}
	if err := a.Validate(item, value); err != nil {
		return answerError(err)
	}
	// The open attempt is found in the save's own transaction: one trip
	// to the database per keystroke.
	noAttempt := newError(fiber.StatusConflict, "error.no_open_attempt")
	if h.user(c) == nil && !hasBrowserKey(c) {
		return noAttempt
	}
	_, ids, err := h.st.SaveOpenAnswer(c.UserContext(), h.owner(c), a.ID, strings.Clone(item), strings.Clone(value))
	if errors.Is(err, store.ErrNotFound) {
		return noAttempt
	}
	if err != nil {
		return answerError(err)
	}
	done := 0
	for _, id := range ids {
		if a.Item(id) != nil {
			done++
		}
	}
	return c.JSON(fiber.Map{
		"answered": done,
		"total":    len(a.Items),
		"label":    h.loc(c).T("assessment.answered", "Answered", done, "Count", len(a.Items)),
	})
}
