package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

type teamsPage struct {
	Teams []store.Membership
	Name  string
	Desc  string
	Error string
}

// teamList shows the teams the person organises or belongs to, and the
// form to create one.
func (h *handler) teamList(c *fiber.Ctx) error {
	u := h.user(c)
	ms, err := h.st.Memberships(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	v := h.view(c)
	v.Title = v.L.T("team.list.title")
	v.Nav = "teams"
	v.Data = teamsPage{Teams: ms}
	return h.views.render(c, "teams", v)
}

// teamCreate makes a team with the person as its organiser.
func (h *handler) teamCreate(c *fiber.Ctx) error {
	u := h.user(c)
	name, desc, err := teamForm(c)
	if err != nil {
		return err
	}
	t, err := h.st.CreateTeam(c.UserContext(), u.ID, name, desc)
	if err != nil {
		return err
	}
	h.flash(c, "flash.team.created")
	return c.Redirect(teamURL(t.ID)+"/manage", fiber.StatusSeeOther)
}
