package web

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
	"cpopath/app/usertext"
)

// planActionSave records the person's progress on one action: its status,
// a note and, when done, the date; a finished action is replaced from the
// backlog (plan.Follow). Only the latest version of their own
// plan changes; anything else is refused and nothing changes.
func (h *handler) planActionSave(c *fiber.Ctx) error {
	u := h.user(c)
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	a := store.PlanAction{
		ActionID: strings.Clone(c.FormValue("action")),
		Status:   strings.Clone(c.FormValue("status")),
		Note:     usertext.Clean(c.FormValue("note")),
		DoneOn:   strings.Clone(strings.TrimSpace(c.FormValue("done_on"))),
	}
	// A refused save shows in the action's card with what was typed, so
	// a long note is never lost to an error page.
	inline := func(msg string) error {
		return h.planOwnerPage(c, &planFormError{Action: a.ActionID, Message: msg, Status: a.Status, Note: a.Note, DoneOn: a.DoneOn})
	}
	switch err := store.ValidPlanAction(a); {
	case errors.Is(err, store.ErrPlanNote):
		return inline("plan.error.note_long")
	case errors.Is(err, store.ErrPlanDate):
		return inline("plan.error.date")
	case err != nil:
		return planError(err)
	}
	today := h.cfg.Now().Format(time.DateOnly)
	if a.Status == plan.StatusDone && a.DoneOn == "" {
		a.DoneOn = today
	}
	// ISO dates compare as strings; a day of slack covers time zones ahead.
	if a.DoneOn != "" && a.DoneOn > h.cfg.Now().AddDate(0, 0, 1).Format(time.DateOnly) {
		return inline("plan.error.date_future")
	}
	mentors, err := h.st.PlanReviewers(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	// A finished action makes room: the plan brings one forward from the
	// backlog, and takes it back if the mark is undone.
	flash := "flash.plan_action_saved"
	follow := func(p *plan.Plan, status map[string]string) bool {
		changed := plan.Follow(h.c, p, a.ActionID, status, h.cfg.Now(), len(mentors) > 0)
		switch {
		case changed && a.Status == plan.StatusDone:
			flash = "flash.plan_action_replaced"
		case changed:
			flash = "flash.plan_action_restored"
		}
		return changed
	}
	if err := h.st.SetPlanAction(c.UserContext(), u.ID, id, a, follow); err != nil {
		return planError(err)
	}
	h.flash(c, flash)
	return c.Redirect("/plan?saved="+url.QueryEscape(a.ActionID)+"#a-"+url.QueryEscape(a.ActionID), fiber.StatusSeeOther)
}
