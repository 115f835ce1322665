package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
)

// httpError is an error a user caused or may see: a status and the id of a
// translated message. Handlers return these; the error handler renders them.
type httpError struct {
	status int
	msg    string // i18n message id
	args   []any
}

func (e *httpError) Error() string { return e.msg }

func newError(status int, msg string, args ...any) *httpError {
	return &httpError{status: status, msg: msg, args: args}
}

var (
	errNotFound      = newError(fiber.StatusNotFound, "error.not_found")
	errForbiddenCSRF = newError(fiber.StatusForbidden, "error.csrf")
	errBadRequest    = newError(fiber.StatusBadRequest, "error.bad_request")
)

// handleError is the one place errors become responses. Known errors get
// their status and message; anything else is logged and shown as a
// translated 500 page with the request id.
func (h *handler) handleError(c *fiber.Ctx, err error) error {
	h.setSecurityHeaders(c)
	status, msg := fiber.StatusInternalServerError, "error.internal"
	var args []any
	var he *httpError
	var fe *fiber.Error
	switch {
	case errors.As(err, &he):
		status, msg, args = he.status, he.msg, he.args
	case errors.Is(err, store.ErrNotFound):
		status, msg = fiber.StatusNotFound, "error.not_found"
	case errors.As(err, &fe):
		status = fe.Code
		switch fe.Code {
		case fiber.StatusNotFound:
			msg = "error.not_found"
		case fiber.StatusRequestEntityTooLarge:
			msg = "error.too_large"
		case fiber.StatusMethodNotAllowed:
			msg = "error.method"
		case fiber.StatusTooManyRequests:
			msg = "error.rate_limited"
		case fiber.StatusRequestTimeout:
			msg = "error.timeout"
		default:
			if fe.Code < 500 {
				msg = "error.bad_request"
			}
		}
	}
	if status >= 500 {
		h.log.Error("request failed", "request_id", requestID(c), "path", c.Path(), "err", err)
	}
	c.Status(status)
	if wantsJSON(c) {
		return c.JSON(fiber.Map{"error": h.loc(c).T(msg, args...)})
	}
	v := h.view(c)
	heading := v.L.T("error.heading." + errorKind(status))
	v.Title = heading
	v.Data = errorPage{Status: status, Heading: heading, Message: v.L.T(msg, args...), RequestID: requestID(c)}
	if rerr := h.views.render(c, "error", v); rerr != nil {
		h.log.Error("render error page", "err", rerr)
		return c.SendString(v.L.T(msg, args...))
	}
	return nil
}

type errorPage struct {
	Status    int
	Heading   string
	Message   string
	RequestID string
}

func wantsJSON(c *fiber.Ctx) bool {
	return c.Get("X-Requested-With") == "fetch" || c.Get(fiber.HeaderAccept) == fiber.MIMEApplicationJSON
}

// errorKind names the heading of an error page by its status, so a
// missing page says so instead of "that did not work". Every status the
// app answers with has its own; any other falls back to its class.
func errorKind(status int) string {
	switch status {
	case fiber.StatusBadRequest:
		return "bad_request"
	case fiber.StatusUnauthorized:
		return "unauthorized"
	case fiber.StatusForbidden:
		return "forbidden"
	case fiber.StatusNotFound:
		return "not_found"
	case fiber.StatusMethodNotAllowed:
		return "method"
	case fiber.StatusRequestTimeout:
		return "timeout"
	case fiber.StatusConflict, fiber.StatusGone:
		return "conflict"
	case fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case fiber.StatusUnprocessableEntity:
		return "invalid"
	case fiber.StatusTooManyRequests:
		return "rate_limited"
	case fiber.StatusServiceUnavailable:
		return "unavailable"
	}
	if status >= 500 {
		return "internal"
	}
	return "bad_request"
}
