package content

import (
	"fmt"
	"io/fs"
	"slices"
)

// TeamAction is something a team does together to grow one skill: a
// workshop, a shared exercise or a reading circle. A team's view suggests
// the ones written for its weakest sub-areas.
type TeamAction struct {
	ID          string   `yaml:"id"`
	Skill       string   `yaml:"skill"`
	SubAreas    []string `yaml:"subareas"`
	Format      string   `yaml:"format"`
	Hours       int      `yaml:"hours"`
	Resources   []string `yaml:"resources"`
	Title       Text     `yaml:"title"`
	Description Text     `yaml:"description"`
	Outcome     Text     `yaml:"outcome"`
}

// TeamFormats are the formats a team action may have.
var TeamFormats = []string{"workshop", "exercise", "reading-circle"}

// TeamAction returns the team action with id, or nil.
func (c *Content) TeamAction(id string) *TeamAction {
	for i := range c.TeamActions {
		if c.TeamActions[i].ID == id {
			return &c.TeamActions[i]
		}
	}
	return nil
}

// TeamActionsFor returns the ids of the team actions written for sub-area
// subarea, or, when there are none, for its skill.
func (c *Content) TeamActionsFor(skill, subarea string) []string {
	var exact, bySkill []string
	for _, a := range c.TeamActions {
		switch {
		case slices.Contains(a.SubAreas, subarea):
			exact = append(exact, a.ID)
		case a.Skill == skill:
			bySkill = append(bySkill, a.ID)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return bySkill
}

// loadTeamActions reads team_actions.yaml and its translation overlays
// (locales/team_data.<lang>.yaml), after the rest of the content, whose
// skills and resources it refers to. Every sub-area must have at least one
// team action, so that "where to invest" never comes up empty.
func (c *Content) loadTeamActions(fsys fs.FS) error {
	var f struct {
		TeamActions []TeamAction `yaml:"team_actions"`
	}
	if err := DecodeStrict(fsys, "team_actions.yaml", &f); err != nil {
		return err
	}
	c.TeamActions = f.TeamActions
	var p problems
	seen := map[string]bool{}
	covered := map[string]bool{}
	for i := range c.TeamActions {
		a := &c.TeamActions[i]
		where := fmt.Sprintf("team_actions.yaml: team_actions[%d]", i)
		checkID(&p, where, a.ID)
		if seen[a.ID] {
			p.add("%s.id: duplicate %q", where, a.ID)
		}
		seen[a.ID] = true
		if c.Skill(a.Skill) == nil {
			p.add("%s.skill: unknown skill %q", where, a.Skill)
		}
		if len(a.SubAreas) == 0 {
			p.add("%s.subareas: none", where)
		}
		for _, sa := range a.SubAreas {
			if s := c.SubArea(sa); s == nil || s.Skill != a.Skill {
				p.add("%s.subareas: %q is not a sub-area of %q", where, sa, a.Skill)
			}
			covered[sa] = true
		}
		if !slices.Contains(TeamFormats, a.Format) {
			p.add("%s.format: %q is not one of %v", where, a.Format, TeamFormats)
		}
		if a.Hours < 1 || a.Hours > 40 {
			p.add("%s.hours: %d is not between 1 and 40", where, a.Hours)
		}
		for _, r := range a.Resources {
			if c.Resource(r) == nil {
				p.add("%s.resources: unknown resource %q", where, r)
			}
		}
		checkText(&p, where+".title", a.Title)
		checkText(&p, where+".description", a.Description)
		checkText(&p, where+".outcome", a.Outcome)
	}
	for _, sk := range c.Skills {
		for _, sa := range sk.SubAreas {
			if !covered[sa.ID] {
				p.add("team_actions.yaml: no team action for sub-area %q", sa.ID)
			}
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	for i := range c.TeamActions {
		a := &c.TeamActions[i]
		c.Texts.Add("team_action."+a.ID+".title", &a.Title)
		c.Texts.Add("team_action."+a.ID+".description", &a.Description)
		c.Texts.Add("team_action."+a.ID+".outcome", &a.Outcome)
	}
	return nil
}
