package web

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
)

// benchBareMax bounds what the bare handler serves.
const benchBareMax = 1 << 20

// mountBenchBare adds GET /__bare/:n, which answers n bytes from memory
// ahead of every middleware: Fiber's own limit on this machine, the floor
// `make bench` sets the pages beside. It exists only when Config.BenchBare
// is set, which main does only for the environment variable
// CPOPATH_BENCH_BARE=1; a normal server never has the route.
func mountBenchBare(app *fiber.App) {
	body := bytes.Repeat([]byte("x"), benchBareMax)
	app.Get("/__bare/:n<int>", func(c *fiber.Ctx) error {
		n, err := c.ParamsInt("n")
		if err != nil || n < 0 || n > benchBareMax {
			return fiber.ErrBadRequest
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body[:n])
	})
}
