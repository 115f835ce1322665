// Package plan builds a personalised development plan from a person's
// assessment results, their mentor's latest rating and their target, by
// deterministic rules: the same inputs always give the same plan. It is
// pure: it holds ids, numbers and dates only, and every chosen action and
// resource carries the reasons it was chosen as data, so that the web page
// and the PDF can say why in the reader's own language.
package plan

import (
	"sort"
	"time"

	"cpopath/app/assess"
	"cpopath/app/content"
)

// Rules is the version of the rules below. A stored plan keeps the version
// that built it, so a change of rules never rewrites history.
const Rules = 1

// TargetCPO is the target of becoming a Chief Partnership Officer itself.
// It is not one of the content roles (those are the roles CPOs come from),
// so it has an id of its own and weighs all five skills alike.
const TargetCPO = "cpo"

// Horizons are the plan lengths a person may choose, in months.
var Horizons = []int{6, 12, 18}

// Tuning of the rules. They are constants, not data, because they shape the
// algorithm rather than the content; the tests pin their effect.
const (
	// BlindSpotGap is how far (in points of 0–100) a mentor's view must fall
	// below the self-rating for a sub-area to count as a blind spot.
	BlindSpotGap = 25
	// blindSpotBonus raises the need of a blind spot above what the lower
	// of the two scores alone would give.
	blindSpotBonus = 15
	// roleBonus raises the need of sub-areas of the skills the target role
	// relies on.
	roleBonus = 5
	// stepBonus makes actions of the step a phase works on (the current
	// step in the first 90 days, the next step after them) come before
	// others when their needs are close.
	stepBonus = 20
	// LowScore is the sub-area score below which a need reads as a low
	// score; above it, an action raises a score that is already sound.
	LowScore = 55
	// minPerMilestone and maxPerMilestone bound the priority actions due at
	// one milestone.
	minPerMilestone = 3
	maxPerMilestone = 5
	// hoursPerWeek is the effort a person is assumed to give their plan; a
	// milestone takes a fourth and fifth action only within this budget.
	hoursPerWeek = 6
	// maxPerSkill caps the actions of one skill due at one milestone, so a
	// period is never about one skill only.
	maxPerSkill = 2
	// resourcesPerSkill and maxResources bound the reading list.
	resourcesPerSkill = 2
	maxResources      = 10
	// strengthScore and gapScore classify sub-areas in a skill's summary.
	strengthScore = 70
)

// Action statuses, as stored per plan action.
const (
	StatusTodo  = "todo"
	StatusDoing = "doing"
	StatusDone  = "done"
)

// Reason kinds. Each names a sentence the web and PDF layers translate,
// filled with the reason's numbers and ids.
const (
	ReasonLowSubArea   = "low_subarea"   // SubArea, Score
	ReasonRaiseSubArea = "raise_subarea" // SubArea, Score
	ReasonBlindSpot    = "blind_spot"    // SubArea, Score (self), Mentor (0–100)
	ReasonMentorRating = "mentor_rating" // SubArea, Rating (1–5)
	ReasonCurrentStep  = "current_step"  // Step
	ReasonNextStep     = "next_step"     // Step
	ReasonOtherStep    = "other_step"    // Step
	ReasonLevelFit     = "level_fit"     // Skill, Level
	ReasonStretch      = "stretch"       // Skill, Level (the person's level)
	ReasonTargetRole   = "target_role"   // Skill, Role
	ReasonInProgress   = "in_progress"   // (started in the previous version)
	ReasonDoneBefore   = "done_before"   // (done in an earlier version)
	ReasonResource     = "resource"      // Skill, Level
)

// Target is the role a person aims for and the horizon of their plan.
type Target struct {
	Role          string `json:"role"`
	HorizonMonths int    `json:"horizon_months"`
}

// ValidTarget reports whether t names a known target and horizon.
func ValidTarget(c *content.Content, t Target) bool {
	if !validHorizon(t.HorizonMonths) {
		return false
	}
	return t.Role == TargetCPO || (t.Role != "other" && c.Role(t.Role) != nil)
}

func validHorizon(m int) bool {
	for _, h := range Horizons {
		if h == m {
			return true
		}
	}
	return false
}

// TargetRoles returns the role ids a person may aim for, best first: the
// CPO role itself, the roles CPOs come from, then the roles before those.
func TargetRoles(c *content.Content) []string {
	out := []string{TargetCPO}
	for _, feeder := range []bool{true, false} {
		for _, r := range c.Roles {
			if r.CPOFeeder == feeder && r.ID != "other" {
				out = append(out, r.ID)
			}
		}
	}
	return out
}

// Mentor is a mentor's latest rating as plain numbers: 1–5 per sub-area
// and 0–100 per skill.
type Mentor struct {
	SubAreas map[string]int `json:"subareas"`
	Skills   map[string]int `json:"skills"`
}

// NewMentor turns a rating's sub-area scores (1–5) into a Mentor, deriving
// each rated skill's 0–100 score from the mean of its rated sub-areas.
// Scores out of range are dropped.
func NewMentor(c *content.Content, subScores map[string]int) *Mentor {
	m := &Mentor{SubAreas: map[string]int{}, Skills: map[string]int{}}
	for _, sk := range c.Skills {
		sum, n := 0, 0
		for _, sa := range sk.SubAreas {
			v, ok := subScores[sa.ID]
			if !ok || v < 1 || v > 5 {
				continue
			}
			m.SubAreas[sa.ID] = v
			sum += RatingPercent(v)
			n++
		}
		if n > 0 {
			m.Skills[sk.ID] = (sum + n/2) / n
		}
	}
	if len(m.SubAreas) == 0 {
		return nil
	}
	return m
}

// RatingPercent maps a 1–5 rating onto the 0–100 scale of the assessment.
func RatingPercent(r int) int { return (r - 1) * 25 }

// Basis records what a plan was built from, so a page can tell when newer
// results or a newer rating make a rebuild worthwhile.
type Basis struct {
	SkillsAttempt string    `json:"skills_attempt"`
	SkillsAt      time.Time `json:"skills_at"`
	PathAttempt   string    `json:"path_attempt,omitempty"`
	PathAt        time.Time `json:"path_at,omitzero"`
	RatingID      int64     `json:"rating_id,omitempty"`
	RatedAt       time.Time `json:"rated_at,omitzero"`
	MentorName    string    `json:"mentor_name,omitempty"`
}

// Input is everything a plan is built from.
type Input struct {
	Content *content.Content
	// Skills is the latest result of the skills assessment (required).
	Skills assess.Result
	// Path is the latest career-path result, or nil.
	Path *assess.Result
	// Mentor is the latest rating by an active mentor, or nil.
	Mentor *Mentor
	Target Target
	// Previous holds the status of each action in the previous version
	// (StatusDone or StatusDoing); done actions are kept as done and never
	// chosen again, started ones are kept at the first milestone.
	Previous map[string]string
	// Start is the day the plan starts; milestones count from it.
	Start time.Time
	Basis Basis
}

// Plan is a built plan. It is stored as JSON in a plan version.
type Plan struct {
	Rules      int         `json:"rules"`
	Start      time.Time   `json:"start"`
	Target     Target      `json:"target"`
	Basis      Basis       `json:"basis"`
	Readiness  Readiness   `json:"readiness"`
	Path       *PathPos    `json:"path,omitempty"`
	Skills     []Skill     `json:"skills"`
	Needs      []Need      `json:"needs"`
	Milestones []Milestone `json:"milestones"`
	Actions    []Action    `json:"actions"`
	Resources  []Resource  `json:"resources"`
	RoleSkills []string    `json:"role_skills,omitempty"`
	Steps      []StepSpan  `json:"steps"`
}

// Readiness summarises how ready the person is: the mean of the five skill
// scores, and of the mentor's where there is a rating.
type Readiness struct {
	Score     int    `json:"score"`
	Level     string `json:"level"`
	Mentor    int    `json:"mentor"`
	HasMentor bool   `json:"has_mentor"`
}

// PathPos is where the career-path assessment placed the person.
type PathPos struct {
	Step    string `json:"step"`
	Next    string `json:"next,omitempty"`
	Rule    int    `json:"rule"`
	Section string `json:"section,omitempty"`
	Score   int    `json:"score"`
	Role    string `json:"role,omitempty"`
}

// Skill is one skill's picture at build time.
type Skill struct {
	ID        string `json:"id"`
	Self      int    `json:"self"`
	Mentor    int    `json:"mentor"`
	HasMentor bool   `json:"has_mentor"`
	SelfLevel string `json:"self_level"`
	// Level is the level actions are chosen for: the lower of the self and
	// mentor levels, so a blind spot is not planned past.
	Level     string   `json:"level"`
	SubAreas  []Need   `json:"subareas"`
	Strengths []string `json:"strengths,omitempty"`
	Gaps      []string `json:"gaps,omitempty"`
}

// Need is how much a sub-area needs work, and why.
type Need struct {
	SubArea   string `json:"subarea"`
	Skill     string `json:"skill"`
	Self      int    `json:"self"`
	Mentor    int    `json:"mentor"` // 1–5; 0 when not rated
	Effective int    `json:"effective"`
	BlindSpot bool   `json:"blind_spot"`
	Need      int    `json:"need"`
}

// Milestone is a date by which a set of actions is due: 30, 60 and 90 days
// after the start, then every quarter up to the horizon.
type Milestone struct {
	Days   int       `json:"days"`
	Months int       `json:"months"`
	Due    time.Time `json:"due"`
}

// Quarterly reports whether the milestone is a quarter rather than one of
// the first 30, 60 or 90 days.
func (m Milestone) Quarterly() bool { return m.Months > 3 }

// StepSpan is the part of the plan that belongs to one path step.
type StepSpan struct {
	Step     string `json:"step"`
	Position string `json:"position"` // PosPassed, PosCurrent, PosNext, PosLater or "" (path unknown)
}

// Step positions.
const (
	PosPassed  = "passed"
	PosCurrent = "current"
	PosNext    = "next"
	PosLater   = "later"
)

// Action is a chosen action with its schedule and reasons.
type Action struct {
	ID      string `json:"id"`
	Skill   string `json:"skill"`
	SubArea string `json:"subarea"`
	Step    string `json:"step"`
	// Milestone indexes Milestones; -1 for an action done in an earlier
	// version and kept as done.
	Milestone int       `json:"milestone"`
	Start     time.Time `json:"start,omitzero"`
	Due       time.Time `json:"due,omitzero"`
	Priority  int       `json:"priority"`
	Carried   bool      `json:"carried,omitempty"`
	Reasons   []Reason  `json:"reasons"`
}

// Reason is why something was chosen: a kind and the numbers and ids that
// fill its sentence.
type Reason struct {
	Kind    string `json:"kind"`
	Skill   string `json:"skill,omitempty"`
	SubArea string `json:"subarea,omitempty"`
	Step    string `json:"step,omitempty"`
	Role    string `json:"role,omitempty"`
	Level   string `json:"level,omitempty"`
	Score   int    `json:"score"`
	Mentor  int    `json:"mentor,omitempty"`
	Rating  int    `json:"rating,omitempty"`
}

// Resource is a recommended resource and why.
type Resource struct {
	ID      string   `json:"id"`
	Skill   string   `json:"skill"`
	Actions []string `json:"actions,omitempty"`
	Reasons []Reason `json:"reasons"`
}

// Action returns the chosen action with id, or nil.
func (p *Plan) Action(id string) *Action {
	for i := range p.Actions {
		if p.Actions[i].ID == id {
			return &p.Actions[i]
		}
	}
	return nil
}

// Skill returns the skill picture with id, or nil.
func (p *Plan) Skill(id string) *Skill {
	for i := range p.Skills {
		if p.Skills[i].ID == id {
			return &p.Skills[i]
		}
	}
	return nil
}

// ActionsAt returns the actions due at milestone i, in priority order.
func (p *Plan) ActionsAt(i int) []Action {
	var out []Action
	for _, a := range p.Actions {
		if a.Milestone == i {
			out = append(out, a)
		}
	}
	return out
}

// ActionsOfStep returns the actions of step, kept ones first, then by due
// date and priority.
func (p *Plan) ActionsOfStep(step string) []Action {
	var out []Action
	for _, a := range p.Actions {
		if a.Step == step {
			out = append(out, a)
		}
	}
	return out
}

// MilestonesFor returns the milestones of a plan that starts on start and
// runs for horizon months: 30, 60 and 90 days, then every quarter.
func MilestonesFor(start time.Time, horizon int) []Milestone {
	var out []Milestone
	for _, d := range []int{30, 60, 90} {
		out = append(out, Milestone{Days: d, Months: d / 30, Due: start.AddDate(0, 0, d)})
	}
	for m := 6; m <= horizon; m += 3 {
		due := start.AddDate(0, m, 0)
		out = append(out, Milestone{Days: int(due.Sub(start).Hours()/24 + 0.5), Months: m, Due: due})
	}
	return out
}

// Build makes a plan from in by the rules of this package.
func Build(in Input) Plan {
	c := in.Content
	start := day(in.Start)
	horizon := in.Target.HorizonMonths
	if !validHorizon(horizon) {
		horizon = 12
	}
	p := Plan{
		Rules:      Rules,
		Start:      start,
		Target:     Target{Role: in.Target.Role, HorizonMonths: horizon},
		Basis:      in.Basis,
		Milestones: MilestonesFor(start, horizon),
		Actions:    []Action{},
		Resources:  []Resource{},
	}
	p.RoleSkills = roleSkills(c, in.Target.Role)
	p.Path = pathPos(c, in.Path)
	p.Steps = stepSpans(c, p.Path)
	p.Skills, p.Needs = skillPictures(c, in, p.RoleSkills)
	p.Readiness = readiness(c, p.Skills)

	p.Actions = chooseActions(c, in, &p)
	// Kept actions first, then by milestone; within a milestone the order
	// of choice (started work first, then by priority) stands.
	sort.SliceStable(p.Actions, func(i, j int) bool { return p.Actions[i].Milestone < p.Actions[j].Milestone })
	p.Resources = chooseResources(c, &p)
	return p
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func roleSkills(c *content.Content, role string) []string {
	if r := c.Role(role); r != nil && role != TargetCPO {
		return append([]string(nil), r.Skills...)
	}
	return nil
}

func pathPos(c *content.Content, res *assess.Result) *PathPos {
	if res == nil || res.Placement == nil || c.Step(res.Placement.Step) == nil {
		return nil
	}
	pl := res.Placement
	pp := &PathPos{Step: pl.Step, Rule: pl.Rule, Section: pl.Section, Score: pl.Score, Role: pl.Role}
	if r := c.Step(pl.Step).Rank + 1; r < len(c.Steps) {
		pp.Next = c.Steps[r].ID
	}
	return pp
}

func stepSpans(c *content.Content, pp *PathPos) []StepSpan {
	out := make([]StepSpan, 0, len(c.Steps))
	for _, s := range c.Steps {
		sp := StepSpan{Step: s.ID}
		if pp != nil {
			cur := c.Step(pp.Step).Rank
			switch {
			case s.Rank < cur:
				sp.Position = PosPassed
			case s.Rank == cur:
				sp.Position = PosCurrent
			case s.Rank == cur+1:
				sp.Position = PosNext
			default:
				sp.Position = PosLater
			}
		}
		out = append(out, sp)
	}
	return out
}

// skillPictures scores every sub-area's need and ranks them, neediest
// first: the lower of the self and mentor scores counts, a blind spot (the
// mentor far below the self-rating) weighs extra, and so do the skills the
// target role relies on.
func skillPictures(c *content.Content, in Input, roleSk []string) ([]Skill, []Need) {
	var skills []Skill
	var needs []Need
	for _, sk := range c.Skills {
		ss := in.Skills.Section(sk.ID)
		if ss == nil {
			continue
		}
		s := Skill{ID: sk.ID, Self: ss.Score, SelfLevel: c.LevelFor(ss.Score).ID}
		eff := ss.Score
		if in.Mentor != nil {
			if m, ok := in.Mentor.Skills[sk.ID]; ok {
				s.Mentor, s.HasMentor = m, true
				eff = min(eff, m)
			}
		}
		s.Level = c.LevelFor(eff).ID
		for _, sa := range sk.SubAreas {
			self, ok := in.Skills.SubScore(sa.ID)
			if !ok {
				self = ss.Score
			}
			n := Need{SubArea: sa.ID, Skill: sk.ID, Self: self, Effective: self}
			if in.Mentor != nil {
				if r, ok := in.Mentor.SubAreas[sa.ID]; ok {
					n.Mentor = r
					mp := RatingPercent(r)
					n.Effective = min(self, mp)
					n.BlindSpot = self-mp >= BlindSpotGap
				}
			}
			n.Need = 100 - n.Effective
			if n.BlindSpot {
				n.Need += blindSpotBonus
			}
			if contains(roleSk, sk.ID) {
				n.Need += roleBonus
			}
			s.SubAreas = append(s.SubAreas, n)
			needs = append(needs, n)
		}
		s.Strengths, s.Gaps = strengthsAndGaps(s.SubAreas)
		skills = append(skills, s)
	}
	// Stable: equal needs keep the content's order.
	sort.SliceStable(needs, func(i, j int) bool { return needs[i].Need > needs[j].Need })
	return skills, needs
}

// strengthsAndGaps lists a skill's strong sub-areas (at or above
// strengthScore, no blind spot) and its gaps (below LowScore, or a blind
// spot), each in the order of strength or need.
func strengthsAndGaps(subs []Need) (strong, gaps []string) {
	s := append([]Need(nil), subs...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Effective > s[j].Effective })
	for _, n := range s {
		if n.Effective >= strengthScore && !n.BlindSpot {
			strong = append(strong, n.SubArea)
		}
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].Need > s[j].Need })
	for _, n := range s {
		if n.Effective < LowScore || n.BlindSpot {
			gaps = append(gaps, n.SubArea)
		}
	}
	return strong, gaps
}

func readiness(c *content.Content, skills []Skill) Readiness {
	var r Readiness
	if len(skills) == 0 {
		r.Level = c.Levels[0].ID
		return r
	}
	self, ment, rated := 0, 0, 0
	for _, s := range skills {
		self += s.Self
		if s.HasMentor {
			ment += s.Mentor
			rated++
		}
	}
	r.Score = (self + len(skills)/2) / len(skills)
	if rated > 0 {
		r.HasMentor = true
		r.Mentor = (ment + rated/2) / rated
	}
	eff := r.Score
	if r.HasMentor {
		eff = min(eff, r.Mentor)
	}
	r.Level = c.LevelFor(eff).ID
	return r
}

type candidate struct {
	a        *content.Action
	index    int // position in content, the last tie-break
	pool     int // 0: fits level and step; 1: stretch, fits step; 2: fits level, other step
	priority int
	need     Need
	stretch  bool
}

// chooseActions applies the selection rules:
//
//  1. Done actions of the previous version are kept as done and not chosen
//     again; started ones are kept and due at the first milestone they fit.
//  2. A candidate action suits the person's level in its skill and belongs
//     to the current or the next path step (any step when the path is not
//     known). Its priority is the need of its sub-area, plus a bonus when
//     it belongs to the step of its phase: the current step for the 30,
//     60 and 90 day milestones, the next step for the quarters after.
//  3. Milestones are filled in order with the highest-priority candidates
//     that can be finished by then, at most one per sub-area and two per
//     skill, three at least and five at most, a fourth and fifth only
//     within the effort budget of the period.
//  4. When those run out, stretch actions of the same steps one level
//     above come next (the person grows over the plan), then actions of
//     other steps at the person's level.
func chooseActions(c *content.Content, in Input, p *Plan) []Action {
	needBy := map[string]Need{}
	for _, n := range p.Needs {
		needBy[n.SubArea] = n
	}
	levelBy := map[string]string{}
	for _, s := range p.Skills {
		levelBy[s.ID] = s.Level
	}
	var out []Action
	used := map[string]bool{}

	// 1. Kept actions.
	for _, a := range c.Actions {
		if in.Previous[a.ID] == StatusDone {
			out = append(out, Action{
				ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step,
				Milestone: -1, Carried: true,
				Reasons: []Reason{{Kind: ReasonDoneBefore}},
			})
			used[a.ID] = true
		}
	}
	load := make([]int, len(p.Milestones))  // actions per milestone
	hours := make([]int, len(p.Milestones)) // effort per milestone
	subAt := make([]map[string]bool, len(p.Milestones))
	skillAt := make([]map[string]int, len(p.Milestones))
	for i := range p.Milestones {
		subAt[i], skillAt[i] = map[string]bool{}, map[string]int{}
	}
	place := func(a *content.Action, mi int, prio int, reasons []Reason) {
		ms := p.Milestones[mi]
		periodStart := p.Start
		if mi > 0 {
			periodStart = p.Milestones[mi-1].Due
		}
		st := ms.Due.AddDate(0, 0, -7*a.Weeks)
		if st.After(periodStart) {
			st = periodStart
		}
		if st.Before(p.Start) {
			st = p.Start
		}
		out = append(out, Action{
			ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step,
			Milestone: mi, Start: st, Due: ms.Due, Priority: prio, Reasons: reasons,
		})
		used[a.ID] = true
		load[mi]++
		hours[mi] += a.EffortHours
		subAt[mi][a.SubArea] = true
		skillAt[mi][a.Skill]++
	}
	fits := func(a *content.Action, mi int) bool { return a.Weeks*7 <= p.Milestones[mi].Days }

	// Started actions stay, due at the first milestone they fit.
	for i := range c.Actions {
		a := &c.Actions[i]
		if in.Previous[a.ID] != StatusDoing || used[a.ID] {
			continue
		}
		for mi := range p.Milestones {
			if fits(a, mi) && load[mi] < maxPerMilestone {
				rs := append([]Reason{{Kind: ReasonInProgress}}, needReason(needBy[a.SubArea]))
				place(a, mi, needBy[a.SubArea].Need, rs)
				break
			}
		}
	}

	// 2. Candidates, ranked.
	cur, next := "", ""
	if p.Path != nil {
		cur, next = p.Path.Step, p.Path.Next
	}
	var cands []candidate
	for i := range c.Actions {
		a := &c.Actions[i]
		if used[a.ID] {
			continue
		}
		lv := levelBy[a.Skill]
		if lv == "" {
			continue
		}
		cd := candidate{a: a, index: i, need: needBy[a.SubArea]}
		switch {
		case c.InRange(lv, a.Levels):
		case stretchOf(c, lv, a.Levels):
			cd.stretch = true
		default:
			continue
		}
		stepFits := cur == "" || a.Step == cur || a.Step == next
		switch {
		case !cd.stretch && stepFits:
			cd.pool = 0
		case stepFits:
			cd.pool = 1
		case !cd.stretch:
			cd.pool = 2
		default:
			continue
		}
		cands = append(cands, cd)
	}
	// The first 90 days work on the current step; the quarters after them
	// on the next one (or still the current one at the last step).
	early := rank(cands, cur)
	late := early
	if next != "" {
		late = rank(cands, next)
	}

	// 3 and 4. Fill the milestones in order.
	for mi, ms := range p.Milestones {
		order := early
		if ms.Quarterly() {
			order = late
		}
		days := ms.Days
		if mi > 0 {
			days -= p.Milestones[mi-1].Days
		}
		budget := (days*hoursPerWeek + 6) / 7
		for _, strict := range []bool{true, false} {
			for _, cd := range order {
				if load[mi] >= maxPerMilestone {
					break
				}
				a := cd.a
				if used[a.ID] || !fits(a, mi) || subAt[mi][a.SubArea] {
					continue
				}
				if strict && skillAt[mi][a.Skill] >= maxPerSkill {
					continue
				}
				if load[mi] >= minPerMilestone && hours[mi]+a.EffortHours > budget {
					continue
				}
				place(a, mi, cd.priority, reasonsFor(p, cd, levelBy[a.Skill]))
			}
			if load[mi] >= minPerMilestone {
				break
			}
		}
	}
	return out
}

// rank orders candidates for a phase of the plan: by pool, then by
// priority (the sub-area's need, plus a bonus when the action belongs to
// the phase's step), then by content order.
func rank(cands []candidate, focus string) []candidate {
	out := make([]candidate, len(cands))
	for i, cd := range cands {
		cd.priority = cd.need.Need
		if focus != "" && cd.a.Step == focus {
			cd.priority += stepBonus
		}
		out[i] = cd
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.pool != b.pool {
			return a.pool < b.pool
		}
		if a.priority != b.priority {
			return a.priority > b.priority
		}
		return a.index < b.index
	})
	return out
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

func reasonsFor(p *Plan, cd candidate, level string) []Reason {
	a := cd.a
	rs := []Reason{needReason(cd.need)}
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

// chooseResources recommends, for each skill the chosen actions build (in
// the order of the plan), up to two resources that suit the person's level
// in it: first those whose main skill it is and whose path step fits, then
// others, one kind each where possible.
func chooseResources(c *content.Content, p *Plan) []Resource {
	var skills []string
	actionsOf := map[string][]string{}
	for _, a := range p.Actions {
		if a.Carried {
			continue
		}
		if !contains(skills, a.Skill) {
			skills = append(skills, a.Skill)
		}
		if len(actionsOf[a.Skill]) < 3 {
			actionsOf[a.Skill] = append(actionsOf[a.Skill], a.ID)
		}
	}
	var steps []string
	if p.Path != nil {
		steps = []string{p.Path.Step, p.Path.Next}
	}
	taken := map[string]bool{}
	out := []Resource{}
	for _, sk := range skills {
		ps := p.Skill(sk)
		if ps == nil {
			continue
		}
		type rc struct {
			r     *content.Resource
			score int
			index int
		}
		var rcs []rc
		for i := range c.Resources {
			r := &c.Resources[i]
			if taken[r.ID] || !contains(r.Skills, sk) || !c.InRange(ps.Level, r.Levels) {
				continue
			}
			score := 0
			if r.Skills[0] == sk {
				score += 2
			}
			if len(r.Steps) == 0 || len(steps) == 0 || overlaps(r.Steps, steps) {
				score++
			}
			rcs = append(rcs, rc{r: r, score: score, index: i})
		}
		sort.SliceStable(rcs, func(i, j int) bool {
			if rcs[i].score != rcs[j].score {
				return rcs[i].score > rcs[j].score
			}
			return rcs[i].index < rcs[j].index
		})
		var kinds []string
		n := 0
		for pass := 0; pass < 2 && n < resourcesPerSkill; pass++ {
			for _, x := range rcs {
				if n >= resourcesPerSkill || len(out) >= maxResources {
					break
				}
				if taken[x.r.ID] || (pass == 0 && contains(kinds, x.r.Kind)) {
					continue
				}
				taken[x.r.ID] = true
				kinds = append(kinds, x.r.Kind)
				out = append(out, Resource{
					ID: x.r.ID, Skill: sk, Actions: actionsOf[sk],
					Reasons: []Reason{{Kind: ReasonResource, Skill: sk, Level: ps.Level}},
				})
				n++
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if x != "" && contains(b, x) {
			return true
		}
	}
	return false
}
