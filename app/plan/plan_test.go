package plan_test

import (
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/plan"
)

var (
	loadOnce sync.Once
	loaded   *content.Content
	loadErr  error
)

// realContent loads the real content folder once: the rules are tested
// against the actions and resources that ship.
func realContent(t *testing.T) *content.Content {
	t.Helper()
	loadOnce.Do(func() {
		cf, err := fs.Sub(os.DirFS("../.."), "content")
		if err != nil {
			loadErr = err
			return
		}
		loaded, loadErr = content.Load(cf)
	})
	if loadErr != nil {
		t.Fatalf("load content: %v", loadErr)
	}
	return loaded
}

// skills builds a skills result: every sub-area scores base unless named
// in subs; a skill's score is the mean of its sub-areas.
func skills(c *content.Content, base int, subs map[string]int) assess.Result {
	res := assess.Result{Assessment: "cpo-skills"}
	for _, sk := range c.Skills {
		ss := assess.SectionScore{ID: sk.ID}
		sum := 0
		for _, sa := range sk.SubAreas {
			v := base
			if x, ok := subs[sa.ID]; ok {
				v = x
			}
			ss.SubAreas = append(ss.SubAreas, assess.SubScore{ID: sa.ID, Score: v})
			sum += v
		}
		ss.Score = (sum + len(sk.SubAreas)/2) / len(sk.SubAreas)
		ss.Level = c.LevelFor(ss.Score).ID
		res.Sections = append(res.Sections, ss)
	}
	return res
}

func path(step string) *assess.Result {
	return &assess.Result{Assessment: "career-path", Placement: &assess.Placement{Step: step}}
}

var start = time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC)

func input(c *content.Content, res assess.Result, p *assess.Result, role string, horizon int) plan.Input {
	return plan.Input{Content: c, Skills: res, Path: p, Target: plan.Target{Role: role, HorizonMonths: horizon}, Start: start}
}

func hasReason(a plan.Action, want plan.Reason) bool {
	for _, r := range a.Reasons {
		if r == want {
			return true
		}
	}
	return false
}

func ids(as []plan.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

// TestWhoGetsWhat: who gets which actions first, and why.
func TestWhoGetsWhat(t *testing.T) {
	c := realContent(t)
	tests := []struct {
		name string
		in   plan.Input
		// first is an action due in the first 90 days, with the reason that
		// must explain it.
		first  string
		reason plan.Reason
		// never lists actions that must not be in the plan at all.
		never []string
	}{
		{
			name:   "a low criteria score at the experience step gets the scoring model",
			in:     input(c, skills(c, 62, map[string]int{"criteria": 38}), path("experience"), plan.TargetCPO, 12),
			first:  "scoring-model",
			reason: plan.Reason{Kind: plan.ReasonLowSubArea, SubArea: "criteria", Score: 38},
		},
		{
			name:   "a beginner in preparation gets the research brief, not the debrief library",
			in:     input(c, skills(c, 20, map[string]int{"preparation": 10}), path("experience"), plan.TargetCPO, 6),
			first:  "partner-research-brief",
			reason: plan.Reason{Kind: plan.ReasonLowSubArea, SubArea: "preparation", Score: 10},
			never:  []string{"negotiation-debrief-library", "partner-led-entry-plan", "host-roundtable"},
		},
		{
			name: "a blind spot outranks a lower self score",
			in: func() plan.Input {
				in := input(c, skills(c, 60, map[string]int{"referrals": 80, "market-trends": 40}), path("experience"), plan.TargetCPO, 12)
				in.Mentor = plan.NewMentor(c, map[string]int{"referrals": 1})
				return in
			}(),
			first:  "referral-conversations",
			reason: plan.Reason{Kind: plan.ReasonBlindSpot, SubArea: "referrals", Score: 80, Mentor: 0, Rating: 1},
		},
		{
			name: "a mentor rating below the self score counts as the lower one",
			in: func() plan.Input {
				in := input(c, skills(c, 70, map[string]int{"listening": 60}), path("experience"), plan.TargetCPO, 12)
				in.Mentor = plan.NewMentor(c, map[string]int{"listening": 3})
				return in
			}(),
			first:  "listening-practice",
			reason: plan.Reason{Kind: plan.ReasonMentorRating, SubArea: "listening", Score: 60, Rating: 3},
		},
		{
			name:   "the mentorship step starts with finding people to learn from",
			in:     input(c, skills(c, 45, map[string]int{"events": 20}), path("mentorship"), plan.TargetCPO, 12),
			first:  "two-industry-events",
			reason: plan.Reason{Kind: plan.ReasonCurrentStep, Step: "mentorship"},
		},
		{
			name:   "an advanced person at the leadership step presents results to leadership",
			in:     input(c, skills(c, 85, map[string]int{"rallying": 74}), path("leadership"), plan.TargetCPO, 12),
			first:  "present-results-to-leadership",
			reason: plan.Reason{Kind: plan.ReasonRaiseSubArea, SubArea: "rallying", Score: 74},
			never:  []string{"partner-landscape-map", "crm-partner-records", "listening-practice", "find-a-mentor"},
		},
		{
			name:   "the target role's skills weigh in",
			in:     input(c, skills(c, 50, nil), path("experience"), "vp-partnerships", 6),
			first:  "partner-research-brief",
			reason: plan.Reason{Kind: plan.ReasonTargetRole, Skill: "negotiation", Role: "vp-partnerships"},
		},
		{
			name:   "the level actions are pitched at is in the reasons",
			in:     input(c, skills(c, 40, map[string]int{"pilots": 20}), path("experience"), plan.TargetCPO, 12),
			first:  "pilot-proposal",
			reason: plan.Reason{Kind: plan.ReasonLevelFit, Skill: "strategy", Level: "developing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan.Build(tt.in)
			firsts := append(append(p.ActionsAt(0), p.ActionsAt(1)...), p.ActionsAt(2)...)
			var got *plan.Action
			for i := range firsts {
				if firsts[i].ID == tt.first {
					got = &firsts[i]
				}
			}
			if got == nil {
				t.Fatalf("first 90 days = %v, want them to hold %s", ids(firsts), tt.first)
			}
			if !hasReason(*got, tt.reason) {
				t.Errorf("%s reasons = %+v, want %+v among them", got.ID, got.Reasons, tt.reason)
			}
			for _, id := range tt.never {
				if p.Action(id) != nil {
					t.Errorf("plan holds %s, which does not suit this person", id)
				}
			}
		})
	}
}

// TestRulesHoldForEveryone checks the rules that hold for any person:
// levels fit, steps follow the path, milestones hold three to five actions
// that can be finished by their date, nothing is chosen twice.
func TestRulesHoldForEveryone(t *testing.T) {
	c := realContent(t)
	for _, step := range []string{"", "experience", "mentorship", "leadership"} {
		for _, base := range []int{5, 30, 45, 60, 75, 90} {
			for _, horizon := range plan.Horizons {
				name := fmt.Sprintf("step=%s/base=%d/horizon=%d", step, base, horizon)
				t.Run(name, func(t *testing.T) {
					var pr *assess.Result
					if step != "" {
						pr = path(step)
					}
					in := input(c, skills(c, base, map[string]int{"criteria": base / 2, "events": base + 5}), pr, "coo", horizon)
					if base == 60 {
						in.Mentor = plan.NewMentor(c, map[string]int{"criteria": 1, "pilots": 4})
					}
					p := plan.Build(in)
					checkInvariants(t, c, p, step)
				})
			}
		}
	}
}

func checkInvariants(t *testing.T, c *content.Content, p plan.Plan, step string) {
	t.Helper()
	seen := map[string]bool{}
	levelOf := map[string]string{}
	for _, s := range p.Skills {
		levelOf[s.ID] = s.Level
	}
	for _, a := range p.Actions {
		if seen[a.ID] {
			t.Errorf("%s chosen twice", a.ID)
		}
		seen[a.ID] = true
		ca := c.Action(a.ID)
		if ca == nil {
			t.Fatalf("unknown action %s", a.ID)
		}
		if a.Milestone < 0 || a.Backlog {
			continue
		}
		ms := p.Milestones[a.Milestone]
		if ca.Weeks*7 > ms.Days {
			t.Errorf("%s takes %d weeks but is due by day %d", a.ID, ca.Weeks, ms.Days)
		}
		if !a.Due.Equal(ms.Due) || a.Start.After(a.Due) || a.Start.Before(p.Start) {
			t.Errorf("%s runs %v..%v, milestone due %v", a.ID, a.Start, a.Due, ms.Due)
		}
		stretch := false
		for _, r := range a.Reasons {
			stretch = stretch || r.Kind == plan.ReasonStretch
		}
		if !stretch && !c.InRange(levelOf[a.Skill], ca.Levels) {
			t.Errorf("%s (%s–%s) does not suit level %s in %s", a.ID, ca.Levels.From, ca.Levels.To, levelOf[a.Skill], a.Skill)
		}
		if len(a.Reasons) < 2 {
			t.Errorf("%s has reasons %+v, want a need and a fit at least", a.ID, a.Reasons)
		}
		if step == "" {
			for _, r := range a.Reasons {
				if r.Step != "" {
					t.Errorf("%s gives a step reason %+v without a path result", a.ID, r)
				}
			}
		}
	}
	for i := range p.Milestones {
		subs := map[string]bool{}
		for _, a := range p.ActionsAt(i) {
			if subs[a.SubArea] {
				t.Errorf("milestone %d holds two actions for %s", i, a.SubArea)
			}
			subs[a.SubArea] = true
		}
	}
	checkRules(t, c, p, plan.Input{})
	res := map[string]bool{}
	for _, r := range p.Resources {
		if res[r.ID] {
			t.Errorf("resource %s recommended twice", r.ID)
		}
		res[r.ID] = true
		cr := c.Resource(r.ID)
		if cr == nil || !slices.Contains(cr.Skills, r.Skill) || !c.InRange(levelOf[r.Skill], cr.Levels) {
			t.Errorf("resource %s does not fit skill %s at %s", r.ID, r.Skill, levelOf[r.Skill])
		}
		if len(r.Actions) == 0 {
			t.Errorf("resource %s supports no chosen action", r.ID)
		}
	}
	if len(p.Resources) == 0 || len(p.Resources) > 10 {
		t.Errorf("%d resources, want 1 to 10", len(p.Resources))
	}
}

func TestMilestones(t *testing.T) {
	s := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		horizon int
		months  []int
		last    string
	}{
		{6, []int{1, 2, 3, 6}, "2026-07-31"},
		{12, []int{1, 2, 3, 6, 9, 12}, "2027-01-31"},
		{18, []int{1, 2, 3, 6, 9, 12, 15, 18}, "2027-07-31"},
	}
	for _, tt := range tests {
		ms := plan.MilestonesFor(s, tt.horizon)
		var got []int
		for _, m := range ms {
			got = append(got, m.Months)
		}
		if !reflect.DeepEqual(got, tt.months) {
			t.Errorf("horizon %d: months %v, want %v", tt.horizon, got, tt.months)
		}
		if ms[0].Days != 30 || ms[1].Days != 60 || ms[2].Days != 90 || ms[0].Due.Format("2006-01-02") != "2026-03-02" {
			t.Errorf("horizon %d: first milestones %+v", tt.horizon, ms[:3])
		}
		if d := ms[len(ms)-1].Due.Format("2006-01-02"); d != tt.last {
			t.Errorf("horizon %d: last due %s, want %s", tt.horizon, d, tt.last)
		}
		if ms[2].Quarterly() || !ms[3].Quarterly() {
			t.Errorf("horizon %d: quarterly flags wrong", tt.horizon)
		}
	}
}

func TestRebuildKeepsDoneAndStartedWork(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 40, map[string]int{"criteria": 30}), path("experience"), plan.TargetCPO, 12)
	first := plan.Build(in)
	done, doing := first.ActionsAt(0)[0].ID, first.ActionsAt(1)[0].ID
	in.Previous = map[string]string{done: plan.StatusDone, doing: plan.StatusDoing, "no-such-action": plan.StatusDone}
	in.Start = start.AddDate(0, 2, 0)
	second := plan.Build(in)

	kept := second.Action(done)
	if kept == nil || !kept.Carried || kept.Milestone != -1 || !hasReason(*kept, plan.Reason{Kind: plan.ReasonDoneBefore}) {
		t.Fatalf("done action in the rebuild = %+v, want kept as done", kept)
	}
	if second.Actions[0].ID != done {
		t.Errorf("kept actions come first; first is %s", second.Actions[0].ID)
	}
	started := second.Action(doing)
	if started == nil || started.Carried || !hasReason(*started, plan.Reason{Kind: plan.ReasonInProgress}) {
		t.Fatalf("started action in the rebuild = %+v, want kept with its reason", started)
	}
	if ca := c.Action(doing); started.Milestone != firstFit(second, ca.Weeks) {
		t.Errorf("started action due at milestone %d, want the first it fits", started.Milestone)
	}
	if second.Action("no-such-action") != nil {
		t.Error("an action no longer in the content was kept")
	}
	for _, a := range second.Actions {
		if a.ID == done && a.Milestone >= 0 {
			t.Error("a done action was scheduled again")
		}
	}
	if len(second.ActionsAt(0)) < 3 {
		t.Errorf("the rebuild's first milestone holds %v, want new work to fill it", ids(second.ActionsAt(0)))
	}
	checkInvariants(t, c, second, "experience")
}

func firstFit(p plan.Plan, weeks int) int {
	for i, m := range p.Milestones {
		if weeks*7 <= m.Days {
			return i
		}
	}
	return -1
}

func TestDeterministic(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 48, map[string]int{"criteria": 38, "events": 20}), path("experience"), "vp-partnerships", 18)
	in.Mentor = plan.NewMentor(c, map[string]int{"criteria": 2, "referrals": 1})
	a, b := plan.Build(in), plan.Build(in)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of the same input differ")
	}
	if !a.Start.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start %v, want the start day at midnight UTC", a.Start)
	}
}

func TestSkillPicture(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 60, map[string]int{"criteria": 90, "research": 30, "agreements": 80}), path("experience"), plan.TargetCPO, 12)
	in.Mentor = plan.NewMentor(c, map[string]int{"agreements": 2, "criteria": 5, "research": 2, "onboarding": 3, "performance": 3, "communication": 3})
	p := plan.Build(in)
	s := p.Skill("processes")
	if s == nil || !s.HasMentor {
		t.Fatalf("processes = %+v", s)
	}
	if !reflect.DeepEqual(s.Strengths, []string{"criteria"}) {
		t.Errorf("strengths %v, want [criteria] (agreements is a blind spot)", s.Strengths)
	}
	if len(s.Gaps) < 2 || s.Gaps[0] != "agreements" || !slices.Contains(s.Gaps, "research") {
		t.Errorf("gaps %v, want the blind spot agreements first, then research", s.Gaps)
	}
	// Mentor: (25+100+25+50+50+50)/6 = 50 → developing; self 65 → proficient.
	if s.Mentor != 50 || s.SelfLevel != "proficient" || s.Level != "developing" {
		t.Errorf("mentor %d, levels self %s / plan %s; want 50, proficient, developing", s.Mentor, s.SelfLevel, s.Level)
	}
	if !p.Readiness.HasMentor || p.Readiness.Level == "" {
		t.Errorf("readiness %+v", p.Readiness)
	}
	if p.Needs[0].SubArea != "agreements" || !p.Needs[0].BlindSpot {
		t.Errorf("neediest %+v, want the blind spot in agreements", p.Needs[0])
	}
}

func TestTargets(t *testing.T) {
	c := realContent(t)
	roles := plan.TargetRoles(c)
	if roles[0] != plan.TargetCPO || slices.Contains(roles, "other") || len(roles) != len(c.Roles) {
		t.Errorf("target roles %v", roles)
	}
	for _, tt := range []struct {
		t    plan.Target
		want bool
	}{
		{plan.Target{Role: "cpo", HorizonMonths: 12}, true},
		{plan.Target{Role: "vp-partnerships", HorizonMonths: 6}, true},
		{plan.Target{Role: "coo", HorizonMonths: 18}, true},
		{plan.Target{Role: "coo", HorizonMonths: 24}, false},
		{plan.Target{Role: "other", HorizonMonths: 12}, false},
		{plan.Target{Role: "astronaut", HorizonMonths: 12}, false},
		{plan.Target{Role: "", HorizonMonths: 12}, false},
	} {
		if got := plan.ValidTarget(c, tt.t); got != tt.want {
			t.Errorf("ValidTarget(%+v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	c := realContent(t)
	tr := func(id string, args ...any) string {
		var b strings.Builder
		b.WriteString(id)
		for i := 0; i+1 < len(args); i += 2 {
			fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
		}
		return b.String()
	}
	tests := []struct {
		r    plan.Reason
		lang string
		want []string
	}{
		{plan.Reason{Kind: plan.ReasonLowSubArea, SubArea: "criteria", Score: 38}, "en", []string{"plan.reason.low_subarea", "SubArea=Criteria development", "Score=38"}},
		{plan.Reason{Kind: plan.ReasonTargetRole, Skill: "vision", Role: plan.TargetCPO}, "en", []string{"Skill=Overarching vision", "Role=plan.target.cpo"}},
		{plan.Reason{Kind: plan.ReasonNextStep, Step: "mentorship"}, "en", []string{"Step=Seek mentorship"}},
		{plan.Reason{Kind: plan.ReasonLevelFit, Skill: "strategy", Level: "cpo-ready"}, "en", []string{"Level=CPO-level practice (self-described)"}},
		{plan.Reason{Kind: plan.ReasonReplaces, Action: "scoring-model"}, "en", []string{"plan.reason.replaces", "Action=" + c.Action("scoring-model").Title.In("en")}},
		{plan.Reason{Kind: plan.ReasonReplaces, Action: "own-1", Title: "Lunch with our CFO 🍜"}, "en", []string{"Action=Lunch with our CFO 🍜"}},
	}
	for _, tt := range tests {
		got := plan.Explain(tt.r, tr, c, tt.lang)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("Explain(%+v) = %q, want %q in it", tt.r, got, w)
			}
		}
	}
	// Another language takes the names from the content's overlays.
	if len(c.Langs) > 0 {
		l := c.Langs[0]
		got := plan.Explain(plan.Reason{Kind: plan.ReasonLowSubArea, SubArea: "criteria"}, tr, c, l)
		if want := c.SubArea("criteria").Name.In(l); !strings.Contains(got, want) {
			t.Errorf("Explain in %s = %q, want %q", l, got, want)
		}
	}
}

func TestNewMentor(t *testing.T) {
	c := realContent(t)
	if m := plan.NewMentor(c, map[string]int{"criteria": 9, "bogus": 3}); m != nil {
		t.Errorf("a rating with nothing valid gave %+v", m)
	}
	m := plan.NewMentor(c, map[string]int{"events": 4, "referrals": 2, "criteria": 0})
	if m.Skills["networking"] != 50 || m.SubAreas["events"] != 4 || len(m.Skills) != 1 {
		t.Errorf("mentor %+v, want networking 50 from (75+25)/2", m)
	}
}
