package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

type teamJoinPage struct {
	Token       string
	Team        *store.Team
	Floor       int
	Already     bool
	SignInURL   string
	RegisterURL string
}

var errTeamLinkInvalid = newError(fiber.StatusNotFound, "team.error.link_invalid")

// teamLink returns the link and team named by the URL's token, or what to
// tell its visitor. Unknown tokens count against the address, as for
// mentor invitations.
func (h *handler) teamLink(c *fiber.Ctx) (*store.TeamLink, *store.Team, string, error) {
	ip := h.clientIP(c)
	if ok, wait := h.invites.misses.allow(ip); !ok {
		return nil, nil, "", invitationLimited(c, wait)
	}
	tok := c.Params("token")
	if !validToken(tok) {
		return nil, nil, "", errTeamLinkInvalid
	}
	tok = strings.Clone(tok)
	l, t, err := h.st.TeamLinkByToken(c.UserContext(), hashToken(tok))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, "", errTeamLinkInvalid
	}
	if err != nil {
		return nil, nil, "", err
	}
	h.invites.misses.undo(ip)
	switch {
	case !l.RevokedAt.IsZero():
		return nil, nil, "", teamError(store.ErrTeamLinkRevoked)
	case !l.Open(h.cfg.Now()):
		return nil, nil, "", teamError(store.ErrTeamLinkExpired)
	case t.Archived():
		return nil, nil, "", teamError(store.ErrTeamArchived)
	}
	return l, t, tok, nil
}

// teamJoinShow says, before anyone joins, exactly what the organisers will
// see of them. A guest signs in or registers first and comes back.
func (h *handler) teamJoinShow(c *fiber.Ctx) error {
	_, t, tok, err := h.teamLink(c)
	if err != nil {
		return err
	}
	p := teamJoinPage{Token: tok, Floor: t.Floor}
	if u := h.user(c); u == nil {
		next := url.QueryEscape("/join/" + tok)
		p.SignInURL, p.RegisterURL = "/signin?next="+next, "/register?next="+next
	} else {
		p.Team = t
		_, err := h.st.Membership(c.UserContext(), t.ID, u.ID)
		switch {
		case err == nil:
			p.Already = true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	v := h.view(c)
	v.Title = v.L.T("team.join.title")
	v.Data = p
	c.Set("Referrer-Policy", "no-referrer")
	return h.views.render(c, "team_join", v)
}

// teamJoin makes the signed-in visitor a member, sharing individually only
// when they ticked the box.
func (h *handler) teamJoin(c *fiber.Ctx) error {
	u := h.user(c)
	_, _, tok, err := h.teamLink(c)
	if err != nil {
		return err
	}
	share := c.FormValue("share") == "1"
	if _, err := h.st.JoinTeam(c.UserContext(), hashToken(tok), u.ID, share); err != nil {
		return teamError(err)
	}
	h.flash(c, "flash.team.joined")
	return c.Redirect("/me/teams", fiber.StatusSeeOther)
}
