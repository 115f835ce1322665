package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planTargetSave stores the role the person aims for and their horizon.
// The first time, with a skills result in hand, it builds the plan at once;
// later it leaves the plan as it is and the page offers a rebuild.
func (h *handler) planTargetSave(c *fiber.Ctx) error {
	u := h.user(c)
	months, err := strconv.Atoi(strings.TrimSpace(c.FormValue("horizon")))
	if err != nil {
		months = 0
	}
	t := plan.Target{Role: strings.Clone(strings.TrimSpace(c.FormValue("role"))), HorizonMonths: months}
	if !plan.ValidTarget(h.c, t) {
		return newError(fiber.StatusUnprocessableEntity, "plan.error.target")
	}
	ctx := c.UserContext()
	if err := h.st.SetUserTarget(ctx, u.ID, t); err != nil {
		return err
	}
	_, err = h.st.LatestPlan(ctx, u.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		_, skills, err := h.latestResult(ctx, u.ID, skillsAssessment)
		if err != nil {
			return err
		}
		if skills != nil {
			if _, err := h.rebuildPlan(ctx, u.ID); err != nil {
				return err
			}
			h.flash(c, "flash.plan_built")
			return c.Redirect("/plan", fiber.StatusSeeOther)
		}
	case err != nil:
		return err
	}
	h.flash(c, "flash.plan_target_saved")
	return c.Redirect("/plan", fiber.StatusSeeOther)
}
