package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Account limits.
const (
	sessionTTL = 30 * 24 * time.Hour
)

var (
	errSignInRequired = newError(fiber.StatusUnauthorized, "account.error.signin_required")
	errToSignIn       = newError(fiber.StatusSeeOther, "account.error.signin_required")
)

// formProblem is one thing wrong with a submitted form: the field (the
// input's id) and the translated message shown beside it.
type formProblem struct{ Field, Msg string }

// formProblems collects what is wrong with a form, in field order, for the
// summary at the top and the message under each field.
type formProblems struct{ list []formProblem }

func (f *formProblems) add(field, msg string) { f.list = append(f.list, formProblem{field, msg}) }

// Any reports whether there is any problem.
func (f *formProblems) Any() bool { return f != nil && len(f.list) > 0 }

// List returns the problems in order.
func (f *formProblems) List() []formProblem {
	if f == nil {
		return nil
	}
	return f.list
}

// Of returns the message for field, or "".
func (f *formProblems) Of(field string) string {
	if f == nil {
		return ""
	}
	for _, p := range f.list {
		if p.Field == field {
			return p.Msg
		}
	}
	return ""
}

// safeNext returns next when it is a path on this site to come back to
// after signing in, and "" otherwise, so the form cannot be used to send
// people elsewhere.
func safeNext(next string) string {
	if next == "" || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return strings.Clone(next)
}

// toSignIn answers a guest on something that needs an account: a page
// view goes to the sign-in form, which comes back here afterwards; an
// action is refused. Either way it returns an error, so a caller that
// passes it up (return h.toSignIn(c)) stops there: for a page view it is a
// 303 whose Location is already set, and the error page becomes the body
// of the redirect.
func (h *handler) toSignIn(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		c.Location("/signin?next=" + url.QueryEscape(c.OriginalURL()))
		return errToSignIn
	}
	return errSignInRequired
}

// retryMinutes rounds a wait up to whole minutes for a message.
func retryMinutes(d time.Duration) int {
	m := int((d + time.Minute - 1) / time.Minute)
	if m < 1 {
		m = 1
	}
	return m
}
