package web

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/store"
)

// cookieCode names a sign-in that passed the password and waits for the
// second factor.
const cookieCode = "cp_code"

// codeTTL is how long the code form waits after the password.
const codeTTL = 10 * time.Minute

// pendingCodes are sign-ins between password and code, in memory: a
// restart asks for the password again, which is harmless.
type pendingCodes struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]pendingCode // token → sign-in
}

type pendingCode struct {
	userID  int64
	next    string
	expires time.Time
}

func newPendingCodes(now func() time.Time) *pendingCodes {
	return &pendingCodes{now: now, m: map[string]pendingCode{}}
}

func (p *pendingCodes) put(tok string, pc pendingCode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if len(p.m) >= rateLimiterKeys {
		for k, v := range p.m {
			if now.After(v.expires) {
				delete(p.m, k)
			}
		}
	}
	p.m[tok] = pc
}

func (p *pendingCodes) get(tok string) (pendingCode, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pc, ok := p.m[tok]
	if ok && p.now().After(pc.expires) {
		delete(p.m, tok)
		return pendingCode{}, false
	}
	return pc, ok
}

func (p *pendingCodes) drop(tok string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, tok)
}

// askForCode remembers that u passed the password on this browser and
// sends it to the code form.
func (h *handler) askForCode(c *fiber.Ctx, u *store.User, next string) error {
	tok := randomToken()
	h.codes.put(tok, pendingCode{userID: u.ID, next: next, expires: h.cfg.Now().Add(codeTTL)})
	h.setCookie(c, cookieCode, tok, codeTTL)
	return c.Redirect("/signin/code", fiber.StatusSeeOther)
}

// pending returns the sign-in waiting for a code on this browser.
func (h *handler) pending(c *fiber.Ctx) (string, pendingCode, bool) {
	tok := cookie(c, cookieCode)
	if !validToken(tok) {
		return "", pendingCode{}, false
	}
	pc, ok := h.codes.get(tok)
	return strings.Clone(tok), pc, ok
}

type codePage struct {
	Problems *formProblems
}

// signinCodeShow asks for the authenticator's code (or a recovery code)
// after the password; without a pending sign-in it goes back to the start.
func (h *handler) signinCodeShow(c *fiber.Ctx) error {
	if _, _, ok := h.pending(c); !ok {
		if h.user(c) != nil {
			return c.Redirect("/me", fiber.StatusSeeOther)
		}
		return h.toSignIn(c)
	}
	return h.renderCode(c, &formProblems{})
}

func (h *handler) renderCode(c *fiber.Ctx, p *formProblems) error {
	v := h.view(c)
	v.Title = v.L.T("security.code.title")
	v.Nav = "signin"
	v.Data = codePage{Problems: p}
	return h.views.render(c, "account_code", v)
}

// signinCodeCreate checks the code and completes the sign-in. Wrong codes
// are throttled like passwords, per account and address.
func (h *handler) signinCodeCreate(c *fiber.Ctx) error {
	tok, pc, ok := h.pending(c)
	if !ok {
		return newError(fiber.StatusUnauthorized, "security.code.expired")
	}
	l := h.loc(c)
	code := strings.TrimSpace(c.FormValue("code"))
	if code == "" {
		c.Status(fiber.StatusUnprocessableEntity)
		p := &formProblems{}
		p.add("code", l.T("security.error.code_required"))
		return h.renderCode(c, p)
	}
	u, err := h.st.User(c.UserContext(), pc.userID)
	if err != nil {
		return err
	}
	recovery, ok, err := h.checkCode(c, u, code, true, evSecondFactorFailed)
	p := &formProblems{}
	if ok, err := h.refuse(c, ok, err, "code", "security.error.code_wrong", p); err != nil {
		return err
	} else if !ok {
		return h.renderCode(c, p)
	}
	h.codes.drop(tok)
	h.setCookie(c, cookieCode, "", -1)
	if err := h.startSession(c, u); err != nil {
		return err
	}
	h.record(c, u.ID, evSignin)
	if recovery {
		h.record(c, u.ID, evRecoveryCodeUsed)
	}
	h.flash(c, "flash.account.signed_in")
	return c.Redirect(orDefault(pc.next, "/me"), fiber.StatusSeeOther)
}

// checkCode checks a code of u's second factor under the throttle: a
// six-digit code from the app, not used before, or (when allowRecovery)
// one of the unused recovery codes, which it spends.
func (h *handler) checkCode(c *fiber.Ctx, u *store.User, code string, allowRecovery bool, failEvent string) (recovery, ok bool, err error) {
	key, ip := "code:"+strconv.FormatInt(u.ID, 10), h.clientIP(c)
	if wait := h.guesses.wait(key, ip); wait > 0 {
		return false, false, &waitError{wait}
	}
	ctx := c.UserContext()
	if allowRecovery && account.LooksLikeRecoveryCode(code) {
		ok, err = h.useRecoveryCode(c, u.ID, code)
		recovery = true
	} else if step, match := account.CheckTOTP(u.TOTPSecret, code, h.cfg.Now(), u.TOTPLastStep); match {
		ok, err = h.st.UseTOTPStep(ctx, u.ID, step)
	}
	if err != nil {
		return false, false, err
	}
	if !ok {
		h.guesses.failed(key, ip)
		if failEvent != "" {
			h.record(c, u.ID, failEvent)
		}
		return false, false, nil
	}
	h.guesses.succeeded(key, ip)
	return recovery, true, nil
}

// useRecoveryCode spends u's recovery code matching code, if any.
func (h *handler) useRecoveryCode(c *fiber.Ctx, userID int64, code string) (bool, error) {
	hashes, err := h.st.RecoveryCodeHashes(c.UserContext(), userID)
	if err != nil {
		return false, err
	}
	for _, hash := range hashes {
		if account.CheckRecoveryCode(hash, code) {
			return h.st.UseRecoveryCode(c.UserContext(), userID, hash)
		}
	}
	return false, nil
}
