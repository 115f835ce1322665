package chart

import (
	"strings"
	"testing"
)

func TestHeatmapReadsWithoutColour(t *testing.T) {
	rows := []HeatRow{{Label: "Skill <A>", Cells: []HeatCell{
		{Label: "Research & analysis", Value: "12", Note: "IQR 5–20", Band: 0},
		{Label: "Criteria", Value: "85", Note: "IQR 80–90", Band: 4},
		{Label: "Withheld", Value: "–", Band: -1},
		{Label: "A sub-area with a very long name indeed", Value: "50", Note: "IQR 40–60", Band: 2},
	}}}
	svg := Heatmap("Title", "Desc", rows, [5]string{"0–19", "20–39", "40–59", "60–79", "80–100"})
	for _, want := range []string{
		`role="img"`, `<title id="hm-t">Title</title>`, "Skill &lt;A&gt;", "Research &amp; analysis",
		">12<", ">IQR 5–20<", `fill="url(#hp0)"`, `class="cell b4"`, `class="cell none"`, "A sub-area with a…", ">80–100<",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("heatmap lacks %q", want)
		}
	}
	// The top band has no hatching, so bands differ by pattern as well as
	// by shade; a withheld cell has neither.
	if strings.Count(svg, `fill="url(#hp4)"`) != 0 || strings.Count(svg, `fill="url(#hp`) != 2+4 {
		t.Errorf("pattern fills: %d", strings.Count(svg, `fill="url(#hp`))
	}
}

func TestBand(t *testing.T) {
	for v, want := range map[float64]int{0: 0, 19.9: 0, 20: 1, 59.5: 2, 60: 3, 79.9: 3, 80: 4, 100: 4} {
		if got := Band(v); got != want {
			t.Errorf("Band(%v) = %d, want %d", v, got, want)
		}
	}
}

func TestBarsWriteCounts(t *testing.T) {
	svg := Bars("Levels", []Bar{{Label: "Foundational", Count: 0}, {Label: "Developing", Count: 7}})
	if !strings.Contains(svg, `aria-label="Levels"`) || !strings.Contains(svg, ">7<") || !strings.Contains(svg, ">0<") {
		t.Errorf("bars: %s", svg)
	}
}
