package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// isMentorOf reports whether the signed-in user is an active mentor of
// menteeID. Every mentor-side page asks this, and only this, so ending a
// mentorship cuts access everywhere at once.
func (h *handler) isMentorOf(c *fiber.Ctx, menteeID int64) (bool, error) {
	u := h.user(c)
	if u == nil || u.ID == menteeID {
		return false, nil
	}
	_, err := h.st.ActiveMentorship(c.UserContext(), menteeID, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// sharesWithMe reports whether memberID shares their results with the
// signed-in user as organiser of team teamID (0: of any team). Every
// organiser-side look at one person asks this, and only this, so a
// withdrawal or a departure cuts access everywhere at once.
func (h *handler) sharesWithMe(c *fiber.Ctx, teamID, memberID int64) bool {
	u := h.user(c)
	if u == nil || u.ID == memberID {
		return false
	}
	ok, err := h.st.SharesWith(c.UserContext(), teamID, memberID, u.ID)
	if err != nil {
		h.log.Error("team sharing check", "request_id", requestID(c), "err", err)
		return false
	}
	return ok
}
