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
