package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
	"cpopath/app/team"
)

type teamManagePage struct {
	M        *store.Membership
	People   []store.TeamPerson
	Links    []teamLinkItem
	NewLink  string
	Days     []int
	Floor    int
	MinFloor int
	MaxFloor int
	MailOn   bool // joining by emailed link is offered
	Invite   int  // how many days an emailed link stays open
}

type teamLinkItem struct {
	Link *store.TeamLink
	Open bool
}

// teamManage is the organisers' settings page: name and description, the
// privacy floor, join links, co-organisers, archive and delete.
func (h *handler) teamManage(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p := teamManagePage{M: m, Days: teamLinkDays, Floor: m.Team.Floor, MinFloor: team.MinFloor, MaxFloor: team.MaxFloor,
		MailOn: h.mail.Enabled(), Invite: teamInviteDays}
	if tok := cookie(c, cookieTeamLink); tok != "" {
		h.setCookie(c, cookieTeamLink, "", -1)
		if validToken(tok) {
			l, _, err := h.st.TeamLinkByToken(ctx, hashToken(tok))
			if err == nil && l.TeamID == m.Team.ID && l.Open(h.cfg.Now()) {
				p.NewLink = h.link("/join/" + tok)
			}
		}
	}
	links, err := h.st.TeamLinks(ctx, m.Team.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		p.Links = append(p.Links, teamLinkItem{Link: l, Open: l.Open(h.cfg.Now())})
	}
	if p.People, err = h.st.TeamPeople(ctx, m.Team.ID); err != nil {
		return err
	}
	v := h.view(c)
	v.Title = v.L.T("team.manage.title", "Name", m.Team.Name)
	v.Nav = "teams"
	v.Data = p
	return h.views.render(c, "team_manage", v)
}

// teamRename changes the team's name and description.
func (h *handler) teamRename(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	name, desc, err := teamForm(c)
	if err != nil {
		return err
	}
	if err := h.st.UpdateTeam(c.UserContext(), m.Team.ID, name, desc); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.saved")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}

// teamFloorSave sets the fewest results an aggregate is drawn from.
func (h *handler) teamFloorSave(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	floor, err := strconv.Atoi(c.FormValue("floor"))
	if err != nil || floor < team.MinFloor || floor > team.MaxFloor {
		return newError(fiber.StatusUnprocessableEntity, "team.error.floor", "Min", team.MinFloor, "Max", team.MaxFloor)
	}
	if err := h.st.SetTeamFloor(c.UserContext(), m.Team.ID, floor); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.saved")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}

// teamArchive archives the team or restores it (organiser only).
func (h *handler) teamArchive(c *fiber.Ctx) error {
	m, err := h.teamOrganiserOnly(c)
	if err != nil {
		return err
	}
	archive := c.FormValue("archive") == "1"
	if err := h.st.ArchiveTeam(c.UserContext(), m.Team.ID, archive); err != nil {
		return teamError(err)
	}
	h.flash(c, map[bool]string{true: "flash.team.archived", false: "flash.team.restored"}[archive])
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}

// teamDelete deletes the team, its links and settings (organiser only,
// who types the team's name to confirm). Results stay with their owners.
func (h *handler) teamDelete(c *fiber.Ctx) error {
	m, err := h.teamOrganiserOnly(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != m.Team.Name {
		return newError(fiber.StatusUnprocessableEntity, "team.error.confirm")
	}
	if err := h.st.DeleteTeam(c.UserContext(), m.Team.ID); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.deleted")
	return c.Redirect("/teams", fiber.StatusSeeOther)
}

// teamRoleSave makes a member a co-organiser or back (organiser only).
func (h *handler) teamRoleSave(c *fiber.Ctx) error {
	m, err := h.teamOrganiserOnly(c)
	if err != nil {
		return err
	}
	uid, err := strconv.ParseInt(c.Params("uid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	role := c.FormValue("role")
	if role != team.RoleMember && role != team.RoleCoOrganiser {
		return errBadRequest
	}
	if err := h.st.SetTeamRole(c.UserContext(), m.Team.ID, uid, role); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.saved")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}

// teamLinkCreate makes a join link valid for the chosen number of days and
// shows it once.
func (h *handler) teamLinkCreate(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	if m.Team.Archived() {
		return teamError(store.ErrTeamArchived)
	}
	days, err := strconv.Atoi(c.FormValue("days"))
	ok := false
	for _, d := range teamLinkDays {
		ok = ok || d == days
	}
	if err != nil || !ok {
		return errBadRequest
	}
	tok := randomToken()
	if _, err := h.st.CreateTeamLink(c.UserContext(), m.Team.ID, hashToken(tok), time.Duration(days)*24*time.Hour, teamLinkMaxOpen); err != nil {
		return teamError(err)
	}
	h.setCookie(c, cookieTeamLink, tok, 10*time.Minute)
	h.flash(c, "flash.team.link_created")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}

// teamLinkRevoke withdraws one of the team's links.
func (h *handler) teamLinkRevoke(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	lid, err := strconv.ParseInt(c.Params("lid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := h.st.RevokeTeamLink(c.UserContext(), m.Team.ID, lid); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.link_revoked")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}
