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
const Rules = 2

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
	// LowScore is the sub-area score below which a need reads as a low
	// score; above it, an action raises a score that is already sound.
	LowScore = 55
	// maxPerMilestone bounds the actions due at one of the first three
	// milestones, maxPerQuarter at a later one, and MaxActive the actions
	// due within the first 90 days: people act on a few things at a time.
	maxPerMilestone = 4
	maxPerQuarter   = 3
	MaxActive       = 10
	// backlogSize is how many further actions wait, collapsed, to replace
	// finished ones.
	backlogSize = 6
	// DefaultHoursPerWeek is the effort a person gives their plan until
	// they say otherwise; MinHoursPerWeek and MaxHoursPerWeek bound it.
	DefaultHoursPerWeek = 6
	MinHoursPerWeek     = 1
	MaxHoursPerWeek     = 40
	// maxPerSkill caps the actions of one skill due at one milestone, so a
	// period is never about one skill only.
	maxPerSkill = 2
	// maxFocus bounds the focus areas, maxFocusPerSkill those of one skill.
	maxFocus         = 3
	maxFocusPerSkill = 2
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
	ReasonFocus        = "focus"         // SubArea, Score (one of the focus areas)
	ReasonOwn          = "own"           // (the person added it)
	ReasonSuggested    = "suggested"     // (a mentor suggested it; the person accepted)
	ReasonChosen       = "chosen"        // (the person placed it here)
	ReasonReplaces     = "replaces"      // Action (finished; replaced from the backlog), Title (its own words, if the person wrote it)
)

// Origins of an action: the rules, the person, or their mentor.
const (
	OriginRules  = "rules"
	OriginOwn    = "own"
	OriginMentor = "mentor"
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
	// HoursPerWeek is the effort the person gives the plan (0: the default).
	HoursPerWeek int
	// HasMentor is true while the person has an active mentorship.
	HasMentor bool
	// Edits are the person's edits of earlier versions, replayed on top
	// of the rules so that a rebuild keeps them.
	Edits []Edit
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
	// Focus names the (at most three) sub-areas the first 90 days work
	// on, neediest first. Rules 1 plans have none.
	Focus        []Focus `json:"focus,omitempty"`
	HoursPerWeek int     `json:"hours_per_week,omitempty"`
	// Edits are the person's and accepted mentor edits, in order; a
	// rebuild replays them. Conflicts say which a rule now overrides.
	Edits     []Edit     `json:"edits,omitempty"`
	Conflicts []Conflict `json:"conflicts,omitempty"`
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
	// Origin is OriginRules (also when empty, in Rules 1 plans),
	// OriginOwn or OriginMentor.
	Origin string `json:"origin,omitempty"`
	// Backlog marks an action that waits, unscheduled, to replace a
	// finished one; its Milestone is -1.
	Backlog bool `json:"backlog,omitempty"`
	// Title, Outcome and Hours describe an action the person wrote
	// themselves, in their own words; content actions leave them empty.
	Title   string `json:"title,omitempty"`
	Outcome string `json:"outcome,omitempty"`
}

// Own reports whether a was written by a person rather than taken from the
// content.
func (a Action) Own() bool { return a.Title != "" }

// Active reports whether a is scheduled and not kept from an earlier
// version.
func (a Action) Active() bool { return !a.Backlog && !a.Carried && a.Milestone >= 0 }

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
	Action  string `json:"action,omitempty"`
	Title   string `json:"title,omitempty"`
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
	p.HoursPerWeek = in.HoursPerWeek
	if p.HoursPerWeek < MinHoursPerWeek || p.HoursPerWeek > MaxHoursPerWeek {
		p.HoursPerWeek = DefaultHoursPerWeek
	}
	p.Focus = chooseFocus(c, in, p.Needs, p.RoleSkills, suitableEarly(c, in, &p))

	p.Actions = chooseActions(c, in, &p)
	replay(c, in, &p)
	p.Resources = chooseResources(c, &p)
	return p
}

// order sorts the actions: kept ones first, then by milestone, the backlog
// last; within a milestone the order of choice stands.
func (p *Plan) order() {
	key := func(a Action) int {
		switch {
		case a.Carried:
			return -1
		case a.Backlog:
			return 1 << 20
		}
		return a.Milestone
	}
	sort.SliceStable(p.Actions, func(i, j int) bool { return key(p.Actions[i]) < key(p.Actions[j]) })
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
