package web

import (
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/content"
	"cpopath/app/i18n"
	"cpopath/app/store"
)

// View is what every template receives: the request's language and
// localizer, the CSRF token, the signed-in user, a flash message, and the
// page's own data in Data.
type View struct {
	L     *i18n.Localizer
	Lang  string
	Title string
	// Description is the page's meta description; by default the page
	// template's own ("meta.description.<page>").
	Description string
	User        *store.User
	Flash       string
	Path        string
	Langs       []langLink
	Nav         string        // which top-level section is current
	Next        string        // where a guest's sign-in or registration returns to, "" for /me
	Header      template.HTML // the rendered site header, filled in by the renderer
	Data        any
	content     *content.Content
	csrf        func() string
}

// CSRF returns the token forms must carry. It is computed on first use, so a
// page without a form does not hand out a browser key.
func (v *View) CSRF() string {
	if v.csrf == nil {
		return ""
	}
	return v.csrf()
}

type langLink struct {
	Code, Name, Href string
	Current          bool
}

// Tx returns a data-file text in the view's language.
func (v *View) Tx(t content.Text) string { return t.In(v.Lang) }

// Date formats a time as a long date in the view's language.
func (v *View) Date(t time.Time) string { return v.L.Date(t) }

// DateTime formats a time as a long date and the time of day in UTC, for
// security events where the hour matters.
func (v *View) DateTime(t time.Time) string {
	return v.L.Date(t) + ", " + t.UTC().Format("15:04") + " UTC"
}

// Skill returns the skill with id.
func (v *View) Skill(id string) *content.Skill { return v.content.Skill(id) }

// SubArea returns the sub-area with id.
func (v *View) SubArea(id string) *content.SubArea { return v.content.SubArea(id) }

// Level returns the level with id.
func (v *View) Level(id string) *content.Level { return v.content.Level(id) }

// Steps returns the three steps of the career path, in order.
func (v *View) Steps() []content.Step { return v.content.Steps }

// Step returns the path step with id.
func (v *View) Step(id string) *content.Step { return v.content.Step(id) }

// langNames are shown in each language's own name in the switcher.
var langNames = map[string]string{"en": "English", "de": "Deutsch", "es": "Español", "fr": "Français"}

// lang returns the request's language, negotiated once and remembered in
// the request's locals. A ?lang= choice is also remembered in a cookie.
func (h *handler) lang(c *fiber.Ctx) string {
	if l, ok := c.Locals("lang").(string); ok {
		return l
	}
	pref := ""
	if u := h.user(c); u != nil {
		pref = u.Locale
	}
	choice := c.Query("lang")
	if h.tr.Supported(choice) {
		if cookie(c, cookieLang) != choice {
			h.setCookie(c, cookieLang, choice, 400*24*time.Hour)
		}
	} else {
		choice = cookie(c, cookieLang)
	}
	l := h.tr.Negotiate(pref, choice, c.Get(fiber.HeaderAcceptLanguage))
	c.Locals("lang", l)
	return l
}

func (h *handler) loc(c *fiber.Ctx) *i18n.Localizer { return h.tr.Localizer(h.lang(c)) }

// view builds the common view data for a page.
func (h *handler) view(c *fiber.Ctx) *View {
	lang := h.lang(c)
	v := &View{
		L:       h.tr.Localizer(lang),
		Lang:    lang,
		csrf:    h.csrfOnce(c),
		User:    h.user(c),
		Path:    c.Path(),
		content: h.c,
	}
	if f := cookie(c, cookieFlash); f != "" {
		if strings.HasPrefix(f, "flash.") {
			v.Flash = v.L.T(f)
		}
		h.setCookie(c, cookieFlash, "", -1)
	}
	var q url.Values
	if qs := c.Request().URI().QueryString(); len(qs) > 0 {
		q, _ = url.ParseQuery(string(qs))
	}
	v.Langs = h.langLinks(c.Path(), q, lang)
	return v
}

// langLinks are the language switcher's links: the same page and query in
// each language.
func (h *handler) langLinks(path string, q url.Values, current string) []langLink {
	if q == nil {
		q = url.Values{}
	}
	out := make([]langLink, 0, len(h.tr.Langs()))
	if len(q) == 0 {
		// The common case, without a query to keep: no encoding needed.
		for _, l := range h.tr.Langs() {
			out = append(out, langLink{Code: l, Name: langNames[l], Href: "?lang=" + l, Current: l == current})
		}
		return out
	}
	for _, l := range h.tr.Langs() {
		q.Set("lang", l)
		// A query-only link keeps the page: the header is then the same
		// on every page and is rendered once (render.go, siteHeader).
		out = append(out, langLink{Code: l, Name: langNames[l], Href: "?" + q.Encode(), Current: l == current})
	}
	return out
}

// flash sets a one-shot message shown on the next page (Post/Redirect/Get).
func (h *handler) flash(c *fiber.Ctx, msgID string) {
	h.setCookie(c, cookieFlash, msgID, time.Minute)
}

// user returns the signed-in user, or nil. The session middleware puts it
// in the request's locals.
func (h *handler) user(c *fiber.Ctx) *store.User {
	u, _ := c.Locals("user").(*store.User)
	return u
}

// owner returns who the request acts for: the signed-in user, or this
// browser as a guest.
func (h *handler) owner(c *fiber.Ctx) store.Owner {
	if u := h.user(c); u != nil {
		return store.Owner{UserID: u.ID}
	}
	return store.Owner{GuestKeyHash: hashToken(h.browserKey(c))}
}

// Because fills a placement reason's {score} placeholder.
func (v *View) Because(t content.Text, score int) string {
	return strings.ReplaceAll(t.In(v.Lang), "{score}", v.L.Num(score))
}
