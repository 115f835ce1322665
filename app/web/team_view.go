package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"

	"cpopath/app/content"
	"cpopath/app/i18n"
	"cpopath/app/store"
	"cpopath/app/team"
	"cpopath/app/web/chart"
)

// teamPage is the team view: today, and the moment compared with.
type teamPage struct {
	M       *store.Membership
	Now     team.View
	Then    *team.View
	Since   int
	Periods []int
	People  []store.TeamPerson
	Heat    []heatRow
	HeatSVG template.HTML
	Levels  []levelRow
	Steps   []stepRow
	Invest  []investView
	Focus   []focusView
	Shared  []sharedRow
	Skills  []*content.Skill
}

type heatRow struct {
	Skill *content.Skill
	Cells []heatCell
}

type heatCell struct {
	Sub  *content.SubArea
	Now  team.Cell
	Then *team.Cell
}

type levelRow struct {
	Skill  *content.Skill
	Median int
	Bars   template.HTML
	Counts []levelCount
}

type levelCount struct {
	Level *content.Level
	Count int
}

type stepRow struct {
	Step       *content.Step
	Count      int
	ThenCount  int
	ThenKnown  bool
	Difference int
}

type investView struct {
	Sub     *content.SubArea
	Skill   *content.Skill
	Cell    team.Cell
	Actions []*content.TeamAction
	Res     []*content.Resource
}

type focusView struct {
	Sub   *content.SubArea
	Count int
}

type sharedRow struct {
	Row     team.Row
	Scores  []int
	Level   *content.Level
	Step    *content.Step
	PlanURL string
}

// round is a median or quartile as shown: whole points.
func round(x float64) int { return int(math.Round(x)) }

// teamPageFor maps the aggregate views onto what the page, the PDF and the
// CSV show, in the reader's language.
func (h *handler) teamPageFor(loc *i18n.Localizer, m *store.Membership, now team.View, then *team.View, since int) *teamPage {
	lang := loc.Lang()
	p := &teamPage{M: m, Now: now, Then: then, Since: since, Periods: team.Periods}
	for i := range h.c.Skills {
		p.Skills = append(p.Skills, &h.c.Skills[i])
	}
	var rows []chart.HeatRow
	for _, sk := range p.Skills {
		hr := heatRow{Skill: sk}
		cr := chart.HeatRow{Label: sk.Name.In(lang)}
		for _, sa := range sk.SubAreas {
			cell := now.Cell(sa.ID)
			if cell == nil {
				continue
			}
			hc := heatCell{Sub: h.c.SubArea(sa.ID), Now: *cell}
			if then != nil {
				hc.Then = then.Cell(sa.ID)
			}
			hr.Cells = append(hr.Cells, hc)
			cc := chart.HeatCell{Label: sa.Name.In(lang), Value: "–", Band: -1}
			if cell.Open {
				cc.Value = loc.Num(round(cell.Median))
				cc.Note = loc.T("team.heat.iqr", "Low", round(cell.Q1), "High", round(cell.Q3))
				cc.Band = chart.Band(cell.Median)
			}
			cr.Cells = append(cr.Cells, cc)
		}
		p.Heat = append(p.Heat, hr)
		rows = append(rows, cr)
	}
	if now.Skills.Open {
		legend := [5]string{"0–19", "20–39", "40–59", "60–79", "80–100"}
		p.HeatSVG = template.HTML(chart.Heatmap(loc.T("team.heat.title"), loc.T("team.heat.desc"), rows, legend))
	}
	p.Levels = h.teamLevels(loc, now)
	p.Steps = h.teamSteps(now, then)
	for _, inv := range now.Invest {
		iv := investView{Sub: h.c.SubArea(inv.Cell.SubArea), Skill: h.c.Skill(inv.Cell.Skill), Cell: inv.Cell}
		seen := map[string]bool{}
		for _, id := range inv.Actions {
			a := h.c.TeamAction(id)
			iv.Actions = append(iv.Actions, a)
			for _, r := range a.Resources {
				if !seen[r] {
					seen[r] = true
					iv.Res = append(iv.Res, h.c.Resource(r))
				}
			}
		}
		p.Invest = append(p.Invest, iv)
	}
	for _, f := range now.Plans.Focus {
		p.Focus = append(p.Focus, focusView{Sub: h.c.SubArea(f.SubArea), Count: f.Count})
	}
	for _, r := range now.Shared {
		sr := sharedRow{Row: r, Level: h.c.Level(r.Level), Step: h.c.Step(r.Step)}
		for _, sk := range p.Skills {
			sr.Scores = append(sr.Scores, r.Scores[sk.ID])
		}
		if r.Plan != nil {
			sr.PlanURL = fmt.Sprintf("%s/members/%d/plan", teamURL(m.Team.ID), r.UserID)
		}
		p.Shared = append(p.Shared, sr)
	}
	return p
}

func (h *handler) teamLevels(loc *i18n.Localizer, now team.View) []levelRow {
	var out []levelRow
	for _, sl := range now.Levels {
		lr := levelRow{Skill: h.c.Skill(sl.Skill), Median: round(sl.Median)}
		var bars []chart.Bar
		for _, lc := range sl.Counts {
			lv := h.c.Level(lc.Level)
			lr.Counts = append(lr.Counts, levelCount{Level: lv, Count: lc.Count})
			bars = append(bars, chart.Bar{Label: lv.Name.In(loc.Lang()), Count: lc.Count})
		}
		lr.Bars = template.HTML(chart.Bars(loc.T("team.levels.chart", "Skill", lr.Skill.Name.In(loc.Lang())), bars))
		out = append(out, lr)
	}
	return out
}

func (h *handler) teamSteps(now team.View, then *team.View) []stepRow {
	var out []stepRow
	for i, sc := range now.Steps {
		r := stepRow{Step: h.c.Step(sc.Step), Count: sc.Count}
		if then != nil && len(then.Steps) == len(now.Steps) {
			r.ThenKnown, r.ThenCount = true, then.Steps[i].Count
			r.Difference = r.Count - r.ThenCount
		}
		out = append(out, r)
	}
	return out
}

// StepBars draws the path-step distribution.
func (p *teamPage) StepBars(loc *i18n.Localizer) template.HTML {
	var bars []chart.Bar
	for _, s := range p.Steps {
		bars = append(bars, chart.Bar{Label: s.Step.Name.In(loc.Lang()), Count: s.Count})
	}
	return template.HTML(chart.Bars(loc.T("team.steps.heading"), bars))
}

// Change is how far a median moved since the earlier moment, as shown.
func (c heatCell) Change() (int, bool) {
	if c.Then == nil || !c.Then.Open || !c.Now.Open {
		return 0, false
	}
	return round(c.Now.Median) - round(c.Then.Median), true
}

// Round is round for templates.
func (c heatCell) Round(x float64) int { return round(x) }

// ChangeText is the change as shown in the table: signed, or a dash when
// either moment is withheld.
func (c heatCell) ChangeText() string {
	d, ok := c.Change()
	switch {
	case !ok:
		return "–"
	case d > 0:
		return "+" + strconv.Itoa(d)
	case d < 0:
		return "−" + strconv.Itoa(-d)
	}
	return "0"
}

// Median is the sub-area's median as shown.
func (iv investView) Median() int { return round(iv.Cell.Median) }
