package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
)

// planActionEdit changes one action of the person's latest plan version:
// drop it (with an optional reason), swap it for an alternative of the
// same sub-area, move it to another milestone or postpone it to the
// backlog. A refused edit changes nothing.
func (h *handler) planActionEdit(c *fiber.Ctx) error {
	u := h.user(c)
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	e, err := changeEdit(c)
	if err != nil {
		return editError(err)
	}
	if err := h.editOwnPlan(c, u.ID, id, e); err != nil {
		return err
	}
	h.flash(c, "flash.plan_edited")
	if e.Kind == plan.EditDrop {
		return c.Redirect("/plan#actions", fiber.StatusSeeOther)
	}
	return c.Redirect("/plan#a-"+e.Action, fiber.StatusSeeOther)
}

// editOwnPlan applies e to the user's latest plan version planID.
func (h *handler) editOwnPlan(c *fiber.Ctx, userID, planID int64, e plan.Edit) error {
	ctx := c.UserContext()
	mentors, err := h.st.PlanReviewers(ctx, userID)
	if err != nil {
		return err
	}
	err = h.st.EditPlan(ctx, userID, planID, func(p *plan.Plan) error {
		return plan.Apply(h.c, p, e, len(mentors) > 0)
	})
	if err != nil {
		return editError(err)
	}
	return nil
}
