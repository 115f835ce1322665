package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planSuggestionCreate records a mentor's suggestion for their mentee's
// latest plan: a change to one action or an action to add, with a comment.
// The suggestion is checked against the plan now, so the mentee is never
// offered one that cannot apply.
func (h *handler) planSuggestionCreate(c *fiber.Ctx) error {
	menteeID, err := h.planMentee(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := h.st.LatestPlan(ctx, menteeID)
	if err != nil {
		return err
	}
	if id, ok := planID(c.FormValue("plan")); !ok || id != p.ID {
		return newError(fiber.StatusConflict, "plan.error.old")
	}
	var e plan.Edit
	if c.FormValue("kind") == plan.EditAdd {
		e, err = addEdit(c)
	} else {
		e, err = changeEdit(c)
	}
	if err != nil {
		return editError(err)
	}
	e.Origin = plan.OriginMentor
	mentors, err := h.st.PlanReviewers(ctx, menteeID)
	if err != nil {
		return err
	}
	trial := p.Body
	trial.Actions = append([]plan.Action(nil), p.Body.Actions...)
	trial.Edits = append([]plan.Edit(nil), p.Body.Edits...)
	if err := plan.Apply(h.c, &trial, e, len(mentors) > 0); err != nil {
		return editError(err)
	}
	comment := strings.Clone(c.FormValue("comment"))
	_, err = h.st.CreateSuggestion(ctx, h.user(c).ID, menteeID, p.ID, e, comment)
	switch {
	case errors.Is(err, store.ErrSuggestionLimit):
		return newError(fiber.StatusTooManyRequests, "plan.error.suggestion_limit", "Max", store.MaxPendingSuggestions)
	case err != nil:
		return planError(err)
	}
	h.flash(c, "flash.plan_suggested")
	return c.Redirect(menteePlanURL(menteeID)+"#suggestions", fiber.StatusSeeOther)
}
