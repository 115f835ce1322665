package web

import "github.com/gofiber/fiber/v2"

// formFromBody makes every state-changing request read its form from the
// body only. Fiber's FormValue looks in the query string first, so a
// password or CSRF token put in a URL (which lands in logs, history and
// Referer headers) would count as if posted. Emptying the query arguments
// here, ahead of every handler, covers all of them at once.
func formFromBody(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
	default:
		c.Request().URI().QueryArgs().Reset()
	}
	return c.Next()
}
