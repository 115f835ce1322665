package web

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/store"
	"cpopath/app/usertext"
)

// invitationCreate makes a new single-use invitation link and shows it once
// on the invitations page.
func (h *handler) invitationCreate(c *fiber.Ctx) error {
	u := h.user(c)
	label, bad := invitationLabel(c.FormValue("label"))
	if bad {
		return newError(fiber.StatusUnprocessableEntity, "invite.error.label", "Max", store.MaxInvitationLabel)
	}
	// The mentor's address is optional: the link is shown either way.
	to := ""
	if raw := strings.TrimSpace(c.FormValue("email")); raw != "" && h.mail.Enabled() {
		if to = account.Email(raw); to == "" {
			return newError(fiber.StatusUnprocessableEntity, "security.invite.email_invalid")
		}
	}
	key := strconv.FormatInt(u.ID, 10)
	if ok, wait := h.invites.made.allow(key); !ok {
		return invitationLimited(c, wait)
	}
	tok := randomToken()
	_, err := h.st.CreateLabelledInvitation(c.UserContext(), u.ID, label, hashToken(tok), invitationTTL, invitationMaxOpen)
	if err != nil {
		h.invites.made.undo(key) // only links made count
	}
	if errors.Is(err, store.ErrTooManyInvitations) {
		return newError(fiber.StatusConflict, "invite.error.too_many", "Max", invitationMaxOpen)
	}
	if err != nil {
		return err
	}
	h.setCookie(c, cookieInvite, tok, 10*time.Minute)
	h.record(c, u.ID, evInvitationCreated)
	if to != "" {
		h.sendInvitation(c, u, to, tok)
		h.flash(c, "flash.invite.sent")
	} else {
		h.flash(c, "flash.invite.created")
	}
	return c.Redirect("/me/invitations", fiber.StatusSeeOther)
}

// sendInvitation emails the link to the mentor's address, in their saved
// language when they have an account, else in the inviter's.
func (h *handler) sendInvitation(c *fiber.Ctx, u *store.User, to, tok string) {
	lang := h.lang(c)
	if m, err := h.st.UserByEmail(c.UserContext(), to); err == nil && m.Locale != "" {
		lang = m.Locale
	}
	msg := mail.Message{To: to, Lang: lang, Kind: "invite", Args: []any{"Name", u.Name, "Days", int(invitationTTL / (24 * time.Hour))},
		Link: h.link("/invite/" + tok)}
	if err := h.mail.Send(msg); err != nil {
		h.log.Error("queue invitation email", "user_id", u.ID, "err", err)
	}
}

// invitationLabel returns the label typed for a new link, cleaned as
// every free-text line is (usertext.Line: spaces collapsed, control and
// invisible formatting characters removed, so that one pending link cannot
// pass for another), and whether it is refused as too long.
func invitationLabel(s string) (string, bool) {
	s = usertext.Line(s)
	if utf8.RuneCountInString(s) > store.MaxInvitationLabel {
		return "", true
	}
	return s, false
}
