package chart

import "strconv"

// Trend is one skill's scores across completed assessments as a
// small server-rendered line chart. Like the radar, the geometry is
// computed here; the page's history table carries the same numbers for
// anyone who cannot see the chart.
type Trend struct {
	ID     string // prefix of the ids that label the svg
	Title  string
	Desc   string
	Width  int
	Height int
	Left   string // x where the plot starts and ends, for grid lines
	Right  string
	Grid   []Tick
	Line   string // polyline points
	Points []Point
	Dates  []Tick
}

// Tick is a labelled position on an axis.
type Tick struct {
	X, Y  string
	Label string
}

// Point is one score on the line.
type Point struct {
	X, Y  string
	LY    string // where the value is written, above the point
	Value int
	Show  bool // the value is written beside the point
}

const (
	trendWidth  = 320
	trendHeight = 180
	trendLeft   = 36
	trendRight  = 14
	trendTop    = 16
	trendBottom = 30
	// trendInset keeps the first and last points off the axis labels.
	trendInset = 16
	// trendValuesMax is how many points get their value written beside
	// them; with more, only the last one does, to stay legible.
	trendValuesMax = 8
)

// NewTrend draws scores (0..100, oldest first) with their date labels.
// Points are evenly spaced: the order of assessments matters here more
// than the weeks between them.
func NewTrend(id, title, desc string, scores []int, dates []string) *Trend {
	t := &Trend{ID: id, Title: title, Desc: desc, Width: trendWidth, Height: trendHeight,
		Left: strconv.Itoa(trendLeft), Right: strconv.Itoa(trendWidth - trendRight)}
	plotW := float64(trendWidth - trendLeft - trendRight)
	plotH := float64(trendHeight - trendTop - trendBottom)
	y := func(v int) float64 { return trendTop + plotH*(1-float64(v)/100) }
	for v := 0; v <= 100; v += 25 {
		t.Grid = append(t.Grid, Tick{X: strconv.Itoa(trendLeft - 6), Y: fmtf(y(v)), Label: strconv.Itoa(v)})
	}
	n := len(scores)
	x := func(i int) float64 {
		if n == 1 {
			return trendLeft + plotW/2
		}
		return trendLeft + trendInset + (plotW-2*trendInset)*float64(i)/float64(n-1)
	}
	line := make([]byte, 0, n*12)
	for i, s := range scores {
		px, py := fmtf(x(i)), fmtf(y(s))
		if i > 0 {
			line = append(line, ' ')
		}
		line = append(line, px+","+py...)
		t.Points = append(t.Points, Point{X: px, Y: py, LY: fmtf(y(s) - 9), Value: s, Show: n <= trendValuesMax || i == n-1})
	}
	t.Line = string(line)
	// Dates under the first and last points only: more would overlap.
	base := fmtf(float64(trendHeight - 10))
	for i, d := range dates {
		if i == 0 || i == n-1 {
			t.Dates = append(t.Dates, Tick{X: fmtf(x(i)), Y: base, Label: d})
		}
	}
	return t
}
