package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

type meTeamsPage struct {
	Teams []store.Membership
}

// meTeams lists the person's teams with what each team's organisers see of
// them, and the choices to share, withdraw or leave.
func (h *handler) meTeams(c *fiber.Ctx) error {
	u := h.user(c)
	ms, err := h.st.Memberships(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	v := h.view(c)
	v.Title = v.L.T("team.me.title")
	v.Nav = "me"
	v.Data = meTeamsPage{Teams: ms}
	return h.views.render(c, "me_teams", v)
}

// meTeamID is the team in the URL of a /me/teams action.
func meTeamID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// meTeamShare starts or stops sharing results and plan progress with the
// team's organisers; from a withdrawal on they see nothing individual.
func (h *handler) meTeamShare(c *fiber.Ctx) error {
	u := h.user(c)
	id, err := meTeamID(c)
	if err != nil {
		return err
	}
	share := c.FormValue("share")
	if share != "1" && share != "0" {
		return errBadRequest
	}
	if err := h.st.SetSharing(c.UserContext(), id, u.ID, share == "1"); err != nil {
		return teamError(err)
	}
	h.flash(c, map[bool]string{true: "flash.team.sharing", false: "flash.team.withdrawn"}[share == "1"])
	return c.Redirect("/me/teams", fiber.StatusSeeOther)
}

// meTeamLeave leaves a team: the person drops out of every later
// aggregate.
func (h *handler) meTeamLeave(c *fiber.Ctx) error {
	u := h.user(c)
	id, err := meTeamID(c)
	if err != nil {
		return err
	}
	if err := h.st.LeaveTeam(c.UserContext(), id, u.ID); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.left")
	return c.Redirect("/me/teams", fiber.StatusSeeOther)
}
