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
	Assessment string         `json:"assessment"`
	Sections   []SectionScore `json:"sections"`
	// Strongest and Priorities name the two highest- and lowest-scoring
	// sections (skills in the skills assessment).
	Strongest  []string   `json:"strongest,omitempty"`
	Priorities []string   `json:"priorities,omitempty"`
	Placement  *Placement `json:"placement,omitempty"`
}

// SectionScore is the score of one section (a skill in the skills
// assessment), with its sub-areas and the answers that pulled it down.
type SectionScore struct {
	ID       string      `json:"id"`
	Score    int         `json:"score"`
	Level    string      `json:"level,omitempty"`
	SubAreas []SubScore  `json:"subareas,omitempty"`
	Low      []ItemScore `json:"low,omitempty"`
}

// SubScore is the score of one sub-area.
type SubScore struct {
	ID    string `json:"id"`
	Score int    `json:"score"`
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
	res := Result{Assessment: a.ID}
	for _, sec := range a.Sections {
		ss := SectionScore{ID: sec.ID}
		var sum, weights float64
		subSum, subW := map[string]float64{}, map[string]float64{}
		var subOrder []string
		for _, it := range sec.Items {
			if it.SubArea != "" && subW[it.SubArea] == 0 && !containsStr(subOrder, it.SubArea) {
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
			sum += n * it.Weight
			weights += it.Weight
			if it.SubArea != "" {
				subSum[it.SubArea] += n * it.Weight
				subW[it.SubArea] += it.Weight
			}
			if pct := percent(n, 1); pct < lowLimit {
				ss.Low = append(ss.Low, ItemScore{Item: it.ID, Value: v, Score: pct})
			}
		}
		ss.Score = percent(sum, weights)
		for _, id := range subOrder {
			if subW[id] > 0 {
				ss.SubAreas = append(ss.SubAreas, SubScore{ID: id, Score: percent(subSum[id], subW[id])})
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
		res.Sections = append(res.Sections, ss)
	}
	if len(a.Placement) == 0 {
		res.Strongest, res.Priorities = extremes(res.Sections, 2)
	} else {
		res.Placement = a.place(res.Sections, answers)
	}
	return res
}

func (a *Assessment) place(sections []SectionScore, answers map[string]string) *Placement {
	scores := map[string]int{}
	for _, s := range sections {
		scores[s.ID] = s.Score
	}
	p := &Placement{}
	for i, r := range a.Placement {
		if r.When == nil || r.When.Holds(scores) {
			p.Step, p.Rule = r.Step, i
			if r.When != nil {
				p.Section, p.Score = r.When.Section, scores[r.When.Section]
			}
			break
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

// extremes returns the ids of the n highest and n lowest sections. Ties go
// to the earlier section for strengths and the later one for priorities, so
// that one section is never both when there are at least 2n sections.
func extremes(s []SectionScore, n int) (top, bottom []string) {
	if len(s) < 2*n {
		n = len(s) / 2
	}
	idx := make([]int, len(s))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return s[idx[i]].Score > s[idx[j]].Score })
	for _, i := range idx[:n] {
		top = append(top, s[i].ID)
	}
	for k := len(idx) - 1; k >= len(idx)-n; k-- {
		bottom = append(bottom, s[idx[k]].ID)
	}
	return top, bottom
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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
