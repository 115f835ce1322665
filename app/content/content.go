// Package content loads and validates cpopath's curated content: the five CPO
// skills and their sub-areas, the level bands and descriptors, the three
// career-path steps, challenges, roles, plan actions and resources. It is
// pure: it reads from an fs.FS and knows nothing of HTTP or storage.
package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Skill is one of the five CPO skills.
type Skill struct {
	ID       string    `yaml:"id"`
	Name     Text      `yaml:"name"`
	Summary  Text      `yaml:"summary"`
	SubAreas []SubArea `yaml:"subareas"`
}

// SubArea is a part of a skill that items, actions and results refer to.
type SubArea struct {
	ID      string `yaml:"id"`
	Name    Text   `yaml:"name"`
	Summary Text   `yaml:"summary"`
	Skill   string `yaml:"-"`
}

// Level is a named score band. Bands are ordered by Min.
type Level struct {
	ID      string `yaml:"id"`
	Name    Text   `yaml:"name"`
	Min     int    `yaml:"min"`
	Summary Text   `yaml:"summary"`
	Rank    int    `yaml:"-"`
}

// Step is one of the three steps of the career path.
type Step struct {
	ID       string `yaml:"id"`
	Name     Text   `yaml:"name"`
	Summary  Text   `yaml:"summary"`
	Evidence Text   `yaml:"evidence"`
	Rank     int    `yaml:"-"`
}

// Challenge is a pressure CPOs face, as the seed names them.
type Challenge struct {
	ID      string   `yaml:"id"`
	Name    Text     `yaml:"name"`
	Summary Text     `yaml:"summary"`
	Skills  []string `yaml:"skills"`
}

// Role is a job people hold on the way to CPO.
type Role struct {
	ID        string   `yaml:"id"`
	Name      Text     `yaml:"name"`
	Summary   Text     `yaml:"summary"`
	Skills    []string `yaml:"skills"`
	CPOFeeder bool     `yaml:"cpo_feeder"`
}

// LevelRange is an inclusive range of level ids.
type LevelRange struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// Action is a concrete development action a plan can recommend.
type Action struct {
	ID          string     `yaml:"id"`
	Skill       string     `yaml:"skill"`
	SubArea     string     `yaml:"subarea"`
	Step        string     `yaml:"step"`
	Levels      LevelRange `yaml:"levels"`
	EffortHours int        `yaml:"effort_hours"`
	Weeks       int        `yaml:"weeks"`
	// Mentor is "seek" for an action whose point is finding a mentor, so a
	// plan leaves it out for someone who already has one.
	Mentor      string `yaml:"mentor"`
	Title       Text   `yaml:"title"`
	Description Text   `yaml:"description"`
	Outcome     Text   `yaml:"outcome"`
}

// Resource is a curated, verifiable book, article, podcast, course or
// organisation. Titles stay as published; only descriptions are translated.
type Resource struct {
	ID          string     `yaml:"id"`
	Kind        string     `yaml:"kind"`
	Title       string     `yaml:"title"`
	Authors     string     `yaml:"authors"`
	Publisher   string     `yaml:"publisher"`
	Year        int        `yaml:"year"`
	ISBN        string     `yaml:"isbn"`
	URL         string     `yaml:"url"`
	URLChecked  *bool      `yaml:"url_checked"`
	Skills      []string   `yaml:"skills"`
	Steps       []string   `yaml:"steps"`
	Levels      LevelRange `yaml:"levels"`
	Description Text       `yaml:"description"`
	Source      string     `yaml:"source"`
}

// Checked reports whether r's address was seen on a public page, rather
// than built from a pattern (url_checked: false); unchecked addresses are
// shown as such.
func (r *Resource) Checked() bool { return r.URLChecked == nil || *r.URLChecked }

// ResourceKinds are the kinds a resource may have.
var ResourceKinds = []string{"book", "article", "podcast", "course", "organisation"}

// Content is everything in content/, validated and cross-referenced.
type Content struct {
	Skills      []Skill
	Levels      []Level
	Descriptors map[string]map[string]*Text // skill → level → text
	Steps       []Step
	Challenges  []Challenge
	Roles       []Role
	Actions     []Action
	Resources   []Resource
	// TeamActions are what teams do together (team.go).
	TeamActions []TeamAction

	skillByID    map[string]*Skill
	subByID      map[string]*SubArea
	levelByID    map[string]*Level
	stepByID     map[string]*Step
	roleByID     map[string]*Role
	actionByID   map[string]*Action
	resourceByID map[string]*Resource

	// Texts holds every translatable text under its key.
	Texts TextSet
	// Langs lists the languages that have overlays, besides English.
	Langs []string
}

// Skill returns the skill with id, or nil.
func (c *Content) Skill(id string) *Skill { return c.skillByID[id] }

// SubArea returns the sub-area with id, or nil.
func (c *Content) SubArea(id string) *SubArea { return c.subByID[id] }

// Level returns the level with id, or nil.
func (c *Content) Level(id string) *Level { return c.levelByID[id] }

// Step returns the path step with id, or nil.
func (c *Content) Step(id string) *Step { return c.stepByID[id] }

// Role returns the role with id, or nil.
func (c *Content) Role(id string) *Role { return c.roleByID[id] }

// Action returns the action with id, or nil.
func (c *Content) Action(id string) *Action { return c.actionByID[id] }

// Resource returns the resource with id, or nil.
func (c *Content) Resource(id string) *Resource { return c.resourceByID[id] }

// LevelFor returns the level whose band holds score (0–100).
func (c *Content) LevelFor(score int) *Level {
	lv := &c.Levels[0]
	for i := range c.Levels {
		if score >= c.Levels[i].Min {
			lv = &c.Levels[i]
		}
	}
	return lv
}

// Descriptor returns what level means for skill.
func (c *Content) Descriptor(skill, level string) Text {
	if t := c.Descriptors[skill][level]; t != nil {
		return *t
	}
	return Text{}
}

// InRange reports whether level lies in r, by rank.
func (c *Content) InRange(level string, r LevelRange) bool {
	lv, from, to := c.levelByID[level], c.levelByID[r.From], c.levelByID[r.To]
	if lv == nil || from == nil || to == nil {
		return false
	}
	return from.Rank <= lv.Rank && lv.Rank <= to.Rank
}

// Load reads content from fsys, where the files sit at the root (pass
// fs.Sub(files, "content")). Any problem is reported with file and field, so
// the server can refuse to start with a message an editor can act on.
func Load(fsys fs.FS) (*Content, error) {
	c := &Content{}
	var skills struct {
		Skills []Skill `yaml:"skills"`
	}
	var levels struct {
		Levels      []Level                     `yaml:"levels"`
		Descriptors map[string]map[string]*Text `yaml:"descriptors"`
	}
	var pathFile struct {
		Steps      []Step      `yaml:"steps"`
		Challenges []Challenge `yaml:"challenges"`
		Roles      []Role      `yaml:"roles"`
	}
	var actions struct {
		Actions []Action `yaml:"actions"`
	}
	var resources struct {
		Resources []Resource `yaml:"resources"`
	}
	for _, f := range []struct {
		name string
		into any
	}{
		{"skills.yaml", &skills},
		{"levels.yaml", &levels},
		{"path.yaml", &pathFile},
		{"actions.yaml", &actions},
		{"resources.yaml", &resources},
	} {
		if err := DecodeStrict(fsys, f.name, f.into); err != nil {
			return nil, err
		}
	}
	c.Skills, c.Levels, c.Descriptors = skills.Skills, levels.Levels, levels.Descriptors
	c.Steps, c.Challenges, c.Roles = pathFile.Steps, pathFile.Challenges, pathFile.Roles
	c.Actions, c.Resources = actions.Actions, resources.Resources
	if err := c.index(); err != nil {
		return nil, err
	}
	c.registerTexts()
	if err := c.loadTeamActions(fsys); err != nil {
		return nil, err
	}
	langs, err := ApplyOverlays(fsys, "locales", "data", &c.Texts)
	if err != nil {
		return nil, err
	}
	// Team actions translate in files of their own, so the data overlays
	// stay as they were; both must cover the same languages.
	teamLangs, err := ApplyOverlays(fsys, "locales", "team_data", &c.Texts)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(langs, teamLangs) {
		return nil, fmt.Errorf("content: locales/team_data.*.yaml cover %v, the data overlays %v", teamLangs, langs)
	}
	c.Langs = langs
	return c, nil
}

// DecodeStrict decodes one YAML file, rejecting unknown fields, and names
// the file in any error.
func DecodeStrict(fsys fs.FS, name string, into any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ApplyOverlays reads dir/prefix.<lang>.yaml files (flat key → text maps)
// and applies them to set. It returns the languages found, sorted.
func ApplyOverlays(fsys fs.FS, dir, prefix string, set *TextSet) ([]string, error) {
	matches, err := fs.Glob(fsys, path.Join(dir, prefix+".*.yaml"))
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, m := range matches {
		lang := strings.TrimSuffix(strings.TrimPrefix(path.Base(m), prefix+"."), ".yaml")
		var tr map[string]string
		if err := DecodeStrict(fsys, m, &tr); err != nil {
			return nil, err
		}
		if err := set.Apply(lang, tr); err != nil {
			return nil, fmt.Errorf("%s: %w", m, err)
		}
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	return langs, nil
}

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return fmt.Errorf("content: %s", strings.Join(p, "; "))
}

// index checks the content and builds its lookups, naming the file and
// field of every problem.
func (c *Content) index() error {
	var p problems
	// Later files refer to earlier ones: skills first, resources last.
	c.indexSkills(&p)
	c.indexLevels(&p)
	c.indexPath(&p)
	c.indexActions(&p)
	c.indexResources(&p)
	return p.err()
}

// indexSkills checks skills.yaml and indexes skills and sub-areas.
func (c *Content) indexSkills(p *problems) {
	c.skillByID, c.subByID = map[string]*Skill{}, map[string]*SubArea{}
	if len(c.Skills) == 0 {
		p.add("skills.yaml: skills: none defined")
	}
	for i := range c.Skills {
		s := &c.Skills[i]
		where := fmt.Sprintf("skills.yaml: skills[%d]", i)
		checkID(p, where, s.ID)
		if c.skillByID[s.ID] != nil {
			p.add("%s.id: duplicate %q", where, s.ID)
		}
		c.skillByID[s.ID] = s
		checkText(p, where+".name", s.Name)
		if len(s.SubAreas) == 0 {
			p.add("%s.subareas: none defined", where)
		}
		for j := range s.SubAreas {
			sa := &s.SubAreas[j]
			sa.Skill = s.ID
			w := fmt.Sprintf("%s.subareas[%d]", where, j)
			checkID(p, w, sa.ID)
			if c.subByID[sa.ID] != nil || c.skillByID[sa.ID] != nil {
				p.add("%s.id: duplicate %q", w, sa.ID)
			}
			c.subByID[sa.ID] = sa
			checkText(p, w+".name", sa.Name)
		}
	}
}

// indexLevels checks levels.yaml: the score bands and a descriptor per skill and band.
func (c *Content) indexLevels(p *problems) {
	c.levelByID = map[string]*Level{}
	if len(c.Levels) == 0 {
		p.add("levels.yaml: levels: none defined")
	}
	for i := range c.Levels {
		l := &c.Levels[i]
		l.Rank = i
		where := fmt.Sprintf("levels.yaml: levels[%d]", i)
		checkID(p, where, l.ID)
		if c.levelByID[l.ID] != nil {
			p.add("%s.id: duplicate %q", where, l.ID)
		}
		c.levelByID[l.ID] = l
		checkText(p, where+".name", l.Name)
		switch {
		case i == 0 && l.Min != 0:
			p.add("%s.min: the first band must start at 0", where)
		case i > 0 && l.Min <= c.Levels[i-1].Min:
			p.add("%s.min: %d must be above the previous band's %d", where, l.Min, c.Levels[i-1].Min)
		case l.Min > 100:
			p.add("%s.min: %d is above 100", where, l.Min)
		}
	}
	for _, s := range c.Skills {
		for _, l := range c.Levels {
			if t := c.Descriptors[s.ID][l.ID]; t == nil || t.IsZero() {
				p.add("levels.yaml: descriptors.%s.%s: missing", s.ID, l.ID)
			}
		}
	}
	for sk, byLevel := range c.Descriptors {
		if c.skillByID[sk] == nil {
			p.add("levels.yaml: descriptors.%s: unknown skill", sk)
		}
		for lv := range byLevel {
			if c.levelByID[lv] == nil {
				p.add("levels.yaml: descriptors.%s.%s: unknown level", sk, lv)
			}
		}
	}
}

// indexPath checks path.yaml: the steps, challenges and roles.
func (c *Content) indexPath(p *problems) {
	c.stepByID = map[string]*Step{}
	for i := range c.Steps {
		s := &c.Steps[i]
		s.Rank = i
		where := fmt.Sprintf("path.yaml: steps[%d]", i)
		checkID(p, where, s.ID)
		if c.stepByID[s.ID] != nil {
			p.add("%s.id: duplicate %q", where, s.ID)
		}
		c.stepByID[s.ID] = s
		checkText(p, where+".name", s.Name)
	}
	if len(c.Steps) != 3 {
		p.add("path.yaml: steps: want the three steps of the path, have %d", len(c.Steps))
	}
	seen := map[string]bool{}
	for i, ch := range c.Challenges {
		where := fmt.Sprintf("path.yaml: challenges[%d]", i)
		checkID(p, where, ch.ID)
		if seen[ch.ID] {
			p.add("%s.id: duplicate %q", where, ch.ID)
		}
		seen[ch.ID] = true
		checkText(p, where+".name", ch.Name)
		c.checkSkills(p, where+".skills", ch.Skills)
	}
	c.roleByID = map[string]*Role{}
	for i := range c.Roles {
		r := &c.Roles[i]
		where := fmt.Sprintf("path.yaml: roles[%d]", i)
		checkID(p, where, r.ID)
		if c.roleByID[r.ID] != nil {
			p.add("%s.id: duplicate %q", where, r.ID)
		}
		c.roleByID[r.ID] = r
		checkText(p, where+".name", r.Name)
		c.checkSkills(p, where+".skills", r.Skills)
	}
}

// indexActions checks actions.yaml against the skills, sub-areas and steps.
func (c *Content) indexActions(p *problems) {
	c.actionByID = map[string]*Action{}
	for i := range c.Actions {
		a := &c.Actions[i]
		where := fmt.Sprintf("actions.yaml: actions[%d]", i)
		checkID(p, where, a.ID)
		if c.actionByID[a.ID] != nil {
			p.add("%s.id: duplicate %q", where, a.ID)
		}
		c.actionByID[a.ID] = a
		if c.skillByID[a.Skill] == nil {
			p.add("%s.skill: unknown skill %q", where, a.Skill)
		}
		if sa := c.subByID[a.SubArea]; sa == nil || sa.Skill != a.Skill {
			p.add("%s.subarea: %q is not a sub-area of %q", where, a.SubArea, a.Skill)
		}
		if c.stepByID[a.Step] == nil {
			p.add("%s.step: unknown step %q", where, a.Step)
		}
		c.checkRange(p, where+".levels", a.Levels)
		if a.EffortHours <= 0 || a.Weeks <= 0 {
			p.add("%s: effort_hours and weeks must be positive", where)
		}
		if a.Mentor != "" && a.Mentor != "seek" {
			p.add("%s.mentor: %q is not \"seek\"", where, a.Mentor)
		}
		checkText(p, where+".title", a.Title)
		checkText(p, where+".description", a.Description)
		checkText(p, where+".outcome", a.Outcome)
	}
}

// indexResources checks resources.yaml: kinds, provenance and references.
func (c *Content) indexResources(p *problems) {
	c.resourceByID = map[string]*Resource{}
	for i := range c.Resources {
		r := &c.Resources[i]
		where := fmt.Sprintf("resources.yaml: resources[%d]", i)
		checkID(p, where, r.ID)
		if c.resourceByID[r.ID] != nil {
			p.add("%s.id: duplicate %q", where, r.ID)
		}
		c.resourceByID[r.ID] = r
		if !contains(ResourceKinds, r.Kind) {
			p.add("%s.kind: %q is not one of %v", where, r.Kind, ResourceKinds)
		}
		if strings.TrimSpace(r.Title) == "" {
			p.add("%s.title: missing", where)
		}
		if strings.TrimSpace(r.Authors) == "" && strings.TrimSpace(r.Publisher) == "" {
			p.add("%s: needs authors or publisher (provenance)", where)
		}
		if r.Year != 0 && (r.Year < 1900 || r.Year > 2100) {
			p.add("%s.year: %d is not a plausible year", where, r.Year)
		}
		if r.URL != "" && !strings.HasPrefix(r.URL, "https://") && !strings.HasPrefix(r.URL, "http://") {
			p.add("%s.url: %q is not an http(s) address", where, r.URL)
		}
		if strings.TrimSpace(r.Source) == "" {
			p.add("%s.source: missing (where was it confirmed?)", where)
		}
		if len(r.Skills) == 0 {
			p.add("%s.skills: none", where)
		}
		c.checkSkills(p, where+".skills", r.Skills)
		for _, st := range r.Steps {
			if c.stepByID[st] == nil {
				p.add("%s.steps: unknown step %q", where, st)
			}
		}
		c.checkRange(p, where+".levels", r.Levels)
		checkText(p, where+".description", r.Description)
	}
}

func (c *Content) checkSkills(p *problems, where string, ids []string) {
	for _, id := range ids {
		if c.skillByID[id] == nil {
			p.add("%s: unknown skill %q", where, id)
		}
	}
}

func (c *Content) checkRange(p *problems, where string, r LevelRange) {
	from, to := c.levelByID[r.From], c.levelByID[r.To]
	switch {
	case from == nil:
		p.add("%s.from: unknown level %q", where, r.From)
	case to == nil:
		p.add("%s.to: unknown level %q", where, r.To)
	case from.Rank > to.Rank:
		p.add("%s: from %q is above to %q", where, r.From, r.To)
	}
}

func (c *Content) registerTexts() {
	t := &c.Texts
	for i := range c.Skills {
		s := &c.Skills[i]
		t.Add("skill."+s.ID+".name", &s.Name)
		t.Add("skill."+s.ID+".summary", &s.Summary)
		for j := range s.SubAreas {
			sa := &s.SubAreas[j]
			t.Add("subarea."+sa.ID+".name", &sa.Name)
			t.Add("subarea."+sa.ID+".summary", &sa.Summary)
		}
	}
	for i := range c.Levels {
		l := &c.Levels[i]
		t.Add("level."+l.ID+".name", &l.Name)
		t.Add("level."+l.ID+".summary", &l.Summary)
	}
	for _, s := range c.Skills {
		for _, l := range c.Levels {
			t.Add("descriptor."+s.ID+"."+l.ID, c.Descriptors[s.ID][l.ID])
		}
	}
	for i := range c.Steps {
		s := &c.Steps[i]
		t.Add("step."+s.ID+".name", &s.Name)
		t.Add("step."+s.ID+".summary", &s.Summary)
		t.Add("step."+s.ID+".evidence", &s.Evidence)
	}
	for i := range c.Challenges {
		ch := &c.Challenges[i]
		t.Add("challenge."+ch.ID+".name", &ch.Name)
		t.Add("challenge."+ch.ID+".summary", &ch.Summary)
	}
	for i := range c.Roles {
		r := &c.Roles[i]
		t.Add("role."+r.ID+".name", &r.Name)
		t.Add("role."+r.ID+".summary", &r.Summary)
	}
	for i := range c.Actions {
		a := &c.Actions[i]
		t.Add("action."+a.ID+".title", &a.Title)
		t.Add("action."+a.ID+".description", &a.Description)
		t.Add("action."+a.ID+".outcome", &a.Outcome)
	}
	for i := range c.Resources {
		r := &c.Resources[i]
		t.Add("resource."+r.ID+".description", &r.Description)
	}
}

func checkID(p *problems, where, id string) {
	if id == "" {
		p.add("%s.id: missing", where)
		return
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			p.add("%s.id: %q may hold only a-z, 0-9 and '-'", where, id)
			return
		}
	}
}

func checkText(p *problems, where string, t Text) {
	if strings.TrimSpace(t.String()) == "" {
		p.add("%s: missing", where)
	}
}

// CheckID and CheckText let sibling loaders (assess) validate the same way.
func CheckID(add func(string, ...any), where, id string) {
	var p problems
	checkID(&p, where, id)
	for _, s := range p {
		add("%s", s)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
