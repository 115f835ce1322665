package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/mail"
	"cpopath/app/store"
)

// notify emails user id a message of kind (mail.<kind>.* in the locales)
// naming name, with a link to path, in the recipient's saved language or
// else this request's. Without email it does nothing; a failure is logged
// and never fails the action that caused it.
func (h *handler) notify(c *fiber.Ctx, to int64, kind, name, path string) {
	if !h.mail.Enabled() {
		return
	}
	u, err := h.st.User(c.UserContext(), to)
	if err != nil {
		h.log.Error("notify: read recipient", "kind", kind, "user_id", to, "err", err)
		return
	}
	if u.Disabled {
		return
	}
	msg := mail.Message{To: u.Email, Lang: h.userLang(u, c), Kind: kind, Args: []any{"Name", name}, Link: h.link(path)}
	if err := h.mail.Send(msg); err != nil {
		h.log.Error("notify: queue email", "kind", kind, "user_id", to, "err", err)
	}
}

// notifyMentors emails each active mentor of the signed-in mentee.
func (h *handler) notifyMentors(c *fiber.Ctx, mentee *store.User, kind, path string) {
	if !h.mail.Enabled() {
		return
	}
	links, err := h.st.Mentors(c.UserContext(), mentee.ID)
	if err != nil {
		h.log.Error("notify: read mentors", "kind", kind, "err", err)
		return
	}
	for _, m := range links {
		h.notify(c, m.MentorID, kind, mentee.Name, path)
	}
}
