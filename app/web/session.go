package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// Session lifetimes: a session lasts sessionTTL from its last use (sliding)
// and never more than sessionMaxAge from sign-in (absolute), after which
// the person signs in again.
const (
	sessionMaxAge = 90 * 24 * time.Hour
	// seenEvery bounds the writes "last seen" costs: one per session per
	// five minutes, or when the address or browser changes.
	seenEvery = 5 * time.Minute
	// userAgentMax keeps what is stored of a User-Agent header short.
	userAgentMax = 300
)

// session loads the signed-in user, if any, into the request's locals. The
// cookie holds a random token; the database holds only its hash, so
// sessions survive a restart and a copy of the database opens none of
// them. A session used in the second half of its life is extended, up to
// its absolute end, so someone who comes back regularly stays signed in
// for 90 days at most.
func (h *handler) session(c *fiber.Ctx) error {
	tok := cookie(c, cookieSession)
	if tok == "" {
		return c.Next()
	}
	if !validToken(tok) {
		h.setCookie(c, cookieSession, "", -1)
		return c.Next()
	}
	hash := hashToken(tok)
	ctx := c.UserContext()
	u, sess, err := h.st.SessionByToken(ctx, hash)
	now := h.cfg.Now()
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.setCookie(c, cookieSession, "", -1)
		return c.Next()
	case err != nil:
		return err
	case now.Sub(sess.CreatedAt) >= sessionMaxAge:
		if err := h.st.DeleteSession(ctx, hash); err != nil {
			return err
		}
		h.setCookie(c, cookieSession, "", -1)
		return c.Next()
	}
	if sess.ExpiresAt.Sub(now) < sessionTTL/2 {
		if err := h.st.ExtendSession(ctx, hash, sessionTTL, sessionMaxAge); err != nil {
			return err
		}
		h.setCookie(c, cookieSession, tok, min(sessionTTL, sess.CreatedAt.Add(sessionMaxAge).Sub(now)))
	}
	if info := h.sessionInfo(c); now.Sub(sess.LastSeen) >= seenEvery || info != (store.SessionInfo{UserAgent: sess.UserAgent, Address: sess.Address}) {
		if err := h.st.TouchSession(ctx, hash, info); err != nil {
			return err
		}
	}
	c.Locals("user", u)
	c.Locals(localSession, sess.PublicID)
	return c.Next()
}

// localSession holds the public id of the request's session.
const localSession = "session_id"

// sessionInfo is what a session records of the browser: its User-Agent
// (shortened) and the client's address.
func (h *handler) sessionInfo(c *fiber.Ctx) store.SessionInfo {
	ua := c.Get(fiber.HeaderUserAgent)
	if len(ua) > userAgentMax {
		ua = ua[:userAgentMax]
	}
	return store.SessionInfo{UserAgent: cleanText(ua), Address: h.clientIP(c)}
}
