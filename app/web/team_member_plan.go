package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// teamMemberPlan shows a sharing member's latest plan, read only, to the
// team's organisers. A member who does not share does not exist here.
func (h *handler) teamMemberPlan(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	uid, err := strconv.ParseInt(c.Params("uid"), 10, 64)
	if err != nil || !h.sharesWithMe(c, m.Team.ID, uid) {
		return errNotFound
	}
	p, err := h.st.LatestPlan(c.UserContext(), uid)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	v := h.view(c)
	v.Nav = "teams"
	v.Title = v.L.T("plan.mentor.title", "Name", p.OwnerName)
	pg, err := h.planPageFor(c, v, p, planModeMentor)
	if err != nil {
		return err
	}
	pg.Latest = true
	v.Data = pg
	return h.views.render(c, "plan", v)
}
