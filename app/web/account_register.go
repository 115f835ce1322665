package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
	"cpopath/app/store"
)

type registerPage struct {
	Name     string
	Email    string
	Next     string
	Problems *formProblems
	// Guest reports whether this browser has guest answers to keep.
	Guest bool
}

// registerShow renders the registration form; someone signed in goes on.
func (h *handler) registerShow(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if h.user(c) != nil {
		return c.Redirect(orDefault(next, "/me"), fiber.StatusSeeOther)
	}
	return h.renderRegister(c, registerPage{Next: next, Problems: &formProblems{}})
}

func (h *handler) renderRegister(c *fiber.Ctx, p registerPage) error {
	v := h.view(c)
	v.Title = v.L.T("account.register.title")
	v.Nav = "register"
	p.Guest = hasBrowserKey(c)
	v.Data = p
	return h.views.render(c, "account_register", v)
}

// registerCreate creates an account and signs it in. Whatever the browser
// answered as a guest moves to the account. A refused form comes back with
// what was typed (except the password) and a message at each field.
func (a *accounts) registerCreate(c *fiber.Ctx) error {
	if a.user(c) != nil {
		return c.Redirect("/me", fiber.StatusSeeOther)
	}
	l := a.loc(c)
	p := registerPage{Next: safeNext(c.FormValue("next")), Problems: &formProblems{}}
	rawEmail := strings.TrimSpace(c.FormValue("email"))
	p.Email = strings.Clone(rawEmail)
	name, nameErr := account.Name(c.FormValue("name"))
	p.Name = strings.Clone(name)
	pw := c.FormValue("password")

	if nameErr != "" {
		p.Problems.add("name", l.T(nameErr, "Max", account.NameMax))
	}
	email := account.Email(rawEmail)
	switch {
	case rawEmail == "":
		p.Problems.add("email", l.T("account.error.email_required"))
	case email == "":
		p.Problems.add("email", l.T("account.error.email_invalid"))
	}
	if pw == "" {
		p.Problems.add("password", l.T("account.error.password_required"))
	} else if msg := account.PasswordProblem(pw, email, name); msg != "" {
		p.Problems.add("password", l.T(msg, "Min", account.PasswordMin))
	}

	ip := a.clientIP(c)
	if ok, wait := a.registerIP.allow(ip); !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Seconds())+1))
		c.Status(fiber.StatusTooManyRequests)
		p.Problems = &formProblems{}
		p.Problems.add("form", l.T("account.error.rate_limited", "Count", retryMinutes(wait)))
		return a.renderRegister(c, p)
	}
	if p.Problems.Any() {
		c.Status(fiber.StatusUnprocessableEntity)
		return a.renderRegister(c, p)
	}
	hash, err := a.hasher.Hash(pw)
	if err != nil {
		return err
	}
	u, err := a.st.CreateUser(c.UserContext(), email, strings.Clone(name), hash)
	if errors.Is(err, store.ErrEmailTaken) {
		p.Problems.add("email", l.T("account.error.email_taken"))
		c.Status(fiber.StatusConflict)
		return a.renderRegister(c, p)
	}
	if err != nil {
		return err
	}
	a.registerIP.undo(ip)
	if err := a.startSession(c, u); err != nil {
		return err
	}
	a.flash(c, "flash.account.registered")
	return c.Redirect(orDefault(p.Next, "/me"), fiber.StatusSeeOther)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
