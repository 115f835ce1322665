package content_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"cpopath/app/content"
)

func loadReal(t *testing.T) *content.Content {
	t.Helper()
	c, err := content.Load(os.DirFS("../../content"))
	if err != nil {
		t.Fatalf("load content: %v", err)
	}
	return c
}

func TestRealContentLoads(t *testing.T) {
	c := loadReal(t)
	wantSkills := []string{"processes", "strategy", "networking", "negotiation", "vision"}
	if len(c.Skills) != len(wantSkills) {
		t.Fatalf("skills = %d, want %d", len(c.Skills), len(wantSkills))
	}
	for i, id := range wantSkills {
		if c.Skills[i].ID != id {
			t.Errorf("skill %d = %q, want %q", i, c.Skills[i].ID, id)
		}
	}
	if got := len(c.Skill("processes").SubAreas); got != 6 {
		t.Errorf("processes sub-areas = %d, want the seed's 6", got)
	}
	if len(c.Levels) != 5 {
		t.Errorf("levels = %d, want 5", len(c.Levels))
	}
	if got := []string{c.Steps[0].ID, c.Steps[1].ID, c.Steps[2].ID}; strings.Join(got, ",") != "experience,mentorship,leadership" {
		t.Errorf("steps = %v", got)
	}
	if len(c.Actions) < 60 {
		t.Errorf("actions = %d, want at least 60", len(c.Actions))
	}
	if len(c.Resources) < 40 {
		t.Errorf("resources = %d, want at least 40", len(c.Resources))
	}
}

func TestActionsCoverEverySubArea(t *testing.T) {
	c := loadReal(t)
	per := map[string]int{}
	for _, a := range c.Actions {
		per[a.SubArea]++
	}
	for _, s := range c.Skills {
		for _, sa := range s.SubAreas {
			if per[sa.ID] < 2 {
				t.Errorf("sub-area %s has %d actions, want at least 2", sa.ID, per[sa.ID])
			}
		}
	}
}

// Every curated resource must carry its provenance: who made it, where it
// was confirmed, and, for a web address, a real one. Content must be true.
func TestResourceProvenance(t *testing.T) {
	c := loadReal(t)
	perSkill := map[string]int{}
	for _, r := range c.Resources {
		if r.Title == "" || (r.Authors == "" && r.Publisher == "") || r.Source == "" {
			t.Errorf("resource %s lacks title, author/publisher or source", r.ID)
		}
		if r.Year == 0 && r.URL == "" && r.ISBN == "" && r.Publisher == "" {
			t.Errorf("resource %s has nothing to verify it by (year, url, isbn or publisher)", r.ID)
		}
		if strings.Contains(strings.ToLower(r.Title), "art of strategic partnering") {
			t.Errorf("resource %s: this title could not be verified and must not be recommended", r.ID)
		}
		for _, s := range r.Skills {
			perSkill[s]++
		}
	}
	for _, s := range c.Skills {
		if perSkill[s.ID] < 3 {
			t.Errorf("skill %s has %d resources, want at least 3", s.ID, perSkill[s.ID])
		}
	}
}

func TestLevelFor(t *testing.T) {
	c := loadReal(t)
	tests := []struct {
		score int
		want  string
	}{
		{0, "foundational"}, {34, "foundational"}, {35, "developing"}, {54, "developing"},
		{55, "proficient"}, {71, "proficient"}, {72, "advanced"}, {86, "advanced"},
		{87, "cpo-ready"}, {100, "cpo-ready"},
	}
	for _, tt := range tests {
		if got := c.LevelFor(tt.score).ID; got != tt.want {
			t.Errorf("LevelFor(%d) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

// A broken file must stop the server with the file and field named.
func TestBrokenContentNamesFileAndField(t *testing.T) {
	base := map[string]string{}
	for _, f := range []string{"skills.yaml", "levels.yaml", "path.yaml", "actions.yaml", "resources.yaml"} {
		b, err := os.ReadFile("../../content/" + f)
		if err != nil {
			t.Fatal(err)
		}
		base[f] = string(b)
	}
	tests := []struct {
		name, file, old, new, want string
	}{
		{"duplicate skill id", "skills.yaml", "- id: strategy", "- id: processes", "skills.yaml: skills[1].id: duplicate"},
		{"unknown field", "skills.yaml", "    name: Strategic mindset", "    nmae: Strategic mindset", "skills.yaml"},
		{"action with unknown sub-area", "actions.yaml", "subarea: criteria", "subarea: nowhere", "actions.yaml: actions["},
		{"resource without source", "resources.yaml", "    source:", "    sauce:", "resources.yaml"},
		{"bands out of order", "levels.yaml", "min: 35", "min: 90", "levels.yaml: levels["},
		{"bad yaml", "path.yaml", "steps:", "steps: [", "path.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for f, s := range base {
				if f == tt.file {
					if !strings.Contains(s, tt.old) {
						t.Fatalf("fixture: %q not in %s", tt.old, f)
					}
					s = strings.Replace(s, tt.old, tt.new, 1)
				}
				fsys[f] = &fstest.MapFile{Data: []byte(s)}
			}
			_, err := content.Load(fsys)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

func TestOverlayRejectsUnknownKeys(t *testing.T) {
	var set content.TextSet
	a := content.NewText("Hello")
	set.Add("greeting", &a)
	if err := set.Apply("de", map[string]string{"greeting": "Hallo", "farewell": "Tschüss"}); err == nil {
		t.Fatal("Apply accepted an unknown key")
	}
	if got := a.In("de"); got != "Hallo" {
		t.Errorf("In(de) = %q, want Hallo", got)
	}
	if got := a.In("fr"); got != "Hello" {
		t.Errorf("In(fr) = %q, want the English fallback", got)
	}
}

// A data file may leave an optional text out; an overlay that translates it
// anyway is an error, not a panic (found by FuzzLoad).
func TestOverlayRejectsTextWithoutEnglish(t *testing.T) {
	var set content.TextSet
	var absent content.Text
	set.Add("hint", &absent)
	if err := set.Apply("de", map[string]string{"hint": "Hinweis"}); err == nil {
		t.Fatal("Apply accepted a translation of a text that is empty in English")
	}
	if got := absent.In("de"); got != "" {
		t.Errorf("In(de) = %q, want empty", got)
	}
}

// Every translation overlay must cover every text English has.
func TestContentTranslationsComplete(t *testing.T) {
	c := loadReal(t)
	if len(c.Langs) == 0 {
		t.Fatal("no translation overlays found")
	}
	for _, lang := range c.Langs {
		if m := c.Texts.Missing(lang); len(m) > 0 {
			t.Errorf("%s lacks %d texts, first %v", lang, len(m), m[:min(5, len(m))])
		}
	}
}
