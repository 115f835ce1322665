package web

import (
	"github.com/gofiber/fiber/v2"
)

// planActionAdd adds an action the person writes themselves (a title, the
// sub-area it builds, the outcome and a due date within the plan) or one
// of the shipped actions at a milestone.
func (h *handler) planActionAdd(c *fiber.Ctx) error {
	u := h.user(c)
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	e, err := addEdit(c)
	if err != nil {
		return editError(err)
	}
	if err := h.editOwnPlan(c, u.ID, id, e); err != nil {
		return err
	}
	h.flash(c, "flash.plan_added")
	return c.Redirect("/plan#actions", fiber.StatusSeeOther)
}
