package web

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planBuild makes a new plan version from the latest results, rating and
// target. Progress carries over: done actions stay done, started ones stay
// started. Earlier versions stay readable.
func (h *handler) planBuild(c *fiber.Ctx) error {
	u := h.user(c)
	if _, err := h.rebuildPlan(c.UserContext(), u.ID); err != nil {
		return err
	}
	h.flash(c, "flash.plan_built")
	return c.Redirect("/plan", fiber.StatusSeeOther)
}

// rebuildPlan builds and stores the user's next plan version.
func (h *handler) rebuildPlan(ctx context.Context, userID int64) (*store.Plan, error) {
	prev, err := h.st.LatestPlan(ctx, userID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		prev = nil
	case err != nil:
		return nil, err
	}
	in, carry, err := h.planInput(ctx, userID, prev)
	if err != nil {
		return nil, err
	}
	if in == nil {
		return nil, newError(fiber.StatusConflict, "plan.error.no_skills")
	}
	if !plan.ValidTarget(h.c, in.Target) {
		return nil, newError(fiber.StatusConflict, "plan.error.no_target")
	}
	return h.st.CreatePlan(ctx, userID, plan.Build(*in), carry)
}
