package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planActionSave records the person's progress on one action: its status,
// a note and, when done, the date. Only the latest version of their own
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
		Note:     strings.Clone(strings.TrimSpace(strings.ReplaceAll(c.FormValue("note"), "\r\n", "\n"))),
		DoneOn:   strings.Clone(strings.TrimSpace(c.FormValue("done_on"))),
	}
	if err := store.ValidPlanAction(a); err != nil {
		return planError(err)
	}
	today := h.cfg.Now().Format(time.DateOnly)
	if a.Status == plan.StatusDone && a.DoneOn == "" {
		a.DoneOn = today
	}
	// ISO dates compare as strings; a day of slack covers time zones ahead.
	if a.DoneOn != "" && a.DoneOn > h.cfg.Now().AddDate(0, 0, 1).Format(time.DateOnly) {
		return newError(fiber.StatusUnprocessableEntity, "plan.error.date_future")
	}
	if err := h.st.SetPlanAction(c.UserContext(), u.ID, id, a); err != nil {
		return planError(err)
	}
	h.flash(c, "flash.plan_action_saved")
	return c.Redirect("/plan#a-"+a.ActionID, fiber.StatusSeeOther)
}
