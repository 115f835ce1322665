//go:build bench

package web

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
)

// benchBareMax bounds what the bare handler serves.
const benchBareMax = 1 << 20

// mountBenchBare adds GET /__bare/:n, which answers n bytes from memory
// ahead of every middleware: Fiber's own limit on this machine, the floor
// `make bench` sets the pages beside. Only a binary built with the bench
// tag (as app/bench builds it) has the route; the product's has not
// (bench_bare_off.go).
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
