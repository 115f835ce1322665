package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// planSubmit sends the latest version to the person's mentor for review.
func (h *handler) planSubmit(c *fiber.Ctx) error {
	u := h.user(c)
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	mentors, err := h.st.PlanReviewers(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	if len(mentors) == 0 {
		return newError(fiber.StatusConflict, "plan.error.no_mentor")
	}
	if err := h.st.SubmitPlan(c.UserContext(), u.ID, id); err != nil {
		return planError(err)
	}
	h.notifyMentors(c, u, "submitted", "/mentor/mentees/"+strconv.FormatInt(u.ID, 10)+"/plan")
	h.flash(c, "flash.plan_submitted")
	return c.Redirect("/plan", fiber.StatusSeeOther)
}

// planWithdraw takes the latest version out of review, back to a draft.
func (h *handler) planWithdraw(c *fiber.Ctx) error {
	u := h.user(c)
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	if err := h.st.WithdrawPlan(c.UserContext(), u.ID, id); err != nil {
		return planError(err)
	}
	h.flash(c, "flash.plan_withdrawn")
	return c.Redirect("/plan", fiber.StatusSeeOther)
}
