package web

import (
	"github.com/gofiber/fiber/v2"
)

// teamShow is the team view for its organisers: members and counts, the
// heatmap, distributions, plan progress, where to invest, the comparison
// with an earlier moment, and the members who share.
func (h *handler) teamShow(c *fiber.Ctx) error {
	m, _, p, err := h.teamFigures(c)
	if err != nil {
		return err
	}
	if p.People, err = h.st.TeamPeople(c.UserContext(), m.Team.ID); err != nil {
		return err
	}
	v := h.view(c)
	v.Title = m.Team.Name
	v.Nav = "teams"
	v.Data = p
	return h.views.render(c, "team", v)
}
