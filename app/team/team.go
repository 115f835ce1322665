// Package team draws a team's aggregate picture from its members' stored
// results: medians and interquartile ranges per sub-area, level and
// path-step distributions, plan progress, where to invest, and the rows of
// members who chose to share. It is pure (ids, numbers and dates only) and
// holds the privacy rule in one place: no figure is drawn from fewer
// members than the team's floor, and none that shared rows would let a
// reader subtract down to fewer than the floor who did not share.
package team

import (
	"sort"
	"time"

	"cpopath/app/assess"
	"cpopath/app/content"
)

// Floor limits: a team's floor defaults to 5 and may never go below 3.
const (
	DefaultFloor = 5
	MinFloor     = 3
	MaxFloor     = 50
)

// Roles in a team. Only members are counted in aggregates.
const (
	RoleOrganiser   = "organiser"
	RoleCoOrganiser = "co_organiser"
	RoleMember      = "member"
)

// Member is what the store holds about one member, for aggregation.
type Member struct {
	UserID  int64
	Name    string
	Sharing bool
	Skills  []Dated     // completed skills results, oldest first
	Steps   []DatedStep // completed career-path placements, oldest first
	Mentor  bool        // has an active mentor now
	Plan    *Plan       // latest plan version, nil without one
}

// Dated is a completed skills result: when, its public id (for the link a
// sharing member's row carries) and its scores.
type Dated struct {
	At       time.Time
	PublicID string
	Scores   *Scores
}

// Scores are the numbers of a skills result a team view uses: per skill
// its score and level, per sub-area its score. Results are snapshots, so
// the store keeps these once read, and a view does not decode every
// member's result again.
type Scores struct {
	Skills []Score
	Subs   []Score
}

// Score is one skill's or sub-area's score (0–100), with the skill's level.
type Score struct {
	ID    string
	Level string
	Score int
}

// ScoresOf takes the scores of a skills result, with ids and levels
// interned from c (so many cached scores share their strings).
func ScoresOf(c *content.Content, r assess.Result) *Scores {
	s := &Scores{}
	for _, sec := range r.Sections {
		sk := c.Skill(sec.ID)
		if sk == nil {
			continue
		}
		lv := c.Level(sec.Level)
		if lv == nil {
			lv = c.LevelFor(sec.Score)
		}
		s.Skills = append(s.Skills, Score{ID: sk.ID, Level: lv.ID, Score: sec.Score})
		for _, sub := range sec.SubAreas {
			if sa := c.SubArea(sub.ID); sa != nil {
				s.Subs = append(s.Subs, Score{ID: sa.ID, Score: sub.Score})
			}
		}
	}
	return s
}

// Skill returns the score of skill id.
func (s *Scores) Skill(id string) (Score, bool) {
	for _, x := range s.Skills {
		if x.ID == id {
			return x, true
		}
	}
	return Score{}, false
}

// Sub returns the score of sub-area id.
func (s *Scores) Sub(id string) (int, bool) {
	for _, x := range s.Subs {
		if x.ID == id {
			return x.Score, true
		}
	}
	return 0, false
}

// DatedStep is the path step a completed career-path result placed a
// member at.
type DatedStep struct {
	At   time.Time
	Step string
}

// Plan is a member's latest plan: its progress and focus areas.
type Plan struct {
	Version int
	Done    int
	Total   int
	Focus   []string // sub-area ids the plan works on
}

// Gate is whether a figure drawn from a population may be shown, and if
// not, how many more results it needs.
type Gate struct {
	N    int  // members in the population
	Open bool // the figure may be shown
	More int  // results still needed when closed
}

// gate applies the floor to a population of n members of whom unshared
// did not share. Shared rows are shown individually, so a reader could
// subtract them from an aggregate: the members who did not share must
// either be none or be at least the floor themselves.
func gate(n, unshared, floor int) Gate {
	switch {
	case n < floor:
		return Gate{N: n, More: floor - n}
	case unshared > 0 && unshared < floor:
		return Gate{N: n, More: floor - unshared}
	}
	return Gate{N: n, Open: true}
}

// Cell is one sub-area's team figures: the median and the quartiles of
// its members' scores (0–100).
type Cell struct {
	SubArea string
	Skill   string
	N       int
	Median  float64
	Q1, Q3  float64
	Open    bool
}

// LevelCount is how many members stand at a level in a skill.
type LevelCount struct {
	Level string
	Count int
}

// SkillLevels is the level distribution of one skill.
type SkillLevels struct {
	Skill  string
	Median float64
	Counts []LevelCount
}

// StepCount is how many members the career path placed at a step.
type StepCount struct {
	Step  string
	Count int
}

// FocusCount is how many members' plans work on a sub-area.
type FocusCount struct {
	SubArea string
	Count   int
}

// Progress is the team's plan progress.
type Progress struct {
	Gate
	DonePercent int
	Done, Total int
	Focus       []FocusCount // most common first, at most three
}

// Investment is a sub-area the team should work on together, with the
// team actions for it.
type Investment struct {
	Cell    Cell
	Actions []string // team action ids
}

// Row is a member who shares, as the organisers see them.
type Row struct {
	UserID   int64
	Name     string
	PublicID string // their latest skills result, "" without one
	Scores   map[string]int
	Level    string // the level of the mean of their five skill scores
	Step     string
	Plan     *Plan
}

// View is the team at one moment.
type View struct {
	At      time.Time
	Members int
	Skills  Gate // members with a completed skills result
	Paths   Gate // members with a completed career-path result
	Mentors int  // members with an active mentor (only with Skills.Open)
	Plans   Progress
	Heat    []Cell
	Levels  []SkillLevels
	Steps   []StepCount
	Invest  []Investment
	Shared  []Row
}

// latestSkills returns m's latest skills result at or before at.
func latestSkills(m *Member, at time.Time) *Dated {
	for i := len(m.Skills) - 1; i >= 0; i-- {
		if !m.Skills[i].At.After(at) {
			return &m.Skills[i]
		}
	}
	return nil
}

func latestStep(m *Member, at time.Time) string {
	for i := len(m.Steps) - 1; i >= 0; i-- {
		if !m.Steps[i].At.After(at) {
			return m.Steps[i].Step
		}
	}
	return ""
}

// Build draws the view of members as of at. Mentors and plans are only
// known as they are now, so they are filled in for the present only
// (present true).
func Build(c *content.Content, members []Member, at time.Time, floor int, present bool) View {
	if floor < MinFloor {
		floor = MinFloor
	}
	v := View{At: at, Members: len(members)}
	results := make([]*Scores, len(members))
	var n, unshared, pn, punshared int
	steps := map[string]int{}
	for i := range members {
		m := &members[i]
		if d := latestSkills(m, at); d != nil && d.Scores != nil {
			results[i] = d.Scores
			n++
			if !m.Sharing {
				unshared++
			}
		}
		if st := latestStep(m, at); st != "" {
			steps[st]++
			pn++
			if !m.Sharing {
				punshared++
			}
		}
	}
	v.Skills = gate(n, unshared, floor)
	v.Paths = gate(pn, punshared, floor)
	if v.Skills.Open {
		v.Heat, v.Levels = heat(c, members, results, floor)
		v.Invest = invest(c, v.Heat)
	}
	if v.Paths.Open && v.Skills.Open {
		for _, s := range c.Steps {
			v.Steps = append(v.Steps, StepCount{Step: s.ID, Count: steps[s.ID]})
		}
	}
	if present {
		v.Plans = progress(members, floor)
		if v.Skills.Open {
			for i := range members {
				if members[i].Mentor {
					v.Mentors++
				}
			}
		} else {
			v.Plans.Open = false
		}
		v.Shared = shared(c, members, results, at)
	}
	return v
}

// heat computes every sub-area's cell and every skill's level
// distribution from the results present.
func heat(c *content.Content, members []Member, results []*Scores, floor int) ([]Cell, []SkillLevels) {
	var cells []Cell
	var levels []SkillLevels
	for _, sk := range c.Skills {
		lv := SkillLevels{Skill: sk.ID}
		counts := map[string]int{}
		var skillScores []float64
		for _, r := range results {
			if r == nil {
				continue
			}
			if s, ok := r.Skill(sk.ID); ok {
				counts[s.Level]++
				skillScores = append(skillScores, float64(s.Score))
			}
		}
		lv.Median = Quantile(skillScores, 0.5)
		for _, l := range c.Levels {
			lv.Counts = append(lv.Counts, LevelCount{Level: l.ID, Count: counts[l.ID]})
		}
		levels = append(levels, lv)
		for _, sa := range sk.SubAreas {
			var xs []float64
			unshared := 0
			for i, r := range results {
				if r == nil {
					continue
				}
				if v, ok := r.Sub(sa.ID); ok {
					xs = append(xs, float64(v))
					if !members[i].Sharing {
						unshared++
					}
				}
			}
			cell := Cell{SubArea: sa.ID, Skill: sk.ID, N: len(xs), Open: gate(len(xs), unshared, floor).Open}
			if cell.Open {
				cell.Median, cell.Q1, cell.Q3 = Quantile(xs, 0.5), Quantile(xs, 0.25), Quantile(xs, 0.75)
			}
			cells = append(cells, cell)
		}
	}
	return cells, levels
}

// Quantile returns the q-quantile of xs by linear interpolation between
// closest ranks (the method spreadsheets call QUARTILE.INC); 0 for none.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	lo := int(pos)
	if lo+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

// progress sums the latest plans of the members who have one.
func progress(members []Member, floor int) Progress {
	var p Progress
	n, unshared := 0, 0
	focus := map[string]int{}
	for i := range members {
		pl := members[i].Plan
		if pl == nil {
			continue
		}
		n++
		if !members[i].Sharing {
			unshared++
		}
		p.Done += pl.Done
		p.Total += pl.Total
		seen := map[string]bool{}
		for _, f := range pl.Focus {
			if !seen[f] {
				seen[f] = true
				focus[f]++
			}
		}
	}
	p.Gate = gate(n, unshared, floor)
	if !p.Open {
		return Progress{Gate: p.Gate}
	}
	if p.Total > 0 {
		p.DonePercent = (p.Done*100 + p.Total/2) / p.Total
	}
	for id, k := range focus {
		p.Focus = append(p.Focus, FocusCount{SubArea: id, Count: k})
	}
	sort.Slice(p.Focus, func(i, j int) bool {
		if p.Focus[i].Count != p.Focus[j].Count {
			return p.Focus[i].Count > p.Focus[j].Count
		}
		return p.Focus[i].SubArea < p.Focus[j].SubArea
	})
	if len(p.Focus) > 3 {
		p.Focus = p.Focus[:3]
	}
	return p
}

// InvestCount is how many sub-areas "where to invest" names.
const InvestCount = 3

// invest picks the open sub-areas with the lowest team median, each with
// the team actions written for it (or, failing that, for its skill).
func invest(c *content.Content, cells []Cell) []Investment {
	open := make([]Cell, 0, len(cells))
	for _, cell := range cells {
		if cell.Open {
			open = append(open, cell)
		}
	}
	// Stable: equal medians keep the content's order.
	sort.SliceStable(open, func(i, j int) bool { return open[i].Median < open[j].Median })
	if len(open) > InvestCount {
		open = open[:InvestCount]
	}
	out := make([]Investment, 0, len(open))
	for _, cell := range open {
		out = append(out, Investment{Cell: cell, Actions: c.TeamActionsFor(cell.Skill, cell.SubArea)})
	}
	return out
}

// shared builds the rows of the members who share, by name.
func shared(c *content.Content, members []Member, results []*Scores, at time.Time) []Row {
	var rows []Row
	for i := range members {
		m := &members[i]
		if !m.Sharing {
			continue
		}
		row := Row{UserID: m.UserID, Name: m.Name, Step: latestStep(m, at), Plan: m.Plan}
		if r := results[i]; r != nil {
			row.PublicID = latestSkills(m, at).PublicID
			row.Scores = map[string]int{}
			sum := 0
			for _, s := range r.Skills {
				row.Scores[s.ID] = s.Score
				sum += s.Score
			}
			if len(r.Skills) > 0 {
				row.Level = c.LevelFor((sum + len(r.Skills)/2) / len(r.Skills)).ID
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	return rows
}

// Cell returns the view's cell of sub-area id, or nil.
func (v *View) Cell(id string) *Cell {
	for i := range v.Heat {
		if v.Heat[i].SubArea == id {
			return &v.Heat[i]
		}
	}
	return nil
}

// Periods are the earlier moments a team view can be compared with, in
// months before now.
var Periods = []int{3, 6, 12}

// ValidPeriod reports whether months is one of Periods.
func ValidPeriod(months int) bool {
	for _, p := range Periods {
		if p == months {
			return true
		}
	}
	return false
}
