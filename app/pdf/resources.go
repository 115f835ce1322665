package pdf

import (
	"strconv"
	"strings"
)

// resources lists the recommended resources, with clickable links.
func (w *writer) resources() {
	p := w.d.Plan
	w.section(w.t("plan.pdf.resources"))
	w.para(w.t("plan.pdf.resources_intro"), "", 10, 5, colMuted, marginL, width)
	w.SetY(w.GetY() + 4)
	if len(p.Resources) == 0 {
		w.para(w.t("plan.pdf.no_resources"), "", 10, 5, colText, marginL, width)
		return
	}
	for _, pr := range p.Resources {
		r := w.c.Resource(pr.ID)
		if r == nil {
			continue
		}
		var by []string
		if r.Authors != "" {
			by = append(by, r.Authors)
		}
		if r.Publisher != "" && r.Publisher != r.Authors {
			by = append(by, r.Publisher)
		}
		if r.Year != 0 {
			by = append(by, strconv.Itoa(r.Year))
		}
		byLine := strings.Join(by, " · ")
		var why []string
		for _, reason := range pr.Reasons {
			why = append(why, w.explain(reason))
		}
		var nums []string
		for _, id := range pr.Actions {
			if n := w.num[id]; n > 0 {
				nums = append(nums, w.d.L.Num(n))
			}
		}
		if len(nums) > 0 {
			why = append(why, w.t("plan.pdf.supports", "Numbers", strings.Join(nums, ", ")))
		}
		whyText := strings.Join(why, " ")
		const textX, textW = marginL + 30, width - 30
		h := w.measure(r.Title, "B", 10.5, 5, textW) + 4.4 + w.measure(w.tx(r.Description), "", 9, 4.4, textW) +
			w.measure(whyText, "I", 8.5, 4.1, textW) + 10
		if r.URL != "" {
			w.font("", 8)
			h += 4.2 * float64(len(w.urlLines(r.URL, textW)))
			if !r.Checked() {
				h += 4.2
			}
		}
		w.need(h)
		y := w.GetY()
		// Kind, as a small label in the left column.
		w.SetXY(marginL, y+0.8)
		w.para(strings.ToUpper(w.t("plan.kind."+r.Kind)), "B", 7, 3.4, colAccent, marginL, 26)
		w.SetY(y)
		// Title, linked.
		w.SetLeftMargin(textX)
		w.SetX(textX)
		w.font("B", 10.5)
		if r.URL != "" {
			w.color(colBrand)
			w.WriteLinkString(5, r.Title, r.URL)
		} else {
			w.color(colText)
			w.Write(5, r.Title)
		}
		w.Ln(5)
		w.SetLeftMargin(marginL)
		if byLine != "" {
			w.para(byLine, "", 8.5, 4.4, colMuted, textX, textW)
		}
		w.SetY(w.GetY() + 0.6)
		w.para(w.tx(r.Description), "", 9, 4.4, colText, textX, textW)
		w.SetY(w.GetY() + 0.8)
		w.para(whyText, "I", 8.5, 4.1, colMuted, textX, textW)
		if r.URL != "" {
			w.url(r.URL, textX, textW)
			if !r.Checked() {
				// An address built from a pattern is not presented as checked.
				w.para(w.t("resource.unchecked"), "I", 8, 4.2, colMuted, textX, textW)
			}
		}
		w.SetY(w.GetY() + 3)
		w.draw(colLine)
		w.SetLineWidth(0.2)
		w.Line(textX, w.GetY(), marginL+width, w.GetY())
		w.SetY(w.GetY() + 3)
	}
}

// url prints u whole, linked: on one line when it fits, else broken after
// a "/" (or anywhere, for a very long segment) over as many lines as it
// needs. A cut URL with an ellipsis could not be typed from a printout.
func (w *writer) url(u string, x, wd float64) {
	w.font("", 8)
	w.color(colBrand)
	for _, l := range w.urlLines(u, wd) {
		w.SetX(x)
		w.CellFormat(w.GetStringWidth(l)+1, 4.2, l, "", 2, "L", false, 0, u)
	}
}

func (w *writer) urlLines(u string, wd float64) []string {
	var out []string
	line := ""
	for _, r := range u {
		next := line + string(r)
		if w.GetStringWidth(next) > wd && line != "" {
			if i := strings.LastIndex(line, "/"); i > 0 && i < len(line)-1 {
				out = append(out, line[:i+1])
				line = line[i+1:] + string(r)
				continue
			}
			out = append(out, line)
			line = string(r)
			continue
		}
		line = next
	}
	return append(out, line)
}
