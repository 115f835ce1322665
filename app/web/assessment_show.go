package web

import (
	"html/template"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
)

type assessmentPage struct {
	A        *assess.Assessment
	Section  *assess.Section
	Name     content.Text
	Page     int
	Pages    int
	Answered int
	Total    int
	Items    []itemView
	Last     bool
	Error    string
	// The rendered pieces (fragment.go).
	Head, FormOpen, Questions, Nav, Pager template.HTML
}

// itemView is one question as the form shows it.
type itemView struct {
	Item    *assess.Item
	Number  int
	Choices []choiceView
	Value   string
	Missing bool
	Invalid bool
	// HTML is the rendered question (questionHTML).
	HTML template.HTML
}

type choiceView struct {
	Value   string
	Label   content.Text
	Point   int // the scale point, 0 for options
	Checked bool
}

func itoa(n int) string { return strconv.Itoa(n) }

// sectionName is the page heading: the skill's name, or the section's own.
func (h *handler) sectionName(s *assess.Section) content.Text {
	if s.Skill != "" {
		return h.c.Skill(s.Skill).Name
	}
	return s.Name
}

// pageOf returns the 1-based page number in the URL, or a 404.
func pageOf(c *fiber.Ctx, a *assess.Assessment) (int, error) {
	n, err := c.ParamsInt("page")
	if err != nil || n < 1 || n > len(a.Sections) {
		return 0, errNotFound
	}
	return n, nil
}

func (h *handler) buildAssessmentPage(a *assess.Assessment, n int, answers map[string]string, missing map[string]bool) assessmentPage {
	sec := &a.Sections[n-1]
	p := assessmentPage{
		A: a, Section: sec, Name: h.sectionName(sec), Page: n, Pages: len(a.Sections),
		Answered: answeredCount(a, answers), Total: len(a.Items), Last: n == len(a.Sections),
	}
	number := 0
	for i := 0; i < n-1; i++ {
		number += len(a.Sections[i].Items)
	}
	for _, it := range sec.Items {
		number++
		p.Items = append(p.Items, itemView{Item: it, Number: number, Value: answers[it.ID], Missing: missing[it.ID]})
	}
	return p
}

// choices are the answers item it offers, with value checked.
func choices(a *assess.Assessment, it *assess.Item, value string) []choiceView {
	var out []choiceView
	if it.Kind == assess.KindRated {
		for _, an := range a.Scale(it.Scale).Anchors {
			val := itoa(an.Value)
			out = append(out, choiceView{Value: val, Label: an.Text, Point: an.Value, Checked: val == value})
		}
		return out
	}
	for _, o := range it.Options {
		out = append(out, choiceView{Value: o.ID, Label: o.Text, Checked: o.ID == value})
	}
	return out
}

// assessmentShow renders one page (one skill) of the visitor's open attempt
// with their saved answers checked.
func (h *handler) assessmentShow(c *fiber.Ctx) error {
	a, err := h.assessment(c)
	if err != nil {
		return err
	}
	n, err := pageOf(c, a)
	if err != nil {
		return err
	}
	answers, open, err := h.openAnswers(c, a)
	if err != nil {
		return err
	}
	if !open {
		return c.Redirect(assessURL(a), fiber.StatusSeeOther)
	}
	missing := map[string]bool{}
	if c.Query("check") == "1" {
		for _, id := range a.Missing(answers) {
			missing[id] = true
		}
	}
	v := h.view(c)
	p := h.buildAssessmentPage(a, n, answers, missing)
	if err := h.assessmentPieces(v, a, &p); err != nil {
		return err
	}
	v.Title = v.Tx(p.Name) + " · " + v.Tx(a.Title)
	v.Nav = assessNav(a)
	v.Data = p
	return h.views.render(c, "assessment", v)
}
