package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/pdf"
	"cpopath/app/team"
)

// teamPeriod reads ?since= for the reports: 0 (today only) or a period.
func teamPeriod(c *fiber.Ctx) (int, error) {
	q := c.Query("since")
	if q == "" {
		return 0, nil
	}
	since, err := strconv.Atoi(q)
	if err != nil || !team.ValidPeriod(since) {
		return 0, errBadRequest
	}
	return since, nil
}

// teamPDF downloads the team report in the reader's language: aggregates
// only, never a person.
func (h *handler) teamPDF(c *fiber.Ctx) error {
	m, since, p, err := h.teamFigures(c)
	if err != nil {
		return err
	}
	rm := h.roadmap()
	// Renders share the roadmaps' cap of one per core.
	ctx, cancel := context.WithTimeout(c.UserContext(), pdfWait)
	defer cancel()
	select {
	case rm.sem <- struct{}{}:
	case <-ctx.Done():
		return newError(fiber.StatusServiceUnavailable, "team.error.busy")
	}
	b, err := rm.r.RenderTeam(pdf.TeamDoc{Name: m.Team.Name, Now: p.Now, Then: p.Then, Since: since, L: h.loc(c), Created: h.cfg.Now()})
	<-rm.sem
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="team-`+strconv.FormatInt(m.Team.ID, 10)+`.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b)
}

// teamCSV downloads the aggregates as CSV, and the rows of members who
// share, only those.
func (h *handler) teamCSV(c *fiber.Ctx) error {
	m, _, p, err := h.teamFigures(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	writeTeamCSV(w, p)
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="team-`+strconv.FormatInt(m.Team.ID, 10)+`.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// writeTeamCSV writes one table with a kind column, so a spreadsheet can
// filter it: counts, sub-area cells, levels, steps, earlier cells and
// shared rows. Withheld figures are not written at all.
func writeTeamCSV(w *csv.Writer, p *teamPage) {
	itoa := strconv.Itoa
	f := func(x float64) string { return itoa(round(x)) }
	w.Write([]string{"kind", "skill", "subarea", "level_or_step", "n", "median", "q1", "q3", "count", "name"})
	v := p.Now
	w.Write([]string{"members", "", "", "", itoa(v.Members), "", "", "", "", ""})
	if v.Skills.Open {
		w.Write([]string{"skills_results", "", "", "", itoa(v.Skills.N), "", "", "", "", ""})
		w.Write([]string{"path_results", "", "", "", itoa(v.Paths.N), "", "", "", "", ""})
		w.Write([]string{"with_mentor", "", "", "", itoa(v.Mentors), "", "", "", "", ""})
		w.Write([]string{"with_plan", "", "", "", itoa(v.Plans.N), "", "", "", "", ""})
		if v.Plans.Open {
			w.Write([]string{"plan_actions_done_percent", "", "", "", itoa(v.Plans.N), itoa(v.Plans.DonePercent), "", "", "", ""})
		}
	}
	cells := func(kind string, view *team.View) {
		for _, c := range view.Heat {
			if c.Open {
				w.Write([]string{kind, c.Skill, c.SubArea, "", itoa(c.N), f(c.Median), f(c.Q1), f(c.Q3), "", ""})
			}
		}
	}
	cells("subarea", &v)
	for _, sl := range v.Levels {
		for _, lc := range sl.Counts {
			w.Write([]string{"level", sl.Skill, "", lc.Level, "", "", "", "", itoa(lc.Count), ""})
		}
	}
	for _, s := range v.Steps {
		w.Write([]string{"step", "", "", s.Step, "", "", "", "", itoa(s.Count), ""})
	}
	if p.Then != nil {
		cells("subarea_"+itoa(p.Since)+"_months_ago", p.Then)
	}
	for _, r := range p.Shared {
		for i, sk := range p.Skills {
			if r.Row.Scores != nil {
				w.Write([]string{"shared", sk.ID, "", r.Row.Level, "", itoa(r.Scores[i]), "", "", "", cellText(r.Row.Name)})
			}
		}
		if r.Row.Step != "" {
			w.Write([]string{"shared_step", "", "", r.Row.Step, "", "", "", "", "", cellText(r.Row.Name)})
		}
		if pl := r.Row.Plan; pl != nil {
			w.Write([]string{"shared_plan", "", "", "", itoa(pl.Total), "", "", "", itoa(pl.Done), cellText(r.Row.Name)})
		}
	}
}

// cellText keeps a name from being read as a formula by a spreadsheet.
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
