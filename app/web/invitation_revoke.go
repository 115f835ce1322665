package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// invitationRevoke withdraws one of the person's pending links.
func (h *handler) invitationRevoke(c *fiber.Ctx) error {
	u := h.user(c)
	id, err := c.ParamsInt("id")
	if err != nil {
		return errNotFound
	}
	err = h.st.RevokeInvitation(c.UserContext(), u.ID, int64(id))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound // someone else's is none of this person's business
	case err != nil:
		return invitationError(err)
	}
	h.record(c, u.ID, evInvitationRevoked)
	h.flash(c, "flash.invite.revoked")
	return c.Redirect("/me/invitations", fiber.StatusSeeOther)
}
