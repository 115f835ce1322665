package web

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/plan"
	"cpopath/app/store"

	"cpopath/app/web/chart"
)

// Plan page modes.
const (
	planModeOwner   = "owner"   // the person's latest version: editable
	planModeVersion = "version" // an earlier version: read only
	planModeMentor  = "mentor"  // a mentor reviewing a mentee's latest version
)

// planPage is what templates/pages/plan.html shows.
type planPage struct {
	Mode        string
	Plan        *store.Plan
	OwnerName   string
	Editable    bool
	Latest      bool
	Target      string // the target role's name
	Horizon     int
	Readiness   planReadiness
	Chart       *chart.Radar
	Skills      []planSkillRow
	Path        *planPathView
	Steps       []planStep
	Timeline    []planMilestone
	Kept        []planAction
	Resources   []planResource
	Done        int
	Doing       int
	Total       int
	Percent     int
	Overall     []store.PlanComment // overall comments, oldest first
	Versions    []store.PlanVersion
	Reviewers   []string
	CanSubmit   bool
	CanWithdraw bool
	CanReview   bool
	Stale       []string // message ids: what changed since the plan was built
	PDFURL      string
	ReviewURL   string
	Today       string // YYYY-MM-DD, the latest date a done action may carry
	Targets     []targetOption
	TargetRole  string
	Horizons    []int
	MaxNote     int
	MaxComment  int
	Statuses    []string
	views       map[string]planAction
	hasMentor   bool // an active mentorship: no mentor-seeking alternatives

	// Rules 2: focus areas first, the next 90 days in full, later
	// quarters and the backlog compact, and the person's edits.
	Focus       []planFocus
	Later       []planMilestone
	Backlog     []planAction
	Conflicts   []string
	Changes     []string // what changed since the mentor's last decision
	ChangesAt   string   // when that decision was made
	Suggestions []planSuggestion
	CanEdit     bool // the owner may edit (not while in review)
	CanSuggest  bool // a mentor may suggest
	SuggestURL  string
	MoveTo      []option // milestones an action may move to
	SubAreas    []option // sub-areas an own action may build
	AddActions  []option // content actions not in the plan (for a mentor's suggestion)
	Hours       int
	HoursMin    int
	HoursMax    int
	MaxTitle    int
	MaxOutcome  int
	MaxReason   int
	DueMin      string
	DueMax      string
	Saved       string // the action whose progress was just saved
	// Refill is the first backlog action, offered in place of the action
	// just finished, due at RefillTo (move:N).
	Refill    *planAction
	RefillTo  string
	FormError *planFormError
}

// planFormError is a refused progress save shown in its action's card,
// with what the person typed kept.
type planFormError struct {
	Action, Message, Status, Note, DoneOn string
}

type planFocus struct {
	SubArea, Skill string
	Score          int
	Why            []string
	Actions        []planAction
}

type planSuggestion struct {
	ID         int64
	AuthorName string
	Comment    string
	Text       string // the suggested change, in words
	State      string
	Date       string
}

type option struct {
	Value, Label string
}

type planReadiness struct {
	Score     int
	Level     *content.Level
	Mentor    int
	HasMentor bool
}

type planSkillRow struct {
	Skill     *content.Skill
	Self      int
	Mentor    int
	HasMentor bool
	Level     *content.Level
}

type planPathView struct {
	Step    *content.Step
	Next    *content.Step
	Because string
	Role    *content.Role
}

type planStep struct {
	Step     *content.Step
	Position string
	Actions  []planAction
	Done     int
	Total    int
	Percent  int
}

type planMilestone struct {
	Label   string
	Due     string
	Actions []planAction
	Hours   int
}

type planAction struct {
	// V and P give the action's template the page around it.
	V         *View
	P         *planPage
	A         *content.Action
	Own       bool   // written by the person: A holds their words
	Origin    string // plan.OriginRules, OriginOwn or OriginMentor
	Backlog   bool
	Alts      []option // alternatives of the same sub-area to swap in
	Num       int
	Milestone string
	Start     string
	Due       string
	Status    string
	Note      string
	DoneOn    string
	DoneDate  string // DoneOn, formatted
	Why       []string
	Carried   bool
	Comments  []store.PlanComment
}

type planResource struct {
	R       *content.Resource
	Why     []string
	Actions []planAction
}

type targetOption struct {
	ID, Name string
	// Summary is the guide's account of the role (content/path.yaml); empty
	// for the CPO role itself.
	Summary string
}

// Percent returns n of total as a whole percentage.
func percentOf(n, total int) int {
	if total == 0 {
		return 0
	}
	return (100*n + total/2) / total
}

// latestResult returns the user's newest completed result of assessment
// id, or nil.
func (h *handler) latestResult(ctx context.Context, userID int64, id string) (*store.Attempt, *assess.Result, error) {
	at, err := h.st.LatestResult(ctx, store.Owner{UserID: userID}, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	res, err := at.Result()
	if err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	return at, &res, nil
}

// planInput gathers what a new plan for the user is built from: the
// latest results, the latest rating by an active mentor, the target, the
// hours per week and whether a mentor is active. What the new plan keeps
// of the previous version is read when the version is created
// (rebuildPlan). It returns nil when there is no skills result.
func (h *handler) planInput(ctx context.Context, userID int64) (*plan.Input, error) {
	sat, skills, err := h.latestResult(ctx, userID, skillsAssessment)
	if err != nil || skills == nil {
		return nil, err
	}
	in := &plan.Input{Content: h.c, Skills: *skills, Start: h.cfg.Now()}
	in.Basis.SkillsAttempt, in.Basis.SkillsAt = sat.PublicID, sat.CompletedAt
	pat, path, err := h.latestResult(ctx, userID, pathAssessment)
	if err != nil {
		return nil, err
	}
	if path != nil {
		in.Path = path
		in.Basis.PathAttempt, in.Basis.PathAt = pat.PublicID, pat.CompletedAt
	}
	r, err := h.st.LatestRating(ctx, userID)
	switch {
	case err == nil:
		in.Mentor = plan.NewMentor(h.c, r.Scores)
		if in.Mentor != nil {
			in.Basis.RatingID, in.Basis.RatedAt, in.Basis.MentorName = r.ID, r.CreatedAt, r.MentorName
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if in.Target, err = h.st.UserTarget(ctx, userID); err != nil {
		return nil, err
	}
	if in.HoursPerWeek, err = h.st.UserHours(ctx, userID); err != nil {
		return nil, err
	}
	mentors, err := h.st.PlanReviewers(ctx, userID)
	if err != nil {
		return nil, err
	}
	in.HasMentor = len(mentors) > 0
	return in, nil
}

// staleReasons says what has changed since p was built: newer results, a
// newer rating, another target. Each is a message id.
func (h *handler) staleReasons(ctx context.Context, userID int64, p *store.Plan) ([]string, error) {
	in, err := h.planInput(ctx, userID)
	if err != nil || in == nil {
		return nil, err
	}
	b := p.Body.Basis
	var out []string
	if in.Basis.SkillsAttempt != b.SkillsAttempt {
		out = append(out, "plan.stale.skills")
	}
	if in.Basis.PathAttempt != b.PathAttempt {
		out = append(out, "plan.stale.path")
	}
	if in.Basis.RatingID != b.RatingID {
		out = append(out, "plan.stale.rating")
	}
	if in.Target.Role != p.Body.Target.Role || in.Target.HorizonMonths != p.Body.Target.HorizonMonths {
		out = append(out, "plan.stale.target")
	}
	if p.Body.Rules >= 2 && in.HoursPerWeek != p.Body.HoursPerWeek {
		out = append(out, "plan.stale.hours")
	}
	if p.Body.Rules < plan.Rules {
		out = append(out, "plan.stale.rules")
	}
	return out, nil
}

// planPageFor builds the view of plan version p in mode.
func (h *handler) planPageFor(c *fiber.Ctx, v *View, p *store.Plan, mode string) (*planPage, error) {
	ctx := c.UserContext()
	body := p.Body
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	comments, err := h.st.PlanComments(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	pg := &planPage{
		Mode: mode, Plan: p, OwnerName: p.OwnerName,
		Target:     plan.TargetName(body.Target.Role, v.L.T, h.c, v.Lang),
		Horizon:    body.Target.HorizonMonths,
		MaxNote:    store.MaxPlanNote,
		MaxComment: store.MaxPlanComment,
		Today:      h.cfg.Now().Format(time.DateOnly),
		Statuses:   []string{plan.StatusTodo, plan.StatusDoing, plan.StatusDone},
	}
	// A mentor reads the page's own sentences in their ".mentor" form,
	// which speaks of the mentee instead of to them, where there is one.
	suffix, explain := "", plan.Translator(v.L.T)
	if mode == planModeMentor {
		suffix = ".mentor"
		explain = func(id string, args ...any) string {
			if v.L.Has(id + suffix) {
				return v.L.T(id+suffix, args...)
			}
			return v.L.T(id, args...)
		}
	}
	// Readiness and the radar of self and mentor.
	pg.Readiness = planReadiness{Score: body.Readiness.Score, Level: h.c.Level(body.Readiness.Level), Mentor: body.Readiness.Mentor, HasMentor: body.Readiness.HasMentor}
	var labels []string
	var self, ment []int
	hasMentor := false
	for _, s := range body.Skills {
		sk := h.c.Skill(s.ID)
		if sk == nil {
			continue
		}
		pg.Skills = append(pg.Skills, planSkillRow{Skill: sk, Self: s.Self, Mentor: s.Mentor, HasMentor: s.HasMentor, Level: h.c.Level(s.SelfLevel)})
		labels = append(labels, v.Tx(sk.Name))
		self = append(self, s.Self)
		ment = append(ment, s.Mentor)
		hasMentor = hasMentor || s.HasMentor
	}
	if len(labels) >= 3 {
		pg.Chart = chart.NewRadar(labels)
		pg.Chart.Title = v.L.T("plan.chart.title" + suffix)
		pg.Chart.Desc = v.L.T("plan.chart.desc")
		if hasMentor {
			pg.Chart.Add("mentor", v.L.T("plan.chart.mentor"), ment)
		}
		pg.Chart.Add("self", v.L.T("plan.chart.self"), self)
	}
	if body.Path != nil {
		pv := &planPathView{Step: h.c.Step(body.Path.Step), Next: h.c.Step(body.Path.Next), Role: h.c.Role(body.Path.Role)}
		if a := h.as.Get(pathAssessment); a != nil && body.Path.Rule >= 0 && body.Path.Rule < len(a.Placement) {
			pv.Because = v.Because(a.Placement[body.Path.Rule].Because, body.Path.Score)
			if mode == planModeMentor {
				// The placement's reason speaks to the mentee.
				pv.Because = v.L.T("results.path.score.of", "Score", body.Path.Score)
			}
		}
		if pv.Step != nil {
			pg.Path = pv
		}
	}

	mentors, err := h.st.PlanReviewers(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	pg.hasMentor = len(mentors) > 0
	pg.actions(h, v, body, progress, comments, explain)
	for _, r := range body.Resources {
		cr := h.c.Resource(r.ID)
		if cr == nil {
			continue
		}
		pr := planResource{R: cr}
		for _, reason := range r.Reasons {
			pr.Why = append(pr.Why, plan.Explain(reason, explain, h.c, v.Lang))
		}
		for _, id := range r.Actions {
			if pa, ok := pg.views[id]; ok {
				pr.Actions = append(pr.Actions, pa)
			}
		}
		pg.Resources = append(pg.Resources, pr)
	}
	for _, cf := range body.Conflicts {
		pg.Conflicts = append(pg.Conflicts, v.L.T("plan.conflict."+cf.Kind, "Title", h.actionTitle(v, &body, cf.Action)))
	}
	return pg, nil
}

// actionTitle names an action of body (content or own) in v's language.
func (h *handler) actionTitle(v *View, body *plan.Plan, id string) string {
	if a := h.c.Action(id); a != nil {
		return v.Tx(a.Title)
	}
	if a := body.Action(id); a != nil && a.Title != "" {
		return a.Title
	}
	return id
}

// actionView is the content of action a as a card shows it: the shipped
// action, or one the person wrote in their own words.
func (h *handler) actionView(a plan.Action) (*content.Action, bool) {
	if ca := h.c.Action(a.ID); ca != nil {
		return ca, false
	}
	if a.Title == "" {
		return nil, false // an action no longer shipped
	}
	return &content.Action{ID: a.ID, Skill: a.Skill, SubArea: a.SubArea, Title: content.NewText(a.Title), Outcome: content.NewText(a.Outcome)}, true
}

// actions fills the page's action views, counts (from plan.Summarize, as
// the PDF counts), milestones, focus areas and backlog.
func (pg *planPage) actions(h *handler, v *View, body plan.Plan, progress map[string]store.PlanAction, comments []store.PlanComment, explain plan.Translator) {
	byComments := map[string][]store.PlanComment{}
	for _, cm := range comments {
		if cm.ActionID == "" {
			pg.Overall = append(pg.Overall, cm)
		} else {
			byComments[cm.ActionID] = append(byComments[cm.ActionID], cm)
		}
	}
	status := map[string]string{}
	pg.views = map[string]planAction{}
	for i, a := range body.Actions {
		ca, own := h.actionView(a)
		if ca == nil {
			continue
		}
		pr := progress[a.ID]
		status[a.ID] = pr.Status
		pa := planAction{V: v, P: pg, A: ca, Own: own, Origin: a.Origin, Backlog: a.Backlog, Num: i + 1,
			Status: pr.Status, Note: pr.Note, DoneOn: pr.DoneOn, Carried: a.Carried, Comments: byComments[a.ID]}
		if d, err := time.Parse(time.DateOnly, pr.DoneOn); err == nil {
			pa.DoneDate = v.Date(d)
		}
		if pa.Status == "" {
			pa.Status = plan.StatusTodo
		}
		if a.Milestone >= 0 && a.Milestone < len(body.Milestones) {
			pa.Milestone = milestoneLabel(v, body.Milestones[a.Milestone])
			pa.Start, pa.Due = v.Date(a.Start), v.Date(a.Due)
		}
		for _, r := range a.Reasons {
			pa.Why = append(pa.Why, plan.Explain(r, explain, h.c, v.Lang))
		}
		if !own && !a.Carried {
			for _, alt := range h.c.Actions {
				if alt.SubArea == a.SubArea && body.Action(alt.ID) == nil && (alt.Mentor != "seek" || !pg.hasMentor) {
					pa.Alts = append(pa.Alts, option{alt.ID, v.Tx(alt.Title)})
				}
			}
		}
		pg.views[a.ID] = pa
		switch {
		case a.Carried:
			pg.Kept = append(pg.Kept, pa)
		case a.Backlog:
			pg.Backlog = append(pg.Backlog, pa)
		}
	}
	sum := plan.Summarize(&body, status, func(id string) int {
		if a := h.c.Action(id); a != nil {
			return a.EffortHours
		}
		return 0
	})
	pg.Total, pg.Done, pg.Doing, pg.Percent = sum.Total, sum.Done, sum.Doing, sum.Percent
	pg.steps(h, body)
	pg.milestones(v, body, sum)
	pg.focus(h, v, body)
	pg.options(h, v, body)
}

// steps counts the progress on each step of the path.
func (pg *planPage) steps(h *handler, body plan.Plan) {
	for _, sp := range body.Steps {
		st := h.c.Step(sp.Step)
		if st == nil {
			continue
		}
		ps := planStep{Step: st, Position: sp.Position}
		for _, a := range body.ActionsOfStep(sp.Step) {
			if pa, ok := pg.views[a.ID]; ok && !a.Backlog {
				ps.Total++
				if pa.Status == plan.StatusDone || a.Carried {
					ps.Done++
				}
			}
		}
		ps.Percent = percentOf(ps.Done, ps.Total)
		pg.Steps = append(pg.Steps, ps)
	}
}

// milestones groups the actions by milestone: the first 90 days in
// Timeline, the quarters after them in Later.
func (pg *planPage) milestones(v *View, body plan.Plan, sum plan.Summary) {
	for i, m := range body.Milestones {
		pm := planMilestone{Label: milestoneLabel(v, m), Due: v.Date(m.Due), Hours: sum.Milestones[i].Hours}
		for _, a := range body.ActionsAt(i) {
			if pa, ok := pg.views[a.ID]; ok {
				pm.Actions = append(pm.Actions, pa)
			}
		}
		if m.Quarterly() {
			pg.Later = append(pg.Later, pm)
		} else {
			pg.Timeline = append(pg.Timeline, pm)
		}
		pg.MoveTo = append(pg.MoveTo, option{"move:" + strconv.Itoa(i), pm.Label + " · " + pm.Due})
	}
}

// focus describes the focus areas, why each was chosen and its actions.
func (pg *planPage) focus(h *handler, v *View, body plan.Plan) {
	for _, f := range body.Focus {
		sa, sk := h.c.SubArea(f.SubArea), h.c.Skill(f.Skill)
		if sa == nil || sk == nil {
			continue
		}
		pf := planFocus{SubArea: v.Tx(sa.Name), Skill: v.Tx(sk.Name), Score: f.Score}
		for _, k := range []struct {
			on bool
			id string
		}{{f.Priority, "plan.focus.why.priority"}, {f.BlindSpot, "plan.focus.why.blind_spot"}, {f.TargetRole, "plan.focus.why.target_role"}} {
			if k.on {
				pf.Why = append(pf.Why, v.L.T(k.id, "Skill", v.Tx(sk.Name), "Role", pg.Target, "Rating", f.Mentor))
			}
		}
		for _, a := range body.Actions {
			if pa, ok := pg.views[a.ID]; ok && a.SubArea == f.SubArea && a.Active() {
				pf.Actions = append(pf.Actions, pa)
			}
		}
		pg.Focus = append(pg.Focus, pf)
	}
}

// options fills what the edit forms offer and their limits.
func (pg *planPage) options(h *handler, v *View, body plan.Plan) {
	for _, sk := range h.c.Skills {
		for _, sa := range sk.SubAreas {
			pg.SubAreas = append(pg.SubAreas, option{sa.ID, v.Tx(sk.Name) + ": " + v.Tx(sa.Name)})
		}
	}
	pg.Hours, pg.HoursMin, pg.HoursMax = body.HoursPerWeek, plan.MinHoursPerWeek, plan.MaxHoursPerWeek
	if pg.Hours == 0 {
		pg.Hours = plan.DefaultHoursPerWeek
	}
	pg.MaxTitle, pg.MaxOutcome, pg.MaxReason = plan.MaxOwnTitle, plan.MaxOwnOutcome, plan.MaxDropReason
	pg.DueMin = body.Start.Format(time.DateOnly)
	if n := len(body.Milestones); n > 0 {
		pg.DueMax = body.Milestones[n-1].Due.Format(time.DateOnly)
	}
}

func milestoneLabel(v *View, m plan.Milestone) string {
	if m.Quarterly() {
		return v.L.T("plan.milestone.month", "Months", m.Months)
	}
	return v.L.T("plan.milestone.days", "Days", m.Days)
}

// targetOptions lists the roles a person may aim for, in the view's
// language.
func (h *handler) targetOptions(v *View) []targetOption {
	var out []targetOption
	for _, id := range plan.TargetRoles(h.c) {
		o := targetOption{ID: id, Name: plan.TargetName(id, v.L.T, h.c, v.Lang)}
		if r := h.c.Role(id); r != nil {
			o.Summary = v.Tx(r.Summary)
		}
		out = append(out, o)
	}
	return out
}

// planID parses a plan id from a form field.
func planID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0
}

// planError maps the store's refusals to translated 4xx errors.
func planError(err error) error {
	switch {
	case errors.Is(err, store.ErrPlanStatus):
		return newError(fiber.StatusUnprocessableEntity, "plan.error.status")
	case errors.Is(err, store.ErrPlanNote):
		return newError(fiber.StatusUnprocessableEntity, "plan.error.note_long", "Max", store.MaxPlanNote)
	case errors.Is(err, store.ErrPlanDate):
		return newError(fiber.StatusUnprocessableEntity, "plan.error.date")
	case errors.Is(err, store.ErrPlanComment):
		return newError(fiber.StatusUnprocessableEntity, "plan.error.comment", "Max", store.MaxPlanComment)
	case errors.Is(err, store.ErrPlanOld):
		return newError(fiber.StatusConflict, "plan.error.old")
	case errors.Is(err, store.ErrPlanState):
		return newError(fiber.StatusConflict, "plan.error.state")
	}
	return err
}
