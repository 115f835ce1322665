package team_test

import (
	"math"
	"os"
	"testing"
	"time"

	"cpopath/app/content"
	"cpopath/app/team"
)

func loadContent(t *testing.T) *content.Content {
	t.Helper()
	c, err := content.Load(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scores gives every skill and sub-area of c the score v, except those in
// over.
func scores(c *content.Content, v int, over map[string]int) *team.Scores {
	s := &team.Scores{}
	for _, sk := range c.Skills {
		sum := 0
		for _, sa := range sk.SubAreas {
			x := v
			if o, ok := over[sa.ID]; ok {
				x = o
			}
			s.Subs = append(s.Subs, team.Score{ID: sa.ID, Score: x})
			sum += x
		}
		sc := sum / len(sk.SubAreas)
		s.Skills = append(s.Skills, team.Score{ID: sk.ID, Score: sc, Level: c.LevelFor(sc).ID})
	}
	return s
}

var now = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

func member(id int64, sharing bool, results ...team.Dated) team.Member {
	return team.Member{UserID: id, Name: "M" + string(rune('A'+id)), Sharing: sharing, Skills: results}
}

func TestQuantile(t *testing.T) {
	tests := []struct {
		xs      []float64
		q, want float64
	}{
		{nil, 0.5, 0},
		{[]float64{7}, 0.25, 7},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{4, 1, 3, 2}, 0.25, 1.75},
		{[]float64{10, 20, 30, 40, 50}, 0.75, 40},
		{[]float64{10, 20, 30, 40, 50}, 0.5, 30},
	}
	for _, tt := range tests {
		if got := team.Quantile(tt.xs, tt.q); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Quantile(%v, %v) = %v, want %v", tt.xs, tt.q, got, tt.want)
		}
	}
}

// The floor: nothing below it, and nothing that the rows of members who
// share would let a reader narrow down to fewer than the floor.
func TestFloor(t *testing.T) {
	c := loadContent(t)
	build := func(n, sharing, floor int) team.View {
		var ms []team.Member
		for i := range n {
			ms = append(ms, member(int64(i), i < sharing, team.Dated{At: now.Add(-time.Hour), PublicID: "p", Scores: scores(c, 50, nil)}))
		}
		return team.Build(c, ms, now, floor, true)
	}
	tests := []struct {
		name              string
		n, sharing, floor int
		open              bool
		more              int
	}{
		{"four results under the default floor", 4, 0, 5, false, 1},
		{"five results at the floor", 5, 0, 5, true, 0},
		{"six, one sharing: five do not share", 6, 1, 5, true, 0},
		{"five, one sharing: four unshared could be told apart", 5, 1, 5, false, 1},
		{"six, two sharing", 6, 2, 5, false, 1},
		{"everyone shares", 5, 5, 5, true, 0},
		{"a floor below three counts as three", 3, 0, 1, true, 0},
		{"two under a floor of three", 2, 0, 1, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := build(tt.n, tt.sharing, tt.floor)
			if v.Skills.Open != tt.open || v.Skills.More != tt.more {
				t.Fatalf("open %v more %d, want %v %d", v.Skills.Open, v.Skills.More, tt.open, tt.more)
			}
			if !tt.open && (len(v.Heat) > 0 || len(v.Levels) > 0 || len(v.Invest) > 0 || v.Mentors != 0 || v.Plans.Open) {
				t.Errorf("a closed view still holds figures: %+v", v)
			}
			if len(v.Shared) != tt.sharing {
				t.Errorf("%d shared rows, want %d", len(v.Shared), tt.sharing)
			}
		})
	}
}

func TestMediansSpreadLevelsAndInvest(t *testing.T) {
	c := loadContent(t)
	var ms []team.Member
	// Research scores 10, 20, 30, 40, 50, 60; everything else 70.
	for i := range 6 {
		s := scores(c, 70, map[string]int{"research": 10 * (i + 1), "pilots": 30, "listening": 45})
		ms = append(ms, member(int64(i), false, team.Dated{At: now.Add(-time.Hour), PublicID: "p", Scores: s}))
	}
	v := team.Build(c, ms, now, 5, true)
	cell := v.Cell("research")
	if cell == nil || !cell.Open || cell.N != 6 || cell.Median != 35 || cell.Q1 != 22.5 || cell.Q3 != 47.5 {
		t.Fatalf("research cell = %+v, want median 35, IQR 22.5–47.5 over 6", cell)
	}
	var got []string
	for _, inv := range v.Invest {
		got = append(got, inv.Cell.SubArea)
		if len(inv.Actions) == 0 {
			t.Errorf("no team action for %s", inv.Cell.SubArea)
		}
	}
	if len(got) != 3 || got[0] != "pilots" || got[1] != "research" || got[2] != "listening" {
		t.Errorf("where to invest = %v, want pilots, research, listening", got)
	}
	total := 0
	for _, lc := range v.Levels[0].Counts {
		total += lc.Count
	}
	if total != 6 {
		t.Errorf("level counts of %s add up to %d, want 6", v.Levels[0].Skill, total)
	}
}

// Over time: the view as of an earlier date uses the results completed by
// then, and a member without one then is not counted then.
func TestOverTime(t *testing.T) {
	c := loadContent(t)
	then := now.AddDate(0, -3, 0)
	var ms []team.Member
	for i := range 6 {
		old := team.Dated{At: then.AddDate(0, -1, 0), PublicID: "old", Scores: scores(c, 40, nil)}
		cur := team.Dated{At: now.Add(-time.Hour), PublicID: "new", Scores: scores(c, 60, nil)}
		if i == 5 {
			ms = append(ms, member(int64(i), false, cur)) // joined the assessments later
			continue
		}
		m := member(int64(i), false, old, cur)
		m.Steps = []team.DatedStep{{At: then.AddDate(0, -1, 0), Step: "experience"}, {At: now.Add(-time.Hour), Step: "mentorship"}}
		ms = append(ms, m)
	}
	past := team.Build(c, ms, then, 5, false)
	today := team.Build(c, ms, now, 5, true)
	if !past.Skills.Open || past.Skills.N != 5 || past.Cell("research").Median != 40 {
		t.Errorf("past view: open %v n %d median %v, want 5 results at 40", past.Skills.Open, past.Skills.N, past.Cell("research").Median)
	}
	if today.Skills.N != 6 || today.Cell("research").Median != 60 {
		t.Errorf("today: n %d median %v, want 6 results at 60", today.Skills.N, today.Cell("research").Median)
	}
	if len(past.Steps) != 3 || past.Steps[0].Step != "experience" || past.Steps[0].Count != 5 || today.Steps[1].Count != 5 {
		t.Errorf("steps then %+v, today %+v; want 5 at experience then, 5 at mentorship today", past.Steps, today.Steps)
	}
	if len(past.Shared) != 0 || past.Plans.Open {
		t.Error("the past view carries present-only facts")
	}
	tooEarly := team.Build(c, ms, then.AddDate(0, -6, 0), 5, false)
	if tooEarly.Skills.Open || tooEarly.Skills.More != 5 {
		t.Errorf("before any result: open %v more %d, want closed, 5 more", tooEarly.Skills.Open, tooEarly.Skills.More)
	}
}

func TestPlanProgressFloor(t *testing.T) {
	c := loadContent(t)
	var ms []team.Member
	for i := range 6 {
		m := member(int64(i), false, team.Dated{At: now.Add(-time.Hour), PublicID: "p", Scores: scores(c, 50, nil)})
		if i < 4 {
			m.Plan = &team.Plan{Version: 1, Done: 1, Total: 4, Focus: []string{"research", "pilots"}}
		}
		ms = append(ms, m)
	}
	v := team.Build(c, ms, now, 5, true)
	if v.Plans.Open || v.Plans.More != 1 || v.Plans.DonePercent != 0 || len(v.Plans.Focus) != 0 {
		t.Fatalf("four plans under a floor of five: %+v", v.Plans)
	}
	ms[4].Plan = &team.Plan{Version: 1, Done: 3, Total: 4, Focus: []string{"research"}}
	v = team.Build(c, ms, now, 5, true)
	if !v.Plans.Open || v.Plans.DonePercent != 35 || v.Plans.Focus[0].SubArea != "research" || v.Plans.Focus[0].Count != 5 {
		t.Fatalf("five plans: %+v", v.Plans)
	}
}
