package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
	"cpopath/app/team"
)

// teamFigures reads what the team view, its PDF and its CSV show: the
// visitor's membership (organisers only), the period asked for, and the
// figures.
func (h *handler) teamFigures(c *fiber.Ctx) (*store.Membership, int, *teamPage, error) {
	m, err := h.teamOf(c)
	if err != nil {
		return nil, 0, nil, err
	}
	since, err := teamPeriod(c)
	if err != nil {
		return nil, 0, nil, err
	}
	p, err := h.teamData(c, m, since)
	if err != nil {
		return nil, 0, nil, err
	}
	return m, since, p, nil
}

// teamData reads a team's members once and draws today's view and, when
// since is set, the view as of since months ago.
func (h *handler) teamData(c *fiber.Ctx, m *store.Membership, since int) (*teamPage, error) {
	members, err := h.st.TeamMembers(c.UserContext(), h.c, m.Team.ID)
	if err != nil {
		return nil, err
	}
	now := h.cfg.Now()
	today := team.Build(h.c, members, now, m.Team.Floor, true)
	var then *team.View
	if since != 0 {
		v := team.Build(h.c, members, monthsAgo(now, since), m.Team.Floor, false)
		then = &v
	}
	return h.teamPageFor(h.loc(c), m, today, then, since), nil
}
