package plan_test

import (
	"testing"

	"cpopath/app/content"
	"cpopath/app/plan"
)

// checkRules asserts the rules every plan keeps, whoever it is for: few
// focus areas chosen by need, each worked on in the first 90 days; nothing
// at the top level in the first 90 days; few active actions; effort within
// the person's hours; steps that suit; no mentor-seeking with a mentor;
// nothing done chosen again.
func checkRules(t *testing.T, c *content.Content, p plan.Plan, in plan.Input) {
	t.Helper()
	top := plan.TopScore(c)
	needOf := map[string]plan.Need{}
	for _, n := range p.Needs {
		needOf[n.SubArea] = n
	}
	if len(p.Focus) > 3 {
		t.Errorf("%d focus areas, want at most 3", len(p.Focus))
	}
	for i, f := range p.Focus {
		if !f.Priority && !f.BlindSpot && !f.TargetRole {
			t.Errorf("focus %s is neither a priority, a blind spot nor a target-role area", f.SubArea)
		}
		if f.Score >= top {
			t.Errorf("focus %s scores %d, at the top level", f.SubArea, f.Score)
		}
		if i > 0 && needOf[f.SubArea].Need > needOf[p.Focus[i-1].SubArea].Need {
			t.Errorf("focus %s (need %d) comes after %s (need %d)", f.SubArea, needOf[f.SubArea].Need, p.Focus[i-1].SubArea, needOf[p.Focus[i-1].SubArea].Need)
		}
		found := false
		for _, a := range p.Actions {
			found = found || (a.SubArea == f.SubArea && a.Active() && !p.Milestones[a.Milestone].Quarterly())
		}
		if !found {
			t.Errorf("focus area %s has no action in the first 90 days", f.SubArea)
		}
	}
	cur := 0
	if p.Path != nil {
		cur = c.Step(p.Path.Step).Rank
	}
	active, hours := 0, map[int]int{}
	for _, a := range p.Actions {
		ca := c.Action(a.ID)
		if ca == nil || a.Carried {
			continue
		}
		if in.Previous[a.ID] == plan.StatusDone {
			t.Errorf("%s was done before and is chosen again", a.ID)
		}
		if ca.Mentor == "seek" && in.HasMentor {
			t.Errorf("%s seeks a mentor, but the person has one", a.ID)
		}
		if a.Origin == plan.OriginRules && c.Step(ca.Step).Rank > cur+1 && in.Previous[a.ID] == "" {
			t.Errorf("%s belongs to step %s, beyond what suits step %d", a.ID, ca.Step, cur)
		}
		if !a.Active() {
			continue
		}
		if !p.Milestones[a.Milestone].Quarterly() {
			active++
			if needOf[a.SubArea].Effective >= top && a.Origin == plan.OriginRules && in.Previous[a.ID] == "" {
				t.Errorf("%s works on %s (score %d, top level) in the first 90 days", a.ID, a.SubArea, needOf[a.SubArea].Effective)
			}
		}
		hours[a.Milestone] += ca.EffortHours
	}
	if active > plan.MaxActive {
		t.Errorf("%d actions in the first 90 days, want at most %d", active, plan.MaxActive)
	}
	perWeek := p.HoursPerWeek
	sum := 0
	for i, ms := range p.Milestones {
		n := len(p.ActionsAt(i))
		limit := 4
		if ms.Quarterly() {
			limit = 3
		}
		if n > limit {
			t.Errorf("milestone %d holds %d actions, want at most %d", i, n, limit)
		}
		sum += hours[i]
		if budget := (ms.Days*perWeek + 6) / 7; sum > budget && n > 1 {
			t.Errorf("by day %d the plan asks %d hours, more than %d h/week allow (%d)", ms.Days, sum, perWeek, budget)
		}
	}
}

// TestPersonas builds plans for typical people and checks the rules and
// what each must show.
func TestPersonas(t *testing.T) {
	c := realContent(t)
	mid := func(step string) plan.Input {
		return input(c, skills(c, 50, map[string]int{"anticipation": 30, "events": 35}), path(step), plan.TargetCPO, 12)
	}
	tests := []struct {
		name  string
		in    plan.Input
		focus []string // the focus areas, in order; nil: not checked
		check func(t *testing.T, p plan.Plan)
	}{
		{name: "all bottom", in: input(c, skills(c, 5, nil), path("experience"), plan.TargetCPO, 12),
			check: func(t *testing.T, p plan.Plan) {
				if len(p.Focus) != 3 {
					t.Errorf("focus = %v, want three", p.Focus)
				}
			}},
		{name: "all top", in: input(c, skills(c, 95, nil), path("leadership"), plan.TargetCPO, 12),
			check: func(t *testing.T, p plan.Plan) {
				if len(p.Focus) != 0 {
					t.Errorf("focus = %+v, want none: nothing needs work", p.Focus)
				}
				for i := 0; i < 3; i++ {
					if n := len(p.ActionsAt(i)); n != 0 {
						t.Errorf("milestone %d holds %d actions for someone at the top in everything", i, n)
					}
				}
			}},
		{name: "all middle", in: input(c, skills(c, 50, nil), path("mentorship"), plan.TargetCPO, 12)},
		{name: "one weak skill", in: input(c, skills(c, 75, map[string]int{"objectives": 15, "rallying": 25, "anticipation": 5}), path("experience"), plan.TargetCPO, 12),
			focus: []string{"anticipation", "objectives", "networking-or-other"},
		},
		{name: "one blind spot", in: func() plan.Input {
			in := input(c, skills(c, 70, map[string]int{"referrals": 80}), path("experience"), plan.TargetCPO, 12)
			in.Mentor = plan.NewMentor(c, map[string]int{"referrals": 1})
			return in
		}(), check: func(t *testing.T, p plan.Plan) {
			if len(p.Focus) == 0 || p.Focus[0].SubArea != "referrals" || !p.Focus[0].BlindSpot {
				t.Errorf("focus = %+v, want the blind spot referrals first", p.Focus)
			}
			if a := p.ActionsAt(0); len(a) == 0 || a[0].SubArea != "referrals" {
				t.Errorf("first 30 days = %v, want the blind spot first", ids(a))
			}
		}},
		{name: "step experience", in: mid("experience")},
		{name: "step mentorship", in: mid("mentorship")},
		{name: "step leadership", in: mid("leadership")},
		{name: "with a mentor", in: func() plan.Input {
			in := input(c, skills(c, 20, map[string]int{"events": 0}), path("mentorship"), plan.TargetCPO, 12)
			in.HasMentor = true
			return in
		}(), check: func(t *testing.T, p plan.Plan) {
			if p.Action("find-a-mentor") != nil {
				t.Error("plan suggests finding a mentor to someone who has one")
			}
		}},
		{name: "few hours", in: func() plan.Input {
			in := mid("experience")
			in.HoursPerWeek = 2
			return in
		}()},
		{name: "issue 13: priorities vision and networking, a zero in anticipation", in: input(c, skills(c, 88,
			map[string]int{"objectives": 20, "rallying": 40, "anticipation": 0, "events": 43, "referrals": 40, "resilience": 45, "internal": 45}),
			path("experience"), plan.TargetCPO, 12),
			check: func(t *testing.T, p plan.Plan) {
				if len(p.Focus) == 0 || p.Focus[0].SubArea != "anticipation" {
					t.Errorf("focus = %+v, want anticipation (0) first", p.Focus)
				}
				var first *plan.Action
				for i := range p.Actions {
					if a := &p.Actions[i]; a.SubArea == "anticipation" && a.Active() && first == nil {
						first = a
					}
				}
				if first == nil || first.Milestone > 1 || !first.Start.Equal(p.Start) {
					t.Errorf("anticipation's first action = %+v, want one that starts at once, due within 60 days", first)
				}
				for i := 0; i < 3; i++ {
					for _, a := range p.ActionsAt(i) {
						if a.Skill == "processes" || a.Skill == "strategy" {
							t.Errorf("%s (skill %s, scored 88) in the first 90 days", a.ID, a.Skill)
						}
					}
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Skills.Priorities = lowestTwo(tt.in)
			p := plan.Build(tt.in)
			checkRules(t, c, p, tt.in)
			if tt.focus != nil {
				for i, want := range tt.focus {
					if i < len(p.Focus) && c.SubArea(want) != nil && p.Focus[i].SubArea != want {
						t.Errorf("focus[%d] = %s, want %s", i, p.Focus[i].SubArea, want)
					}
				}
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
}

// lowestTwo names the two lowest-scoring skills, as the results do.
func lowestTwo(in plan.Input) []string {
	var secs []struct {
		id    string
		score int
	}
	for _, s := range in.Skills.Sections {
		secs = append(secs, struct {
			id    string
			score int
		}{s.ID, s.Score})
	}
	var out []string
	for len(out) < 2 && len(secs) > 0 {
		lo := 0
		for i := range secs {
			if secs[i].score < secs[lo].score {
				lo = i
			}
		}
		out = append(out, secs[lo].id)
		secs = append(secs[:lo], secs[lo+1:]...)
	}
	return out
}

// TestEdits applies each edit a person may make, then rebuilds and checks
// that the rebuild keeps them.
func TestEdits(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 40, nil), path("experience"), plan.TargetCPO, 12)
	in.Skills.Priorities = lowestTwo(in)
	p := plan.Build(in)
	first := p.ActionsAt(0)
	if len(first) < 2 {
		t.Fatalf("first milestone = %v", ids(first))
	}
	drop, move := first[0], first[1]
	var alt string
	for _, a := range c.Actions {
		if a.SubArea == p.ActionsAt(1)[0].SubArea && p.Action(a.ID) == nil {
			alt = a.ID
		}
	}
	swapOf := p.ActionsAt(1)[0].ID
	due := p.Milestones[2].Due.AddDate(0, 0, -3)
	edits := []plan.Edit{
		{Kind: plan.EditDrop, Action: drop.ID, Reason: "Not now"},
		{Kind: plan.EditMove, Action: move.ID, Milestone: 3},
		{Kind: plan.EditSwap, Action: swapOf, With: alt},
		{Kind: plan.EditAdd, Title: "Shadow our head of alliances", SubArea: "internal", Outcome: "Notes from two meetings", Due: due},
	}
	for _, e := range edits {
		if alt == "" && e.Kind == plan.EditSwap {
			continue
		}
		if err := plan.Apply(c, &p, e, false); err != nil {
			t.Fatalf("apply %s: %v", e.Kind, err)
		}
	}
	check := func(t *testing.T, p plan.Plan) {
		if p.Action(drop.ID) != nil {
			t.Errorf("dropped %s is still there", drop.ID)
		}
		if a := p.Action(move.ID); a == nil || a.Milestone != 3 {
			t.Errorf("moved %s = %+v, want milestone 3", move.ID, a)
		}
		if alt != "" && (p.Action(swapOf) != nil || p.Action(alt) == nil) {
			t.Errorf("swap %s→%s not kept", swapOf, alt)
		}
		own := p.Action("own-1")
		if own == nil || own.Origin != plan.OriginOwn || own.Milestone != 2 || own.Title == "" {
			t.Errorf("own action = %+v, want own-1 at milestone 2", own)
		}
	}
	check(t, p)
	// Postpone the own action's neighbour, then rebuild from the edits.
	in.Edits = p.Edits
	q := plan.Build(in)
	check(t, q)
	if len(q.Conflicts) != 0 {
		t.Errorf("conflicts = %+v, want none", q.Conflicts)
	}
	if !plan.Same(&q, &q) || plan.Same(&p, &q) == false && len(p.Edits) != len(q.Edits) {
		t.Errorf("edits not replayed one for one: %d vs %d", len(p.Edits), len(q.Edits))
	}

	// Refusals leave the plan unchanged.
	if eventsAction(q) == "" {
		if err := plan.Apply(c, &q, plan.Edit{Kind: plan.EditAdd, Action: "two-industry-events", Milestone: 4}, true); err != nil {
			t.Fatal(err)
		}
	}
	before := plan.Same(&q, &q)
	bad := []struct {
		e    plan.Edit
		want error
	}{
		{plan.Edit{Kind: "rename", Action: move.ID}, plan.ErrEditKind},
		{plan.Edit{Kind: plan.EditDrop, Action: "no-such"}, plan.ErrEditAction},
		{plan.Edit{Kind: plan.EditMove, Action: move.ID, Milestone: 99}, plan.ErrEditMilestone},
		{plan.Edit{Kind: plan.EditSwap, Action: move.ID, With: "find-a-mentor"}, plan.ErrEditAlt},
		{plan.Edit{Kind: plan.EditAdd, Title: "x", SubArea: "nope", Outcome: "y", Due: due}, plan.ErrEditText},
		{plan.Edit{Kind: plan.EditAdd, Title: "x", SubArea: "internal", Outcome: "y", Due: due.AddDate(5, 0, 0)}, plan.ErrEditDue},
		{plan.Edit{Kind: plan.EditAdd, Action: "find-a-mentor", Milestone: 0}, plan.ErrEditMentor},
		{plan.Edit{Kind: plan.EditSwap, Action: eventsAction(q), With: "find-a-mentor"}, plan.ErrEditMentor},
	}
	for _, b := range bad {
		fp := len(q.Edits)
		if err := plan.Apply(c, &q, b.e, true); err != b.want {
			t.Errorf("apply %+v = %v, want %v", b.e, err, b.want)
		}
		if len(q.Edits) != fp || !before {
			t.Errorf("refused edit %+v changed the plan", b.e)
		}
	}

	// A rule that now contradicts an edit says so.
	in2 := in
	in2.HasMentor = true
	in2.Edits = append(append([]plan.Edit(nil), q.Edits...), plan.Edit{Kind: plan.EditAdd, Action: "find-a-mentor", Milestone: 1, Origin: plan.OriginOwn})
	r := plan.Build(in2)
	if r.Action("find-a-mentor") != nil || len(r.Conflicts) != 1 || r.Conflicts[0].Kind != plan.ConflictMentor {
		t.Errorf("conflicts = %+v, want the mentor-seeking edit refused", r.Conflicts)
	}
}

func TestSameAndDiff(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 40, nil), path("experience"), plan.TargetCPO, 12)
	a := plan.Build(in)
	in.Start = in.Start.AddDate(0, 0, 1)
	b := plan.Build(in)
	if !plan.Same(&a, &b) {
		t.Error("a rebuild a day later with nothing new is not the same plan")
	}
	in.HoursPerWeek = 12
	if b2 := plan.Build(in); plan.Same(&a, &b2) {
		t.Error("more hours per week still count as the same plan")
	}
	old := plan.Snapshot(&a, map[string]string{a.Actions[0].ID: "first note"})
	x := a.ActionsAt(0)[1].ID
	y := a.ActionsAt(1)[0].ID
	if err := plan.Apply(c, &a, plan.Edit{Kind: plan.EditDrop, Action: x}, false); err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(c, &a, plan.Edit{Kind: plan.EditMove, Action: y, Milestone: 4}, false); err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(c, &a, plan.Edit{Kind: plan.EditAdd, Title: "Mine", SubArea: "events", Outcome: "Done", Due: a.Milestones[1].Due}, false); err != nil {
		t.Fatal(err)
	}
	now := plan.Snapshot(&a, map[string]string{a.Actions[0].ID: "second note"})
	got := map[string]string{}
	for _, ch := range plan.Diff(old, now) {
		got[ch.Action] += ch.Kind
	}
	want := map[string]string{x: plan.ChangeRemoved, y: plan.ChangeMoved, "own-1": plan.ChangeAdded, a.Actions[0].ID: plan.ChangeNote}
	for id, k := range want {
		if got[id] != k {
			t.Errorf("diff[%s] = %q, want %q (all: %v)", id, got[id], k, got)
		}
	}
}

func TestSummary(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 40, nil), path("experience"), plan.TargetCPO, 12)
	in.Previous = map[string]string{"partner-landscape-map": plan.StatusDone}
	p := plan.Build(in)
	first := p.ActionsAt(0)[0].ID
	s := plan.Summarize(&p, map[string]string{first: plan.StatusDone}, nil)
	if s.Kept != 1 || s.Done != 2 || s.Backlog == 0 {
		t.Errorf("summary = %+v, want 1 kept, 2 done and a backlog", s)
	}
	total := 0
	for _, m := range s.Milestones {
		total += m.Total
	}
	if total+s.Kept != s.Total {
		t.Errorf("milestones count %d + %d kept, total %d", total, s.Kept, s.Total)
	}
}

// eventsAction returns a scheduled action of the events sub-area, where
// "find a mentor" sits, or "" when there is none.
func eventsAction(p plan.Plan) string {
	for _, a := range p.Actions {
		if a.SubArea == "events" && a.Active() && a.ID != "find-a-mentor" {
			return a.ID
		}
	}
	return ""
}
