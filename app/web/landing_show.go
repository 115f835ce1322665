package web

import (
	"github.com/gofiber/fiber/v2"

	"cpopath/app/content"
	"cpopath/app/store"
)

type landingPage struct {
	Skills []content.Skill
	Steps  []content.Step
	// Resume is the visitor's unfinished skills attempt, if any.
	Resume      *store.Attempt
	ResumePage  int
	HasResult   bool
	ResultID    string
	SkillsItems int
	SkillsTitle content.Text
	SkillsID    string
}

// landingShow renders the landing page. A visitor with nothing stored gets
// a copy rendered once per language; anyone with an attempt gets their own
// page with "continue where you left off".
func (h *handler) landingShow(c *fiber.Ctx) error {
	lang := h.lang(c)
	anonymous := h.user(c) == nil && !hasBrowserKey(c) && cookie(c, cookieFlash) == ""
	if anonymous {
		if b := h.cache.get("landing." + lang); b != nil {
			c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
			return c.Send(b)
		}
	}
	a := h.as.Get(skillsAssessment)
	p := landingPage{Skills: h.c.Skills, Steps: h.c.Steps, SkillsItems: len(a.Items), SkillsTitle: a.Title, SkillsID: a.ID}
	if !anonymous {
		open, answers, err := h.openAttemptAnswers(c, a)
		if err != nil {
			return err
		}
		if open != nil {
			p.Resume, p.ResumePage = open, firstOpenPage(a, answers)
		}
		if last, err := h.st.LatestResult(c.UserContext(), h.owner(c), a.ID); err == nil {
			p.HasResult, p.ResultID = true, last.PublicID
		}
	}
	v := h.view(c)
	v.Title = v.L.T("landing.title")
	v.Nav = "home"
	v.Data = p
	if !anonymous {
		return h.views.render(c, "landing", v)
	}
	// The cached copy must not carry anything of this visitor's: the
	// landing page has no form, so no CSRF token or browser key is made.
	v.csrf = nil
	// Nor anything of this request: the switcher links carry no query of
	// the visitor's, or one visitor could plant links in everyone's page.
	v.Langs = h.langLinks("/", nil, lang)
	b, err := h.views.bytes("landing", v)
	if err != nil {
		return err
	}
	h.cache.put("landing."+lang, b)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b)
}
