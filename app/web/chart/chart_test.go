package chart

import "testing"

func TestTrendChart(t *testing.T) {
	c := NewTrend("t", "title", "desc", []int{0, 50, 100}, []string{"a", "b", "c"})
	if len(c.Points) != 3 || c.Points[0].Y != "150.0" || c.Points[2].Y != "16.0" || c.Points[1].X != "171.0" {
		t.Errorf("points = %+v", c.Points)
	}
	if len(c.Dates) != 2 || c.Dates[0].Label != "a" || c.Dates[1].Label != "c" {
		t.Errorf("dates = %+v", c.Dates)
	}
	one := NewTrend("t", "", "", []int{40}, []string{"a"})
	if len(one.Points) != 1 || one.Points[0].X != "171.0" || len(one.Dates) != 1 {
		t.Errorf("one point = %+v %+v", one.Points, one.Dates)
	}
}

// TestFrameDrawsAsNew: a chart on a shared frame draws exactly what a chart
// drawn from scratch draws, and a copy does not carry the frame's shapes.
func TestFrameDrawsAsNew(t *testing.T) {
	labels := []string{"Processes & systems", "Strategic mindset", "Networking & relationship building", "Negotiation", "Vision"}
	frame := Frame(labels)
	frame.Add("self", "ignored", []int{1, 2, 3, 4, 5})
	shared, fresh := frame.Copy(), NewRadar(labels)
	for _, c := range []*Radar{shared, fresh} {
		c.Title, c.Desc = "Your <skills>", "desc"
		c.Add("self", "You", []int{20, 40, 60, 80, 100})
	}
	if got, want := shared.SVG(), fresh.SVG(); got != want {
		t.Errorf("chart on a frame:\n%s\nwant:\n%s", got, want)
	}
	if len(shared.Shapes) != 1 {
		t.Errorf("copy has %d shapes, want its own one", len(shared.Shapes))
	}
}
