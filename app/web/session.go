package web

import "github.com/gofiber/fiber/v2"

// session loads the signed-in user, if any, into the request's locals.
// Accounts are not built yet: every visitor is a guest.
func (h *handler) session(c *fiber.Ctx) error { return c.Next() }
