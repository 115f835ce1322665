package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/account"
)

// activityShown is how many recent events the security page lists.
const activityShown = 50

type securityPage struct {
	Sessions    []sessionRow
	Activity    []activityRow
	MailOn      bool
	TOTP        bool
	CodesLeft   int
	Reminders   bool
	PendingMail string // an address waiting to be confirmed, once asked
	Password    *formProblems
	Email       *formProblems
	TOTPForm    *formProblems
	NewEmail    string
	Min         int
}

type sessionRow struct {
	ID, Browser, Address string
	LastSeen, Created    time.Time
	Current              bool
}

type activityRow struct {
	Event, Address, Browser string
	At                      time.Time
}

// meSecurityShow is /me/security: password, email, second factor,
// reminders, the signed-in sessions and the recent security events.
func (h *handler) meSecurityShow(c *fiber.Ctx) error {
	if h.user(c) == nil {
		return h.toSignIn(c)
	}
	return h.renderSecurity(c, securityPage{})
}

func (h *handler) renderSecurity(c *fiber.Ctx, p securityPage) error {
	u := h.user(c)
	ctx := c.UserContext()
	sessions, err := h.st.Sessions(ctx, u.ID)
	if err != nil {
		return err
	}
	current, _ := c.Locals(localSession).(string)
	for _, s := range sessions {
		p.Sessions = append(p.Sessions, sessionRow{ID: s.PublicID, Browser: browserName(s.UserAgent), Address: s.Address,
			LastSeen: s.LastSeen, Created: s.CreatedAt, Current: s.PublicID == current})
	}
	events, err := h.st.Activities(ctx, u.ID, activityShown)
	if err != nil {
		return err
	}
	for _, e := range events {
		p.Activity = append(p.Activity, activityRow{Event: "activity." + e.Event, Address: e.Address, Browser: browserName(e.UserAgent), At: e.At})
	}
	p.MailOn, p.TOTP, p.Reminders, p.Min = h.mail.Enabled(), u.TOTPEnabled, u.Reminders, account.PasswordMin
	if p.TOTP {
		if p.CodesLeft, err = h.st.RecoveryCodesLeft(ctx, u.ID); err != nil {
			return err
		}
	}
	if p.Password == nil {
		p.Password = &formProblems{}
	}
	if p.Email == nil {
		p.Email = &formProblems{}
	}
	if p.TOTPForm == nil {
		p.TOTPForm = &formProblems{}
	}
	v := h.view(c)
	v.Title = v.L.T("security.title")
	v.Nav = "me"
	v.Data = p
	return h.views.render(c, "me_security", v)
}

// browserName is a short name for a User-Agent: the browser and the
// system, enough to recognise one's own devices.
func browserName(ua string) string {
	if ua == "" {
		return ""
	}
	browser := ""
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chromium/", "Chromium"},
		{"HeadlessChrome/", "Chromium"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	system := ""
	for _, s := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			system = s.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + ", " + system
	case browser != "" || system != "":
		return browser + system
	}
	if len(ua) > 40 {
		return ua[:40] + "…"
	}
	return ua
}

// meSessionEnd signs out one of the person's other sessions.
func (h *handler) meSessionEnd(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if err := h.st.DeleteSessionByID(c.UserContext(), u.ID, strings.Clone(c.Params("id"))); err != nil {
		return err // another's or an unknown session: 404
	}
	h.record(c, u.ID, evSessionsEnded)
	h.flash(c, "flash.security.session_ended")
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}

// meSessionsEndOthers signs out every session but this one.
func (h *handler) meSessionsEndOthers(c *fiber.Ctx) error {
	u := h.user(c)
	if u == nil {
		return h.toSignIn(c)
	}
	if _, err := h.st.DeleteOtherSessions(c.UserContext(), u.ID, hashToken(cookie(c, cookieSession))); err != nil {
		return err
	}
	h.record(c, u.ID, evSessionsEnded)
	h.flash(c, "flash.security.sessions_ended")
	return c.Redirect("/me/security", fiber.StatusSeeOther)
}
