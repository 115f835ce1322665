package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/store"
)

// emailTTL is how long a confirmation link for a new address works.
const emailTTL = 24 * time.Hour

var errEmailLinkInvalid = newError(fiber.StatusNotFound, "security.email.invalid")

// meEmailSave asks to change the sign-in address: with the password
// confirmed, a link goes to the new address, and the change takes effect
// only when it is opened there. Without email it cannot be verified, so it
// is not offered.
func (h *handler) meEmailSave(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if !h.mail.Enabled() {
		return newError(fiber.StatusConflict, "security.email.no_mail")
	}
	l := h.loc(c)
	raw := strings.TrimSpace(c.FormValue("email"))
	email := account.Email(raw)
	p := &formProblems{}
	switch {
	case raw == "":
		p.add("new-email", l.T("account.error.email_required"))
	case email == "":
		p.add("new-email", l.T("account.error.email_invalid"))
	case email == u.Email:
		p.add("new-email", l.T("security.email.same"))
	}
	pw := c.FormValue("password")
	if pw == "" {
		p.add("email-password", l.T("account.error.password_required"))
	}
	page := securityPage{Email: p, NewEmail: strings.Clone(raw)}
	if p.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderSecurity(c, page)
	}
	if ok, err := h.confirmPassword(c, u, pw, "email-password", "security.error.current_wrong", p); err != nil {
		return err
	} else if !ok {
		return h.renderSecurity(c, page)
	}
	tok := randomToken()
	if err := h.st.CreateUserToken(c.UserContext(), hashToken(tok), u.ID, store.TokenEmail, email, emailTTL); err != nil {
		return err
	}
	if err := h.mail.Send(mail.Message{To: email, Lang: h.userLang(u, c), Kind: "confirm_email", Link: h.link("/email/confirm/" + tok)}); err != nil {
		return err
	}
	h.record(c, u.ID, evEmailChangeAsked)
	h.flash(c, "flash.security.email_sent")
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}

type confirmPage struct {
	Action  string // where the button posts
	Heading string
	Lead    string
	Button  string
}

// emailConfirmShow is where the confirmation link leads.
func (h *handler) emailConfirmShow(c *fiber.Ctx) error {
	tok, t, err := h.userToken(c, store.TokenEmail, errEmailLinkInvalid)
	if err != nil {
		return err
	}
	l := h.loc(c)
	return h.renderConfirm(c, confirmPage{Action: "/email/confirm/" + tok, Heading: l.T("security.email.confirm_title"),
		Lead: l.T("security.email.confirm_lead", "Email", t.Data), Button: l.T("security.email.confirm_button")})
}

// emailConfirmSave makes the new address the sign-in address.
func (h *handler) emailConfirmSave(c *fiber.Ctx) error {
	tok := c.Params("token")
	if !validToken(tok) {
		return errEmailLinkInvalid
	}
	ctx := c.UserContext()
	t, err := h.st.UseUserToken(ctx, hashToken(tok), store.TokenEmail)
	if errors.Is(err, store.ErrNotFound) {
		return errEmailLinkInvalid
	} else if err != nil {
		return err
	}
	if err := h.st.SetUserEmail(ctx, t.UserID, t.Data); errors.Is(err, store.ErrEmailTaken) {
		return newError(fiber.StatusConflict, "security.email.taken")
	} else if err != nil {
		return err
	}
	h.record(c, t.UserID, evEmailChanged)
	h.flash(c, "flash.security.email_changed")
	if u := h.user(c); u != nil && u.ID == t.UserID {
		return c.Redirect("/me/security", fiber.StatusSeeOther)
	}
	return c.Redirect("/signin", fiber.StatusSeeOther)
}
