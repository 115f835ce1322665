package assess_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"cpopath/app/assess"
	"cpopath/app/content"
)

func loadReal(t *testing.T) (*content.Content, *assess.Set) {
	t.Helper()
	c, err := content.Load(os.DirFS("../../content"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := assess.Load(os.DirFS("../../assessments"), c)
	if err != nil {
		t.Fatalf("load assessments: %v", err)
	}
	return c, set
}

func TestSkillsAssessmentCoverage(t *testing.T) {
	c, set := loadReal(t)
	a := set.Get("cpo-skills")
	if a == nil {
		t.Fatal("cpo-skills missing")
	}
	if len(a.Items) < 50 {
		t.Errorf("items = %d, want at least 50", len(a.Items))
	}
	perSkill, perSub := map[string]int{}, map[string]int{}
	scenarios, reverse, rated := 0, 0, 0
	for _, it := range a.Items {
		perSkill[it.Skill]++
		perSub[it.SubArea]++
		switch it.Kind {
		case assess.KindScenario:
			scenarios++
			scores := map[int]bool{}
			for _, o := range it.Options {
				scores[o.Score] = true
			}
			if len(it.Options) != 4 || len(scores) != 4 {
				t.Errorf("scenario %s: want four options with distinct scores", it.ID)
			}
		case assess.KindRated:
			rated++
			if it.Reverse {
				reverse++
			}
		}
	}
	for _, s := range c.Skills {
		if perSkill[s.ID] < 8 {
			t.Errorf("skill %s has %d items, want at least 8", s.ID, perSkill[s.ID])
		}
	}
	for _, sa := range c.Skill("processes").SubAreas {
		if perSub[sa.ID] < 2 {
			t.Errorf("processes sub-area %s has %d items, want at least 2", sa.ID, perSub[sa.ID])
		}
	}
	if scenarios < 10 {
		t.Errorf("scenario items = %d, want at least 10", scenarios)
	}
	if reverse == 0 || reverse*3 > rated {
		t.Errorf("reverse-keyed = %d of %d rated, want some but not most", reverse, rated)
	}
	if len(a.Sections) != 5 {
		t.Errorf("sections = %d, want one per skill", len(a.Sections))
	}
}

// fixture is a small assessment with one rated, one reverse-keyed and one
// scenario item per section, to pin the arithmetic.
const fixture = `
id: mini
title: Mini
intro: For tests.
scales:
  - id: s
    anchors:
      - {value: 1, text: one}
      - {value: 2, text: two}
      - {value: 3, text: three}
      - {value: 4, text: four}
      - {value: 5, text: five}
sections:
  - skill: processes
  - skill: strategy
items:
  - {id: p-rated, skill: processes, subarea: research, kind: rated, scale: s, weight: 1, text: a}
  - {id: p-rev, skill: processes, subarea: criteria, kind: rated, scale: s, reverse: true, weight: 1, text: b}
  - id: p-scn
    skill: processes
    subarea: criteria
    kind: scenario
    weight: 2
    text: c
    options:
      - {id: a, text: x, score: 0}
      - {id: b, text: y, score: 3}
      - {id: c, text: z, score: 1}
      - {id: d, text: w, score: 2}
  - {id: s-rated, skill: strategy, subarea: pilots, kind: rated, scale: s, weight: 1, text: d}
  - {id: s-opt, skill: strategy, subarea: pilots, kind: rated, scale: s, weight: 1, optional: true, text: e}
`

func loadFixture(t *testing.T, c *content.Content, body string) (*assess.Assessment, error) {
	t.Helper()
	set, err := assess.Load(fstest.MapFS{"mini.yaml": {Data: []byte(body)}}, c)
	if err != nil {
		return nil, err
	}
	return set.Get("mini"), nil
}

func TestScore(t *testing.T) {
	c, _ := loadReal(t)
	a, err := loadFixture(t, c, fixture)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		answers       map[string]string
		wantProcesses int
		wantStrategy  int
		wantLevel     string
		wantLowFirst  string
	}{
		{"all top, reverse-keyed answered high", map[string]string{"p-rated": "5", "p-rev": "5", "p-scn": "b", "s-rated": "5"}, 75, 100, "advanced", "p-rev"},
		{"all top, reverse-keyed answered low", map[string]string{"p-rated": "5", "p-rev": "1", "p-scn": "b", "s-rated": "5"}, 100, 100, "cpo-ready", ""},
		{"all bottom", map[string]string{"p-rated": "1", "p-rev": "5", "p-scn": "a", "s-rated": "1"}, 0, 0, "foundational", "p-rated"},
		{"scenario weighted twice", map[string]string{"p-rated": "3", "p-rev": "3", "p-scn": "c", "s-rated": "3", "s-opt": "5"}, 42, 75, "developing", "p-scn"},
		{"optional item skipped", map[string]string{"p-rated": "3", "p-rev": "3", "p-scn": "d", "s-rated": "4"}, 58, 75, "proficient", "p-rated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := a.Missing(tt.answers); len(m) != 0 {
				t.Fatalf("Missing = %v, want none", m)
			}
			r := a.Score(tt.answers, c)
			p, s := r.Section("processes"), r.Section("strategy")
			if p.Score != tt.wantProcesses || s.Score != tt.wantStrategy {
				t.Errorf("scores = %d, %d; want %d, %d", p.Score, s.Score, tt.wantProcesses, tt.wantStrategy)
			}
			if p.Level != tt.wantLevel {
				t.Errorf("processes level = %s, want %s", p.Level, tt.wantLevel)
			}
			gotLow := ""
			if len(p.Low) > 0 {
				gotLow = p.Low[0].Item
			}
			if gotLow != tt.wantLowFirst {
				t.Errorf("first low answer = %q, want %q (low: %+v)", gotLow, tt.wantLowFirst, p.Low)
			}
		})
	}
}

func TestMissingPointsOutUnanswered(t *testing.T) {
	c, _ := loadReal(t)
	a, err := loadFixture(t, c, fixture)
	if err != nil {
		t.Fatal(err)
	}
	got := a.Missing(map[string]string{"p-rated": "2"})
	want := "p-rev,p-scn,s-rated"
	if strings.Join(got, ",") != want {
		t.Errorf("Missing = %v, want %s (the optional item is not missing)", got, want)
	}
}

func TestValidate(t *testing.T) {
	c, _ := loadReal(t)
	a, err := loadFixture(t, c, fixture)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		item, value string
		want        error
	}{
		{"p-rated", "1", nil}, {"p-rated", "5", nil}, {"p-rated", "", nil},
		{"p-rated", "0", assess.ErrBadValue}, {"p-rated", "6", assess.ErrBadValue},
		{"p-rated", "3.5", assess.ErrBadValue}, {"p-rated", "b", assess.ErrBadValue},
		{"p-scn", "b", nil}, {"p-scn", "e", assess.ErrBadValue}, {"p-scn", "1", assess.ErrBadValue},
		{"nope", "1", assess.ErrUnknownItem},
	}
	for _, tt := range tests {
		if got := a.Validate(tt.item, tt.value); got != tt.want {
			t.Errorf("Validate(%q, %q) = %v, want %v", tt.item, tt.value, got, tt.want)
		}
	}
}

func TestStrongestAndPriorities(t *testing.T) {
	c, set := loadReal(t)
	a := set.Get("cpo-skills")
	answers := map[string]string{}
	for _, it := range a.Items {
		// Strong in vision and negotiation, weak in processes.
		hi := it.Skill == "vision" || it.Skill == "negotiation"
		lo := it.Skill == "processes"
		switch it.Kind {
		case assess.KindRated:
			v := "3"
			if hi != it.Reverse && !lo {
				v = "5"
			}
			if hi == it.Reverse && hi {
				v = "1"
			}
			if lo {
				v = map[bool]string{false: "1", true: "5"}[it.Reverse]
			}
			answers[it.ID] = v
		default:
			best, worst := it.Options[0], it.Options[0]
			for _, o := range it.Options {
				if o.Score > best.Score {
					best = o
				}
				if o.Score < worst.Score {
					worst = o
				}
			}
			if lo {
				answers[it.ID] = worst.ID
			} else if hi {
				answers[it.ID] = best.ID
			} else {
				answers[it.ID] = it.Options[1].ID
			}
		}
	}
	r := a.Score(answers, c)
	if got := strings.Join(r.Strongest, ","); !strings.Contains(got, "vision") || !strings.Contains(got, "negotiation") {
		t.Errorf("strongest = %v, want vision and negotiation", r.Strongest)
	}
	if r.Priorities[0] != "processes" {
		t.Errorf("first priority = %v, want processes", r.Priorities)
	}
	if p := r.Section("processes"); p.Score != 0 || len(p.Low) == 0 {
		t.Errorf("processes = %d with %d low answers, want 0 with reasons", p.Score, len(p.Low))
	}
}

func TestBrokenAssessmentNamesFileAndField(t *testing.T) {
	c, _ := loadReal(t)
	tests := []struct{ name, old, new, want string }{
		{"unknown sub-area", "subarea: research", "subarea: nowhere", "mini.yaml: items[0].subarea"},
		{"unknown scale", "scale: s, weight: 1, text: a", "scale: q, weight: 1, text: a", "mini.yaml: items[0].scale"},
		{"duplicate item", "id: p-rev", "id: p-rated", "mini.yaml: items[1].id: duplicate"},
		{"unknown kind", "kind: scenario", "kind: essay", "mini.yaml: items[2].kind"},
		{"unknown field", "weight: 2", "wieght: 2", "mini.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadFixture(t, c, strings.Replace(fixture, tt.old, tt.new, 1))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

// Every locale overlay must translate every text of every assessment.
func TestAssessmentTranslationsComplete(t *testing.T) {
	c, set := loadReal(t)
	for _, id := range set.Order {
		a := set.Get(id)
		for _, lang := range c.Langs {
			if m := a.Texts.Missing(lang); len(m) > 0 {
				t.Errorf("%s: %s lacks %d texts, first %v", id, lang, len(m), m[:min(3, len(m))])
			}
		}
	}
}
