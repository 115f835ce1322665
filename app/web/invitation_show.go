package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

type invitationPage struct {
	Token       string
	Inv         *store.Invitation
	Own         bool // the person who made it opened it
	Already     bool // the visitor already mentors the inviter
	SignInURL   string
	RegisterURL string
}

var errInvitationInvalid = newError(fiber.StatusNotFound, "invite.error.invalid")

// invitationError turns a refused answer to an invitation into what the
// visitor is told.
func invitationError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errInvitationInvalid
	case errors.Is(err, store.ErrInvitationUsed):
		return newError(fiber.StatusGone, "invite.error.used")
	case errors.Is(err, store.ErrInvitationExpired):
		return newError(fiber.StatusGone, "invite.error.expired")
	case errors.Is(err, store.ErrInvitationRevoked):
		return newError(fiber.StatusGone, "invite.error.revoked")
	case errors.Is(err, store.ErrOwnInvitation):
		return newError(fiber.StatusUnprocessableEntity, "invite.error.own")
	case errors.Is(err, store.ErrAlreadyMentor):
		return newError(fiber.StatusConflict, "invite.error.already")
	}
	return err
}

// invitationStateError is what a link in state st tells its visitor.
func invitationStateError(st string) error {
	switch st {
	case store.InvitationAccepted, store.InvitationDeclined:
		return invitationError(store.ErrInvitationUsed)
	case store.InvitationRevoked:
		return invitationError(store.ErrInvitationRevoked)
	case store.InvitationExpired:
		return invitationError(store.ErrInvitationExpired)
	}
	return nil
}

// invitation returns the invitation named by the URL's token, or the error
// to show when the link is forged, used up, withdrawn or expired.
func (h *handler) invitation(c *fiber.Ctx) (*store.Invitation, string, error) {
	// Only misses count against the address, and a link that exists is
	// looked up before the limit is asked: an address that tried many
	// forged links still opens a real one (a mentor behind the same
	// office proxy as a prober, say). A lookup by hash is one indexed
	// read, cheap enough to do for every try.
	tok := c.Params("token")
	var inv *store.Invitation
	err := store.ErrNotFound
	if validToken(tok) {
		tok = strings.Clone(tok)
		inv, err = h.st.InvitationByToken(c.UserContext(), hashToken(tok))
	}
	if errors.Is(err, store.ErrNotFound) {
		if ok, wait := h.invites.misses.allow(h.clientIP(c)); !ok {
			return nil, "", invitationLimited(c, wait)
		}
		return nil, "", errInvitationInvalid
	}
	if err != nil {
		return nil, "", invitationError(err)
	}
	return inv, tok, nil
}

// invitationShow is what whoever opens an invitation link sees. A guest is
// asked to sign in or register first and is brought back; only then does
// the page say who sent it, with the choice to accept or decline.
func (h *handler) invitationShow(c *fiber.Ctx) error {
	inv, tok, err := h.invitation(c)
	if err != nil {
		return err
	}
	u := h.user(c)
	switch st := inv.State(h.cfg.Now()); {
	case st == store.InvitationAccepted && u != nil && inv.UsedBy == u.ID:
		// The mentor who accepted it, coming back through the link.
		if ok, err := h.isMentorOf(c, inv.MenteeID); err != nil {
			return err
		} else if ok {
			return c.Redirect("/mentor/mentees/"+strconv.FormatInt(inv.MenteeID, 10), fiber.StatusSeeOther)
		}
		return invitationError(store.ErrInvitationUsed)
	case st != store.InvitationPending:
		return invitationStateError(st)
	}
	p := invitationPage{Token: tok}
	if u == nil {
		next := url.QueryEscape("/invite/" + tok)
		p.SignInURL, p.RegisterURL = "/signin?next="+next, "/register?next="+next
	} else {
		p.Inv = inv
		p.Own = inv.MenteeID == u.ID
		if !p.Own {
			if p.Already, err = h.isMentorOf(c, inv.MenteeID); err != nil {
				return err
			}
		}
	}
	v := h.view(c)
	v.Title = v.L.T("invite.show.title")
	if u == nil {
		v.Next = "/invite/" + tok
	}
	v.Data = p
	// The token is in the URL: keep it out of Referer headers and caches.
	c.Set("Referrer-Policy", "no-referrer")
	return h.views.render(c, "invitation", v)
}
