package pdf

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"cpopath/app/i18n"
	"cpopath/app/team"
)

// TeamDoc is a team report: the team's aggregates today and, when Since is
// set, as of Since months ago. It holds aggregates only, never a person.
type TeamDoc struct {
	Name    string
	Now     team.View
	Then    *team.View
	Since   int
	L       *i18n.Localizer
	Created time.Time
}

// RenderTeam builds the team report in the localizer's language from the
// roadmap's building blocks: sections, headings, paragraphs and tables.
func (r *Renderer) RenderTeam(d TeamDoc) ([]byte, error) {
	if d.L == nil {
		return nil, errors.New("pdf: no localizer")
	}
	if d.Created.IsZero() {
		d.Created = time.Now()
	}
	w := &writer{Fpdf: fpdf.New("P", "mm", "A4", ""), r: r, c: r.c, d: Doc{L: d.L, Name: d.Name, Created: d.Created}, lang: d.L.Lang()}
	w.teamSetup()
	tw := &teamWriter{writer: w, doc: d}
	tw.summary()
	if d.Now.Skills.Open {
		tw.heatmap()
		tw.distributions()
		tw.invest()
		if d.Then != nil {
			tw.overTime()
		}
	}
	return w.finish()
}

type teamWriter struct {
	*writer
	doc TeamDoc
}

func (w *writer) teamSetup() {
	for _, f := range w.r.fonts {
		w.AddUTF8FontFromBytes(family, f.style, bytes.Clone(f.ttf))
	}
	w.SetMargins(marginL, marginT, marginR)
	w.SetAutoPageBreak(false, marginB)
	w.SetCompression(false)
	w.SetCatalogSort(true)
	w.SetCreationDate(w.d.Created)
	w.SetModificationDate(w.d.Created)
	w.SetTitle(w.t("team.pdf.doc_title", "Name", w.d.Name), true)
	w.SetSubject(w.t("team.pdf.subject"), true)
	w.SetCreator("cpopath", true)
	w.SetProducer("cpopath", true)
	w.SetLang(w.lang)
	w.AliasNbPages("")
	w.SetFooterFunc(func() {
		w.draw(colLine)
		w.SetLineWidth(0.2)
		w.Line(marginL, pageH-15, pageW-marginR, pageH-15)
		w.font("", 8)
		w.color(colMuted)
		w.SetXY(marginL, pageH-13)
		w.CellFormat(width/2, 4, w.d.Name, "", 0, "L", false, 0, "")
		w.SetXY(marginL+width/2, pageH-13)
		w.CellFormat(width/2, 4, w.t("plan.pdf.page", "Page", w.PageNo(), "Pages", "{nb}"), "", 0, "R", false, 0, "")
	})
	w.SetCellMargin(0)
}

func (w *teamWriter) num(x float64) string { return w.d.L.Num(int(math.Round(x))) }

// summary is the first page: the team, the date and the counts, or how
// many more results the report needs.
func (w *teamWriter) summary() {
	v := w.doc.Now
	w.section(w.t("team.pdf.doc_title", "Name", w.d.Name))
	w.para(w.t("team.pdf.as_of", "Date", w.date(v.At)), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 3)
	lines := []string{w.t("team.count.members", "Count", v.Members)}
	if v.Skills.Open {
		lines = append(lines,
			w.t("team.count.skills", "Count", v.Skills.N),
			w.t("team.count.paths", "Count", v.Paths.N),
			w.t("team.count.mentors", "Count", v.Mentors),
			w.t("team.count.plans", "Count", v.Plans.N))
	} else {
		lines = append(lines, w.t("team.floor.more", "Count", v.Skills.More))
	}
	for _, l := range lines {
		w.bullet(l, colText)
	}
	w.SetY(w.GetY() + 3)
	w.para(w.t("team.pdf.privacy"), "I", 9, 4.5, colMuted, marginL, width)
}

// heatmap draws one row of cells per skill: each cell's shade and
// hatching give its band, and the median and the interquartile range are
// written in it, so the page reads in black and white; a table follows.
func (w *teamWriter) heatmap() {
	w.section(w.t("team.heat.title"))
	w.para(w.t("team.heat.desc"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 3)
	const cols, gap, ch = 6, 2.0, 16.0
	cw := (width - gap*(cols-1)) / cols
	for _, sk := range w.c.Skills {
		w.need(8 + ch*2)
		w.font("B", 10)
		w.color(colText)
		w.SetX(marginL)
		w.CellFormat(width, 6, w.tx(sk.Name), "", 2, "L", false, 0, "")
		y := w.GetY()
		for i, sa := range sk.SubAreas {
			cell := w.doc.Now.Cell(sa.ID)
			if cell == nil {
				continue
			}
			x := marginL + float64(i)*(cw+gap)
			w.heatCell(x, y, cw, ch, cell)
			w.font("", 6.5)
			w.color(colMuted)
			w.SetXY(x, y+ch+0.5)
			w.MultiCell(cw, 3, w.tx(w.c.SubArea(sa.ID).Name), "", "C", false)
		}
		w.SetY(y + ch + 9)
	}
	w.heatTable()
}

// shades are the five bands' fills, pale to dark; hatch lines are denser
// the lower the band.
var shades = [5]rgb{{253, 231, 222}, {252, 211, 168}, {255, 243, 196}, {215, 236, 222}, {186, 219, 201}}

func (w *teamWriter) heatCell(x, y, wd, h float64, c *team.Cell) {
	w.SetLineWidth(0.2)
	w.draw(colLine)
	if !c.Open {
		w.fill(colPale)
		w.Rect(x, y, wd, h, "FD")
		w.font("", 10)
		w.color(colMuted)
		w.SetXY(x, y+5)
		w.CellFormat(wd, 5, "–", "", 0, "C", false, 0, "")
		return
	}
	band := min(4, int(c.Median)/20)
	w.fill(shades[band])
	w.Rect(x, y, wd, h, "FD")
	// Hatching: 4 lines for the lowest band, none for the highest.
	w.draw(rgb{120, 120, 120})
	w.SetLineWidth(0.15)
	for i := 0; i < 4-band; i++ {
		off := wd * float64(i+1) / float64(5-band)
		w.Line(x+off, y, x+off-3, y+h)
	}
	w.fill(colWhite)
	w.Rect(x+wd/2-9, y+2.5, 18, 11, "F")
	w.font("B", 11)
	w.color(colText)
	w.SetXY(x, y+3)
	w.CellFormat(wd, 5, w.num(c.Median), "", 0, "C", false, 0, "")
	w.font("", 6.5)
	w.SetXY(x, y+8.5)
	w.CellFormat(wd, 4, w.t("team.heat.iqr", "Low", int(math.Round(c.Q1)), "High", int(math.Round(c.Q3))), "", 0, "C", false, 0, "")
}

// heatTable is the heatmap's data as a table.
func (w *teamWriter) heatTable() {
	w.heading(w.t("team.heat.table"), "", 20)
	head := []string{w.t("team.table.subarea"), w.t("team.table.median"), w.t("team.table.iqr"), w.t("team.table.n")}
	rows := [][]string{}
	for _, c := range w.doc.Now.Heat {
		row := []string{w.tx(w.c.SubArea(c.SubArea).Name), "–", "–", w.d.L.Num(c.N)}
		if c.Open {
			row[1], row[2] = w.num(c.Median), w.num(c.Q1)+"–"+w.num(c.Q3)
		}
		rows = append(rows, row)
	}
	w.table([]float64{96, 24, 30, 24}, head, rows)
}

// table writes a simple ruled table, repeating its head on a new page.
func (w *teamWriter) table(cols []float64, head []string, rows [][]string) {
	writeHead := func() {
		w.font("B", 8.5)
		w.color(colMuted)
		w.draw(colLine)
		w.SetLineWidth(0.2)
		w.SetX(marginL)
		for i, hd := range head {
			w.CellFormat(cols[i], 6.5, hd, "B", 0, align(i), false, 0, "")
		}
		w.Ln(-1)
	}
	w.need(14)
	writeHead()
	for _, r := range rows {
		if w.GetY()+6.5 > bottom {
			w.AddPage()
			w.SetY(marginT)
			writeHead()
		}
		w.SetX(marginL)
		w.font("", 9)
		w.color(colText)
		for i, cell := range r {
			w.CellFormat(cols[i], 6.5, cell, "B", 0, align(i), false, 0, "")
		}
		w.Ln(-1)
	}
	w.SetY(w.GetY() + 5)
}

func align(i int) string {
	if i == 0 {
		return "L"
	}
	return "C"
}

// bars draws labelled horizontal bars with their counts written out.
func (w *teamWriter) bars(labels []string, counts []int) {
	most := 1
	for _, n := range counts {
		most = max(most, n)
	}
	w.need(float64(len(labels))*6 + 4)
	for i, l := range labels {
		y := w.GetY()
		w.font("", 9)
		w.color(colText)
		w.SetXY(marginL, y)
		w.CellFormat(52, 5, l, "", 0, "L", false, 0, "")
		bw := 100 * float64(counts[i]) / float64(most)
		w.fill(colSelf)
		if bw > 0 {
			w.Rect(marginL+54, y+0.8, bw, 3.6, "F")
		}
		w.SetXY(marginL+56+bw, y)
		w.CellFormat(20, 5, w.d.L.Num(counts[i]), "", 0, "L", false, 0, "")
		w.SetY(y + 6)
	}
	w.SetY(w.GetY() + 3)
}

// distributions are the level distribution per skill and the path steps.
func (w *teamWriter) distributions() {
	w.section(w.t("team.levels.heading"))
	for _, sl := range w.doc.Now.Levels {
		var labels []string
		var counts []int
		for _, lc := range sl.Counts {
			labels = append(labels, w.tx(w.c.Level(lc.Level).Name))
			counts = append(counts, lc.Count)
		}
		w.heading(w.tx(w.c.Skill(sl.Skill).Name), w.t("team.levels.median", "Median", int(math.Round(sl.Median))), 34)
		w.bars(labels, counts)
	}
	w.heading(w.t("team.steps.heading"), "", 24)
	if len(w.doc.Now.Steps) == 0 {
		w.para(w.t("team.floor.more_paths", "Count", w.doc.Now.Paths.More), "", 9.5, 4.8, colMuted, marginL, width)
		return
	}
	var labels []string
	var counts []int
	for _, s := range w.doc.Now.Steps {
		labels = append(labels, w.tx(w.c.Step(s.Step).Name))
		counts = append(counts, s.Count)
	}
	w.bars(labels, counts)
}

// invest is "where to invest as a team": the weakest sub-areas with the
// team actions and resources for each.
func (w *teamWriter) invest() {
	w.section(w.t("team.invest.heading"))
	w.para(w.t("team.invest.intro"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 3)
	for _, inv := range w.doc.Now.Invest {
		sa := w.c.SubArea(inv.Cell.SubArea)
		w.heading(w.tx(sa.Name), w.t("team.invest.median", "Median", int(math.Round(inv.Cell.Median))), 30)
		for _, id := range inv.Actions {
			a := w.c.TeamAction(id)
			h := w.measure(w.tx(a.Title), "B", 10, 5, width) + w.measure(w.tx(a.Description), "", 9, 4.4, width) +
				w.measure(w.tx(a.Outcome), "I", 9, 4.4, width) + 10
			w.need(h)
			w.para(w.tx(a.Title)+" · "+w.t("team.format."+a.Format)+" · "+w.t("team.hours", "Count", a.Hours), "B", 10, 5, colText, marginL, width)
			w.para(w.tx(a.Description), "", 9, 4.4, colText, marginL, width)
			w.para(w.t("team.invest.outcome")+" "+w.tx(a.Outcome), "I", 9, 4.4, colMuted, marginL, width)
			for _, rid := range a.Resources {
				r := w.c.Resource(rid)
				line := r.Title
				if r.Authors != "" {
					line += " · " + r.Authors
				}
				if r.Year != 0 {
					line += " · " + strconv.Itoa(r.Year)
				}
				w.need(5)
				w.font("", 8.5)
				w.color(colBrand)
				w.SetX(marginL + 4)
				w.CellFormat(width-4, 4.4, "→ "+line, "", 2, "L", false, 0, r.URL)
			}
			w.SetY(w.GetY() + 3)
		}
	}
}

// overTime sets the earlier moment's medians beside today's.
func (w *teamWriter) overTime() {
	then := w.doc.Then
	w.section(w.t("team.time.heading"))
	w.para(w.t("team.time.intro", "Count", w.doc.Since, "Date", w.date(then.At)), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 3)
	if !then.Skills.Open {
		w.para(w.t("team.time.withheld", "Count", then.Skills.More), "", 10, 5, colText, marginL, width)
		return
	}
	head := []string{w.t("team.table.subarea"), w.t("team.time.then"), w.t("team.time.now"), w.t("team.time.change")}
	var rows [][]string
	for _, c := range w.doc.Now.Heat {
		row := []string{w.tx(w.c.SubArea(c.SubArea).Name), "–", "–", "–"}
		tc := then.Cell(c.SubArea)
		if tc != nil && tc.Open {
			row[1] = w.num(tc.Median)
		}
		if c.Open {
			row[2] = w.num(c.Median)
		}
		if tc != nil && tc.Open && c.Open {
			d := int(math.Round(c.Median)) - int(math.Round(tc.Median))
			row[3] = signed(w.d.L.Num(d), d)
		}
		rows = append(rows, row)
	}
	w.table([]float64{96, 26, 26, 26}, head, rows)
	if len(then.Steps) == len(w.doc.Now.Steps) && len(then.Steps) > 0 {
		var steps [][]string
		for i, s := range w.doc.Now.Steps {
			steps = append(steps, []string{w.tx(w.c.Step(s.Step).Name), w.d.L.Num(then.Steps[i].Count), w.d.L.Num(s.Count)})
		}
		w.heading(w.t("team.time.steps_caption"), "", 24)
		w.table([]float64{96, 26, 26}, []string{w.t("team.shared.step"), w.t("team.time.then"), w.t("team.time.now")}, steps)
	}
}

// signed writes a change with its sign, so a rise reads as one.
func signed(s string, d int) string {
	if d > 0 {
		return "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}
