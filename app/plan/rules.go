package plan

import (
	"sort"

	"cpopath/app/content"
)

// Focus is one of the few sub-areas a plan works on first, and why it was
// chosen: a priority of the results, a blind spot, a skill the target role
// relies on.
type Focus struct {
	SubArea    string `json:"subarea"`
	Skill      string `json:"skill"`
	Self       int    `json:"self"`
	Mentor     int    `json:"mentor,omitempty"` // 1–5; 0 when not rated
	Score      int    `json:"score"`            // the lower of self and mentor, 0–100
	Priority   bool   `json:"priority,omitempty"`
	BlindSpot  bool   `json:"blind_spot,omitempty"`
	TargetRole bool   `json:"target_role,omitempty"`
}

// TopScore is the lowest score of the top level: a sub-area scored this
// high gets no rule-chosen action in the first 90 days.
func TopScore(c *content.Content) int { return c.Levels[len(c.Levels)-1].Min }

// chooseFocus picks at most maxFocus sub-areas by need from those the
// results name as priorities, the blind spots and the sub-areas of the
// skills the target role relies on; never one already at the top level.
// At most maxFocusPerSkill come from one skill, so the focus is not one
// skill only when another needs work too.
func chooseFocus(c *content.Content, in Input, needs []Need, roleSk []string, suitable map[string]bool) []Focus {
	top := TopScore(c)
	perSkill := map[string]int{}
	var out []Focus
	for _, n := range needs { // neediest first
		if len(out) >= maxFocus {
			break
		}
		f := Focus{
			SubArea: n.SubArea, Skill: n.Skill, Self: n.Self, Mentor: n.Mentor, Score: n.Effective,
			Priority:   contains(in.Skills.Priorities, n.Skill),
			BlindSpot:  n.BlindSpot,
			TargetRole: contains(roleSk, n.Skill),
		}
		if n.Effective >= top || !(f.Priority || f.BlindSpot || f.TargetRole) || perSkill[n.Skill] >= maxFocusPerSkill || !suitable[n.SubArea] {
			continue
		}
		perSkill[n.Skill]++
		out = append(out, f)
	}
	return out
}

// suitableEarly names the sub-areas with an action that suits the person
// and can be done within 90 days: only those can be a focus area, as each
// must be worked on in the first 90 days.
func suitableEarly(c *content.Content, in Input, p *Plan) map[string]bool {
	ch := newChooser(c, p)
	for id, st := range in.Previous {
		ch.used[id] = st == StatusDone
	}
	out := map[string]bool{}
	for _, cd := range ch.candidates(in) {
		if cd.a.Weeks*7 <= 90 {
			out[cd.a.SubArea] = true
		}
	}
	return out
}

// IsFocus reports whether sub-area id is one of the plan's focus areas.
func (p *Plan) IsFocus(id string) bool {
	for _, f := range p.Focus {
		if f.SubArea == id {
			return true
		}
	}
	return false
}

type candidate struct {
	a       *content.Action
	index   int // position in content, the last tie-break
	need    Need
	stretch bool
	dist    int // how far the action's step lies from the person's
}

// chooser holds the state of one run of the selection rules.
type chooser struct {
	c      *content.Content
	p      *Plan
	needBy map[string]Need
	level  map[string]string
	out    []Action
	used   map[string]bool
	load   []int // actions per milestone
	hours  []int // effort due by each milestone
	subAt  []map[string]bool
	skill  []map[string]int
	active int
	// from is the day, counted from the plan's start, that the rules place
	// actions on: 0 when building, today when replacing a finished action.
	from int
	// perWeek is the person's hours per week.
	perWeek int
	// refill is set when replacing a finished action: then only an empty
	// plan takes an action above the budget, as the person has other work.
	refill bool
	open   int // actions taken into the loads
}

func newChooser(c *content.Content, p *Plan) *chooser {
	ch := &chooser{c: c, p: p, needBy: map[string]Need{}, level: map[string]string{}, used: map[string]bool{}, perWeek: p.HoursPerWeek}
	if ch.perWeek < MinHoursPerWeek || ch.perWeek > MaxHoursPerWeek {
		ch.perWeek = DefaultHoursPerWeek // a Rules 1 plan has none
	}
	for _, n := range p.Needs {
		ch.needBy[n.SubArea] = n
	}
	for _, s := range p.Skills {
		ch.level[s.ID] = s.Level
	}
	n := len(p.Milestones)
	ch.load, ch.hours = make([]int, n), make([]int, n)
	ch.subAt, ch.skill = make([]map[string]bool, n), make([]map[string]int, n)
	for i := range p.Milestones {
		ch.subAt[i], ch.skill[i] = map[string]bool{}, map[string]int{}
	}
	return ch
}

// budget is the effort the person can give from day ch.from up to
// milestone mi.
func (ch *chooser) budget(mi int) int {
	return ((ch.p.Milestones[mi].Days-ch.from)*ch.perWeek + 6) / 7
}

// fits reports whether a can be placed at milestone mi: it can be done by
// then, the milestone has room, and the effort due by then (this
// milestone's and every earlier one's) stays within the person's hours. An
// empty milestone takes one action even above the budget, so a person with
// little time still has something to do.
func (ch *chooser) fits(a *content.Action, mi int) bool {
	ms := ch.p.Milestones[mi]
	if a.Weeks*7 > ms.Days-ch.from || ch.used[a.ID] || ch.subAt[mi][a.SubArea] {
		return false
	}
	limit := maxPerMilestone
	if ms.Quarterly() {
		limit = maxPerQuarter
	} else if ch.active >= MaxActive {
		return false
	}
	if ch.load[mi] >= limit || ch.skill[mi][a.Skill] >= maxPerSkill {
		return false
	}
	if ch.load[mi] == 0 && (!ch.refill || ch.open == 0) {
		return true
	}
	for i := mi; i < len(ch.hours); i++ {
		if ch.hours[i]+a.EffortHours > ch.budget(i) {
			return false
		}
	}
	return true
}

func (ch *chooser) place(a *content.Action, mi int, reasons []Reason) {
	p := ch.p
	ch.out = append(ch.out, scheduled(p, Action{
		ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step,
		Priority: ch.needBy[a.SubArea].Need, Reasons: reasons, Origin: OriginRules,
	}, a.Weeks, mi))
	ch.used[a.ID] = true
	ch.count(a.Skill, a.SubArea, a.EffortHours, mi)
}

// count takes an action of skill and sub-area, effort hours, due at
// milestone mi into the loads the caps are checked against.
func (ch *chooser) count(skill, sub string, effort, mi int) {
	ch.load[mi]++
	ch.open++
	for i := mi; i < len(ch.hours); i++ {
		ch.hours[i] += effort
	}
	ch.subAt[mi][sub] = true
	ch.skill[mi][skill]++
	if !ch.p.Milestones[mi].Quarterly() {
		ch.active++
	}
}

// scheduled sets a's milestone, start and due date for an action of weeks
// weeks due at milestone mi.
func scheduled(p *Plan, a Action, weeks, mi int) Action {
	ms := p.Milestones[mi]
	periodStart := p.Start
	if mi > 0 {
		periodStart = p.Milestones[mi-1].Due
	}
	st := ms.Due.AddDate(0, 0, -7*weeks)
	if st.After(periodStart) {
		st = periodStart
	}
	if st.Before(p.Start) {
		st = p.Start
	}
	a.Milestone, a.Start, a.Due, a.Backlog = mi, st, ms.Due, false
	return a
}

// chooseActions applies the selection rules:
//
//  1. Done actions of the previous version are kept as done and never
//     chosen again; started ones stay, due at the first milestone they fit.
//  2. An action suits the person when it fits their level in its skill
//     (or starts one level above: a stretch) and its path step is at most
//     one step beyond theirs: later steps assume a team, budget or pilot
//     they do not have yet. A "find a mentor" action does not suit someone
//     with a mentor. The step decides what suits, never what comes first:
//     suitable actions rank by the need of their sub-area alone.
//  3. Each focus area gets an action due within the first 90 days.
//  4. The 30, 60 and 90 day milestones fill by need, at most
//     maxPerMilestone each and MaxActive together, never with a sub-area at
//     the top level; the quarters after them take maxPerQuarter each.
//     Effort due by a milestone stays within the person's hours per week.
//  5. The next backlogSize suitable actions wait in the backlog.
//
// Actions the person's edits name are left to the edits (replay).
func chooseActions(c *content.Content, in Input, p *Plan) []Action {
	ch := newChooser(c, p)
	touched := editedIDs(in.Edits)
	ch.keepPrevious(in, touched)
	for id := range touched {
		ch.used[id] = true
	}
	cands := ch.candidates(in)
	ch.placeFocus(cands)
	ch.fill(cands, TopScore(c))
	ch.fillBacklog(cands)
	return ch.out
}

// keepPrevious applies rule 1: done actions stay as done, started ones are
// due at the first milestone they fit, unless an edit names them.
func (ch *chooser) keepPrevious(in Input, touched map[string]bool) {
	c, p := ch.c, ch.p
	for _, a := range c.Actions {
		if in.Previous[a.ID] == StatusDone {
			ch.out = append(ch.out, Action{
				ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step,
				Milestone: -1, Carried: true, Origin: OriginRules,
				Reasons: []Reason{{Kind: ReasonDoneBefore}},
			})
			ch.used[a.ID] = true
		}
	}
	for i := range c.Actions {
		a := &c.Actions[i]
		if in.Previous[a.ID] != StatusDoing || ch.used[a.ID] || touched[a.ID] {
			continue
		}
		for mi := range p.Milestones {
			if a.Weeks*7 <= p.Milestones[mi].Days && ch.load[mi] < maxPerMilestone {
				ch.place(a, mi, []Reason{{Kind: ReasonInProgress}, needReason(ch.needBy[a.SubArea])})
				break
			}
		}
	}
}

// early is the number of milestones within the first 90 days.
func (p *Plan) early() int {
	n := 0
	for n < len(p.Milestones) && !p.Milestones[n].Quarterly() {
		n++
	}
	return n
}

// placeFocus applies rule 3: one action per focus area, at the earliest
// milestone it fits.
func (ch *chooser) placeFocus(cands []candidate) {
	early := ch.p.early()
	for _, f := range ch.p.Focus {
		if ch.hasSubArea(f.SubArea, early) {
			continue
		}
	focus:
		for mi := 0; mi < early; mi++ {
			for _, cd := range cands {
				if cd.a.SubArea == f.SubArea && ch.fits(cd.a, mi) {
					ch.place(cd.a, mi, ch.reasons(cd))
					break focus
				}
			}
		}
	}
}

// fill applies rule 4: every milestone fills by need, the first 90 days
// never with a sub-area at the top level (top and above).
func (ch *chooser) fill(cands []candidate, top int) {
	for mi, ms := range ch.p.Milestones {
		for _, cd := range cands {
			if !ms.Quarterly() && cd.need.Effective >= top {
				continue
			}
			if ch.fits(cd.a, mi) {
				ch.place(cd.a, mi, ch.reasons(cd))
			}
		}
	}
}

// fillBacklog applies rule 5: the next backlogSize suitable actions wait.
func (ch *chooser) fillBacklog(cands []candidate) {
	n := 0
	for _, cd := range cands {
		if n >= backlogSize {
			break
		}
		if ch.used[cd.a.ID] {
			continue
		}
		a := cd.a
		ch.out = append(ch.out, Action{
			ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step, Milestone: -1, Backlog: true,
			Priority: cd.need.Need, Reasons: ch.reasons(cd), Origin: OriginRules,
		})
		ch.used[a.ID] = true
		n++
	}
}

func (ch *chooser) hasSubArea(sub string, before int) bool {
	for _, a := range ch.out {
		if a.SubArea == sub && !a.Carried && a.Milestone >= 0 && a.Milestone < before {
			return true
		}
	}
	return false
}

// candidates lists the actions that suit the person, neediest first.
func (ch *chooser) candidates(in Input) []candidate {
	c, p := ch.c, ch.p
	cur := 0 // an unknown path counts as the first step
	if p.Path != nil {
		cur = c.Step(p.Path.Step).Rank
	}
	var cands []candidate
	for i := range c.Actions {
		a := &c.Actions[i]
		lv := ch.level[a.Skill]
		if ch.used[a.ID] || lv == "" || (a.Mentor == "seek" && in.HasMentor) {
			continue
		}
		cd := candidate{a: a, index: i, need: ch.needBy[a.SubArea]}
		switch {
		case c.InRange(lv, a.Levels):
		case stretchOf(c, lv, a.Levels):
			cd.stretch = true
		default:
			continue
		}
		st := c.Step(a.Step).Rank
		if st > cur+1 {
			continue
		}
		cd.dist = st - cur
		if cd.dist < 0 {
			cd.dist = -cd.dist
		}
		cands = append(cands, cd)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.need.Need != b.need.Need {
			return a.need.Need > b.need.Need
		}
		if a.stretch != b.stretch {
			return !a.stretch
		}
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		return a.index < b.index
	})
	return cands
}

// stretchOf reports whether r starts exactly one level above lv.
func stretchOf(c *content.Content, lv string, r content.LevelRange) bool {
	l, from := c.Level(lv), c.Level(r.From)
	return l != nil && from != nil && from.Rank == l.Rank+1
}

func needReason(n Need) Reason {
	switch {
	case n.BlindSpot:
		return Reason{Kind: ReasonBlindSpot, SubArea: n.SubArea, Score: n.Self, Mentor: RatingPercent(n.Mentor), Rating: n.Mentor}
	case n.Mentor > 0 && RatingPercent(n.Mentor) < n.Self:
		return Reason{Kind: ReasonMentorRating, SubArea: n.SubArea, Score: n.Self, Rating: n.Mentor}
	case n.Effective < LowScore:
		return Reason{Kind: ReasonLowSubArea, SubArea: n.SubArea, Score: n.Self}
	default:
		return Reason{Kind: ReasonRaiseSubArea, SubArea: n.SubArea, Score: n.Self}
	}
}

func (ch *chooser) reasons(cd candidate) []Reason {
	p, a := ch.p, cd.a
	var rs []Reason
	if p.IsFocus(a.SubArea) {
		rs = append(rs, Reason{Kind: ReasonFocus, SubArea: a.SubArea, Score: cd.need.Effective})
	}
	rs = append(rs, needReason(cd.need))
	if p.Path != nil {
		switch a.Step {
		case p.Path.Step:
			rs = append(rs, Reason{Kind: ReasonCurrentStep, Step: a.Step})
		case p.Path.Next:
			rs = append(rs, Reason{Kind: ReasonNextStep, Step: a.Step})
		default:
			rs = append(rs, Reason{Kind: ReasonOtherStep, Step: a.Step})
		}
	}
	level := ch.level[a.Skill]
	if cd.stretch {
		rs = append(rs, Reason{Kind: ReasonStretch, Skill: a.Skill, Level: level})
	} else {
		rs = append(rs, Reason{Kind: ReasonLevelFit, Skill: a.Skill, Level: level})
	}
	if contains(p.RoleSkills, a.Skill) {
		rs = append(rs, Reason{Kind: ReasonTargetRole, Skill: a.Skill, Role: p.Target.Role})
	}
	return rs
}
