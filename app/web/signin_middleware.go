package web

import "github.com/gofiber/fiber/v2"

// requireUser lets only a signed-in visitor through; a guest goes to the
// sign-in form (a page) or is refused (an action), see toSignIn. Handlers
// behind it can rely on h.user(c) being set.
func (h *handler) requireUser(c *fiber.Ctx) error {
	if h.user(c) == nil {
		return h.toSignIn(c)
	}
	return c.Next()
}

// group registers routes behind one guard. The guard runs as the first
// handler of each route, so it applies to the routes listed and nothing
// else: Fiber's app.Group(prefix, guard) would run it for every path under
// the prefix, unknown paths and other groups' routes included.
type group struct {
	r     fiber.Router
	guard fiber.Handler // nil: anyone may enter
}

func (g group) handlers(h fiber.Handler) []fiber.Handler {
	if g.guard == nil {
		return []fiber.Handler{h}
	}
	return []fiber.Handler{g.guard, h}
}

func (g group) get(path string, h fiber.Handler)  { g.r.Get(path, g.handlers(h)...) }
func (g group) post(path string, h fiber.Handler) { g.r.Post(path, g.handlers(h)...) }
