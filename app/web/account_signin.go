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

// accounts serves registration and the actions that check a password.
// Password guesses are throttled by the handler's guesses (throttle.go),
// shared with every form that asks for a password or a code.
type accounts struct {
	*handler
	registerIP *rateLimiter // refused registrations per client address
}

func newAccounts(h *handler) *accounts {
	return &accounts{
		handler: h,
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

// signinCreate checks an email and password and signs the browser in, or,
// when the account has a second factor, goes on to ask for a code. Wrong
// password and unknown email get the same answer in about the same time.
// Guesses are throttled per account and address (throttle.go), which never
// refuses the right password from an address that has not been guessing.
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
	u, ok, err := a.checkGuess(c, email, pw, evSigninFailed)
	var limited *waitError
	switch {
	case errors.As(err, &limited):
		return a.signinLimited(c, p, limited.wait)
	case err != nil:
		return err
	case !ok:
		p.Failed = l.T("account.error.signin_failed")
		c.Status(fiber.StatusUnauthorized)
		return a.renderSignin(c, p)
	}
	if u.TOTPEnabled {
		return a.askForCode(c, u, p.Next)
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	a.record(c, u.ID, evSignin)
	a.flash(c, "flash.account.signed_in")
	return c.Redirect(orDefault(p.Next, "/me"), fiber.StatusSeeOther)
}

// confirmPassword checks u's password for a form that changes something
// of the account, under the throttle. A refusal sets the status (429 with
// Retry-After, or 401), adds its message to p under field, and reports
// false; the caller then renders its form again.
func (h *handler) confirmPassword(c *fiber.Ctx, u *store.User, pw, field, wrongMsg string, p *formProblems) (bool, error) {
	_, ok, err := h.checkGuess(c, u.Email, pw, "")
	return h.refuse(c, ok, err, field, wrongMsg, p)
}

// refuse turns the outcome of a throttled check into the answer's status
// and message, or reports true when the check passed.
func (h *handler) refuse(c *fiber.Ctx, ok bool, err error, field, wrongMsg string, p *formProblems) (bool, error) {
	var limited *waitError
	switch {
	case errors.As(err, &limited):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(limited.wait.Seconds())+1))
		c.Status(fiber.StatusTooManyRequests)
		p.add(field, h.loc(c).T("account.error.rate_limited", "Count", retryMinutes(limited.wait)))
		return false, nil
	case err != nil:
		return false, err
	case !ok:
		c.Status(fiber.StatusUnauthorized)
		p.add(field, h.loc(c).T(wrongMsg))
		return false, nil
	}
	return true, nil
}

// waitError says a guess was not checked: its account and address wait.
type waitError struct{ wait time.Duration }

func (e *waitError) Error() string { return "throttled" }

// checkGuess checks pw for the account with email under the throttle: a
// *waitError when this account and address must wait, else the user and
// whether pw is theirs. An unknown email or a disabled account is a wrong
// guess, answered in the same time. A wrong password of a known account is
// stored as failEvent when given (sign-in failures are shown to the
// person); other forms that confirm a password only log it, so a refused
// form changes nothing stored.
func (h *handler) checkGuess(c *fiber.Ctx, email, pw, failEvent string) (*store.User, bool, error) {
	ip := h.clientIP(c)
	if wait := h.guesses.wait(email, ip); wait > 0 {
		return nil, false, &waitError{wait}
	}
	h.cfg.Sleep(h.guesses.slowdown(email))
	u, err := h.st.UserByEmail(c.UserContext(), email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		account.Check(h.dummyHash(), pw)
		h.guesses.failed(email, ip)
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	if !account.Check(u.PasswordHash, pw) || u.Disabled {
		h.guesses.failed(email, ip)
		if failEvent != "" {
			h.record(c, u.ID, failEvent)
		} else {
			h.log.Info("security event", "event", "password_wrong", "user_id", u.ID, "address", ip, "request_id", requestID(c))
		}
		return u, false, nil
	}
	h.guesses.succeeded(email, ip)
	return u, true, nil
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
