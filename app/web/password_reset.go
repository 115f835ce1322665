package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/store"
)

var errResetInvalid = newError(fiber.StatusNotFound, "security.reset.invalid")

type resetPage struct {
	Token    string
	Min      int
	Problems *formProblems
}

// resetToken returns the URL's reset token and its stored side, or the
// error to show for a forged, used or expired link.
func (h *handler) resetToken(c *fiber.Ctx) (string, *store.UserToken, error) {
	return h.userToken(c, store.TokenReset, errResetInvalid)
}

// userToken returns the URL's token of purpose and its stored side, or
// invalid for a forged, used or expired link.
func (h *handler) userToken(c *fiber.Ctx, purpose string, invalid error) (string, *store.UserToken, error) {
	tok := c.Params("token")
	if !validToken(tok) {
		return "", nil, invalid
	}
	tok = strings.Clone(tok)
	t, err := h.st.UserTokenFor(c.UserContext(), hashToken(tok), purpose)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, invalid
	}
	return tok, t, err
}

// renderConfirm shows the page a link from an email opens: one button, so
// that a mail scanner following links changes nothing.
func (h *handler) renderConfirm(c *fiber.Ctx, p confirmPage) error {
	v := h.view(c)
	v.Title = p.Heading
	v.Data = p
	c.Set("Referrer-Policy", "no-referrer")
	return h.views.render(c, "token_confirm", v)
}

// passwordResetShow is where a reset link leads: a form for the new
// password.
func (h *handler) passwordResetShow(c *fiber.Ctx) error {
	tok, _, err := h.resetToken(c)
	if err != nil {
		return err
	}
	return h.renderReset(c, resetPage{Token: tok})
}

func (h *handler) renderReset(c *fiber.Ctx, p resetPage) error {
	v := h.view(c)
	v.Title = v.L.T("security.reset.title")
	v.Nav = "signin"
	p.Min = account.PasswordMin
	if p.Problems == nil {
		p.Problems = &formProblems{}
	}
	v.Data = p
	// The token is in the URL: keep it out of Referer headers.
	c.Set("Referrer-Policy", "no-referrer")
	return h.views.render(c, "password_reset", v)
}

// passwordResetSave sets the new password, uses the link up and signs out
// every session of the account; the person then signs in (with their
// second factor, when they have one: a reset does not skip it).
func (h *handler) passwordResetSave(c *fiber.Ctx) error {
	tok, t, err := h.resetToken(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	u, err := h.st.User(ctx, t.UserID)
	if err != nil {
		return err
	}
	l := h.loc(c)
	pw := c.FormValue("password")
	p := resetPage{Token: tok, Problems: &formProblems{}}
	if pw == "" {
		p.Problems.add("password", l.T("account.error.password_required"))
	} else if msg := account.PasswordProblem(pw, u.Email, u.Name); msg != "" {
		p.Problems.add("password", l.T(msg, "Min", account.PasswordMin))
	}
	if p.Problems.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderReset(c, p)
	}
	hash, err := h.hasher.Hash(pw)
	if err != nil {
		return err
	}
	if _, err := h.st.UseUserToken(ctx, hashToken(tok), store.TokenReset); errors.Is(err, store.ErrNotFound) {
		return errResetInvalid // used a moment ago by another request
	} else if err != nil {
		return err
	}
	if err := h.st.SetPassword(ctx, u.ID, hash, nil); err != nil {
		return err
	}
	h.record(c, u.ID, evPasswordReset)
	if err := h.endSession(c); err != nil {
		return err
	}
	h.flash(c, "flash.security.password_reset")
	return c.Redirect("/signin", fiber.StatusSeeOther)
}
