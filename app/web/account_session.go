package web

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// startSession signs u in on this browser: the guest's attempts move to the
// account, any session the browser had ends, and a new session token and a
// new browser key are issued. Issuing both anew means nothing planted in
// the browser before signing in (a session cookie, a browser key and with
// it a CSRF token) is worth anything afterwards.
func (h *handler) startSession(c *fiber.Ctx, u *store.User) error {
	ctx := c.UserContext()
	if hasBrowserKey(c) {
		if _, err := h.st.ClaimGuestAttempts(ctx, hashToken(h.browserKey(c)), u.ID); err != nil {
			return err
		}
	}
	if old := cookie(c, cookieSession); validToken(old) {
		if err := h.st.DeleteSession(ctx, hashToken(old)); err != nil {
			return err
		}
	}
	tok := randomToken()
	if err := h.st.CreateSession(ctx, hashToken(tok), u.ID, sessionTTL, h.sessionInfo(c)); err != nil {
		return err
	}
	h.setCookie(c, cookieSession, tok, sessionTTL)
	h.rotateBrowserKey(c)
	c.Locals("user", u)
	// Signing in is rare enough to pay for tidying up old sessions.
	if _, err := h.st.DeleteExpiredSessions(ctx); err != nil {
		h.log.Warn("delete expired sessions", "err", err)
	}
	return nil
}

// endSession signs this browser out: the session row goes, the cookie is
// cleared and the browser key is replaced, so the next guest on a shared
// computer starts with nothing.
func (h *handler) endSession(c *fiber.Ctx) error {
	if tok := cookie(c, cookieSession); validToken(tok) {
		if err := h.st.DeleteSession(c.UserContext(), hashToken(tok)); err != nil {
			return err
		}
	}
	h.setCookie(c, cookieSession, "", -1)
	h.rotateBrowserKey(c)
	c.Locals("user", nil)
	// The browser also drops what it cached or stored for this site; the
	// cookies are left to the lines above, which also set a new browser key.
	c.Set("Clear-Site-Data", `"cache", "storage"`)
	return nil
}

func (h *handler) rotateBrowserKey(c *fiber.Ctx) {
	k := randomToken()
	h.setCookie(c, cookieBrowser, k, 400*24*time.Hour)
	c.Locals(cookieBrowser, k)
}

// cleanText keeps only printable characters of s, a copy safe to keep
// after the handler returns.
func cleanText(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		if r >= 0x20 && r != 0x7f && r != utf8.RuneError && !unicode.Is(unicode.Cf, r) {
			b = append(b, r)
		}
	}
	return string(b)
}
