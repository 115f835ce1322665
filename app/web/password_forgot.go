package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/store"
)

// resetTTL is how long a password-reset link works.
const resetTTL = 30 * time.Minute

type forgotPage struct {
	MailOn   bool
	Sent     bool
	Email    string
	Problems *formProblems
}

// passwordForgotShow asks for the address to send a reset link to, or,
// without email, says to ask the operator.
func (h *handler) passwordForgotShow(c *fiber.Ctx) error {
	return h.renderForgot(c, forgotPage{Sent: c.Query("sent") == "1"})
}

func (h *handler) renderForgot(c *fiber.Ctx, p forgotPage) error {
	v := h.view(c)
	v.Title = v.L.T("security.forgot.title")
	v.Nav = "signin"
	p.MailOn = h.mail.Enabled()
	if p.Problems == nil {
		p.Problems = &formProblems{}
	}
	v.Data = p
	return h.views.render(c, "password_forgot", v)
}

// passwordForgotCreate sends a reset link when the address has an account,
// and answers the same either way: the page does not tell who has an
// account, and the email goes out from a queue, so the time taken does
// not tell either. Requests count against the address like failed
// sign-ins, so the form cannot flood someone's inbox.
func (h *handler) passwordForgotCreate(c *fiber.Ctx) error {
	if !h.mail.Enabled() {
		return newError(fiber.StatusConflict, "security.forgot.no_mail")
	}
	l := h.loc(c)
	raw := c.FormValue("email")
	email := account.Email(raw)
	if email == "" {
		p := forgotPage{Email: string([]byte(raw)), Problems: &formProblems{}}
		p.Problems.add("email", l.T("account.error.email_invalid"))
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderForgot(c, p)
	}
	ip := h.clientIP(c)
	if wait := h.guesses.wait("reset:"+email, ip); wait > 0 {
		return invitationLimited(c, wait)
	}
	// Every request counts, so one address gets a few links, not hundreds.
	h.guesses.failed("reset:"+email, ip)
	u, err := h.st.UserByEmail(c.UserContext(), email)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	case !u.Disabled:
		if err := h.sendReset(c, u); err != nil {
			return err
		}
	}
	return c.Redirect("/password/forgot?sent=1", fiber.StatusSeeOther)
}

// sendReset makes a reset link for u and queues the email.
func (h *handler) sendReset(c *fiber.Ctx, u *store.User) error {
	link, err := ResetLink(c.UserContext(), h.st, h.cfg.BaseURL, u.ID)
	if err != nil {
		return err
	}
	h.record(c, u.ID, evResetRequested)
	if err := h.mail.Send(mail.Message{To: u.Email, Lang: h.userLang(u, c), Kind: "reset", Link: link}); err != nil {
		h.log.Error("queue reset email", "user_id", u.ID, "err", err)
	}
	return nil
}

// userLang is the language to write to u in: their saved preference, or
// the language of this request.
func (h *handler) userLang(u *store.User, c *fiber.Ctx) string {
	if u.Locale != "" && h.tr.Supported(u.Locale) {
		return u.Locale
	}
	return h.lang(c)
}
