package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// mentorStepDown ends the signed-in mentor's mentorship of the mentee.
func (h *handler) mentorStepDown(c *fiber.Ctx) error {
	u := h.user(c)
	mentee, _, err := h.mentee(c)
	if err != nil {
		return err
	}
	if err := h.st.StepDown(c.UserContext(), mentee.ID, u.ID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	h.record(c, u.ID, evMentorshipEnded)
	h.record(c, mentee.ID, evMentorshipEnded)
	h.flash(c, "flash.mentor.stepped_down")
	return c.Redirect("/mentor", fiber.StatusSeeOther)
}
