package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// Invitation rules.
const (
	invitationTTL     = 14 * 24 * time.Hour
	invitationMaxOpen = 10
	// cookieInvite carries a new invitation's token from the action that
	// made it to the page that shows it, once: only its hash is stored, so
	// the link cannot be shown again later.
	cookieInvite = "cp_invite"
)

type invitationsPage struct {
	Link     string // the link just made, shown once
	Items    []invitationItem
	Mentors  []*store.MentorLink
	Days     int
	Max      int
	MaxLabel int
	MailOn   bool // the link can also be sent by email
}

type invitationItem struct {
	Inv   *store.Invitation
	State string
}

// invitationList shows the person's invitations and active mentors, the
// form to make a new link, and the link just made.
func (h *handler) invitationList(c *fiber.Ctx) error {
	u := h.user(c)
	ctx := c.UserContext()
	p := invitationsPage{Days: int(invitationTTL / (24 * time.Hour)), Max: invitationMaxOpen, MaxLabel: store.MaxInvitationLabel,
		MailOn: h.mail.Enabled()}
	if tok := cookie(c, cookieInvite); tok != "" {
		h.setCookie(c, cookieInvite, "", -1)
		if validToken(tok) {
			inv, err := h.st.InvitationByToken(ctx, hashToken(tok))
			switch {
			case err == nil && inv.MenteeID == u.ID && inv.State(h.cfg.Now()) == store.InvitationPending:
				p.Link = h.link("/invite/" + tok)
			case err != nil && !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
	}
	list, err := h.st.Invitations(ctx, u.ID)
	if err != nil {
		return err
	}
	now := h.cfg.Now()
	for _, inv := range list {
		p.Items = append(p.Items, invitationItem{Inv: inv, State: inv.State(now)})
	}
	if p.Mentors, err = h.st.Mentors(ctx, u.ID); err != nil {
		return err
	}
	v := h.view(c)
	v.Title = v.L.T("invite.list.title")
	v.Nav = "me"
	v.Data = p
	return h.views.render(c, "me_invitations", v)
}
