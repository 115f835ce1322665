package plan_test

import (
	"encoding/json"
	"testing"
	"time"

	"cpopath/app/content"
	"cpopath/app/plan"
)

// snapshot is p as stored, to compare a plan before and after a no-op.
func snapshot(t *testing.T, p plan.Plan) string {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// byID is p's actions as stored, by id: the same plan in another order
// compares equal.
func byID(t *testing.T, p plan.Plan) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, a := range p.Actions {
		if _, dup := out[a.ID]; dup {
			t.Errorf("%s is in the plan twice", a.ID)
		}
		b, _ := json.Marshal(a)
		out[a.ID] = string(b)
	}
	return out
}

// checkOpen asserts the caps on the open actions of a plan in use: per
// milestone, per skill, one action per sub-area a milestone, MaxActive in
// the first 90 days, nothing at the top level brought forward into them,
// and the effort due by each milestone within the person's hours.
func checkOpen(t *testing.T, c *content.Content, p plan.Plan, status map[string]string, today time.Time) {
	t.Helper()
	top := plan.TopScore(c)
	needOf := map[string]plan.Need{}
	for _, n := range p.Needs {
		needOf[n.SubArea] = n
	}
	active, load, hours := 0, map[int]int{}, map[int]int{}
	skill, sub := map[[2]any]int{}, map[[2]any]int{}
	for _, a := range p.Actions {
		if !a.Active() || status[a.ID] == plan.StatusDone {
			continue
		}
		early := !p.Milestones[a.Milestone].Quarterly()
		if early {
			active++
		}
		load[a.Milestone]++
		skill[[2]any{a.Milestone, a.Skill}]++
		sub[[2]any{a.Milestone, a.SubArea}]++
		if ca := c.Action(a.ID); ca != nil {
			hours[a.Milestone] += ca.EffortHours
		}
		if len(a.Reasons) == 0 || a.Reasons[0].Kind != plan.ReasonReplaces {
			continue
		}
		if early && needOf[a.SubArea].Effective >= top {
			t.Errorf("%s (score %d, top level) was brought into the first 90 days", a.ID, needOf[a.SubArea].Effective)
		}
		if a.Start.Before(today) || a.Due.Before(a.Start.AddDate(0, 0, 7*c.Action(a.ID).Weeks)) {
			t.Errorf("%s brought forward to run %s–%s, before today %s or shorter than its %d weeks", a.ID, a.Start, a.Due, today, c.Action(a.ID).Weeks)
		}
	}
	if active > plan.MaxActive {
		t.Errorf("%d open actions in the first 90 days, want at most %d", active, plan.MaxActive)
	}
	for k, n := range skill {
		if n > 2 {
			t.Errorf("milestone %v holds %d open actions of skill %v", k[0], n, k[1])
		}
	}
	for k, n := range sub {
		if n > 1 {
			t.Errorf("milestone %v holds %d open actions of sub-area %v", k[0], n, k[1])
		}
	}
	sum := 0
	for i, ms := range p.Milestones {
		limit := 4
		if ms.Quarterly() {
			limit = 3
		}
		if load[i] > limit {
			t.Errorf("milestone %d holds %d open actions, want at most %d", i, load[i], limit)
		}
		sum += hours[i]
		if budget := (ms.Days*p.HoursPerWeek + 6) / 7; sum > budget && load[i] > 1 {
			t.Errorf("by day %d the open actions ask %d hours, more than %d h/week allow (%d)", ms.Days, sum, p.HoursPerWeek, budget)
		}
	}
}

// TestReplaceWhileWorkingThrough finishes a persona's actions one by one,
// earliest first, and checks after each that a backlog action took its
// place within the caps, and that the plan holds every action once.
func TestReplaceWhileWorkingThrough(t *testing.T) {
	c := realContent(t)
	tests := []struct {
		name      string
		in        plan.Input
		promotion bool // at least one action must come forward
	}{
		{"all bottom", input(c, skills(c, 5, nil), path("experience"), plan.TargetCPO, 12), true},
		{"all middle, one weak skill", input(c, skills(c, 50, map[string]int{"anticipation": 20, "trends": 25}), path("mentorship"), plan.TargetCPO, 12), true},
		{"blind spot with a mentor", func() plan.Input {
			in := input(c, skills(c, 60, nil), path("mentorship"), "vp-partnerships", 18)
			in.Mentor = plan.NewMentor(c, map[string]int{"conflict": 1, "listening": 2})
			in.HasMentor = true
			in.HoursPerWeek = 3
			return in
		}(), true},
		{"all top", input(c, skills(c, 95, nil), path("leadership"), plan.TargetCPO, 6), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan.Build(tt.in)
			n := len(p.Actions)
			status := map[string]string{}
			promoted := 0
			for range 20 {
				done := ""
				for _, a := range p.Actions {
					if a.Active() && status[a.ID] != plan.StatusDone {
						done = a.ID
						break
					}
				}
				if done == "" {
					break
				}
				status[done] = plan.StatusDone
				id := plan.Replace(c, &p, done, status, p.Start, tt.in.HasMentor)
				if id != "" {
					promoted++
					a := p.Action(id)
					if a == nil || !a.Active() || a.Reasons[0] != (plan.Reason{Kind: plan.ReasonReplaces, Action: done}) {
						t.Fatalf("Replace(%s) = %s: %+v, want an active action that replaces it", done, id, a)
					}
					if tt.in.HasMentor && c.Action(id).Mentor == "seek" {
						t.Errorf("%s seeks a mentor and came forward for someone who has one", id)
					}
				}
				checkOpen(t, c, p, status, p.Start)
				if len(p.Actions) != n {
					t.Fatalf("the plan holds %d actions after replacing %s, want %d", len(p.Actions), done, n)
				}
				byID(t, p)
			}
			if tt.promotion && promoted == 0 {
				t.Errorf("no action came forward from a backlog of %d", plan.Summarize(&p, status, nil).Backlog)
			}
		})
	}
}

// TestReplacePicksTheBestSuited offers a backlog of one action of the
// finished action's sub-area, one of a focus area and one of neither but
// needier, and takes them away one by one.
func TestReplacePicksTheBestSuited(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 5, nil), path("experience"), plan.TargetCPO, 12)
	in.HoursPerWeek = 40
	in.Skills.Priorities = lowestTwo(in)
	base := plan.Build(in)
	free := func(ok func(sa string) bool) *content.Action {
		for i, a := range c.Actions {
			if base.Action(a.ID) == nil && a.Weeks <= 8 && a.Mentor == "" && ok(a.SubArea) {
				return &c.Actions[i]
			}
		}
		return nil
	}
	var done plan.Action
	for _, a := range base.ActionsAt(0) {
		if free(func(sa string) bool { return sa == a.SubArea }) != nil {
			done = a
			break
		}
	}
	backlogged := func(a *content.Action) plan.Action {
		return plan.Action{ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step, Milestone: -1, Backlog: true, Origin: plan.OriginRules,
			Reasons: []plan.Reason{{Kind: plan.ReasonLowSubArea, SubArea: a.SubArea, Score: 5}}}
	}
	pick := func(ok func(sa string) bool) plan.Action {
		a := free(ok)
		if a == nil || done.ID == "" {
			t.Fatalf("no content action for this test")
		}
		return backlogged(a)
	}
	same := pick(func(sa string) bool { return sa == done.SubArea })
	focus := pick(func(sa string) bool { return sa != done.SubArea && base.IsFocus(sa) })
	other := pick(func(sa string) bool { return sa != done.SubArea && !base.IsFocus(sa) })
	lesser := pick(func(sa string) bool { return sa != done.SubArea && sa != other.SubArea && !base.IsFocus(sa) })
	seek := backlogged(c.Action("find-a-mentor"))
	same.Priority, focus.Priority, other.Priority, lesser.Priority, seek.Priority = 1, 50, 200, 100, 999
	tests := []struct {
		name      string
		backlog   []plan.Action
		edits     []plan.Edit
		hasMentor bool
		want      string
	}{
		{"the same sub-area first", []plan.Action{other, focus, same}, nil, false, same.ID},
		{"then a focus area", []plan.Action{other, focus}, nil, false, focus.ID},
		{"then by need", []plan.Action{lesser, other}, nil, false, other.ID},
		{"equal need: the backlog's order", []plan.Action{lesser, func() plan.Action { a := other; a.Priority = lesser.Priority; return a }()}, nil, false, lesser.ID},
		{"never what the person postponed", []plan.Action{same, other}, []plan.Edit{{Kind: plan.EditPostpone, Action: same.ID}}, false, other.ID},
		{"finding a mentor, without one", []plan.Action{other, seek}, nil, false, seek.ID},
		{"never finding a mentor with one", []plan.Action{other, seek}, nil, true, other.ID},
		{"an empty backlog changes nothing", nil, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			p.Actions = nil
			for _, a := range base.Actions {
				if !a.Backlog {
					p.Actions = append(p.Actions, a)
				}
			}
			p.Actions = append(p.Actions, tt.backlog...)
			p.Edits = tt.edits
			status := map[string]string{done.ID: plan.StatusDone}
			before := snapshot(t, p)
			if got := plan.Replace(c, &p, done.ID, status, p.Start, tt.hasMentor); got != tt.want {
				t.Fatalf("Replace = %q, want %q", got, tt.want)
			}
			if tt.want == "" && snapshot(t, p) != before {
				t.Errorf("a Replace that found nothing changed the plan")
			}
			checkOpen(t, c, p, status, p.Start)
		})
	}
}

// TestReplaceOnlyWhenAnActiveActionIsDone: nothing comes forward for an
// action still open, for one in the backlog or kept from before, or a
// second time for the same action.
func TestReplaceOnlyWhenAnActiveActionIsDone(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 30, nil), path("experience"), plan.TargetCPO, 12)
	in.Previous = map[string]string{"partner-landscape-map": plan.StatusDone}
	p := plan.Build(in)
	first := p.ActionsAt(0)[0].ID
	var backlog string
	for _, a := range p.Actions {
		if a.Backlog {
			backlog = a.ID
			break
		}
	}
	before := snapshot(t, p)
	for _, tt := range []struct {
		name, id, status string
	}{
		{"still open", first, plan.StatusDoing},
		{"a backlog action", backlog, plan.StatusDone},
		{"kept from before", "partner-landscape-map", plan.StatusDone},
		{"not in the plan", "no-such-action", plan.StatusDone},
	} {
		if got := plan.Replace(c, &p, tt.id, map[string]string{tt.id: tt.status}, p.Start, false); got != "" || snapshot(t, p) != before {
			t.Errorf("%s: Replace = %q, want nothing changed", tt.name, got)
		}
	}
	status := map[string]string{first: plan.StatusDone}
	id := plan.Replace(c, &p, first, status, p.Start, false)
	if id == "" {
		t.Fatal("nothing replaced the first action")
	}
	// Another finished action leaves room, which is not first's to take.
	status[p.ActionsAt(0)[1].ID] = plan.StatusDone
	once := snapshot(t, p)
	if again := plan.Replace(c, &p, first, status, p.Start, false); again != "" || snapshot(t, p) != once {
		t.Errorf("a second Replace for %s took %q; want it idempotent", first, again)
	}
}

// TestReplaceFromToday: a replacement is scheduled from today, never at a
// milestone already past, and starts today at the earliest.
func TestReplaceFromToday(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 5, nil), path("experience"), plan.TargetCPO, 12)
	in.HoursPerWeek = 12
	p := plan.Build(in)
	today := p.Milestones[0].Due.AddDate(0, 0, 10)
	done := p.ActionsAt(1)[0].ID
	status := map[string]string{done: plan.StatusDone}
	for _, a := range p.ActionsAt(0) {
		status[a.ID] = plan.StatusDone // the first month's work is behind them
	}
	id := plan.Replace(c, &p, done, status, today, false)
	if id == "" {
		t.Fatal("nothing replaced a finished action")
	}
	a := p.Action(id)
	if a.Milestone == 0 || a.Start.Before(today) {
		t.Errorf("%s due at milestone %d, from %s; want a milestone after today %s, started today at the earliest", id, a.Milestone, a.Start, today)
	}
	checkOpen(t, c, p, status, today)
}

// TestReplaceRespectsMaxActive: with the first 90 days full, a finished
// quarterly action is replaced at a quarter.
func TestReplaceRespectsMaxActive(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 5, nil), path("experience"), plan.TargetCPO, 12)
	in.HoursPerWeek = 40
	p := plan.Build(in)
	early, quarterly := 0, ""
	for _, a := range p.Actions {
		switch {
		case !a.Active():
		case !p.Milestones[a.Milestone].Quarterly():
			early++
		case quarterly == "":
			quarterly = a.ID
		}
	}
	if early != plan.MaxActive || quarterly == "" {
		t.Fatalf("%d actions in the first 90 days and quarterly %q; the test wants %d and one", early, quarterly, plan.MaxActive)
	}
	status := map[string]string{quarterly: plan.StatusDone}
	id := plan.Replace(c, &p, quarterly, status, p.Start, false)
	if id == "" {
		t.Fatal("nothing replaced a finished quarterly action")
	}
	if a := p.Action(id); !p.Milestones[a.Milestone].Quarterly() {
		t.Errorf("%s came forward into milestone %d, in the full first 90 days", id, a.Milestone)
	}
	checkOpen(t, c, p, status, p.Start)
}

// TestRestore: marking a finished action open again returns its untouched
// replacement to the backlog, as it was; a started replacement stays.
func TestRestore(t *testing.T) {
	c := realContent(t)
	p := plan.Build(input(c, skills(c, 30, nil), path("experience"), plan.TargetCPO, 12))
	orig := byID(t, p)
	done := p.ActionsAt(0)[0].ID
	status := map[string]string{done: plan.StatusDone}
	id := plan.Replace(c, &p, done, status, p.Start, false)
	if id == "" {
		t.Fatal("nothing replaced the first action")
	}

	status[id] = plan.StatusDoing
	status[done] = plan.StatusTodo
	started := snapshot(t, p)
	if got := plan.Restore(&p, done, status); got != "" || snapshot(t, p) != started {
		t.Errorf("Restore took back %q, which the person started", got)
	}

	status[id] = plan.StatusTodo
	if got := plan.Restore(&p, done, status); got != id {
		t.Fatalf("Restore = %q, want %q", got, id)
	}
	now := byID(t, p)
	for k, v := range orig {
		if now[k] != v {
			t.Errorf("after done and open again, %s is\n%s\nwant\n%s", k, now[k], v)
		}
	}
	if len(now) != len(orig) {
		t.Errorf("%d actions after the round trip, want %d", len(now), len(orig))
	}
	if got := plan.Restore(&p, done, status); got != "" {
		t.Errorf("a second Restore took %q", got)
	}
}

// TestReplaceAnOwnAction: an action the person wrote is replaced too, and
// the reason keeps its title, which no content can name.
func TestReplaceAnOwnAction(t *testing.T) {
	c := realContent(t)
	in := input(c, skills(c, 30, nil), path("experience"), plan.TargetCPO, 12)
	in.HoursPerWeek = 20
	p := plan.Build(in)
	// The person drops an action and writes their own in its place.
	if err := plan.Apply(c, &p, plan.Edit{Kind: plan.EditDrop, Action: p.ActionsAt(0)[0].ID}, false); err != nil {
		t.Fatal(err)
	}
	own := plan.Edit{Kind: plan.EditAdd, Title: "Lunch with our CFO 🍜", SubArea: "internal", Outcome: "Two budget allies", Due: p.Start.AddDate(0, 0, 20)}
	if err := plan.Apply(c, &p, own, false); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{"own-1": plan.StatusDone}
	id := plan.Replace(c, &p, "own-1", status, p.Start, false)
	if id == "" {
		t.Fatal("nothing replaced a finished own action")
	}
	if r := p.Action(id).Reasons[0]; r != (plan.Reason{Kind: plan.ReasonReplaces, Action: "own-1", Title: own.Title}) {
		t.Errorf("reason = %+v, want it to name the own action by its title", r)
	}
}
