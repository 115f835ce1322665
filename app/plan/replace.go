package plan

import (
	"slices"
	"time"

	"cpopath/app/content"
)

// Follow keeps p in step with a progress mark on action id (status holds
// every action's status, the mark included): Replace when it is done,
// Restore when it is not. It reports whether p changed.
func Follow(c *content.Content, p *Plan, id string, status map[string]string, today time.Time, hasMentor bool) bool {
	if status[id] == StatusDone {
		return Replace(c, p, id, status, today, hasMentor) != ""
	}
	return Restore(p, id, status) != ""
}

// Replace brings a backlog action forward when the person finishes the
// active action done (status holds every action's status, done's
// included). It takes, of the backlog actions the rules put there (not
// those the person postponed), the best suited: one of the same sub-area
// first, then one of a focus area, then any; within each, the neediest.
// It schedules it at the earliest milestone that has room from today on,
// by the rules a build keeps: the per-milestone and per-skill caps,
// MaxActive in the first 90 days, nothing at the top level there, and the
// person's hours per week. The action keeps a ReasonReplaces naming done,
// which makes Replace idempotent. It returns the id brought forward, or ""
// when nothing changed.
func Replace(c *content.Content, p *Plan, done string, status map[string]string, today time.Time, hasMentor bool) string {
	d := p.Action(done)
	if d == nil || !d.Active() || status[done] != StatusDone || p.replacementOf(done) >= 0 {
		return ""
	}
	ch := openChooser(c, p, status, today)
	i, mi := ch.replacement(*d, status, hasMentor)
	if i < 0 {
		return ""
	}
	a := &p.Actions[i]
	*a = scheduled(p, *a, c.Action(a.ID).Weeks, mi)
	if t := day(today); a.Start.Before(t) {
		a.Start = t
	}
	r := Reason{Kind: ReasonReplaces, Action: d.ID}
	if d.Own() {
		r.Title = d.Title // the person's words: content cannot name it later
	}
	a.Reasons = append([]Reason{r}, a.Reasons...)
	id := a.ID
	p.order()
	return id
}

// Restore undoes Replace when the person marks reopened as not done after
// all: the action brought forward for it goes back to the backlog, unless
// the person has started or finished it, which then stays where it is. It
// returns the id returned to the backlog, or "".
func Restore(p *Plan, reopened string, status map[string]string) string {
	i := p.replacementOf(reopened)
	if i < 0 || status[reopened] == StatusDone {
		return ""
	}
	a := &p.Actions[i]
	if st := status[a.ID]; st == StatusDoing || st == StatusDone {
		return ""
	}
	a.Backlog, a.Milestone, a.Start, a.Due = true, -1, time.Time{}, time.Time{}
	a.Reasons = slices.DeleteFunc(a.Reasons, func(r Reason) bool { return r.Kind == ReasonReplaces })
	id := a.ID
	p.order()
	return id
}

// replacementOf is the index of the scheduled action brought forward to
// replace done, or -1.
func (p *Plan) replacementOf(done string) int {
	for i, a := range p.Actions {
		if a.Backlog {
			continue
		}
		for _, r := range a.Reasons {
			if r.Kind == ReasonReplaces && r.Action == done {
				return i
			}
		}
	}
	return -1
}

// openChooser is a chooser loaded with p's open scheduled actions, placing
// from today on: finished actions no longer take room or hours.
func openChooser(c *content.Content, p *Plan, status map[string]string, today time.Time) *chooser {
	ch := newChooser(c, p)
	ch.refill = true
	ch.from = max(0, int(day(today).Sub(p.Start).Hours()/24))
	for _, a := range p.Actions {
		if !a.Active() || status[a.ID] == StatusDone || a.Milestone >= len(p.Milestones) {
			continue
		}
		effort := 0
		if ca := c.Action(a.ID); ca != nil {
			effort = ca.EffortHours
		}
		ch.count(a.Skill, a.SubArea, effort, a.Milestone)
	}
	return ch
}

// replacement picks the backlog action to replace done and its milestone:
// the index in p.Actions and the milestone, or -1.
func (ch *chooser) replacement(done Action, status map[string]string, hasMentor bool) (int, int) {
	p, top := ch.p, TopScore(ch.c)
	early := p.early()
	postponed := editedIDs(p.Edits)
	best, bestMi, bestTier := -1, -1, 0
	for i, a := range p.Actions {
		ca := ch.c.Action(a.ID)
		if !a.Backlog || a.Own() || ca == nil || status[a.ID] == StatusDone || postponed[a.ID] || (ca.Mentor == "seek" && hasMentor) {
			continue
		}
		tier := 2
		switch {
		case a.SubArea == done.SubArea:
			tier = 0
		case p.IsFocus(a.SubArea):
			tier = 1
		}
		if best >= 0 && (tier > bestTier || (tier == bestTier && a.Priority <= p.Actions[best].Priority)) {
			continue // the earlier of equals wins: the backlog is in the rules' order
		}
		for mi := range p.Milestones {
			if mi < early && ch.needBy[a.SubArea].Effective >= top {
				continue
			}
			if ch.fits(ca, mi) {
				best, bestMi, bestTier = i, mi, tier
				break
			}
		}
	}
	return best, bestMi
}
