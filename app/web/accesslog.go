package web

import (
	"errors"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// accessLog writes one structured line per request, with the request id
// that the error page also shows, so a user's report can be found.
func (h *handler) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = errorStatus(err)
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	took := time.Since(start)
	h.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("request_id", requestID(c)),
		slog.String("method", c.Method()),
		slog.String("path", logPath(c.Path())),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(took.Microseconds())/1000),
		slog.Int("bytes", len(c.Response().Body())),
	)
	return err
}

// errorStatus is the status the error handler will answer err with.
func errorStatus(err error) int {
	var fe *fiber.Error
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, store.ErrNotFound):
		return fiber.StatusNotFound
	default:
		return fiber.StatusInternalServerError
	}
}
