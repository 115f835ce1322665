package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
)

// planSuggestionAccept applies a mentor's pending suggestion to the
// person's latest plan version.
func (h *handler) planSuggestionAccept(c *fiber.Ctx) error { return h.planSuggestionAnswer(c, true) }

// planSuggestionDecline declines a mentor's pending suggestion.
func (h *handler) planSuggestionDecline(c *fiber.Ctx) error { return h.planSuggestionAnswer(c, false) }

func (h *handler) planSuggestionAnswer(c *fiber.Ctx, accept bool) error {
	u := h.user(c)
	sid, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || sid <= 0 {
		return errNotFound
	}
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	ctx := c.UserContext()
	mentors, err := h.st.PlanReviewers(ctx, u.ID)
	if err != nil {
		return err
	}
	err = h.st.AnswerSuggestion(ctx, u.ID, id, sid, accept, func(p *plan.Plan, e plan.Edit) error {
		return plan.Apply(h.c, p, e, len(mentors) > 0)
	})
	if err != nil {
		return editError(err)
	}
	if accept {
		h.flash(c, "flash.plan_accepted")
	} else {
		h.flash(c, "flash.plan_declined")
	}
	return c.Redirect("/plan#suggestions", fiber.StatusSeeOther)
}
