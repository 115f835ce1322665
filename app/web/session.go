package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// session loads the signed-in user, if any, into the request's locals. The
// cookie holds a random token; the database holds only its hash, so
// sessions survive a restart and a copy of the database opens none of
// them. A session used in the second half of its life is extended, so
// someone who comes back regularly stays signed in.
func (h *handler) session(c *fiber.Ctx) error {
	tok := c.Cookies(cookieSession)
	if tok == "" {
		return c.Next()
	}
	if !validToken(tok) {
		h.setCookie(c, cookieSession, "", -1)
		return c.Next()
	}
	hash := hashToken(tok)
	u, expires, err := h.st.SessionUser(c.UserContext(), hash)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.setCookie(c, cookieSession, "", -1)
		return c.Next()
	case err != nil:
		return err
	}
	if expires.Sub(h.cfg.Now()) < sessionTTL/2 {
		if err := h.st.ExtendSession(c.UserContext(), hash, sessionTTL); err != nil {
			return err
		}
		h.setCookie(c, cookieSession, tok, sessionTTL)
	}
	c.Locals("user", u)
	return c.Next()
}
