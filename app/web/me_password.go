package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
)

// mePasswordSave changes the password once the current one is confirmed,
// and signs out every other session: whoever may have known the old
// password is out.
func (h *handler) mePasswordSave(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	l := h.loc(c)
	cur, next := c.FormValue("current"), c.FormValue("password")
	p := &formProblems{}
	if cur == "" {
		p.add("current", l.T("security.error.current_required"))
	}
	if next == "" {
		p.add("password", l.T("account.error.password_required"))
	} else if msg := account.PasswordProblem(next, u.Email, u.Name); msg != "" {
		p.add("password", l.T(msg, "Min", account.PasswordMin))
	}
	if p.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderSecurity(c, securityPage{Password: p})
	}
	if ok, err := h.confirmPassword(c, u, cur, "current", "security.error.current_wrong", p); err != nil {
		return err
	} else if !ok {
		return h.renderSecurity(c, securityPage{Password: p})
	}
	hash, err := h.hasher.Hash(next)
	if err != nil {
		return err
	}
	if err := h.st.SetPassword(c.UserContext(), u.ID, hash, hashToken(cookie(c, cookieSession))); err != nil {
		return err
	}
	h.record(c, u.ID, evPasswordChanged)
	h.flash(c, "flash.security.password_changed")
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}
