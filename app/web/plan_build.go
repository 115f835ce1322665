package web

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// A person rebuilds their plan after a new assessment or rating, a few
// times a day at most; a client that rebuilt 440 versions in ten minutes
// grew the database without limit.
const (
	rebuildLimit  = 10
	rebuildWindow = 10 * time.Minute
)

// planBuild makes a new plan version from the latest results, rating and
// target. Progress and the person's edits carry over; a plan the same as
// the latest creates no version. Earlier versions stay readable.
func (h *handler) planBuild(c *fiber.Ctx) error {
	u := h.user(c)
	if ok, wait := h.rebuilds.allow(strconv.FormatInt(u.ID, 10)); !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Seconds())+1))
		return newError(fiber.StatusTooManyRequests, "plan.error.rebuild_limit", "Count", retryMinutes(wait))
	}
	_, err := h.rebuildPlan(c.UserContext(), u.ID)
	switch {
	case errors.Is(err, store.ErrPlanSame):
		h.flash(c, "flash.plan_same")
	case err != nil:
		return err
	default:
		h.flash(c, "flash.plan_built")
	}
	return c.Redirect("/plan", fiber.StatusSeeOther)
}

// rebuildPlan builds and stores the user's next plan version. What the
// new version keeps of the latest one (progress, started and done work,
// edits) is read inside the transaction that creates it, so nothing saved
// meanwhile is lost.
func (h *handler) rebuildPlan(ctx context.Context, userID int64) (*store.Plan, error) {
	in, err := h.planInput(ctx, userID)
	if err != nil {
		return nil, err
	}
	if in == nil {
		return nil, newError(fiber.StatusConflict, "plan.error.no_skills")
	}
	if !plan.ValidTarget(h.c, in.Target) {
		return nil, newError(fiber.StatusConflict, "plan.error.no_target")
	}
	return h.st.BuildPlan(ctx, userID, func(prev *store.Plan, progress map[string]store.PlanAction) (plan.Plan, error) {
		next := *in
		if prev != nil {
			next.Previous = map[string]string{}
			for id, a := range progress {
				if a.Status == plan.StatusDone || a.Status == plan.StatusDoing {
					next.Previous[id] = a.Status
				}
			}
			next.Edits = prev.Body.Edits
		}
		return plan.Build(next), nil
	})
}
