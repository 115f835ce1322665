package pdf

import (
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"cpopath/app/plan"
)

// standing is "where you stand": the radar chart, the score table, then one
// section per skill.
func (w *writer) standing() {
	p := w.d.Plan
	w.section(w.t("plan.pdf.standing"))
	w.para(w.t("plan.pdf.standing_intro"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 4)
	w.radar(p.Skills)
	w.scoreTable(p.Skills)
	for _, s := range p.Skills {
		w.skill(s)
	}
}

// radar draws the five skills as a radar chart with fpdf's own primitives:
// rings at 20-point steps, one axis per skill, the self-assessment as a
// filled shape and the mentor's rating as a dashed one.
func (w *writer) radar(skills []plan.Skill) {
	n := len(skills)
	if n < 3 {
		return
	}
	const radius = 33.0
	top := w.GetY()
	cx, cy := pageW/2, top+radius+16
	pt := func(i int, v float64) fpdf.PointType {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return fpdf.PointType{X: cx + radius*v/100*math.Cos(a), Y: cy + radius*v/100*math.Sin(a)}
	}
	shape := func(val func(s plan.Skill) int) []fpdf.PointType {
		pts := make([]fpdf.PointType, n)
		for i, s := range skills {
			pts[i] = pt(i, float64(val(s)))
		}
		return pts
	}
	// Rings and axes.
	w.SetLineWidth(0.2)
	w.draw(rgb{194, 202, 213})
	for ring := 20; ring <= 100; ring += 20 {
		pts := make([]fpdf.PointType, n)
		for i := range skills {
			pts[i] = pt(i, float64(ring))
		}
		w.Polygon(pts, "D")
	}
	for i := range skills {
		e := pt(i, 100)
		w.Line(cx, cy, e.X, e.Y)
	}
	w.font("", 6.5)
	w.color(colMuted)
	for ring := 20; ring <= 100; ring += 40 {
		p := pt(0, float64(ring))
		w.Text(p.X+1, p.Y+0.8, w.d.L.Num(ring))
	}
	// Mentor below self, so the self shape stays readable on top.
	hasMentor := false
	for _, s := range skills {
		hasMentor = hasMentor || s.HasMentor
	}
	if hasMentor {
		pts := shape(func(s plan.Skill) int {
			if s.HasMentor {
				return s.Mentor
			}
			return 0
		})
		w.fill(colMentor)
		w.SetAlpha(0.12, "Normal")
		w.Polygon(pts, "F")
		w.SetAlpha(1, "Normal")
		w.draw(colMentor)
		w.SetLineWidth(0.6)
		w.SetDashPattern([]float64{1.6, 1.0}, 0)
		w.Polygon(pts, "D")
		w.SetDashPattern([]float64{}, 0)
		w.fill(colMentor)
		for _, p := range pts {
			w.Circle(p.X, p.Y, 0.8, "F")
		}
	}
	self := shape(func(s plan.Skill) int { return s.Self })
	w.fill(colSelf)
	w.SetAlpha(0.22, "Normal")
	w.Polygon(self, "F")
	w.SetAlpha(1, "Normal")
	w.draw(colSelf)
	w.SetLineWidth(0.7)
	w.Polygon(self, "D")
	for _, p := range self {
		w.Circle(p.X, p.Y, 0.9, "F")
	}
	// Labels: the skill's name and its scores, outside the rings.
	for i, s := range skills {
		sk := w.c.Skill(s.ID)
		if sk == nil {
			continue
		}
		p := pt(i, 112)
		w.font("B", 8)
		ls := w.SplitText(w.tx(sk.Name), 36)
		h := float64(len(ls))*3.6 + 3.8
		x, align := p.X, "C"
		switch {
		case p.X > cx+3:
			align = "L"
		case p.X < cx-3:
			align = "R"
			x -= 36
		default:
			x -= 18
		}
		y := p.Y - h/2
		if p.Y < cy-radius {
			y = p.Y - h
		} else if p.Y > cy+radius*0.5 {
			y = p.Y - 1
		}
		for j, l := range ls {
			w.SetXY(x, y+float64(j)*3.6)
			w.color(colText)
			w.CellFormat(36, 3.6, l, "", 0, align, false, 0, "")
		}
		// The scores: self in its colour, the mentor's in theirs.
		w.font("B", 8)
		parts := []struct {
			s string
			c rgb
		}{{w.d.L.Num(s.Self), colSelf}}
		if s.HasMentor {
			parts = append(parts, struct {
				s string
				c rgb
			}{"  ·  ", colMuted}, struct {
				s string
				c rgb
			}{w.d.L.Num(s.Mentor), colMentor})
		}
		total := 0.0
		for _, pt := range parts {
			total += w.GetStringWidth(pt.s)
		}
		sx := x
		switch align {
		case "R":
			sx = x + 36 - total
		case "C":
			sx = x + (36-total)/2
		}
		for _, pt := range parts {
			w.color(pt.c)
			pw := w.GetStringWidth(pt.s)
			w.SetXY(sx, y+float64(len(ls))*3.6)
			w.CellFormat(pw, 3.8, pt.s, "", 0, "L", false, 0, "")
			sx += pw
		}
	}
	// Legend.
	ly := cy + radius + 14
	items := []struct {
		c     rgb
		label string
	}{{colSelf, w.t("plan.pdf.legend.self")}}
	if hasMentor {
		items = append(items, struct {
			c     rgb
			label string
		}{colMentor, w.t("plan.pdf.legend.mentor")})
	}
	w.font("", 8.5)
	total := 0.0
	for _, it := range items {
		total += 6 + w.GetStringWidth(it.label) + 8
	}
	x := cx - total/2
	for _, it := range items {
		w.fill(it.c)
		w.Rect(x, ly+0.8, 3.5, 3.5, "F")
		w.color(colText)
		w.SetXY(x+5, ly)
		lw := w.GetStringWidth(it.label)
		w.CellFormat(lw+1, 5, it.label, "", 0, "L", false, 0, "")
		x += 6 + lw + 8
	}
	w.SetY(ly + 9)
}

func (w *writer) scoreTable(skills []plan.Skill) {
	cols := []float64{78, 26, 26, 44}
	head := []string{w.t("plan.pdf.table.skill"), w.t("plan.pdf.table.self"), w.t("plan.pdf.table.mentor"), w.t("plan.pdf.table.level")}
	w.need(7 * float64(len(skills)+1))
	w.font("B", 8.5)
	w.color(colMuted)
	w.draw(colLine)
	w.SetLineWidth(0.2)
	w.SetX(marginL)
	for i, hd := range head {
		align := "L"
		if i == 1 || i == 2 {
			align = "C"
		}
		w.CellFormat(cols[i], 6.5, hd, "B", 0, align, false, 0, "")
	}
	w.Ln(-1)
	for _, s := range skills {
		sk := w.c.Skill(s.ID)
		if sk == nil {
			continue
		}
		mentor := "–"
		if s.HasMentor {
			mentor = w.d.L.Num(s.Mentor)
		}
		level := ""
		if lv := w.c.Level(s.SelfLevel); lv != nil {
			level = w.tx(lv.Name)
		}
		w.SetX(marginL)
		w.font("", 9.5)
		w.color(colText)
		w.CellFormat(cols[0], 6.5, w.tx(sk.Name), "B", 0, "L", false, 0, "")
		w.font("B", 9.5)
		w.color(colSelf)
		w.CellFormat(cols[1], 6.5, w.d.L.Num(s.Self), "B", 0, "C", false, 0, "")
		w.color(colMentor)
		w.CellFormat(cols[2], 6.5, mentor, "B", 0, "C", false, 0, "")
		w.font("", 9.5)
		w.color(colText)
		w.CellFormat(cols[3], 6.5, level, "B", 0, "L", false, 0, "")
		w.Ln(-1)
	}
	w.SetY(w.GetY() + 6)
}

// skill is one skill's section: score and level, what the level means,
// the sub-areas as bars, strengths and gaps.
func (w *writer) skill(s plan.Skill) {
	sk := w.c.Skill(s.ID)
	lv := w.c.Level(s.SelfLevel)
	if sk == nil || lv == nil {
		return
	}
	desc := w.tx(w.c.Descriptor(s.ID, s.SelfLevel))
	// Keep the heading with what the level means and the first bars; the
	// rest may continue on the next page.
	keep := 4.2 + w.measure(desc, "", 9.5, 4.6, width) + 2 + 6.2*2
	w.heading(w.tx(sk.Name), w.t("plan.pdf.skill_score", "Score", s.Self, "Level", w.tx(lv.Name)), keep)
	w.para(w.t("plan.pdf.level_means", "Level", w.tx(lv.Name)), "B", 8.5, 4.2, colMuted, marginL, width)
	w.para(desc, "", 9.5, 4.6, colText, marginL, width)
	if s.HasMentor && s.Level != s.SelfLevel {
		if ml := w.c.Level(s.Level); ml != nil {
			w.para(w.t("plan.pdf.planned_at", "Level", w.tx(ml.Name)), "I", 8.5, 4.2, colMentor, marginL, width)
		}
	}
	w.SetY(w.GetY() + 2)
	const nameW, barW = 64.0, 82.0
	for _, n := range s.SubAreas {
		sa := w.c.SubArea(n.SubArea)
		if sa == nil {
			continue
		}
		// A long name wraps inside its column (German and French names
		// run long); it is never cut.
		w.font("", 8.5)
		nameLines := w.lines(w.tx(sa.Name), nameW-2)
		rowH := max(6.2, float64(len(nameLines))*3.8+1.2)
		w.need(rowH)
		y := w.GetY()
		w.color(colText)
		for i, l := range nameLines {
			w.SetXY(marginL, y+0.6+float64(i)*3.8)
			w.CellFormat(nameW, 3.8, l, "", 0, "L", false, 0, "")
		}
		bx := marginL + nameW
		w.fill(rgb{234, 238, 243})
		w.Rect(bx, y+1.7, barW, 2.8, "F")
		w.fill(colSelf)
		w.Rect(bx, y+1.7, barW*float64(n.Self)/100, 2.8, "F")
		label := w.d.L.Num(n.Self)
		if n.Mentor > 0 {
			mx := bx + barW*float64(plan.RatingPercent(n.Mentor))/100
			w.draw(colMentor)
			w.SetLineWidth(0.7)
			w.Line(mx, y+0.6, mx, y+5.6)
			label += " · " + w.t("plan.pdf.mentor_rating", "Rating", n.Mentor)
		}
		w.SetXY(bx+barW+3, y)
		w.font("B", 8.5)
		w.color(colSelf)
		w.CellFormat(width-nameW-barW-3, 6.2, label, "", 0, "L", false, 0, "")
		w.SetY(y + rowH)
	}
	w.SetY(w.GetY() + 2)
	if r := w.d.Rating; r != nil && strings.TrimSpace(r.Comments[s.ID]) != "" {
		w.commentBox(marginL, width, Comment{Author: r.Mentor, Body: r.Comments[s.ID], At: r.At})
		w.SetY(w.GetY() + 2)
	}
	names := func(ids []string, mark bool) string {
		var out []string
		for _, id := range ids {
			sa := w.c.SubArea(id)
			if sa == nil {
				continue
			}
			name := w.tx(sa.Name)
			if mark {
				for _, n := range s.SubAreas {
					if n.SubArea == id && n.BlindSpot {
						name = w.t("plan.pdf.blind_spot", "Name", name)
					}
				}
			}
			out = append(out, name)
		}
		return strings.Join(out, ", ")
	}
	strong, gaps := names(s.Strengths, false), names(s.Gaps, true)
	if strong == "" {
		strong = w.t("plan.pdf.none_yet")
	}
	if gaps == "" {
		gaps = w.t("plan.pdf.no_gaps")
	}
	// Strengths and gaps stay together.
	w.need(w.measure(strong, "", 9.5, 4.6, width-40) + w.measure(gaps, "", 9.5, 4.6, width-40))
	w.labelled(w.t("plan.pdf.strengths"), strong, colGood)
	w.labelled(w.t("plan.pdf.gaps"), gaps, colAccent)
	w.SetY(w.GetY() + 5)
}

// labelled writes "Label: text" with a coloured bold label, wrapped.
func (w *writer) labelled(label, text string, c rgb) {
	w.font("B", 9.5)
	lw := w.GetStringWidth(label) + 2
	if lw > 40 {
		lw = 40
	}
	h := w.measure(text, "", 9.5, 4.6, width-lw)
	w.need(h)
	y := w.GetY()
	w.SetXY(marginL, y)
	w.font("B", 9.5)
	w.color(c)
	w.CellFormat(lw, 4.6, label, "", 0, "L", false, 0, "")
	w.SetY(y)
	w.para(text, "", 9.5, 4.6, colText, marginL+lw, width-lw)
}
