package pdf

import (
	"strings"
	"time"

	"cpopath/app/content"
	"cpopath/app/plan"
)

// actions lists the plan's actions: those of the first 90 days in full,
// each with a checkbox, dates, effort, outcome, why it was chosen, the
// person's note and the mentor's comments; the later quarters and the
// backlog in one line each, so the document stays short.
func (w *writer) actions() {
	p := w.d.Plan
	w.section(w.t("plan.pdf.actions"))
	w.para(w.t("plan.pdf.actions_intro"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 3)

	var kept, backlog []plan.Action
	for _, a := range p.Actions {
		switch {
		case a.Carried:
			kept = append(kept, a)
		case a.Backlog:
			backlog = append(backlog, a)
		}
	}
	sum := w.summary()
	for i, m := range p.Milestones {
		as := p.ActionsAt(i)
		if len(as) == 0 {
			continue
		}
		title := w.t("plan.pdf.milestone_heading", "Label", w.milestoneLabel(m), "Date", w.date(m.Due))
		if m.Quarterly() {
			w.heading(title, w.t("plan.pdf.milestone_load", "Count", len(as), "Hours", sum.Milestones[i].Hours), 14)
			for _, a := range as {
				w.shortAction(a, true)
			}
		} else {
			w.heading(title, w.t("plan.pdf.milestone_load", "Count", len(as), "Hours", sum.Milestones[i].Hours), 30)
			for _, a := range as {
				w.action(a)
			}
		}
		w.SetY(w.GetY() + 3)
	}
	if len(backlog) > 0 {
		w.heading(w.t("plan.pdf.backlog_heading"), w.t("plan.pdf.count_actions", "Count", len(backlog)), 14)
		w.para(w.t("plan.pdf.backlog_intro"), "", 9, 4.4, colMuted, marginL, width)
		w.SetY(w.GetY() + 1)
		for _, a := range backlog {
			w.shortAction(a, false)
		}
		w.SetY(w.GetY() + 3)
	}
	if len(kept) > 0 {
		w.heading(w.t("plan.pdf.kept_heading"), w.t("plan.pdf.count_actions", "Count", len(kept)), 8)
		for _, a := range kept {
			w.keptAction(a)
		}
	}
}

// summary counts the plan as the web page does (plan.Summarize).
func (w *writer) summary() plan.Summary {
	status := map[string]string{}
	for id, pr := range w.d.Progress {
		status[id] = pr.Status
	}
	return plan.Summarize(&w.d.Plan, status, func(id string) int {
		if a := w.c.Action(id); a != nil {
			return a.EffortHours
		}
		return 0
	})
}

// actionText returns an action's title and outcome: from the content, or
// the person's own words for their own action.
func (w *writer) actionText(a plan.Action) (title, outcome string, ok bool) {
	if ca := w.c.Action(a.ID); ca != nil {
		return w.tx(ca.Title), w.tx(ca.Outcome), true
	}
	return a.Title, a.Outcome, a.Title != ""
}

// actionTitle is the title of the plan's action id, numbered.
func (w *writer) actionTitle(id string) string {
	a := w.d.Plan.Action(id)
	title := id
	if a != nil {
		if t, _, ok := w.actionText(*a); ok {
			title = t
		}
	}
	if n := w.num[id]; n > 0 {
		title = w.d.L.Num(n) + ". " + title
	}
	return title
}

// shortAction is one line (wrapped if need be) for an action planned
// later or waiting in the backlog: checkbox, number, title and, for a
// scheduled one, its outcome.
func (w *writer) shortAction(a plan.Action, withOutcome bool) {
	title, outcome, ok := w.actionText(a)
	if !ok {
		return
	}
	const textX, textW = marginL + 8, width - 8
	title = w.d.L.Num(w.num[a.ID]) + ". " + title
	h := w.measure(title, "B", 9.5, 4.6, textW) + 2
	if withOutcome {
		h += w.measure(w.t("plan.pdf.outcome")+" "+outcome, "", 8.5, 4.1, textW)
	}
	w.need(h)
	y := w.GetY()
	w.checkbox(marginL, y+0.3, w.status(a.ID))
	w.SetY(y)
	w.para(title, "B", 9.5, 4.6, colText, textX, textW)
	if withOutcome {
		w.inlineLabel(textX, textW, w.t("plan.pdf.outcome"), outcome, "", 8.5, 4.1, colBrand, colMuted)
	}
	w.SetY(w.GetY() + 2)
}

// checkbox draws an empty box, a half-filled one for work in progress, or
// a ticked one.
func (w *writer) checkbox(x, y float64, status string) {
	const s = 4.2
	w.SetLineWidth(0.35)
	switch status {
	case plan.StatusDone:
		w.fill(colGood)
		w.draw(colGood)
		w.Rect(x, y, s, s, "FD")
		w.draw(colWhite)
		w.SetLineWidth(0.55)
		w.Line(x+0.9, y+2.2, x+1.8, y+3.2)
		w.Line(x+1.8, y+3.2, x+3.4, y+1.0)
	case plan.StatusDoing:
		w.draw(colAccent)
		w.fill(colWhite)
		w.Rect(x, y, s, s, "D")
		w.fill(colAccent)
		w.Rect(x, y, s/2, s, "F")
	default:
		w.draw(colMuted)
		w.Rect(x, y, s, s, "D")
	}
}

func (w *writer) comments(actionID string) []Comment {
	var out []Comment
	for _, c := range w.d.Comments {
		if c.ActionID == actionID && strings.TrimSpace(c.Body) != "" {
			out = append(out, c)
		}
	}
	return out
}

func (w *writer) keptAction(a plan.Action) {
	t, _, ok := w.actionText(a)
	if !ok {
		return
	}
	const textX = marginL + 8
	text := w.d.L.Num(w.num[a.ID]) + ". " + t
	note := ""
	if pr := w.d.Progress[a.ID]; pr.DoneOn != "" {
		if d, err := time.Parse(time.DateOnly, pr.DoneOn); err == nil {
			note = w.t("plan.pdf.done_on", "Date", w.date(d))
		}
	}
	h := w.measure(text, "", 9.5, 4.6, width-8) + 1.5
	w.need(h)
	y := w.GetY()
	w.checkbox(marginL, y+0.3, plan.StatusDone)
	w.SetY(y)
	w.para(text, "", 9.5, 4.6, colText, textX, width-8)
	if note != "" {
		w.SetY(w.GetY() - 4.6)
		w.font("", 8.5)
		w.color(colGood)
		w.SetX(marginL)
		w.CellFormat(width, 4.6, note, "", 2, "R", false, 0, "")
	}
	w.SetY(w.GetY() + 1.5)
}

// action is one action's block.
func (w *writer) action(a plan.Action) {
	ca := w.c.Action(a.ID)
	if ca == nil {
		if a.Title == "" {
			return
		}
		// An action the person wrote: their words, no effort estimate.
		ca = &content.Action{ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Title: content.NewText(a.Title), Outcome: content.NewText(a.Outcome)}
	}
	const textX, textW = marginL + 8, width - 8
	title := w.d.L.Num(w.num[a.ID]) + ". " + w.tx(ca.Title)
	var meta []string
	if sk := w.c.Skill(ca.Skill); sk != nil {
		meta = append(meta, w.tx(sk.Name))
	}
	if sa := w.c.SubArea(ca.SubArea); sa != nil {
		meta = append(meta, w.tx(sa.Name))
	}
	if st := w.c.Step(ca.Step); st != nil {
		meta = append(meta, w.tx(st.Name))
	}
	if ca.Weeks > 0 {
		meta = append(meta, w.t("plan.effort", "Hours", ca.EffortHours, "Count", ca.Weeks))
	}
	if a.Origin == plan.OriginOwn || a.Origin == plan.OriginMentor {
		meta = append(meta, w.t("plan.origin."+a.Origin))
	}
	metaLine := strings.Join(meta, "  ·  ")
	dates := w.t("plan.pdf.dates", "Start", w.date(a.Start), "Due", w.date(a.Due))
	var why []string
	for _, r := range a.Reasons {
		why = append(why, w.explain(r))
	}
	whyText := strings.Join(why, " ")
	pr := w.d.Progress[a.ID]
	status := w.status(a.ID)
	statusLine := ""
	switch status {
	case plan.StatusDoing:
		statusLine = w.t("plan.status.doing")
	case plan.StatusDone:
		statusLine = w.t("plan.status.done")
		if d, err := time.Parse(time.DateOnly, pr.DoneOn); err == nil {
			statusLine = w.t("plan.pdf.done_on", "Date", w.date(d))
		}
	}
	note := strings.TrimSpace(pr.Note)
	cs := w.comments(a.ID)

	// Measure, to keep the block on one page.
	h := w.measure(title, "B", 10.5, 5.2, textW) + 4.4 + 4.4 +
		w.measure(w.tx(ca.Description), "", 9, 4.4, textW) + 1.5 +
		w.measure(w.t("plan.pdf.outcome")+" "+w.tx(ca.Outcome), "", 9, 4.4, textW-2) + 1.5 +
		w.measure(w.t("plan.pdf.why")+" "+whyText, "I", 8.5, 4.1, textW) + 6
	if statusLine != "" || note != "" {
		h += w.measure(statusLine+" "+note, "", 8.5, 4.1, textW) + 2
	}
	for _, c := range cs {
		h += w.measure(c.Body, "", 8.5, 4.1, textW-6) + 8
	}
	w.need(h)

	y := w.GetY()
	w.checkbox(marginL, y+0.6, status)
	w.SetY(y)
	w.para(title, "B", 10.5, 5.2, colText, textX, textW)
	w.SetX(textX)
	w.para(metaLine, "", 8, 4.4, colMuted, textX, textW)
	w.para(dates, "B", 8, 4.4, colBrand, textX, textW)
	w.SetY(w.GetY() + 0.8)
	w.para(w.tx(ca.Description), "", 9, 4.4, colText, textX, textW)
	w.SetY(w.GetY() + 1.5)
	w.inlineLabel(textX, textW, w.t("plan.pdf.outcome"), w.tx(ca.Outcome), "", 9, 4.4, colBrand, colText)
	w.SetY(w.GetY() + 1.5)
	w.inlineLabel(textX, textW, w.t("plan.pdf.why"), whyText, "I", 8.5, 4.1, colMuted, colMuted)
	if statusLine != "" || note != "" {
		w.SetY(w.GetY() + 1.5)
		c := statusColor(status)
		if statusLine == "" {
			statusLine = w.t("plan.pdf.note")
			c = colMuted
		}
		w.inlineLabel(textX, textW, statusLine, note, "", 8.5, 4.1, c, colText)
	}
	for _, c := range cs {
		w.SetY(w.GetY() + 2)
		w.commentBox(textX, textW, c)
	}
	w.SetY(w.GetY() + 3)
	w.draw(colLine)
	w.SetLineWidth(0.2)
	w.Line(textX, w.GetY(), marginL+width, w.GetY())
	w.SetY(w.GetY() + 3)
}

// inlineLabel writes a bold label followed by text on the same first line,
// the text wrapping under it. fpdf's Write flows text like a paragraph.
func (w *writer) inlineLabel(x, wd float64, label, text, style string, size, lh float64, labelColor, textColor rgb) {
	w.SetLeftMargin(x)
	w.SetRightMargin(pageW - x - wd)
	w.SetX(x)
	w.font("B", size)
	w.color(labelColor)
	if text == "" {
		w.Write(lh, label)
	} else {
		w.Write(lh, label+" ")
	}
	w.font(style, size)
	w.color(textColor)
	w.Write(lh, text)
	w.Ln(lh)
	w.SetLeftMargin(marginL)
	w.SetRightMargin(marginR)
}

// commentBox shows a reviewer's comment with a coloured bar at its left.
func (w *writer) commentBox(x, wd float64, c Comment) {
	head := w.t("plan.pdf.comment_by", "Name", c.Author, "Date", w.date(c.At))
	h := 4.4 + w.measure(c.Body, "", 8.5, 4.1, wd-6) + 3
	w.need(h)
	y := w.GetY()
	w.fill(colWarm)
	w.Rect(x, y, wd, h, "F")
	w.fill(colMentor)
	w.Rect(x, y, 1.2, h, "F")
	w.SetXY(x+4, y+1.5)
	w.para(head, "B", 8, 4.2, colMentor, x+4, wd-6)
	w.para(c.Body, "", 8.5, 4.1, colText, x+4, wd-6)
	w.SetY(y + h)
}
