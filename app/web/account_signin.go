package web

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/store"
)

// accounts serves the actions that check a password: sign-in, registration
// and account deletion. Beyond the handler they share rate limits, which
// live as long as the app does.
type accounts struct {
	*handler
	signinIP      *rateLimiter // failed sign-ins per client address
	signinAccount *rateLimiter // failed sign-ins (and deletions) per email
	registerIP    *rateLimiter // refused registrations per client address
}

func newAccounts(h *handler) *accounts {
	return &accounts{
		handler:       h,
		signinIP:      newRateLimiter(10, 15*time.Minute, h.cfg.Now),
		signinAccount: newRateLimiter(5, 15*time.Minute, h.cfg.Now),
		// A refused registration can tell whether an email has an account,
		// so refusals are limited too.
		registerIP: newRateLimiter(20, time.Hour, h.cfg.Now),
	}
}

type signinPage struct {
	Email    string
	Next     string
	Problems *formProblems
	// Failed is the message for wrong credentials or too many attempts: it
	// belongs to the whole form, not to one field, so it does not say
	// which of email and password was wrong.
	Failed string
}

// signinShow renders the sign-in form; someone signed in goes on.
func (h *handler) signinShow(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if h.user(c) != nil {
		return c.Redirect(orDefault(next, "/me"), fiber.StatusSeeOther)
	}
	return h.renderSignin(c, signinPage{Next: next, Problems: &formProblems{}})
}

func (h *handler) renderSignin(c *fiber.Ctx, p signinPage) error {
	v := h.view(c)
	v.Title = v.L.T("account.signin.title")
	v.Nav = "signin"
	v.Data = p
	return h.views.render(c, "account_signin", v)
}

// signinCreate checks an email and password and signs the browser in.
// Wrong password and unknown email get the same answer in about the same
// time. Failures count against the client's address and the email; past
// either limit the form is refused without checking anything.
func (a *accounts) signinCreate(c *fiber.Ctx) error {
	l := a.loc(c)
	rawEmail := strings.TrimSpace(c.FormValue("email"))
	p := signinPage{Email: strings.Clone(rawEmail), Next: safeNext(c.FormValue("next")), Problems: &formProblems{}}
	pw := c.FormValue("password")
	if rawEmail == "" {
		p.Problems.add("email", l.T("account.error.email_required"))
	}
	if pw == "" {
		p.Problems.add("password", l.T("account.error.password_required"))
	}
	if p.Problems.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return a.renderSignin(c, p)
	}
	email := strings.ToLower(rawEmail)
	ip := a.clientIP(c)
	if ok, wait := a.signinIP.allow(ip); !ok {
		return a.signinLimited(c, p, wait)
	}
	if ok, wait := a.signinAccount.allow(email); !ok {
		a.signinIP.undo(ip)
		return a.signinLimited(c, p, wait)
	}
	u, err := a.st.UserByEmail(c.UserContext(), email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		account.Check(a.dummyHash(), pw)
	case err != nil:
		return err
	}
	if u == nil || !account.Check(u.PasswordHash, pw) {
		p.Failed = l.T("account.error.signin_failed")
		c.Status(fiber.StatusUnauthorized)
		return a.renderSignin(c, p)
	}
	a.signinIP.undo(ip)
	a.signinAccount.reset(email)
	if err := a.startSession(c, u); err != nil {
		return err
	}
	a.flash(c, "flash.account.signed_in")
	return c.Redirect(orDefault(p.Next, "/me"), fiber.StatusSeeOther)
}

func (a *accounts) signinLimited(c *fiber.Ctx, p signinPage, wait time.Duration) error {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Seconds())+1))
	c.Status(fiber.StatusTooManyRequests)
	p.Failed = a.loc(c).T("account.error.rate_limited", "Count", retryMinutes(wait))
	return a.renderSignin(c, p)
}

// signout ends the session and goes home.
func (h *handler) signout(c *fiber.Ctx) error {
	if err := h.endSession(c); err != nil {
		return err
	}
	h.flash(c, "flash.account.signed_out")
	return c.Redirect("/", fiber.StatusSeeOther)
}
