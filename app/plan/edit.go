package plan

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"cpopath/app/content"
)

// Edit kinds: what a person (or their mentor, with the person's consent)
// may change in a plan.
const (
	EditDrop     = "drop"     // Action; Reason optional
	EditSwap     = "swap"     // Action, With: another action of the same sub-area
	EditMove     = "move"     // Action, Milestone
	EditPostpone = "postpone" // Action: to the backlog
	EditAdd      = "add"      // Action (a content action) or Title, SubArea, Outcome, Due (their own)
)

// Limits of an own action's texts and a drop reason, in characters.
const (
	MaxOwnTitle   = 200
	MaxOwnOutcome = 500
	MaxDropReason = 500
)

// Edit is one change to a plan. Edits are kept in the plan, in order, and
// replayed on a rebuild, so that the plan stays the person's.
type Edit struct {
	Kind      string    `json:"kind"`
	Action    string    `json:"action"`
	With      string    `json:"with,omitempty"`
	Milestone int       `json:"milestone"`
	Reason    string    `json:"reason,omitempty"`
	Title     string    `json:"title,omitempty"`
	SubArea   string    `json:"subarea,omitempty"`
	Outcome   string    `json:"outcome,omitempty"`
	Due       time.Time `json:"due,omitzero"`
	// Origin is OriginOwn for the person's edits and OriginMentor for a
	// mentor's suggestion the person accepted.
	Origin string `json:"origin"`
}

// Conflict records an edit a rebuild could not keep because a rule now
// contradicts it; Kind names why (ConflictGone, ConflictDone,
// ConflictMentor, ConflictMilestone).
type Conflict struct {
	Edit   int    `json:"edit"`
	Kind   string `json:"kind"`
	Action string `json:"action"`
}

// Conflict kinds.
const (
	ConflictGone      = "gone"      // the action is no longer offered
	ConflictDone      = "done"      // the action is already done
	ConflictMentor    = "mentor"    // finding a mentor while one is active
	ConflictMilestone = "milestone" // the milestone is past the new horizon
)

// Errors of an edit the caller refuses (a 4xx); the plan is unchanged.
var (
	ErrEditKind      = errors.New("plan: unknown edit")
	ErrEditAction    = errors.New("plan: no such action in the plan")
	ErrEditKept      = errors.New("plan: a finished action cannot be edited")
	ErrEditAlt       = errors.New("plan: not an alternative for the same sub-area")
	ErrEditInPlan    = errors.New("plan: the action is already in the plan")
	ErrEditMilestone = errors.New("plan: no such milestone")
	ErrEditText      = errors.New("plan: title, sub-area and outcome are required, within their limits")
	ErrEditDue       = errors.New("plan: the due date is outside the plan")
	ErrEditMentor    = errors.New("plan: a mentor is already active")
)

// Apply validates e against p and applies it; on success the edit is
// recorded in p.Edits. An own action gets its id here.
func Apply(c *content.Content, p *Plan, e Edit, hasMentor bool) error {
	e.Reason = strings.TrimSpace(e.Reason)
	e.Title, e.Outcome = strings.TrimSpace(e.Title), strings.TrimSpace(e.Outcome)
	if e.Origin != OriginMentor {
		e.Origin = OriginOwn
	}
	if e.Kind == EditAdd && e.Title != "" {
		e.Action = nextOwnID(p)
	}
	if err := check(c, p, e, hasMentor); err != nil {
		return err
	}
	if e.Kind == EditSwap {
		e.Milestone = p.Actions[p.index(e.Action)].Milestone
	}
	if _, err := p.apply(c, e); err != nil {
		return err
	}
	p.Edits = append(p.Edits, e)
	return nil
}

// check refuses an edit the person may not make.
func check(c *content.Content, p *Plan, e Edit, hasMentor bool) error {
	i := p.index(e.Action)
	switch e.Kind {
	case EditDrop, EditSwap, EditMove, EditPostpone:
		if i < 0 {
			return ErrEditAction
		}
		if p.Actions[i].Carried {
			return ErrEditKept
		}
	case EditAdd:
	default:
		return ErrEditKind
	}
	switch e.Kind {
	case EditDrop:
		if utf8.RuneCountInString(e.Reason) > MaxDropReason || !utf8.ValidString(e.Reason) {
			return ErrEditText
		}
	case EditSwap:
		w := c.Action(e.With)
		if w == nil || w.SubArea != p.Actions[i].SubArea || p.Actions[i].Own() {
			return ErrEditAlt
		}
		if p.index(w.ID) >= 0 {
			return ErrEditInPlan
		}
		if w.Mentor == "seek" && hasMentor {
			return ErrEditMentor
		}
	case EditMove:
		if e.Milestone < 0 || e.Milestone >= len(p.Milestones) {
			return ErrEditMilestone
		}
	case EditAdd:
		if e.Title != "" {
			return checkOwn(c, p, e)
		}
		a := c.Action(e.Action)
		if a == nil {
			return ErrEditAction
		}
		if p.index(a.ID) >= 0 {
			return ErrEditInPlan
		}
		if a.Mentor == "seek" && hasMentor {
			return ErrEditMentor
		}
		if e.Milestone < 0 || e.Milestone >= len(p.Milestones) {
			return ErrEditMilestone
		}
	}
	return nil
}

func checkOwn(c *content.Content, p *Plan, e Edit) error {
	if c.SubArea(e.SubArea) == nil || e.Outcome == "" ||
		utf8.RuneCountInString(e.Title) > MaxOwnTitle || utf8.RuneCountInString(e.Outcome) > MaxOwnOutcome ||
		!utf8.ValidString(e.Title) || !utf8.ValidString(e.Outcome) {
		return ErrEditText
	}
	last := p.Milestones[len(p.Milestones)-1].Due
	if e.Due.IsZero() || e.Due.Before(p.Start) || e.Due.After(last) {
		return ErrEditDue
	}
	return nil
}

// nextOwnID is an id for a new own action, unique in the plan and its
// edits (a dropped own action's id is not reused).
func nextOwnID(p *Plan) string {
	n := 0
	for _, e := range p.Edits {
		if e.Kind == EditAdd && e.Title != "" {
			n++
		}
	}
	for {
		n++
		id := fmt.Sprintf("own-%d", n)
		if p.index(id) < 0 {
			return id
		}
	}
}

func (p *Plan) index(id string) int {
	for i := range p.Actions {
		if p.Actions[i].ID == id {
			return i
		}
	}
	return -1
}

// apply changes p by e without the checks a person's edit gets: a rebuild
// replays edits leniently, placing an action a move names even when the
// rules did not choose it. It returns the kind of conflict when the edit
// cannot be kept, or an error for a malformed edit.
func (p *Plan) apply(c *content.Content, e Edit) (string, error) {
	i := p.index(e.Action)
	if i >= 0 && p.Actions[i].Carried && e.Kind != EditDrop {
		return ConflictDone, nil
	}
	switch e.Kind {
	case EditDrop:
		if i >= 0 && !p.Actions[i].Carried {
			p.Actions = append(p.Actions[:i], p.Actions[i+1:]...)
		}
	case EditSwap:
		if i >= 0 {
			p.Actions = append(p.Actions[:i], p.Actions[i+1:]...)
		}
		return p.put(c, e.With, e.Milestone, e.Milestone < 0, e.Origin)
	case EditAdd:
		if e.Title != "" {
			return p.putOwn(e), nil
		}
		return p.put(c, e.Action, e.Milestone, false, e.Origin)
	case EditMove:
		if i < 0 {
			return p.put(c, e.Action, e.Milestone, false, e.Origin)
		}
		conflict := ""
		mi := e.Milestone
		if mi >= len(p.Milestones) {
			mi, conflict = len(p.Milestones)-1, ConflictMilestone
		}
		weeks := 1
		if a := c.Action(e.Action); a != nil {
			weeks = a.Weeks
		}
		p.Actions[i] = scheduled(p, p.Actions[i], weeks, mi)
		p.order()
		return conflict, nil
	case EditPostpone:
		if i < 0 {
			return p.put(c, e.Action, -1, true, OriginRules)
		}
		a := &p.Actions[i]
		a.Backlog, a.Milestone, a.Start, a.Due = true, -1, time.Time{}, time.Time{}
	default:
		return "", ErrEditKind
	}
	p.order()
	return "", nil
}

// put places content action id at milestone mi (or in the backlog).
func (p *Plan) put(c *content.Content, id string, mi int, backlog bool, origin string) (string, error) {
	a := c.Action(id)
	if a == nil {
		return ConflictGone, nil
	}
	if p.index(id) >= 0 {
		return ConflictDone, nil
	}
	conflict := ""
	if mi >= len(p.Milestones) {
		mi, conflict = len(p.Milestones)-1, ConflictMilestone
	}
	if origin == OriginOwn {
		origin = OriginRules // the person moved an action the rules offer
	}
	n := Need{SubArea: a.SubArea}
	for _, x := range p.Needs {
		if x.SubArea == a.SubArea {
			n = x
		}
	}
	kind := ReasonChosen
	if origin == OriginMentor {
		kind = ReasonSuggested
	}
	na := Action{
		ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Step: a.Step, Priority: n.Need, Origin: origin,
		Reasons: []Reason{{Kind: kind}, needReason(n)}, Milestone: -1, Backlog: true,
	}
	if !backlog && mi >= 0 {
		na = scheduled(p, na, a.Weeks, mi)
	}
	p.Actions = append(p.Actions, na)
	p.order()
	return conflict, nil
}

// putOwn places an action the person wrote, due on the date they set (at
// the first milestone on or after it).
func (p *Plan) putOwn(e Edit) string {
	mi, conflict := len(p.Milestones)-1, ""
	for i, m := range p.Milestones {
		if !m.Due.Before(day(e.Due)) {
			mi = i
			break
		}
	}
	if e.Due.After(p.Milestones[len(p.Milestones)-1].Due) {
		conflict = ConflictMilestone
	}
	sa := Need{SubArea: e.SubArea}
	for _, n := range p.Needs {
		if n.SubArea == e.SubArea {
			sa = n
		}
	}
	kind := ReasonOwn
	if e.Origin == OriginMentor {
		kind = ReasonSuggested
	}
	origin := e.Origin
	if origin == "" {
		origin = OriginOwn
	}
	p.Actions = append(p.Actions, Action{
		ID: e.Action, Skill: sa.Skill, SubArea: e.SubArea, Milestone: mi, Start: p.Start, Due: day(e.Due),
		Title: e.Title, Outcome: e.Outcome, Origin: origin, Priority: sa.Need, Reasons: []Reason{{Kind: kind}},
	})
	p.order()
	return conflict
}

// editedIDs names the actions the edits place or remove, which the rules
// then leave to the edits.
func editedIDs(edits []Edit) map[string]bool {
	out := map[string]bool{}
	for _, e := range edits {
		out[e.Action] = true
		if e.With != "" {
			out[e.With] = true
		}
	}
	return out
}

// replay applies the previous version's edits to a freshly built plan,
// recording every edit it keeps and a conflict for every one a rule now
// contradicts.
func replay(c *content.Content, in Input, p *Plan) {
	for _, e := range in.Edits {
		kind := ""
		switch {
		case e.Kind == EditAdd && e.Title == "" && in.HasMentor && c.Action(e.Action) != nil && c.Action(e.Action).Mentor == "seek":
			kind = ConflictMentor
		case e.Kind == EditAdd && e.Title != "" && in.Previous[e.Action] == StatusDone:
			p.putOwn(e)
			a := &p.Actions[p.index(e.Action)]
			a.Carried, a.Milestone, a.Reasons = true, -1, []Reason{{Kind: ReasonDoneBefore}}
		case e.Kind != EditDrop && in.Previous[e.Action] == StatusDone:
			continue // done: the edit has served its purpose
		default:
			var err error
			if kind, err = p.apply(c, e); err != nil {
				continue
			}
		}
		p.Edits = append(p.Edits, e)
		if kind != "" {
			p.Conflicts = append(p.Conflicts, Conflict{Edit: len(p.Edits) - 1, Kind: kind, Action: e.Action})
		}
	}
	p.order()
}
