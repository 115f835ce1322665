// Package assess loads and validates assessment definitions and scores
// answers against them. It is pure: definitions come from an fs.FS, answers
// from the caller, and every weight and threshold lives in the data files.
package assess

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"cpopath/app/content"
)

// Item kinds.
const (
	KindRated    = "rated"    // a self-description on an anchored scale
	KindScenario = "scenario" // situational judgement: pick the best response
	KindChoice   = "choice"   // a factual single choice (career path)
)

// Assessment is one questionnaire, such as the CPO skills self-assessment.
type Assessment struct {
	ID string `yaml:"id"`
	// Version is stamped on every result snapshot, so a result scored by an
	// earlier wording of the items can be told apart (and still read).
	Version   int          `yaml:"version"`
	Title     content.Text `yaml:"title"`
	Intro     content.Text `yaml:"intro"`
	Scales    []Scale      `yaml:"scales"`
	Sections  []Section    `yaml:"sections"`
	Items     []Item       `yaml:"items"`
	Placement []Rule       `yaml:"placement"`
	// Reporting and Quality hold the rules of what a result may claim; they
	// are content, so they live beside the items they judge.
	Reporting Reporting `yaml:"reporting"`
	Quality   Quality   `yaml:"quality"`

	// Texts holds every translatable text of this assessment.
	Texts content.TextSet `yaml:"-"`

	scaleByID   map[string]*Scale
	itemByID    map[string]*Item
	sectionByID map[string]*Section
}

// Scale is a behaviourally anchored rating scale.
type Scale struct {
	ID      string   `yaml:"id"`
	Anchors []Anchor `yaml:"anchors"`
}

// Anchor describes what one point of a scale looks like.
type Anchor struct {
	Value int          `yaml:"value"`
	Text  content.Text `yaml:"text"`
}

// Section is a page of the assessment. In the skills assessment a section is
// a skill (Skill set, ID derived from it); elsewhere it has its own name.
type Section struct {
	ID    string       `yaml:"id"`
	Skill string       `yaml:"skill"`
	Name  content.Text `yaml:"name"`
	Items []*Item      `yaml:"-"`
}

// Item is one question.
type Item struct {
	ID       string       `yaml:"id"`
	Skill    string       `yaml:"skill"`
	SubArea  string       `yaml:"subarea"`
	Section  string       `yaml:"section"`
	Kind     string       `yaml:"kind"`
	Scale    string       `yaml:"scale"`
	Reverse  bool         `yaml:"reverse"`
	Optional bool         `yaml:"optional"`
	Weight   float64      `yaml:"weight"`
	Text     content.Text `yaml:"text"`
	Options  []Option     `yaml:"options"`

	maxScore int
}

// Option is one answer of a scenario or choice item.
type Option struct {
	ID    string       `yaml:"id"`
	Text  content.Text `yaml:"text"`
	Score int          `yaml:"score"`
	Role  string       `yaml:"role"`
}

// Rule is one step of the career path with the evidence that meets it.
// Rules are in path order; the person's current step is the first rule not
// met. The last rule has no evidence: it stands for "every step met".
type Rule struct {
	Step string `yaml:"step"`
	// Met holds when every group holds; a group holds when any of its
	// conditions does (for example: led a team OR led an initiative).
	Met [][]Condition `yaml:"met"`
	// Partly names answers that show the step begun; any one suffices.
	// Any condition of Met that holds also counts.
	Partly  []Condition  `yaml:"partly"`
	Because content.Text `yaml:"because"`
}

// Condition holds when the answer to Item scores at least AtLeast.
type Condition struct {
	Item    string `yaml:"item"`
	AtLeast int    `yaml:"at_least"`
}

// Reporting says when a skill may be named a strength or a priority, and
// how wide the uncertainty shown beside each score is.
type Reporting struct {
	// Margin is how many points a skill must stand apart from the mean of
	// the others to be named a strength or a priority.
	Margin int `yaml:"margin"`
	// StrengthMinLevel is the lowest level at which a skill can be a
	// strength; a skill at the top level is never a priority.
	StrengthMinLevel string `yaml:"strength_min_level"`
	// BandZ times the standard error of the item scores is the half-width
	// of a score's band; BandMin is its least half-width.
	BandZ   float64 `yaml:"band_z"`
	BandMin int     `yaml:"band_min"`
	// IndicativeMaxItems: a sub-area resting on this many answers or fewer
	// is marked indicative.
	IndicativeMaxItems int `yaml:"indicative_max_items"`
}

// Quality holds the thresholds of the response-quality flags.
type Quality struct {
	// Pairs are rated items that contradict each other (one forward, one
	// reverse-keyed): agreeing with both sides is a sign of acquiescence.
	Pairs [][]string `yaml:"pairs"`
	// AgreeAtLeast is the scale point from which an answer counts as
	// agreement; AcquiescencePairs how many pairs agreed on both sides flag.
	AgreeAtLeast      int `yaml:"agree_at_least"`
	AcquiescencePairs int `yaml:"acquiescence_pairs"`
	// StraightMinItems: a page with at least this many rated items, all
	// answered with the same point, is straight-lined.
	StraightMinItems int `yaml:"straight_min_items"`
	// A skill whose self-ratings score at least GapSelfAtLeast while its
	// situations score at most GapScenarioAtMost shows a self/scenario gap.
	GapSelfAtLeast    int `yaml:"gap_self_at_least"`
	GapScenarioAtMost int `yaml:"gap_scenario_at_most"`
}

// holds reports whether c holds for answers.
func (c Condition) holds(a *Assessment, answers map[string]string) bool {
	it := a.itemByID[c.Item]
	if it == nil {
		return false
	}
	o := it.Option(answers[c.Item])
	return o != nil && o.Score >= c.AtLeast
}

// Item returns the item with id, or nil.
func (a *Assessment) Item(id string) *Item { return a.itemByID[id] }

// Scale returns the scale with id, or nil.
func (a *Assessment) Scale(id string) *Scale { return a.scaleByID[id] }

// Section returns the section with id, or nil.
func (a *Assessment) Section(id string) *Section { return a.sectionByID[id] }

// Option returns the option with id of item it, or nil.
func (it *Item) Option(id string) *Option {
	for i := range it.Options {
		if it.Options[i].ID == id {
			return &it.Options[i]
		}
	}
	return nil
}

// Set is every assessment, by id.
type Set struct {
	ByID  map[string]*Assessment
	Order []string
}

// Get returns the assessment with id, or nil.
func (s *Set) Get(id string) *Assessment { return s.ByID[id] }

// Errors a caller can map to a 4xx.
var (
	ErrUnknownItem = errors.New("assess: unknown item")
	ErrBadValue    = errors.New("assess: value out of range")
)

// Validate checks one answer: the item exists and the value is one it takes.
// Rated items take "1".."5" (within the scale), choice and scenario items an
// option id. The empty value clears an answer and is always valid for a
// known item.
func (a *Assessment) Validate(itemID, value string) error {
	it := a.itemByID[itemID]
	if it == nil {
		return ErrUnknownItem
	}
	if value == "" {
		return nil
	}
	if _, ok := it.Normalised(value, a); !ok {
		return ErrBadValue
	}
	// A scale point is stored as written, so only its plain spelling is
	// taken: "03" or "+3" would score as 3 but match no choice on the page
	// (found by FuzzValidate).
	if it.Kind == KindRated {
		if v, _ := strconv.Atoi(value); strconv.Itoa(v) != value {
			return ErrBadValue
		}
	}
	return nil
}

// Normalised maps an answer to 0..1, where 1 is the strongest evidence of
// the skill. Reverse-keyed items are turned around here, and only here.
func (it *Item) Normalised(value string, a *Assessment) (float64, bool) {
	switch it.Kind {
	case KindRated:
		v, err := strconv.Atoi(value)
		if err != nil {
			return 0, false
		}
		sc := a.scaleByID[it.Scale]
		lo, hi := sc.Anchors[0].Value, sc.Anchors[len(sc.Anchors)-1].Value
		if v < lo || v > hi {
			return 0, false
		}
		n := float64(v-lo) / float64(hi-lo)
		if it.Reverse {
			n = 1 - n
		}
		return n, true
	default:
		o := it.Option(value)
		if o == nil {
			return 0, false
		}
		if it.maxScore == 0 {
			return 0, true
		}
		return float64(o.Score) / float64(it.maxScore), true
	}
}

// Load reads every *.yaml at the root of fsys as an assessment and the
// overlays in locales/<id>.<lang>.yaml. Skill and sub-area references are
// checked against c.
func Load(fsys fs.FS, c *content.Content) (*Set, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	set := &Set{ByID: map[string]*Assessment{}}
	for _, name := range names {
		a := &Assessment{}
		if err := content.DecodeStrict(fsys, name, a); err != nil {
			return nil, fmt.Errorf("assessments/%w", err)
		}
		if err := a.index(name, c); err != nil {
			return nil, err
		}
		if set.ByID[a.ID] != nil {
			return nil, fmt.Errorf("assessments/%s: id: duplicate assessment %q", name, a.ID)
		}
		a.registerTexts()
		if _, err := content.ApplyOverlays(fsys, "locales", a.ID, &a.Texts); err != nil {
			return nil, fmt.Errorf("assessments/%w", err)
		}
		set.ByID[a.ID] = a
		set.Order = append(set.Order, a.ID)
	}
	if len(set.Order) == 0 {
		return nil, errors.New("assessments: no assessment files")
	}
	return set, nil
}

func (a *Assessment) index(file string, c *content.Content) error {
	var p []string
	add := func(format string, args ...any) {
		p = append(p, fmt.Sprintf("assessments/%s: ", file)+fmt.Sprintf(format, args...))
	}
	if want := strings.TrimSuffix(path.Base(file), ".yaml"); a.ID != want {
		add("id: %q must match the file name %q", a.ID, want)
	}
	if a.Title.IsZero() {
		add("title: missing")
	}
	// Items refer to scales and sections, placement rules to sections.
	a.indexScales(add)
	a.indexSections(c, add)
	a.indexItems(c, add)
	a.checkPlacement(c, add)
	a.checkQuality(add, c)
	if len(p) > 0 {
		return errors.New(strings.Join(p, "; "))
	}
	return nil
}

// problemFunc records one problem of an assessment file.
type problemFunc = func(format string, args ...any)

// indexScales checks and indexes the answer scales.
func (a *Assessment) indexScales(add problemFunc) {
	a.scaleByID = map[string]*Scale{}
	for i := range a.Scales {
		s := &a.Scales[i]
		if s.ID == "" || a.scaleByID[s.ID] != nil {
			add("scales[%d].id: missing or duplicate %q", i, s.ID)
		}
		a.scaleByID[s.ID] = s
		if len(s.Anchors) < 2 {
			add("scales[%d].anchors: want at least two", i)
		}
		for j, an := range s.Anchors {
			if j > 0 && an.Value != s.Anchors[j-1].Value+1 {
				add("scales[%d].anchors[%d].value: %d must follow %d", i, j, an.Value, s.Anchors[j-1].Value)
			}
			if an.Text.IsZero() {
				add("scales[%d].anchors[%d].text: missing", i, j)
			}
		}
	}
}

// indexSections checks and indexes the sections; a skill's section takes
// the skill's id.
func (a *Assessment) indexSections(c *content.Content, add problemFunc) {
	a.sectionByID = map[string]*Section{}
	for i := range a.Sections {
		s := &a.Sections[i]
		if s.Skill != "" {
			sk := c.Skill(s.Skill)
			if sk == nil {
				add("sections[%d].skill: unknown skill %q", i, s.Skill)
				continue
			}
			if s.ID == "" {
				s.ID = s.Skill
			}
		} else if s.Name.IsZero() {
			add("sections[%d].name: missing", i)
		}
		if s.ID == "" || a.sectionByID[s.ID] != nil {
			add("sections[%d].id: missing or duplicate %q", i, s.ID)
		}
		a.sectionByID[s.ID] = s
	}
}

// indexItems checks and indexes the items and files each under its section.
func (a *Assessment) indexItems(c *content.Content, add problemFunc) {
	a.itemByID = map[string]*Item{}
	for i := range a.Items {
		it := &a.Items[i]
		where := fmt.Sprintf("items[%d]", i)
		content.CheckID(add, where, it.ID)
		if a.itemByID[it.ID] != nil {
			add("%s.id: duplicate %q", where, it.ID)
		}
		a.itemByID[it.ID] = it
		if it.Skill != "" {
			if c.Skill(it.Skill) == nil {
				add("%s.skill: unknown skill %q", where, it.Skill)
			}
			if sa := c.SubArea(it.SubArea); sa == nil || sa.Skill != it.Skill {
				add("%s.subarea: %q is not a sub-area of %q", where, it.SubArea, it.Skill)
			}
			if it.Section == "" {
				it.Section = it.Skill
			}
		}
		sec := a.sectionByID[it.Section]
		if sec == nil {
			add("%s.section: unknown section %q", where, it.Section)
		} else {
			sec.Items = append(sec.Items, it)
		}
		if it.Weight < 0 || it.Weight > 10 {
			add("%s.weight: %v out of range 0..10", where, it.Weight)
		}
		if it.Text.IsZero() {
			add("%s.text: missing", where)
		}
		switch it.Kind {
		case KindRated:
			if a.scaleByID[it.Scale] == nil {
				add("%s.scale: unknown scale %q", where, it.Scale)
			}
			if len(it.Options) > 0 {
				add("%s.options: a rated item takes no options", where)
			}
		case KindScenario, KindChoice:
			checkOptions(it, where, c, add)
		default:
			add("%s.kind: %q is not rated, scenario or choice", where, it.Kind)
		}
	}
	for i, s := range a.Sections {
		if len(s.Items) == 0 {
			add("sections[%d]: no items", i)
		}
	}
	for i, s := range a.Sections {
		if len(s.Items) == 0 {
			add("sections[%d]: no items", i)
		}
	}
}

// checkOptions checks the options of a scenario or choice item and notes
// its highest score.
func checkOptions(it *Item, where string, c *content.Content, add problemFunc) {
	if len(it.Options) < 2 {
		add("%s.options: want at least two", where)
	}
	if it.Reverse {
		add("%s.reverse: only rated items are reverse-keyed", where)
	}
	ids := map[string]bool{}
	for j, o := range it.Options {
		if o.ID == "" || ids[o.ID] {
			add("%s.options[%d].id: missing or duplicate %q", where, j, o.ID)
		}
		ids[o.ID] = true
		if o.Score < 0 || o.Score > 10 {
			add("%s.options[%d].score: %d out of range 0..10", where, j, o.Score)
		}
		if o.Score > it.maxScore {
			it.maxScore = o.Score
		}
		if o.Text.IsZero() {
			add("%s.options[%d].text: missing", where, j)
		}
		if o.Role != "" && c.Role(o.Role) == nil {
			add("%s.options[%d].role: unknown role %q", where, j, o.Role)
		}
	}
	if it.Weight > 0 && it.maxScore == 0 {
		add("%s.options: a scored item needs an option with a score above 0", where)
	}
}

// checkPlacement checks the path placement rules: known steps and
// sections, and exactly the last rule holding always.
func (a *Assessment) checkPlacement(c *content.Content, add problemFunc) {
	for i, r := range a.Placement {
		if c.Step(r.Step) == nil {
			add("placement[%d].step: unknown step %q", i, r.Step)
		}
		if r.Because.IsZero() {
			add("placement[%d].because: missing", i)
		}
		last := i == len(a.Placement)-1
		switch {
		case last && len(r.Met) > 0:
			add("placement[%d].met: the last rule stands for every step met and takes no evidence", i)
		case !last && len(r.Met) == 0:
			add("placement[%d].met: only the last rule may go without evidence", i)
		}
		conds := append([]Condition(nil), r.Partly...)
		for _, g := range r.Met {
			if len(g) == 0 {
				add("placement[%d].met: an empty group", i)
			}
			conds = append(conds, g...)
		}
		for _, cond := range conds {
			it := a.itemByID[cond.Item]
			if it == nil || it.Kind == KindRated {
				add("placement[%d]: %q is not a choice item", i, cond.Item)
			} else if cond.AtLeast < 1 || cond.AtLeast > it.maxScore {
				add("placement[%d]: at_least %d out of range 1..%d for %q", i, cond.AtLeast, it.maxScore, cond.Item)
			}
		}
	}
}

func (a *Assessment) checkQuality(add func(string, ...any), c *content.Content) {
	q, r := a.Quality, a.Reporting
	for i, pr := range q.Pairs {
		if len(pr) != 2 {
			add("quality.pairs[%d]: want two items", i)
			continue
		}
		x, y := a.itemByID[pr[0]], a.itemByID[pr[1]]
		if x == nil || y == nil || x.Kind != KindRated || y.Kind != KindRated {
			add("quality.pairs[%d]: both must be rated items", i)
		} else if x.Reverse == y.Reverse {
			add("quality.pairs[%d]: one item must be reverse-keyed and the other not", i)
		}
	}
	if len(q.Pairs) > 0 && (q.AgreeAtLeast < 1 || q.AcquiescencePairs < 1) {
		add("quality: agree_at_least and acquiescence_pairs must be set with pairs")
	}
	if r.StrengthMinLevel != "" && c.Level(r.StrengthMinLevel) == nil {
		add("reporting.strength_min_level: unknown level %q", r.StrengthMinLevel)
	}
	if r.Margin < 0 || r.BandMin < 0 || r.BandZ < 0 {
		add("reporting: negative margin or band")
	}
}

func (a *Assessment) registerTexts() {
	t := &a.Texts
	t.Add("title", &a.Title)
	t.Add("intro", &a.Intro)
	for i := range a.Scales {
		s := &a.Scales[i]
		for j := range s.Anchors {
			t.Add(fmt.Sprintf("scale.%s.%d", s.ID, s.Anchors[j].Value), &s.Anchors[j].Text)
		}
	}
	for i := range a.Sections {
		s := &a.Sections[i]
		if s.Skill == "" {
			t.Add("section."+s.ID+".name", &s.Name)
		}
	}
	for i := range a.Items {
		it := &a.Items[i]
		t.Add("item."+it.ID+".text", &it.Text)
		for j := range it.Options {
			t.Add("item."+it.ID+".option."+it.Options[j].ID, &it.Options[j].Text)
		}
	}
	for i := range a.Placement {
		t.Add(fmt.Sprintf("placement.%d.because", i), &a.Placement[i].Because)
	}
}
