package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// meLocaleSave stores the language the person wants every page in; the
// empty choice goes back to following the browser and the language menu.
func (h *handler) meLocaleSave(c *fiber.Ctx) error {
	u := h.user(c)
	l := strings.Clone(c.FormValue("locale"))
	if l != "" && !h.tr.Supported(l) {
		return newError(fiber.StatusUnprocessableEntity, "me.error.locale")
	}
	if err := h.st.SetUserLocale(c.UserContext(), u.ID, l); err != nil {
		return err
	}
	if l != "" {
		// The cookie follows, so the choice also holds after signing out.
		h.setCookie(c, cookieLang, l, 400*24*time.Hour)
	}
	h.flash(c, "flash.me.locale_saved")
	return c.Redirect("/me", fiber.StatusSeeOther)
}
