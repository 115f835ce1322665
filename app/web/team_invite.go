package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/store"
)

// teamInviteDays is how long an emailed join link stays open.
const teamInviteDays = 14

// teamInvite emails a join link to one address. The link is a fresh team
// link labelled with that address, so it expires like any other and the
// organisers can see whom it went to and revoke it; the page answers the
// same whether or not the address has an account.
func (h *handler) teamInvite(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	if m.Team.Archived() {
		return teamError(store.ErrTeamArchived)
	}
	if !h.mail.Enabled() {
		return newError(fiber.StatusConflict, "team.invite.error.no_mail")
	}
	to := account.Email(strings.TrimSpace(c.FormValue("email")))
	if to == "" {
		return newError(fiber.StatusUnprocessableEntity, "team.invite.error.email")
	}
	u := h.user(c)
	key := strconv.FormatInt(u.ID, 10)
	if ok, wait := h.invites.teamMails.allow(key); !ok {
		return invitationLimited(c, wait)
	}
	tok := randomToken()
	ttl := teamInviteDays * 24 * time.Hour
	if _, err := h.st.CreateLabelledTeamLink(c.UserContext(), m.Team.ID, to, hashToken(tok), ttl, teamLinkMaxOpen); err != nil {
		h.invites.teamMails.undo(key) // only emails sent count
		return teamError(err)
	}
	lang := h.lang(c)
	if r, err := h.st.UserByEmail(c.UserContext(), to); err == nil && r.Locale != "" {
		lang = r.Locale
	}
	msg := mail.Message{To: to, Lang: lang, Kind: "team_invite", Link: h.link("/join/" + tok),
		Args: []any{"Name", u.Name, "Team", m.Team.Name, "Days", teamInviteDays}}
	if err := h.mail.Send(msg); err != nil {
		h.log.Error("queue team invitation email", "user_id", u.ID, "team_id", m.Team.ID, "err", err)
	}
	h.flash(c, "flash.team.invite_sent")
	return c.Redirect(teamURL(m.Team.ID)+"/manage", fiber.StatusSeeOther)
}
