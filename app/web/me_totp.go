package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
)

// totpIssuer names the app in authenticator apps.
const totpIssuer = "cpopath"

type totpPage struct {
	Key      string   // the secret, grouped for typing
	Codes    []string // recovery codes, shown once after confirming
	Problems *formProblems
}

// meTOTPStart makes a new secret pending confirmation and goes to the
// enrolment page.
func (h *handler) meTOTPStart(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if u.TOTPEnabled {
		return newError(fiber.StatusConflict, "security.totp.already")
	}
	secret, _, err := account.NewTOTP(totpIssuer, u.Email)
	if err != nil {
		return err
	}
	if err := h.st.SetTOTPSecret(c.UserContext(), u.ID, secret); err != nil {
		return err
	}
	return c.Redirect("/me/2fa", fiber.StatusSeeOther)
}

// meTOTPShow shows the QR code and the key of the pending secret, with
// the form to confirm it with a code.
func (h *handler) meTOTPShow(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return c.Redirect("/me/security", fiber.StatusSeeOther)
	}
	return h.renderTOTP(c, totpPage{})
}

func (h *handler) renderTOTP(c *fiber.Ctx, p totpPage) error {
	u := h.user(c)
	v := h.view(c)
	v.Title = v.L.T("security.totp.title")
	v.Nav = "me"
	if p.Codes == nil {
		p.Key = account.GroupKey(u.TOTPSecret)
	}
	if p.Problems == nil {
		p.Problems = &formProblems{}
	}
	v.Data = p
	return h.views.render(c, "me_totp", v)
}

// meTOTPQR is the pending secret as a QR code, drawn here: the secret
// never leaves for a QR service.
func (h *handler) meTOTPQR(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return errNotFound
	}
	png, err := account.QRCodePNG(account.TOTPURL(totpIssuer, u.Email, u.TOTPSecret))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

// meTOTPConfirm turns the second factor on with a first code and shows
// the recovery codes, once: only their hashes are kept, so this answer is
// the one place they appear (and why it is not a redirect).
func (h *handler) meTOTPConfirm(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return newError(fiber.StatusConflict, "security.totp.already")
	}
	// Changing how the account signs in asks for the password again.
	l := h.loc(c)
	p := &formProblems{}
	pw := c.FormValue("password")
	if pw == "" {
		p.add("totp-password", l.T("security.error.current_required"))
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderTOTP(c, totpPage{Problems: p})
	}
	if ok, err := h.confirmPassword(c, u, pw, "totp-password", "security.error.current_wrong", p); err != nil {
		return err
	} else if !ok {
		return h.renderTOTP(c, totpPage{Problems: p})
	}
	step, ok := account.CheckTOTP(u.TOTPSecret, c.FormValue("code"), h.cfg.Now(), 0)
	if !ok {
		c.Status(fiber.StatusUnprocessableEntity)
		p.add("code", l.T("security.error.code_wrong"))
		return h.renderTOTP(c, totpPage{Problems: p})
	}
	codes := account.NewRecoveryCodes(account.RecoveryCodes)
	hashes := make([][]byte, len(codes))
	for i, code := range codes {
		hash, err := account.HashRecoveryCode(code, h.cfg.BcryptCost)
		if err != nil {
			return err
		}
		hashes[i] = hash
	}
	if err := h.st.EnableTOTP(c.UserContext(), u.ID, step, hashes); err != nil {
		return err
	}
	h.record(c, u.ID, evTOTPOn)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.renderTOTP(c, totpPage{Codes: codes})
}

// meTOTPDisable turns the second factor off, with the password and a code
// (from the app or a recovery code).
func (h *handler) meTOTPDisable(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if !u.TOTPEnabled {
		return newError(fiber.StatusConflict, "security.totp.not_on")
	}
	l := h.loc(c)
	pw, code := c.FormValue("password"), c.FormValue("code")
	p := &formProblems{}
	if pw == "" {
		p.add("off-password", l.T("account.error.password_required"))
	}
	if code == "" {
		p.add("off-code", l.T("security.error.code_required"))
	}
	if p.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderSecurityProblem(c, p)
	}
	_, ok, err := h.checkGuess(c, u.Email, pw, "")
	if err == nil && ok {
		_, ok, err = h.checkCode(c, u, code, true, "")
	}
	if ok, err := h.refuse(c, ok, err, "off-code", "security.error.off_wrong", p); err != nil {
		return err
	} else if !ok {
		return h.renderSecurityProblem(c, p)
	}
	if _, err := h.st.DisableTOTP(c.UserContext(), u.ID); err != nil {
		return err
	}
	h.record(c, u.ID, evTOTPOff)
	h.flash(c, "flash.security.totp_off")
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}

// renderSecurityProblem shows the security page with problems of the
// second-factor form.
func (h *handler) renderSecurityProblem(c *fiber.Ctx, p *formProblems) error {
	return h.renderSecurity(c, securityPage{TOTPForm: p})
}
