package assess

import (
	"math"
	"sort"

	"cpopath/app/content"
)

// Result is a scored attempt. It is stored as a snapshot when an attempt is
// completed, so it holds ids and numbers only; texts come from content at
// render time in the reader's language.
type Result struct {
	Assessment string `json:"assessment"`
	// Version is the assessment's version when this result was scored; 0
	// for results scored before versions existed.
	Version  int            `json:"version,omitempty"`
	Sections []SectionScore `json:"sections"`
	// Strongest and Priorities name at most two sections each that stand
	// clearly apart (Reporting.Margin); either may be empty when nothing
	// does.
	Strongest  []string       `json:"strongest,omitempty"`
	Priorities []string       `json:"priorities,omitempty"`
	Placement  *Placement     `json:"placement,omitempty"`
	Quality    *QualityResult `json:"quality,omitempty"`
}

// QualityResult names the response patterns that make a result likely to
// overstate (or say less than it seems), each a flag id.
type QualityResult struct {
	Flags []string `json:"flags"`
	// Sections names, per flag, the sections it was found in (a skill for
	// self_scenario_gap, a page for straight_lining).
	Sections map[string][]string `json:"sections,omitempty"`
}

// Flag ids.
const (
	FlagAcquiescence    = "acquiescence"
	FlagStraightLining  = "straight_lining"
	FlagSelfScenarioGap = "self_scenario_gap"
)

// Flagged reports whether r carries any response-quality flag.
func (r *Result) Flagged() bool { return r.Quality != nil && len(r.Quality.Flags) > 0 }

// SectionScore is the score of one section (a skill in the skills
// assessment), with its sub-areas and the answers that pulled it down.
type SectionScore struct {
	ID       string      `json:"id"`
	Score    int         `json:"score"`
	Level    string      `json:"level,omitempty"`
	SubAreas []SubScore  `json:"subareas,omitempty"`
	Low      []ItemScore `json:"low,omitempty"`
	// Items is how many answers the score rests on; BandLow..BandHigh the
	// range the score could plausibly take given their spread.
	Items    int `json:"items,omitempty"`
	BandLow  int `json:"band_low,omitempty"`
	BandHigh int `json:"band_high,omitempty"`
}

// SubScore is the score of one sub-area.
type SubScore struct {
	ID    string `json:"id"`
	Score int    `json:"score"`
	// Items is how many answers the score rests on; Indicative marks one
	// resting on too few to say much (Reporting.IndicativeMaxItems).
	Items      int  `json:"items,omitempty"`
	Indicative bool `json:"indicative,omitempty"`
}

// ItemScore is one answer and how much it contributed (0..100).
type ItemScore struct {
	Item  string `json:"item"`
	Value string `json:"value"`
	Score int    `json:"score"`
}

// Placement is where the career-path rules put the person, and why.
type Placement struct {
	Step    string `json:"step"`
	Rule    int    `json:"rule"`
	Section string `json:"section,omitempty"`
	Score   int    `json:"score"`
	Role    string `json:"role,omitempty"`
	// Steps reports every step on its own, in path order.
	Steps []StepStatus `json:"steps,omitempty"`
}

// Step statuses.
const (
	StepMet    = "met"
	StepPartly = "partly"
	StepNotYet = "not_yet"
)

// StepStatus is one path step's status and the answers that decided it.
type StepStatus struct {
	Step    string      `json:"step"`
	Status  string      `json:"status"`
	Answers []ItemScore `json:"answers,omitempty"`
}

// lowLimit is the contribution below which an answer counts as one that
// pulled its section down; lowMax caps how many are listed per section.
const (
	lowLimit = 60
	lowMax   = 4
)

// Missing returns the ids of required items without an answer, in order.
func (a *Assessment) Missing(answers map[string]string) []string {
	var out []string
	for i := range a.Items {
		it := &a.Items[i]
		if !it.Optional && answers[it.ID] == "" {
			out = append(out, it.ID)
		}
	}
	return out
}

// Score computes the result of answers. Invalid or missing answers are left
// out (the caller checks completeness with Missing first); an item of
// weight 0 is recorded but not scored.
func (a *Assessment) Score(answers map[string]string, c *content.Content) Result {
	res := Result{Assessment: a.ID, Version: a.Version}
	for _, sec := range a.Sections {
		res.Sections = append(res.Sections, a.scoreSection(sec, answers, c))
	}
	if len(a.Placement) == 0 {
		res.Strongest, res.Priorities = a.standouts(res.Sections, c)
		res.Quality = a.quality(answers)
	} else {
		res.Placement = a.place(answers)
	}
	return res
}

// tally sums weighted item scores, and keeps them for the spread.
type tally struct {
	sum, weights float64
	items        []float64
}

func (t *tally) add(n, w float64) {
	t.sum += n * w
	t.weights += w
	t.items = append(t.items, n)
}

func (a *Assessment) scoreSection(sec Section, answers map[string]string, c *content.Content) SectionScore {
	ss := SectionScore{ID: sec.ID}
	var all tally
	subs := map[string]*tally{}
	var subOrder []string
	for _, it := range sec.Items {
		if it.SubArea != "" && subs[it.SubArea] == nil {
			subs[it.SubArea] = &tally{}
			subOrder = append(subOrder, it.SubArea)
		}
		v := answers[it.ID]
		if v == "" || it.Weight == 0 {
			continue
		}
		n, ok := it.Normalised(v, a)
		if !ok {
			continue
		}
		all.add(n, it.Weight)
		if it.SubArea != "" {
			subs[it.SubArea].add(n, it.Weight)
		}
		if pct := percent(n, 1); pct < lowLimit {
			ss.Low = append(ss.Low, ItemScore{Item: it.ID, Value: v, Score: pct})
		}
	}
	ss.Score = percent(all.sum, all.weights)
	ss.Items = len(all.items)
	if ss.Items > 0 {
		ss.BandLow, ss.BandHigh = a.band(ss.Score, all.items)
	}
	for _, id := range subOrder {
		if t := subs[id]; t.weights > 0 {
			ss.SubAreas = append(ss.SubAreas, SubScore{ID: id, Score: percent(t.sum, t.weights),
				Items: len(t.items), Indicative: len(t.items) <= a.Reporting.IndicativeMaxItems})
		}
	}
	// Lowest first; the stable sort keeps the questionnaire's order
	// between equals, so the explanation reads like the assessment.
	sort.SliceStable(ss.Low, func(i, j int) bool { return ss.Low[i].Score < ss.Low[j].Score })
	if len(ss.Low) > lowMax {
		ss.Low = ss.Low[:lowMax]
	}
	if sec.Skill != "" && c != nil {
		ss.Level = c.LevelFor(ss.Score).ID
	}
	return ss
}

// band is the range around score: BandZ standard errors of the item scores
// (their sample spread over the square root of their number), at least
// BandMin points either way, within 0..100. Few or scattered answers give a
// wide band.
func (a *Assessment) band(score int, items []float64) (lo, hi int) {
	half := float64(a.Reporting.BandMin)
	if k := len(items); k > 1 {
		var mean float64
		for _, x := range items {
			mean += x
		}
		mean /= float64(k)
		var ss float64
		for _, x := range items {
			ss += (x - mean) * (x - mean)
		}
		se := math.Sqrt(ss/float64(k-1)) / math.Sqrt(float64(k))
		half = math.Max(half, a.Reporting.BandZ*se*100)
	} else {
		// One answer says nothing about its own spread: the widest band.
		half = math.Max(half, 50)
	}
	h := int(math.Round(half))
	return max(0, score-h), min(100, score+h)
}

// place reports every path step on its own and places the person at the
// first step not met (the last rule when every step is met).
func (a *Assessment) place(answers map[string]string) *Placement {
	p := &Placement{Rule: -1}
	for i, r := range a.Placement {
		if len(r.Met) == 0 {
			if p.Rule < 0 {
				p.Step, p.Rule = r.Step, i
			}
			continue
		}
		st := StepStatus{Step: r.Step, Status: StepNotYet}
		met, partly := true, false
		seen := map[string]bool{}
		note := func(c Condition) {
			if !seen[c.Item] {
				seen[c.Item] = true
				v := answers[c.Item]
				n, _ := a.itemByID[c.Item].Normalised(v, a)
				st.Answers = append(st.Answers, ItemScore{Item: c.Item, Value: v, Score: percent(n, 1)})
			}
		}
		for _, g := range r.Met {
			ok := false
			for _, c := range g {
				note(c)
				if c.holds(a, answers) {
					ok, partly = true, true
				}
			}
			met = met && ok
		}
		for _, c := range r.Partly {
			note(c)
			if c.holds(a, answers) {
				partly = true
			}
		}
		switch {
		case met:
			st.Status = StepMet
		case partly:
			st.Status = StepPartly
		}
		p.Steps = append(p.Steps, st)
		if !met && p.Rule < 0 {
			p.Step, p.Rule = r.Step, i
		}
	}
	for i := range a.Items {
		it := &a.Items[i]
		if o := it.Option(answers[it.ID]); o != nil && o.Role != "" {
			p.Role = o.Role
		}
	}
	return p
}

// standouts returns at most two sections that stand clearly above the
// others (strengths) and two clearly below (priorities). A section stands
// apart when it is Reporting.Margin points or more from the mean of the
// other sections; a strength is at least at StrengthMinLevel, a priority is
// never at the top level.
func (a *Assessment) standouts(s []SectionScore, c *content.Content) (top, bottom []string) {
	const n = 2
	if len(s) < 2 || c == nil || len(c.Levels) == 0 {
		return nil, nil
	}
	total := 0
	for _, x := range s {
		total += x.Score
	}
	minRank := 0
	if l := c.Level(a.Reporting.StrengthMinLevel); l != nil {
		minRank = levelRank(c, l.ID)
	}
	topLevel := c.Levels[len(c.Levels)-1].ID
	margin := float64(a.Reporting.Margin)
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	// Highest first; ties keep the questionnaire's order.
	sort.SliceStable(idx, func(i, j int) bool { return s[idx[i]].Score > s[idx[j]].Score })
	others := func(x SectionScore) float64 { return float64(total-x.Score) / float64(len(s)-1) }
	for _, i := range idx {
		x := s[i]
		if len(top) < n && float64(x.Score)-others(x) >= margin && levelRank(c, c.LevelFor(x.Score).ID) >= minRank {
			top = append(top, x.ID)
		}
	}
	for k := len(idx) - 1; k >= 0; k-- {
		x := s[idx[k]]
		if len(bottom) < n && others(x)-float64(x.Score) >= margin && c.LevelFor(x.Score).ID != topLevel {
			bottom = append(bottom, x.ID)
		}
	}
	return top, bottom
}

func levelRank(c *content.Content, id string) int {
	for i, l := range c.Levels {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// Section returns the score of section id, or nil.
func (r *Result) Section(id string) *SectionScore {
	for i := range r.Sections {
		if r.Sections[i].ID == id {
			return &r.Sections[i]
		}
	}
	return nil
}

// SubScore returns the score of sub-area id anywhere in the result.
func (r *Result) SubScore(id string) (int, bool) {
	for _, s := range r.Sections {
		for _, sa := range s.SubAreas {
			if sa.ID == id {
				return sa.Score, true
			}
		}
	}
	return 0, false
}

func percent(sum, weights float64) int {
	if weights == 0 {
		return 0
	}
	return int(math.Round(100 * sum / weights))
}
