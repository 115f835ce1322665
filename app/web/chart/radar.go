package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Radar is a server-rendered radar chart of the five skills: geometry is
// computed here so the template only places shapes, and the page needs no
// script to show it.
type Radar struct {
	Title  string
	Desc   string
	Size   int
	Center int
	Rings  []string // polygon points of the 20/40/60/80/100 rings
	Axes   []Axis
	Shapes []Shape
	// grid and labels are the chart's markup that depends only on its
	// labels, drawn once by Frame; empty, SVG draws them.
	grid, labels string
}

// Axis is one skill's axis and label.
type Axis struct {
	X, Y   string // end of the axis line
	LX, LY string // label position
	Anchor string // text-anchor
	Label  string
}

// Shape is one set of scores.
type Shape struct {
	Class  string
	Points string
	Label  string
	Dots   []Dot
}

// Dot marks one score.
type Dot struct{ X, Y string }

const (
	radarSize   = 360
	radarRadius = 120
)

func fmtf(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// at is the position of value (0..100) on axis i of n.
func at(i, n int, value float64) (float64, float64) {
	angle := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	r := radarRadius * value / 100
	c := float64(radarSize) / 2
	return c + r*math.Cos(angle), c + r*math.Sin(angle)
}

// NewRadar returns a chart with labels and no shapes.
func NewRadar(labels []string) *Radar {
	n := len(labels)
	r := &Radar{Size: radarSize, Center: radarSize / 2}
	for ring := 20; ring <= 100; ring += 20 {
		pts := make([]string, n)
		for i := range labels {
			x, y := at(i, n, float64(ring))
			pts[i] = fmtf(x) + "," + fmtf(y)
		}
		r.Rings = append(r.Rings, strings.Join(pts, " "))
	}
	for i, l := range labels {
		x, y := at(i, n, 100)
		lx, ly := at(i, n, 118)
		anchor := "middle"
		switch c := float64(radarSize) / 2; {
		case lx > c+10:
			anchor = "start"
		case lx < c-10:
			anchor = "end"
		}
		if ly > float64(radarSize)/2+10 {
			ly += 8
		}
		r.Axes = append(r.Axes, Axis{X: fmtf(x), Y: fmtf(y), LX: fmtf(lx), LY: fmtf(ly), Anchor: anchor, Label: l})
	}
	return r
}

// Frame returns a chart with labels and no shapes whose rings, axes and
// labels are drawn already: the part of a chart that depends only on its
// labels, to be computed once per language and shared through Copy.
func Frame(labels []string) *Radar {
	r := NewRadar(labels)
	r.grid, r.labels = r.drawGrid(), r.drawLabels()
	return r
}

// Copy returns a chart on r's frame without r's shapes or titles, for one
// page to add its own to.
func (r *Radar) Copy() *Radar {
	return &Radar{Size: r.Size, Center: r.Center, Rings: r.Rings, Axes: r.Axes, grid: r.grid, labels: r.labels}
}

// Add draws one set of scores (0..100, in axis order) as a shape.
func (r *Radar) Add(class, label string, scores []int) {
	n := len(r.Axes)
	pts := make([]string, n)
	s := Shape{Class: class, Label: label}
	for i := 0; i < n && i < len(scores); i++ {
		x, y := at(i, n, float64(scores[i]))
		pts[i] = fmtf(x) + "," + fmtf(y)
		s.Dots = append(s.Dots, Dot{X: fmtf(x), Y: fmtf(y)})
	}
	s.Points = strings.Join(pts, " ")
	r.Shapes = append(r.Shapes, s)
}

// SVG draws the chart. It is written here rather than in a template
// because it is all geometry: some sixty elements whose only words are the
// title, description, labels and class names, escaped below; as a template
// it was the most expensive part of a results page. The rings, axes and
// labels come drawn from the frame; only the shapes are the person's.
func (r *Radar) SVG() template.HTML {
	var b strings.Builder
	b.Grow(2048 + 256*len(r.Shapes))
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg class="radar" viewBox="-130 -10 %d %d" role="img" aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg">`, r.Size+260, r.Size+30)
	b.WriteString("\n  <title id=\"radar-title\">" + esc(r.Title) + "</title>\n  <desc id=\"radar-desc\">" + esc(r.Desc) + "</desc>\n  ")
	grid, labels := r.grid, r.labels
	if grid == "" {
		grid, labels = r.drawGrid(), r.drawLabels()
	}
	b.WriteString(grid)
	for _, s := range r.Shapes {
		b.WriteString(`<g class="shape ` + esc(s.Class) + `"><polygon points="` + esc(s.Points) + `"/>`)
		for _, d := range s.Dots {
			b.WriteString(`<circle cx="` + esc(d.X) + `" cy="` + esc(d.Y) + `" r="4"/>`)
		}
		b.WriteString("</g>")
	}
	b.WriteString(labels)
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}

// drawGrid is the markup of the rings and axes, and what separates them
// from the shapes.
func (r *Radar) drawGrid() string {
	var b strings.Builder
	esc := html.EscapeString
	center := strconv.Itoa(r.Center)
	b.WriteString(`<g class="grid">`)
	for _, ring := range r.Rings {
		b.WriteString(`<polygon points="` + esc(ring) + `"/>`)
	}
	b.WriteString("</g>\n  <g class=\"axes\">")
	for _, a := range r.Axes {
		b.WriteString(`<line x1="` + center + `" y1="` + center + `" x2="` + esc(a.X) + `" y2="` + esc(a.Y) + `"/>`)
	}
	b.WriteString("</g>\n  ")
	return b.String()
}

// drawLabels is the markup of the axis labels.
func (r *Radar) drawLabels() string {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("\n  <g class=\"labels\">")
	for i, a := range r.Axes {
		// On a phone the chart is drawn at half size, where names would be
		// too small to read: it shows the axis's number instead, large, and
		// the key below the chart names them (templates/partials/radar.html).
		b.WriteString(`<text class="num" x="` + esc(a.LX) + `" y="` + esc(a.LY) + `" text-anchor="` + esc(a.Anchor) + `">` + strconv.Itoa(i+1) + `</text>`)
		b.WriteString(`<text class="name" x="` + esc(a.LX) + `" y="` + esc(a.LY) + `" text-anchor="` + esc(a.Anchor) + `">`)
		first, second := splitLabel(a.Label)
		if second == "" {
			b.WriteString(esc(first))
		} else {
			// Two lines, so long translated names stay inside a phone's width.
			b.WriteString(`<tspan x="` + esc(a.LX) + `">` + esc(first) + `</tspan><tspan x="` + esc(a.LX) + `" dy="1.2em">` + esc(second) + `</tspan>`)
		}
		b.WriteString(`</text>`)
	}
	b.WriteString("</g>")
	return b.String()
}

// splitLabel breaks a label longer than labelWidth runes at the space
// nearest its middle; a shorter one, or one without a space, stays whole.
func splitLabel(l string) (string, string) {
	const labelWidth = 18
	r := []rune(l)
	if len(r) <= labelWidth {
		return l, ""
	}
	best := -1
	for i, c := range r {
		if c == ' ' && (best < 0 || abs(i-len(r)/2) < abs(best-len(r)/2)) {
			best = i
		}
	}
	if best < 0 {
		return l, ""
	}
	return string(r[:best]), string(r[best+1:])
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
