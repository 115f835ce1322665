package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
)

// planHoursSave sets the hours per week the person gives their plan; the
// next rebuild fits the actions to them.
func (h *handler) planHoursSave(c *fiber.Ctx) error {
	u := h.user(c)
	n, err := strconv.Atoi(strings.TrimSpace(c.FormValue("hours")))
	if err != nil || n < plan.MinHoursPerWeek || n > plan.MaxHoursPerWeek {
		return newError(fiber.StatusUnprocessableEntity, "plan.error.hours", "Min", plan.MinHoursPerWeek, "Max", plan.MaxHoursPerWeek)
	}
	if err := h.st.SetUserHours(c.UserContext(), u.ID, n); err != nil {
		return err
	}
	h.flash(c, "flash.plan_hours")
	return c.Redirect("/plan", fiber.StatusSeeOther)
}
