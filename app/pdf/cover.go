package pdf

import (
	"strings"
)

// cover is the first page: who, when, what for, how ready, and contents.
func (w *writer) cover() {
	p := w.d.Plan
	w.AddPage()
	w.font("B", 11)
	w.Bookmark(w.t("plan.pdf.cover"), 0, 0)

	// Title band.
	w.fill(colBrand)
	w.Rect(0, 0, pageW, 84, "F")
	w.color(colWhite)
	w.SetXY(marginL, 16)
	w.font("B", 11)
	w.CellFormat(width, 5, "cpopath", "", 2, "L", false, 0, "")
	w.SetXY(marginL, 30)
	w.font("B", 28)
	w.CellFormat(width, 12, w.t("plan.pdf.title"), "", 2, "L", false, 0, "")
	w.SetX(marginL)
	w.font("", 17)
	w.CellFormat(width, 9, w.d.Name, "", 2, "L", false, 0, "")
	w.SetXY(marginL, 66)
	w.font("", 10)
	w.CellFormat(width, 5, w.t("plan.pdf.cover_meta", "Date", w.date(w.d.Created), "Version", w.d.Version, "State", w.stateName()), "", 2, "L", false, 0, "")

	// Four cards: target, readiness, path, review.
	const gap, cardW, cardH = 6.0, (width - 6.0) / 2, 46.0
	y := 96.0
	w.card(marginL, y, cardW, cardH, w.t("plan.pdf.card.target"), func(x, y, wd float64) {
		w.SetXY(x, y)
		w.para(w.targetName(), "B", 14, 6.5, colText, x, wd)
		w.SetX(x)
		w.para(w.t("plan.pdf.within", "Count", p.Target.HorizonMonths), "", 10, 5, colMuted, x, wd)
		if len(p.RoleSkills) > 0 {
			var names []string
			for _, id := range p.RoleSkills {
				if s := w.c.Skill(id); s != nil {
					names = append(names, w.tx(s.Name))
				}
			}
			w.SetY(w.GetY() + 2)
			w.para(w.t("plan.pdf.role_skills", "Skills", strings.Join(names, ", ")), "", 9, 4.4, colMuted, x, wd)
		}
	})
	w.card(marginL+cardW+gap, y, cardW, cardH, w.t("plan.pdf.card.readiness"), func(x, y, wd float64) {
		r := p.Readiness
		w.SetXY(x, y)
		w.font("B", 30)
		w.color(colBrand)
		s := w.d.L.Num(r.Score)
		w.CellFormat(w.GetStringWidth(s)+1, 12, s, "", 0, "L", false, 0, "")
		w.font("", 11)
		w.color(colMuted)
		w.CellFormat(20, 14, "/ 100", "", 0, "L", false, 0, "")
		w.SetXY(x, y+13)
		if lv := w.c.Level(r.Level); lv != nil {
			w.para(w.tx(lv.Name), "B", 11, 5.5, colText, x, wd)
			w.para(w.tx(lv.Summary), "", 8.5, 4, colMuted, x, wd)
		}
		if r.HasMentor {
			w.SetY(w.GetY() + 1)
			w.para(w.t("plan.pdf.mentor_view", "Score", r.Mentor), "I", 8.5, 4, colMentor, x, wd)
		}
	})
	y += cardH + gap
	w.card(marginL, y, cardW, cardH, w.t("plan.pdf.card.path"), func(x, y, wd float64) {
		w.SetXY(x, y)
		if p.Path == nil {
			w.para(w.t("plan.pdf.path_unknown"), "", 10, 5, colMuted, x, wd)
			return
		}
		st := w.c.Step(p.Path.Step)
		w.para(w.t("plan.pdf.step_of", "N", st.Rank+1, "Total", len(w.c.Steps)), "", 9, 4.5, colMuted, x, wd)
		w.para(w.tx(st.Name), "B", 14, 6.5, colText, x, wd)
		w.SetY(w.GetY() + 1)
		if p.Path.Next != "" {
			w.para(w.t("plan.pdf.next_step", "Step", w.tx(w.c.Step(p.Path.Next).Name)), "", 9, 4.4, colMuted, x, wd)
		}
		if r := w.c.Role(p.Path.Role); r != nil {
			w.para(w.t("plan.pdf.current_role", "Role", w.tx(r.Name)), "", 9, 4.4, colMuted, x, wd)
		}
	})
	w.card(marginL+cardW+gap, y, cardW, cardH, w.t("plan.pdf.card.review"), func(x, y, wd float64) {
		w.SetXY(x, y)
		c := w.stateColor()
		w.para(w.stateName(), "B", 14, 6.5, c, x, wd)
		if d := w.decision(); d != nil {
			w.para(w.t("plan.pdf.decided_by", "Name", d.Author, "Date", w.date(d.At)), "", 9, 4.4, colMuted, x, wd)
		} else {
			w.para(w.t("plan.pdf.review_hint."+w.d.State), "", 9, 4.4, colMuted, x, wd)
		}
	})
	y += cardH + 10

	// Priorities and the plan at a glance.
	w.SetY(y)
	w.font("B", 12)
	w.color(colText)
	w.SetX(marginL)
	w.CellFormat(width, 6, w.t("plan.pdf.priorities"), "", 2, "L", false, 0, "")
	w.SetY(w.GetY() + 1)
	for i, n := range p.Needs {
		if i == 3 {
			break
		}
		sa := w.c.SubArea(n.SubArea)
		if sa == nil {
			continue
		}
		id := "plan.pdf.priority"
		if n.Mentor > 0 {
			id = "plan.pdf.priority_mentor"
		}
		w.bullet(w.t(id, "SubArea", w.tx(sa.Name), "Skill", w.tx(w.c.Skill(n.Skill).Name), "Score", n.Self, "Rating", n.Mentor), colBrand)
	}
	w.SetY(w.GetY() + 2)
	open, kept := 0, 0
	for _, a := range p.Actions {
		if a.Carried {
			kept++
		} else {
			open++
		}
	}
	w.para(w.t("plan.pdf.glance", "Count", open, "Milestones", len(p.Milestones), "Resources", len(p.Resources), "Start", w.date(p.Start), "End", w.date(p.Milestones[len(p.Milestones)-1].Due)), "", 10, 5, colText, marginL, width)
	if kept > 0 {
		w.para(w.t("plan.pdf.kept", "Count", kept), "", 10, 5, colGood, marginL, width)
	}
	w.SetY(w.GetY() + 2)
	w.para(w.basis(), "", 8.5, 4.2, colMuted, marginL, width)

	// Contents, linked to the sections.
	w.SetY(w.GetY() + 6)
	w.font("B", 12)
	w.color(colText)
	w.SetX(marginL)
	w.CellFormat(width, 6, w.t("plan.pdf.contents"), "", 2, "L", false, 0, "")
	w.SetY(w.GetY() + 1)
	for i, id := range []string{"plan.pdf.standing", "plan.pdf.path", "plan.pdf.actions", "plan.pdf.resources", "plan.pdf.review"} {
		title := w.t(id)
		link := w.AddLink()
		w.toc = append(w.toc, tocEntry{title: title, link: link})
		w.font("", 10.5)
		w.color(colBrand)
		w.SetX(marginL)
		label := w.d.L.Num(i+1) + ".  " + title
		w.CellFormat(w.GetStringWidth(label)+2, 6, label, "", 2, "L", false, link, "")
	}
}

// card draws a bordered box with a small label and lets body fill it.
func (w *writer) card(x, y, wd, h float64, label string, body func(x, y, wd float64)) {
	w.draw(colLine)
	w.SetLineWidth(0.3)
	w.fill(colWhite)
	w.RoundedRect(x, y, wd, h, 2.5, "1234", "D")
	w.SetXY(x+5, y+4)
	w.font("B", 7.5)
	w.color(colMuted)
	w.CellFormat(wd-10, 4, strings.ToUpper(label), "", 2, "L", false, 0, "")
	body(x+5, y+10, wd-10)
}

// bullet writes one item of a list with a small square marker.
func (w *writer) bullet(text string, c rgb) {
	lh := 5.0
	h := w.measure(text, "", 10, lh, width-6)
	w.need(h)
	y := w.GetY()
	w.fill(c)
	w.Rect(marginL+0.5, y+1.8, 1.6, 1.6, "F")
	w.SetY(y)
	w.para(text, "", 10, lh, colText, marginL+5, width-6)
}

func (w *writer) stateColor() rgb {
	switch w.d.State {
	case "approved":
		return colGood
	case "changes_requested":
		return colAlert
	case "in_review":
		return colAccent
	}
	return colText
}

// decision returns the latest comment that carried a decision, if the plan
// is approved or has changes requested.
func (w *writer) decision() *Comment {
	if w.d.State != "approved" && w.d.State != "changes_requested" {
		return nil
	}
	for i := len(w.d.Comments) - 1; i >= 0; i-- {
		if w.d.Comments[i].Decision != "" {
			return &w.d.Comments[i]
		}
	}
	return nil
}

// basis says what the plan was built from.
func (w *writer) basis() string {
	b := w.d.Plan.Basis
	parts := []string{w.t("plan.pdf.basis.skills", "Date", w.date(b.SkillsAt))}
	if !b.PathAt.IsZero() {
		parts = append(parts, w.t("plan.pdf.basis.path", "Date", w.date(b.PathAt)))
	}
	if !b.RatedAt.IsZero() {
		parts = append(parts, w.t("plan.pdf.basis.rating", "Name", b.MentorName, "Date", w.date(b.RatedAt)))
	}
	return w.t("plan.pdf.basis", "Parts", strings.Join(parts, "; "))
}
