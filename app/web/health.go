package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers 200 while the database answers: the process is alive and
// useful.
func (h *handler) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.st.Ping(ctx); err != nil {
		h.log.Error("health check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok")
}

// readyz answers 200 when the app can serve a page and keep what people
// save: the database answers, the schema is at the version this binary
// expects, a small write is accepted (then rolled back) and the disk has
// room. A full disk or a read-only file leaves reads working and every
// save failing, so only that proves it.
func (h *handler) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.st.Ping(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	if _, err := h.st.Version(ctx); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("schema unavailable")
	}
	if err := h.st.Writable(ctx); err != nil {
		h.log.Error("readiness check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database cannot take a write")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ready")
}
