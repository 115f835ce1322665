package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
)

// Cookie names.
const (
	cookieBrowser = "cp_browser" // unguessable browser key: guest attempts, CSRF binding
	cookieSession = "cp_session" // signed-in session token
	cookieLang    = "cp_lang"    // explicit language choice
	cookieFlash   = "cp_flash"   // one-shot message id after a redirect
)

const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script or style: pages use only files from /static.
func (h *handler) securityHeaders(c *fiber.Ctx) error {
	if h.secure(c) {
		c.Locals(localTLS, true)
	}
	h.setSecurityHeaders(c)
	return c.Next()
}

// localTLS marks a request that came over TLS, for cookieName.
const localTLS = "tls"

// cookieName is the name cookie name has on this request: over TLS it
// carries the __Host- prefix, which browsers accept only from this very
// host, over TLS, for the whole site, so a neighbouring subdomain or a
// plain-HTTP response cannot plant or overwrite it. Over TLS only the
// prefixed name is read.
func cookieName(c *fiber.Ctx, name string) string {
	if c.Locals(localTLS) == true {
		return "__Host-" + name
	}
	return name
}

// cookie reads the cookie name under the name it has on this request.
func cookie(c *fiber.Ctx, name string) string { return c.Cookies(cookieName(c, name)) }

// setSecurityHeaders sets them; the error handler calls it too, for the
// responses the server makes before any middleware runs (an oversized
// body, a malformed request).
func (h *handler) setSecurityHeaders(c *fiber.Ctx) {
	hdr := &c.Response().Header
	for _, kv := range securityHeaderList {
		hdr.SetCanonical(kv[0], kv[1])
	}
	if h.secure(c) {
		hdr.SetCanonical(hstsHeader[0], hstsHeader[1])
	}
}

// The headers as bytes, their names already in canonical form: set on
// every response, they skip the name normalising and string conversions
// of fiber's Set.
var (
	securityHeaderList = [][2][]byte{
		{[]byte("Content-Security-Policy"), []byte(contentSecurityPolicy)},
		{[]byte("X-Content-Type-Options"), []byte("nosniff")},
		{[]byte("Referrer-Policy"), []byte("same-origin")},
		{[]byte("X-Frame-Options"), []byte("DENY")},
		{[]byte("Cross-Origin-Opener-Policy"), []byte("same-origin")},
		{[]byte("Permissions-Policy"), []byte("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")},
	}
	hstsHeader = [2][]byte{[]byte("Strict-Transport-Security"), []byte("max-age=63072000; includeSubDomains")}
)

// secure reports whether the request reached us over TLS, directly or, when
// configured, through a trusted proxy.
func (h *handler) secure(c *fiber.Ctx) bool {
	if c.Context().IsTLS() {
		return true
	}
	return h.cfg.TrustProxy && strings.EqualFold(c.Get(fiber.HeaderXForwardedProto), "https")
}

// Tokens are account's: 256 random bits, stored only as a hash, so a
// leaked database does not yield working cookies or invitation links.
func randomToken() string         { return account.NewToken() }
func hashToken(tok string) []byte { return account.HashToken(tok) }
func validToken(tok string) bool  { return account.ValidToken(tok) }

func (h *handler) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{
		Name:     cookieName(c, name),
		Value:    value,
		Path:     "/",
		HTTPOnly: true,
		Secure:   h.secure(c),
		SameSite: fiber.CookieSameSiteLaxMode,
	}
	if maxAge > 0 {
		ck.Expires = h.cfg.Now().Add(maxAge)
		ck.MaxAge = int(maxAge.Seconds())
	} else if maxAge < 0 {
		ck.Expires = time.Unix(0, 0)
		ck.MaxAge = -1
	}
	c.Cookie(ck)
}

// browserKey returns this browser's key, issuing one when it has none or a
// malformed one. Guests' attempts are tied to it (by hash), and CSRF tokens
// are bound to it.
func (h *handler) browserKey(c *fiber.Ctx) string {
	if k, ok := c.Locals(cookieBrowser).(string); ok {
		return k
	}
	k := cookie(c, cookieBrowser)
	if !validToken(k) {
		k = randomToken()
		h.setCookie(c, cookieBrowser, k, 400*24*time.Hour)
	} else {
		k = strings.Clone(k)
	}
	c.Locals(cookieBrowser, k)
	return k
}

// hasBrowserKey reports whether the request came with a well-formed key,
// without issuing one.
func hasBrowserKey(c *fiber.Ctx) bool { return validToken(cookie(c, cookieBrowser)) }

// csrfToken is an HMAC of the browser key: stateless, so it survives
// restarts, and useless to another browser.
func (h *handler) csrfToken(c *fiber.Ctx) string {
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte("csrf\x00" + h.browserKey(c)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF guards every state-changing request: the form field _csrf or
// the X-CSRF-Token header must carry this browser's token.
func (h *handler) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if !hasBrowserKey(c) {
		return errForbiddenCSRF
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	want := h.csrfToken(c)
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errForbiddenCSRF
	}
	return c.Next()
}
