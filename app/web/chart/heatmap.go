package chart

import (
	"fmt"
	"html"
	"strings"
)

// HeatCell is one cell of a heatmap: a value shown as a number, a band
// (0 lowest … 4 highest) shown as a shade and a pattern, and a note under
// the number (the spread).
type HeatCell struct {
	Label string // the cell's name, for its tooltip and accessible name
	Value string // the number written in the cell
	Note  string // a line under it, e.g. the interquartile range
	Band  int    // 0–4; -1 when withheld
}

// HeatRow is a labelled row of cells.
type HeatRow struct {
	Label string
	Cells []HeatCell
}

// Heatmap geometry, in SVG user units; the SVG scales to its container.
// Three cells a row, so that the numbers stay legible on a phone, where
// the SVG is scaled to some 360 pixels.
const (
	heatW     = 640
	heatCols  = 3
	heatGap   = 6
	heatCellH = 96
	heatLabel = 30
	heatLegH  = 90
)

// bandClass names the CSS class of each band; withheld cells have "none".
var bandClass = [5]string{"b0", "b1", "b2", "b3", "b4"}

// patterns are drawn over the band's shade so that bands differ without
// colour too: dense cross-hatch, hatch, dots, sparse hatch, none.
const patterns = `<defs>` +
	`<pattern id="hp0" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0L6 6M6 0L0 6" class="hatch"/></pattern>` +
	`<pattern id="hp1" width="8" height="8" patternUnits="userSpaceOnUse"><path d="M0 8L8 0" class="hatch"/></pattern>` +
	`<pattern id="hp2" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="1.2" class="dot"/></pattern>` +
	`<pattern id="hp3" width="14" height="14" patternUnits="userSpaceOnUse"><path d="M0 14L14 0" class="hatch"/></pattern>` +
	`</defs>`

// Heatmap draws rows of cells with a legend of the bands under them.
// title and desc name the chart for assistive technology; legend holds the
// five bands' labels, lowest first.
func Heatmap(title, desc string, rows []HeatRow, legend [5]string) string {
	cellW := (heatW - heatGap*(heatCols-1)) / heatCols
	h := heatLegH
	for _, r := range rows {
		lines := (len(r.Cells) + heatCols - 1) / heatCols
		h += heatLabel + lines*(heatCellH+heatGap) + heatGap
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="heatmap" viewBox="0 0 %d %d" role="img" aria-labelledby="hm-t hm-d" xmlns="http://www.w3.org/2000/svg">`, heatW, h)
	fmt.Fprintf(&b, `<title id="hm-t">%s</title><desc id="hm-d">%s</desc>`, html.EscapeString(title), html.EscapeString(desc))
	b.WriteString(patterns)
	y := 0
	for _, r := range rows {
		fmt.Fprintf(&b, `<text class="row" x="0" y="%d">%s</text>`, y+22, html.EscapeString(r.Label))
		y += heatLabel
		for i, c := range r.Cells {
			x := (i % heatCols) * (cellW + heatGap)
			cell(&b, x, y+(i/heatCols)*(heatCellH+heatGap), cellW, c)
		}
		y += (len(r.Cells)+heatCols-1)/heatCols*(heatCellH+heatGap) + heatGap
	}
	legendRow(&b, y+6, legend)
	b.WriteString(`</svg>`)
	return b.String()
}

func cell(b *strings.Builder, x, y, w int, c HeatCell) {
	class := "none"
	if c.Band >= 0 && c.Band < len(bandClass) {
		class = bandClass[c.Band]
	}
	fmt.Fprintf(b, `<g class="cell %s"><title>%s</title>`, class, html.EscapeString(c.Label+": "+c.Value+" "+c.Note))
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4"/>`, x, y, w, heatCellH)
	if c.Band >= 0 && c.Band < 4 {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="url(#hp%d)"/>`, x, y, w, heatCellH, c.Band)
	}
	// A plate behind the numbers keeps them legible over any pattern.
	fmt.Fprintf(b, `<rect class="plate" x="%d" y="%d" width="%d" height="%d" rx="3"/>`, x+4, y+4, w-8, 88)
	fmt.Fprintf(b, `<text class="name" x="%d" y="%d" text-anchor="middle">%s</text>`, x+w/2, y+24, html.EscapeString(clip(c.Label, 18)))
	fmt.Fprintf(b, `<text class="value" x="%d" y="%d" text-anchor="middle">%s</text>`, x+w/2, y+58, html.EscapeString(c.Value))
	if c.Note != "" {
		fmt.Fprintf(b, `<text class="note" x="%d" y="%d" text-anchor="middle">%s</text>`, x+w/2, y+82, html.EscapeString(c.Note))
	}
	b.WriteString(`</g>`)
}

func legendRow(b *strings.Builder, y int, legend [5]string) {
	w := heatW / heatCols
	for i, l := range legend {
		x, y := (i%heatCols)*w, y+(i/heatCols)*36
		fmt.Fprintf(b, `<g class="cell %s"><rect x="%d" y="%d" width="28" height="28" rx="3"/>`, bandClass[i], x, y)
		if i < 4 {
			fmt.Fprintf(b, `<rect x="%d" y="%d" width="28" height="28" rx="3" fill="url(#hp%d)"/>`, x, y, i)
		}
		fmt.Fprintf(b, `</g><text class="legend" x="%d" y="%d">%s</text>`, x+36, y+21, html.EscapeString(l))
	}
}

// clip shortens a label to n characters with an ellipsis; the full name is
// in the cell's tooltip and in the table beside the chart.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Band returns the band (0–4) of a 0–100 value: one per 20 points.
func Band(v float64) int {
	switch {
	case v < 20:
		return 0
	case v < 40:
		return 1
	case v < 60:
		return 2
	case v < 80:
		return 3
	}
	return 4
}

// Bar is one bar of a distribution.
type Bar struct {
	Label string
	Count int
}

// Bars draws a distribution as horizontal bars with the count written at
// each bar's end, so the figure reads without colour and without the
// axis.
func Bars(title string, bars []Bar) string {
	const w, rowH, labelW = 640, 30, 230
	max := 1
	for _, b := range bars {
		if b.Count > max {
			max = b.Count
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bars" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, rowH*len(bars)+4, html.EscapeString(title))
	for i, bar := range bars {
		y := i * rowH
		bw := (w - labelW - 60) * bar.Count / max
		fmt.Fprintf(&b, `<text class="label" x="0" y="%d">%s</text>`, y+19, html.EscapeString(bar.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="20" rx="2"/>`, labelW, y+4, bw)
		fmt.Fprintf(&b, `<text class="count" x="%d" y="%d">%d</text>`, labelW+bw+6, y+19, bar.Count)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
