package pdf

import (
	"strings"

	"cpopath/app/plan"
)

// path is the person's position on the three steps and the roadmap: a
// timeline of the milestones with each step's actions, by number.
func (w *writer) path() {
	p := w.d.Plan
	w.section(w.t("plan.pdf.path"))
	w.para(w.t("plan.pdf.path_intro"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 4)

	// The three steps side by side.
	const gap = 5.0
	n := len(w.c.Steps)
	boxW := (width - gap*float64(n-1)) / float64(n)
	inner := boxW - 8
	h := 0.0
	for _, s := range w.c.Steps {
		hh := 22 + w.measure(w.tx(s.Name), "B", 11, 5, inner) + w.measure(w.tx(s.Summary), "", 8, 3.8, inner)
		if hh > h {
			h = hh
		}
	}
	w.need(h + 4)
	top := w.GetY()
	for i, s := range w.c.Steps {
		x := marginL + float64(i)*(boxW+gap)
		pos := ""
		for _, sp := range p.Steps {
			if sp.Step == s.ID {
				pos = sp.Position
			}
		}
		w.SetLineWidth(0.3)
		w.draw(colLine)
		w.fill(colWhite)
		style := "D"
		if pos == plan.PosCurrent {
			w.SetLineWidth(0.8)
			w.draw(colBrand)
			w.fill(colPale)
			style = "FD"
		}
		w.RoundedRect(x, top, boxW, h, 2.5, "1234", style)
		// Number in a circle.
		w.fill(colBrand)
		if pos == plan.PosPassed {
			w.fill(colGood)
		}
		w.Circle(x+7, top+7, 3.2, "F")
		w.font("B", 9)
		w.color(colWhite)
		w.SetXY(x+3.8, top+5)
		w.CellFormat(6.4, 4, w.d.L.Num(i+1), "", 0, "C", false, 0, "")
		if pos != "" {
			w.font("B", 7)
			w.color(colMuted)
			if pos == plan.PosCurrent {
				w.color(colBrand)
			}
			w.SetXY(x+12, top+5)
			w.CellFormat(boxW-15, 4, strings.ToUpper(w.t("plan.position."+pos)), "", 0, "L", false, 0, "")
		}
		w.SetXY(x+4, top+13)
		w.para(w.tx(s.Name), "B", 11, 5, colText, x+4, inner)
		w.SetY(w.GetY() + 1)
		w.para(w.tx(s.Summary), "", 8, 3.8, colMuted, x+4, inner)
	}
	w.SetY(top + h + 6)

	// Why this step.
	if p.Path != nil {
		if because := w.because(p.Path); because != "" {
			w.labelled(w.t("plan.pdf.why_step"), because, colBrand)
		}
		if st := w.c.Step(p.Path.Step); st != nil {
			w.labelled(w.t("plan.pdf.step_evidence"), w.tx(st.Evidence), colMuted)
		}
	} else {
		w.para(w.t("plan.pdf.path_unknown"), "", 10, 5, colMuted, marginL, width)
	}
	w.SetY(w.GetY() + 6)
	w.timeline()
}

// because is the career-path rule's explanation of the placement, with
// the score filled in.
func (w *writer) because(pp *plan.PathPos) string {
	if w.r.as == nil {
		return ""
	}
	a := w.r.as.Get("career-path")
	if a == nil || pp.Rule < 0 || pp.Rule >= len(a.Placement) {
		return ""
	}
	return strings.ReplaceAll(w.tx(a.Placement[pp.Rule].Because), "{score}", w.d.L.Num(pp.Score))
}

// status returns the person's status on action id.
func (w *writer) status(id string) string {
	if pr, ok := w.d.Progress[id]; ok && pr.Status != "" {
		return pr.Status
	}
	return plan.StatusTodo
}

func statusColor(s string) rgb {
	switch s {
	case plan.StatusDone:
		return colGood
	case plan.StatusDoing:
		return colAccent
	}
	return colBrand
}

// timeline is a grid: one column per milestone, one lane per step, the
// numbers of the actions due there as chips coloured by status.
func (w *writer) timeline() {
	p := w.d.Plan
	ms := p.Milestones
	if len(ms) == 0 {
		return
	}
	const labelW, chipW, chipH, chipGap = 32.0, 6.4, 4.4, 1.0
	colW := (width - labelW) / float64(len(ms))
	perRow := int((colW - 2) / (chipW + chipGap))
	if perRow < 1 {
		perRow = 1
	}
	type lane struct {
		name  string
		note  string
		cells [][]plan.Action
		rows  int
		done  int
		total int
		textH float64 // height of the name and note
	}
	var lanes []lane
	for _, s := range w.c.Steps {
		l := lane{name: w.tx(s.Name), cells: make([][]plan.Action, len(ms)), rows: 1}
		for _, a := range p.Actions {
			if a.Step != s.ID || a.Milestone < 0 {
				continue
			}
			l.cells[a.Milestone] = append(l.cells[a.Milestone], a)
			l.total++
			if w.status(a.ID) == plan.StatusDone {
				l.done++
			}
		}
		for _, c := range l.cells {
			if r := (len(c) + perRow - 1) / perRow; r > l.rows {
				l.rows = r
			}
		}
		l.note = w.t("plan.pdf.lane_done", "Done", l.done, "Total", l.total)
		if l.total == 0 {
			l.note = w.t("plan.pdf.lane_empty")
		}
		l.textH = w.measure(l.name, "B", 8, 3.6, labelW-3) + w.measure(l.note, "", 7, 3.4, labelW-3)
		lanes = append(lanes, l)
	}
	laneH := func(l lane) float64 { return max(float64(l.rows)*(chipH+1.2)+4, l.textH+4, 12) }
	total := 12.0 + 10
	for _, l := range lanes {
		total += laneH(l)
	}
	w.heading(w.t("plan.pdf.roadmap"), "", total)
	w.para(w.t("plan.pdf.roadmap_intro"), "", 9, 4.4, colMuted, marginL, width)
	w.SetY(w.GetY() + 2)

	// Header: milestone and date.
	y := w.GetY()
	w.fill(colPale)
	w.Rect(marginL, y, width, 11, "F")
	for i, m := range ms {
		x := marginL + labelW + float64(i)*colW
		w.SetXY(x, y+1.2)
		w.font("B", 7.5)
		w.color(colBrand)
		w.CellFormat(colW, 4, w.milestoneLabel(m), "", 0, "C", false, 0, "")
		w.SetXY(x, y+5.6)
		w.font("", 6.5)
		w.color(colMuted)
		w.CellFormat(colW, 4, w.d.L.ShortDate(m.Due), "", 0, "C", false, 0, "")
	}
	y += 11
	w.SetLineWidth(0.2)
	for _, l := range lanes {
		lh := laneH(l)
		w.draw(colLine)
		w.Line(marginL, y, marginL+width, y)
		w.SetXY(marginL+1, y+2)
		w.para(l.name, "B", 8, 3.6, colText, marginL+1, labelW-3)
		w.SetX(marginL + 1)
		w.para(l.note, "", 7, 3.4, colMuted, marginL+1, labelW-3)
		for i, cell := range l.cells {
			x0 := marginL + labelW + float64(i)*colW
			if i > 0 {
				w.draw(rgb{232, 236, 241})
				w.Line(x0, y, x0, y+lh)
			}
			rowW := float64(min(len(cell), perRow))*(chipW+chipGap) - chipGap
			for j, a := range cell {
				r, c := j/perRow, j%perRow
				cx := x0 + (colW-rowW)/2 + float64(c)*(chipW+chipGap)
				cy := y + 2 + float64(r)*(chipH+1.2)
				w.fill(statusColor(w.status(a.ID)))
				w.RoundedRect(cx, cy, chipW, chipH, 1.2, "1234", "F")
				w.font("B", 7)
				w.color(colWhite)
				w.SetXY(cx, cy+0.2)
				w.CellFormat(chipW, chipH, w.d.L.Num(w.num[a.ID]), "", 0, "C", false, 0, "")
			}
		}
		y += lh
	}
	w.draw(colLine)
	w.Line(marginL, y, marginL+width, y)
	w.SetY(y + 3)
	// Legend.
	x := marginL
	w.font("", 8)
	for _, st := range []string{plan.StatusTodo, plan.StatusDoing, plan.StatusDone} {
		label := w.t("plan.status." + st)
		w.fill(statusColor(st))
		w.RoundedRect(x, w.GetY()+0.6, 4, 3, 0.8, "1234", "F")
		w.color(colText)
		w.SetX(x + 5.5)
		lw := w.GetStringWidth(label)
		w.CellFormat(lw+1, 4.2, label, "", 0, "L", false, 0, "")
		x += 5.5 + lw + 7
	}
	w.Ln(8)
}
