package web

import "github.com/gofiber/fiber/v2"

// meMentorEnd ends one of the person's mentorships. From that moment the
// former mentor is refused every page of theirs.
func (h *handler) meMentorEnd(c *fiber.Ctx) error {
	u := h.user(c)
	id, err := c.ParamsInt("id")
	if err != nil {
		return errNotFound
	}
	if err := h.st.EndMentorship(c.UserContext(), int64(id), u.ID); err != nil {
		return err
	}
	h.record(c, u.ID, evMentorshipEnded)
	h.flash(c, "flash.me.mentorship_ended")
	return c.Redirect(orDefault(safeNext(c.FormValue("next")), "/me"), fiber.StatusSeeOther)
}
