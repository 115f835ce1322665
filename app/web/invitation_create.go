package web

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// invitationCreate makes a new single-use invitation link and shows it once
// on the invitations page.
func (h *handler) invitationCreate(c *fiber.Ctx) error {
	u := h.user(c)
	key := strconv.FormatInt(u.ID, 10)
	if ok, wait := h.invites.made.allow(key); !ok {
		return invitationLimited(c, wait)
	}
	tok := randomToken()
	_, err := h.st.CreateInvitation(c.UserContext(), u.ID, hashToken(tok), invitationTTL, invitationMaxOpen)
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
	h.flash(c, "flash.invite.created")
	return c.Redirect("/me/invitations", fiber.StatusSeeOther)
}
