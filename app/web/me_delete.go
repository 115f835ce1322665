package web

import (
	"github.com/gofiber/fiber/v2"
)

type meDeletePage struct {
	Problems *formProblems
}

// meDeleteShow asks for the password before an account is deleted: the
// confirmation that it is really the person, not just their open browser.
func (h *handler) meDeleteShow(c *fiber.Ctx) error {
	return h.renderMeDelete(c, &formProblems{})
}

func (h *handler) renderMeDelete(c *fiber.Ctx, p *formProblems) error {
	v := h.view(c)
	v.Title = v.L.T("me.delete.title")
	v.Nav = "me"
	v.Data = meDeletePage{Problems: p}
	return h.views.render(c, "me_delete", v)
}

// meDelete deletes the account and everything of it once the password is
// confirmed, then signs the browser out. Wrong passwords count against the
// same limit as sign-ins.
func (a *accounts) meDelete(c *fiber.Ctx) error {
	u := a.user(c)
	l := a.loc(c)
	pw := c.FormValue("password")
	p := &formProblems{}
	if pw == "" {
		p.add("password", l.T("account.error.password_required"))
		c.Status(fiber.StatusUnprocessableEntity)
		return a.renderMeDelete(c, p)
	}
	if ok, err := a.confirmPassword(c, u, pw, "password", "me.delete.wrong_password", p); err != nil {
		return err
	} else if !ok {
		return a.renderMeDelete(c, p)
	}
	// The account and its activity go with it: the log keeps the event.
	a.record(c, u.ID, evDeletionRequested)
	if err := a.st.DeleteUser(c.UserContext(), u.ID); err != nil {
		return err
	}
	if err := a.endSession(c); err != nil {
		return err
	}
	a.flash(c, "flash.account.deleted")
	return c.Redirect("/", fiber.StatusSeeOther)
}
