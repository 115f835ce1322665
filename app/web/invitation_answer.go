package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// invitationAccept makes the signed-in visitor a mentor of the person who
// sent the link, and opens that person's page.
func (h *handler) invitationAccept(c *fiber.Ctx) error {
	u := h.user(c)
	_, tok, err := h.invitation(c)
	if err != nil {
		return err
	}
	m, err := h.st.AcceptInvitation(c.UserContext(), hashToken(tok), u.ID)
	if err != nil {
		return invitationError(err)
	}
	h.record(c, m.MenteeID, evInvitationAccepted)
	h.record(c, m.MenteeID, evMentorshipStarted)
	h.record(c, u.ID, evMentorshipStarted)
	h.flash(c, "flash.invite.accepted")
	return c.Redirect("/mentor/mentees/"+strconv.FormatInt(m.MenteeID, 10), fiber.StatusSeeOther)
}

// invitationDecline uses the link up without becoming a mentor.
func (h *handler) invitationDecline(c *fiber.Ctx) error {
	u := h.user(c)
	_, tok, err := h.invitation(c)
	if err != nil {
		return err
	}
	if err := h.st.DeclineInvitation(c.UserContext(), hashToken(tok), u.ID); err != nil {
		return invitationError(err)
	}
	h.flash(c, "flash.invite.declined")
	return c.Redirect("/mentor", fiber.StatusSeeOther)
}
