package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
)

// methodPage is what /method explains, with the numbers taken from the
// assessments and content so that the page stays true when they change.
type methodPage struct {
	Levels    []content.Level
	Steps     []content.Step
	Reporting assess.Reporting
	Quality   assess.Quality
	MinLevel  *content.Level
	BandZ     string
}

// methodShow explains how scores, levels, ranges, flags, scenario keys and
// the path are worked out, and what the tool does not claim. It is public
// and the same for everyone in a language.
func (h *handler) methodShow(c *fiber.Ctx) error {
	a := h.as.Get(skillsAssessment)
	p := methodPage{Levels: h.c.Levels, Steps: h.c.Steps, Reporting: a.Reporting, Quality: a.Quality,
		MinLevel: h.c.Level(a.Reporting.StrengthMinLevel), BandZ: strconv.FormatFloat(a.Reporting.BandZ, 'f', -1, 64)}
	if p.MinLevel == nil {
		p.MinLevel = &h.c.Levels[0]
	}
	v := h.view(c)
	v.Title = v.L.T("method.title")
	v.Nav = "method"
	v.Data = p
	return h.views.render(c, "method", v)
}
