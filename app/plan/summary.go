package plan

import (
	"fmt"
	"strings"
	"time"
)

// Summary is the one computed view of a plan's progress: the web page and
// the PDF both count from it, so they never disagree.
type Summary struct {
	// Total counts the scheduled actions and those kept as done; the
	// backlog is not part of the plan until an action is taken from it.
	Total   int
	Done    int
	Doing   int
	Kept    int // done in an earlier version
	Backlog int
	Percent int
	// Next90 are the indexes in Actions of the open actions due within
	// the first 90 days, in the plan's order.
	Next90     []int
	Milestones []MilestoneSummary
}

// MilestoneSummary counts the actions due at one milestone.
type MilestoneSummary struct {
	Total int
	Done  int
	Hours int
}

// Summarize counts p's actions by their status (by action id; missing means
// todo). hours gives an action's effort; own actions count none.
func Summarize(p *Plan, status map[string]string, hours func(id string) int) Summary {
	s := Summary{Milestones: make([]MilestoneSummary, len(p.Milestones))}
	for i, a := range p.Actions {
		if a.Backlog {
			s.Backlog++
			continue
		}
		st := status[a.ID]
		if a.Carried {
			st = StatusDone
			s.Kept++
		}
		s.Total++
		switch st {
		case StatusDone:
			s.Done++
		case StatusDoing:
			s.Doing++
		}
		if a.Milestone < 0 || a.Milestone >= len(p.Milestones) {
			continue
		}
		m := &s.Milestones[a.Milestone]
		m.Total++
		if st == StatusDone {
			m.Done++
		}
		if hours != nil {
			m.Hours += hours(a.ID)
		}
		if !p.Milestones[a.Milestone].Quarterly() && st != StatusDone {
			s.Next90 = append(s.Next90, i)
		}
	}
	if s.Total > 0 {
		s.Percent = (100*s.Done + s.Total/2) / s.Total
	}
	return s
}

// Same reports whether a and b are the same plan: the same basis, target,
// hours, focus, and actions in the same places with the same edits. The
// start date does not count, so a rebuild on another day with nothing new
// is still the same plan.
func Same(a, b *Plan) bool { return fingerprint(a) == fingerprint(b) }

func fingerprint(p *Plan) string {
	var sb strings.Builder
	bs := p.Basis
	fmt.Fprintf(&sb, "%d|%s|%d|%d|%s|%s|%d|", p.Rules, p.Target.Role, p.Target.HorizonMonths, p.HoursPerWeek,
		bs.SkillsAttempt, bs.PathAttempt, bs.RatingID)
	for _, f := range p.Focus {
		sb.WriteString(f.SubArea + ",")
	}
	for _, a := range p.Actions {
		fmt.Fprintf(&sb, "|%s:%d:%t:%t:%s:%s", a.ID, a.Milestone, a.Backlog, a.Carried, a.Origin, a.Title)
	}
	fmt.Fprintf(&sb, "|%d", len(p.Edits))
	return sb.String()
}

// SnapItem is one action as a mentor last saw it.
type SnapItem struct {
	ID        string    `json:"id"`
	Title     string    `json:"title,omitempty"`
	Milestone int       `json:"milestone"`
	Backlog   bool      `json:"backlog,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	Note      string    `json:"note,omitempty"`
}

// Snapshot records p's actions and the person's notes, so that a later
// version can be compared with what a mentor reviewed.
func Snapshot(p *Plan, notes map[string]string) []SnapItem {
	out := make([]SnapItem, 0, len(p.Actions))
	for _, a := range p.Actions {
		if a.Carried {
			continue
		}
		out = append(out, SnapItem{ID: a.ID, Title: a.Title, Milestone: a.Milestone, Backlog: a.Backlog, Due: a.Due, Note: notes[a.ID]})
	}
	return out
}

// Change kinds of a diff.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeMoved   = "moved"
	ChangeRedated = "redated"
	ChangeNote    = "note"
)

// Change is one difference between what a mentor reviewed and the plan now.
type Change struct {
	Kind   string
	Action string
	Title  string // an own action's title
	From   SnapItem
	To     SnapItem
}

// redateSlack is how far a due date may shift before it counts as
// re-dated: a rebuild on a later day moves every milestone by a few days.
const redateSlack = 7 * 24 * time.Hour

// Diff lists what changed from old to now: actions added, removed, moved
// to another milestone or the backlog, re-dated, and changed notes.
func Diff(old, now []SnapItem) []Change {
	was := map[string]SnapItem{}
	for _, it := range old {
		was[it.ID] = it
	}
	is := map[string]bool{}
	var out []Change
	for _, it := range now {
		is[it.ID] = true
		o, ok := was[it.ID]
		switch {
		case !ok:
			out = append(out, Change{Kind: ChangeAdded, Action: it.ID, Title: it.Title, To: it})
			continue
		case o.Milestone != it.Milestone || o.Backlog != it.Backlog:
			out = append(out, Change{Kind: ChangeMoved, Action: it.ID, Title: it.Title, From: o, To: it})
		case absDur(o.Due.Sub(it.Due)) >= redateSlack:
			out = append(out, Change{Kind: ChangeRedated, Action: it.ID, Title: it.Title, From: o, To: it})
		}
		if o.Note != it.Note {
			out = append(out, Change{Kind: ChangeNote, Action: it.ID, Title: it.Title, From: o, To: it})
		}
	}
	for _, it := range old {
		if !is[it.ID] {
			out = append(out, Change{Kind: ChangeRemoved, Action: it.ID, Title: it.Title, From: it})
		}
	}
	return out
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
