package pdf

import (
	"strings"

	"cpopath/app/plan"
)

// cover is the first page, a summary that stands on its own: who, what
// for, how ready, the mentor's review, the focus areas with their scores
// and the actions of the next 90 days.
func (w *writer) cover() {
	p := w.d.Plan
	w.AddPage()
	w.font("B", 11)
	w.Bookmark(w.t("plan.pdf.cover"), 0, 0)

	// Title band.
	w.fill(colBrand)
	w.Rect(0, 0, pageW, 62, "F")
	w.color(colWhite)
	w.SetXY(marginL, 12)
	w.font("B", 11)
	w.CellFormat(width, 5, "cpopath", "", 2, "L", false, 0, "")
	w.SetXY(marginL, 22)
	w.font("B", 28)
	w.CellFormat(width, 12, w.t("plan.pdf.title"), "", 2, "L", false, 0, "")
	w.SetX(marginL)
	w.font("", 17)
	w.CellFormat(width, 9, w.d.Name, "", 2, "L", false, 0, "")
	w.SetXY(marginL, 50)
	w.font("", 10)
	w.CellFormat(width, 5, w.t("plan.pdf.cover_meta", "Date", w.date(w.d.Created), "Version", w.d.Version, "State", w.stateName()), "", 2, "L", false, 0, "")

	// Four cards: target, readiness, path, review.
	const gap, cardW = 6.0, (width - 6.0) / 2
	// The cards are as tall as the readiness card needs: its level summary
	// runs longer in German and French.
	cardH := 40.0
	if lv := w.c.Level(p.Readiness.Level); lv != nil {
		h := 10 + 13 + 5.5 + w.measure(w.tx(lv.Summary), "", 8.5, 4, cardW-10) + 4
		if p.Readiness.HasMentor {
			h += 5
		}
		cardH = max(cardH, h)
	}
	y := 70.0
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
	y += cardH + 7

	w.SetY(y)
	w.focusSummary()
	w.next90Summary()
	w.SetY(w.GetY() + 2)
	w.para(w.basis(), "", 8, 4, colMuted, marginL, width)
}

// focusSummary lists the focus areas with their scores; a plan built by
// the first rules, which had none, lists its three neediest sub-areas as
// it did then.
func (w *writer) focusSummary() {
	p := w.d.Plan
	focus, heading := p.Focus, "plan.pdf.focus"
	if p.Rules < 2 {
		heading = "plan.pdf.priorities"
		for _, n := range p.Needs[:min(3, len(p.Needs))] {
			focus = append(focus, plan.Focus{SubArea: n.SubArea, Skill: n.Skill, Self: n.Self, Mentor: n.Mentor})
		}
	}
	w.font("B", 12)
	w.color(colText)
	w.SetX(marginL)
	w.CellFormat(width, 6, w.t(heading), "", 2, "L", false, 0, "")
	w.SetY(w.GetY() + 1)
	if len(focus) == 0 {
		w.para(w.t("plan.pdf.focus_none"), "", 9.5, 4.6, colMuted, marginL, width)
	}
	for _, f := range focus {
		sa, sk := w.c.SubArea(f.SubArea), w.c.Skill(f.Skill)
		if sa == nil || sk == nil {
			continue
		}
		// One scale per sentence: the mentor's 1–5 rating in points.
		id := "plan.pdf.priority"
		if f.Mentor > 0 {
			id = "plan.pdf.focus_mentor"
		}
		w.bullet(w.t(id, "SubArea", w.tx(sa.Name), "Skill", w.tx(sk.Name), "Score", f.Self, "Mentor", plan.RatingPercent(f.Mentor)), colBrand)
	}
	w.SetY(w.GetY() + 3)
}

// next90Summary lists the open actions due in the first 90 days with their
// milestone, as many as the page holds, and the overall progress.
func (w *writer) next90Summary() {
	p := w.d.Plan
	sum := w.summary()
	w.font("B", 12)
	w.color(colText)
	w.SetX(marginL)
	y := w.GetY()
	w.CellFormat(width, 6, w.t("plan.pdf.next90"), "", 0, "L", false, 0, "")
	w.SetXY(marginL, y)
	w.font("", 9)
	w.color(colMuted)
	w.CellFormat(width, 6, w.t("plan.progress.overall", "Done", sum.Done, "Count", sum.Total, "Doing", sum.Doing), "", 2, "R", false, 0, "")
	w.SetY(w.GetY() + 1)
	const textX, textW, labelW = marginL + 7, width - 7 - 24, 24.0
	// Keep room for the basis line at the bottom of the page.
	limit := bottom - 12
	for k, i := range sum.Next90 {
		a := p.Actions[i]
		title, _, ok := w.actionText(a)
		if !ok {
			continue
		}
		text := w.d.L.Num(w.num[a.ID]) + ". " + title
		h := w.measure(text, "", 9.5, 4.6, textW) + 1.2
		if w.GetY()+h > limit {
			w.para(w.t("plan.pdf.next90_more", "Count", len(sum.Next90)-k), "I", 9, 4.4, colMuted, textX, textW)
			break
		}
		y := w.GetY()
		w.checkbox(marginL, y+0.3, w.status(a.ID))
		w.SetXY(marginL+width-labelW, y)
		w.font("B", 8.5)
		w.color(colBrand)
		w.CellFormat(labelW, 4.6, w.milestoneLabel(p.Milestones[a.Milestone]), "", 0, "R", false, 0, "")
		w.SetY(y)
		w.para(text, "", 9.5, 4.6, colText, textX, textW)
		w.SetY(w.GetY() + 1.2)
	}
	if len(sum.Next90) == 0 {
		w.para(w.t("plan.pdf.next90_none"), "", 9.5, 4.6, colMuted, marginL, width)
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
