package web

import (
	"errors"
	"fmt"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/store"

	"cpopath/app/web/chart"
)

type resultsPage struct {
	A          *assess.Assessment
	Attempt    *store.Attempt
	Result     assess.Result
	Chart      *chart.Radar
	Skills     []skillResult
	Strongest  []skillResult
	Priorities []skillResult
	// Career path
	Sections  []sectionResult
	Placement *placementView
	Own       bool
	// HasPath reports whether the owner has a career-path result, so the
	// page does not offer to take it again as the next step.
	HasPath bool
	// OwnerName is whose results a mentor is looking at (not Own).
	OwnerName string
	// The rendered pieces of a skills result, joined (resultPieces).
	ScoreRows, StrongItems, PriorityItems, Whys, Details template.HTML
	// Honest reporting (issue 14): the response-quality flags, whether a
	// level above Advanced is shown (always with a caution), the margin a
	// strength or priority must clear, and the guide's challenges that
	// meet the person's priorities (or their step, on the path).
	Flags      []qualityFlag
	TopLevel   *content.Level
	TopShown   bool
	Margin     int
	Challenges []*content.Challenge
}

// qualityFlag is one response-quality flag with the sections it was found
// in, by name.
type qualityFlag struct {
	ID       string
	Sections []string
}

type skillResult struct {
	Skill      *content.Skill
	Score      int
	Level      *content.Level
	Descriptor content.Text
	SubAreas   []subResult
	Low        []lowAnswer
	// BandLow..BandHigh is the score's uncertainty; HasBand is false for
	// results stored before bands existed.
	BandLow, BandHigh int
	HasBand           bool
}

type subResult struct {
	SubArea    *content.SubArea
	Score      int
	Items      int
	Indicative bool
}

// lowAnswer is an answer that pulled a score down, shown as "why this
// result": the question, what the person answered, and its contribution.
type lowAnswer struct {
	Item   *assess.Item
	Answer content.Text
	Score  int
}

type sectionResult struct {
	Name  content.Text
	Score int
}

type placementView struct {
	Step     *content.Step
	Because  content.Text
	Score    int
	Role     *content.Role
	Evidence []lowAnswer
	// Steps reports every step on its own (results from version 2 on).
	Steps []stepView
	// AllMet: every step shows its evidence.
	AllMet bool
}

// stepView is one path step's status and the answers that decided it.
type stepView struct {
	Step    *content.Step
	Status  string
	Current bool
	Answers []lowAnswer
}

// resultsShow renders a completed attempt's result from its snapshot. Only
// the owner may see it; to anyone else it does not exist.
func (h *handler) resultsShow(c *fiber.Ctx) error {
	at, err := h.st.Attempt(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	if !h.canSeeAttempt(c, at) {
		return errNotFound
	}
	a := h.as.Get(at.AssessmentID)
	if a == nil {
		return errNotFound
	}
	if !at.Completed() {
		return c.Redirect(assessURL(a), fiber.StatusSeeOther)
	}
	res, err := at.Result()
	if err != nil {
		return fmt.Errorf("results: %w", err)
	}
	v := h.view(c)
	p := resultsPage{A: a, Attempt: at, Result: res, Own: h.owner(c).Owns(at)}
	if !p.Own {
		// canSeeAttempt let a mentor in: the heading names the mentee.
		owner, err := h.st.User(c.UserContext(), at.UserID)
		if err != nil {
			return err
		}
		p.OwnerName = owner.Name
	}
	if p.Own && at.UserID != 0 {
		switch _, err := h.st.LatestResult(c.UserContext(), store.Owner{UserID: at.UserID}, pathAssessment); {
		case err == nil:
			p.HasPath = true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	if res.Placement == nil {
		h.fillSkillResults(v, &p, a, res)
		if err := h.resultPieces(v, &p); err != nil {
			return err
		}
	} else {
		h.fillPathResults(&p, a, res, at)
	}
	v.Title = v.L.T("results.title") + " · " + v.Tx(a.Title)
	v.Nav = "results"
	v.Data = p
	return h.views.render(c, "results", v)
}

// canSeeAttempt reports whether the requester may see at: its owner, an
// active mentor of its owner (ending the mentorship ends that), or, for a
// skills result, an organiser of a team in which the owner shares.
func (h *handler) canSeeAttempt(c *fiber.Ctx, at *store.Attempt) bool {
	if h.user(c) == nil && !hasBrowserKey(c) {
		return false
	}
	if h.owner(c).Owns(at) {
		return true
	}
	if at.UserID == 0 {
		return false
	}
	ok, err := h.isMentorOf(c, at.UserID)
	if err != nil {
		h.log.Error("mentor check", "request_id", requestID(c), "err", err)
	}
	if ok || at.AssessmentID != skillsAssessment {
		return ok
	}
	// A team member who shares lets the team's organisers see their skills
	// results; withdrawing or leaving ends it at once.
	return h.sharesWithMe(c, 0, at.UserID)
}

func (h *handler) skillResultOf(a *assess.Assessment, s assess.SectionScore, answersNeeded bool) skillResult {
	sk := h.c.Skill(s.ID)
	sr := skillResult{Skill: sk, Score: s.Score, Level: h.c.Level(s.Level), Descriptor: h.c.Descriptor(s.ID, s.Level),
		BandLow: s.BandLow, BandHigh: s.BandHigh, HasBand: s.Items > 0}
	if sr.Level == nil {
		sr.Level = h.c.LevelFor(s.Score)
		sr.Descriptor = h.c.Descriptor(s.ID, sr.Level.ID)
	}
	for _, sa := range s.SubAreas {
		if sub := h.c.SubArea(sa.ID); sub != nil {
			sr.SubAreas = append(sr.SubAreas, subResult{SubArea: sub, Score: sa.Score, Items: sa.Items, Indicative: sa.Indicative})
		}
	}
	if answersNeeded {
		sr.Low = h.lowAnswers(a, s.Low)
	}
	return sr
}

// lowAnswers turns stored item scores into readable answers; items that no
// longer exist in the content are skipped rather than shown broken.
func (h *handler) lowAnswers(a *assess.Assessment, low []assess.ItemScore) []lowAnswer {
	var out []lowAnswer
	for _, l := range low {
		it := a.Item(l.Item)
		if it == nil {
			continue
		}
		la := lowAnswer{Item: it, Score: l.Score}
		if it.Kind == assess.KindRated {
			if sc := a.Scale(it.Scale); sc != nil {
				for _, an := range sc.Anchors {
					if itoa(an.Value) == l.Value {
						la.Answer = an.Text
					}
				}
			}
		} else if o := it.Option(l.Value); o != nil {
			la.Answer = o.Text
		}
		if la.Answer.IsZero() {
			// An answer the current content no longer has (an option
			// replaced in a later version): shown broken, it would mislead.
			continue
		}
		out = append(out, la)
	}
	return out
}

func (h *handler) fillSkillResults(v *View, p *resultsPage, a *assess.Assessment, res assess.Result) {
	labels := make([]string, 0, len(res.Sections))
	scores := make([]int, 0, len(res.Sections))
	for _, s := range res.Sections {
		if h.c.Skill(s.ID) == nil {
			continue
		}
		p.Skills = append(p.Skills, h.skillResultOf(a, s, false))
		labels = append(labels, v.Tx(h.c.Skill(s.ID).Name))
		scores = append(scores, s.Score)
	}
	p.Chart = h.views.radar(labels)
	p.Chart.Title = v.L.T("results.chart.title")
	p.Chart.Desc = v.L.T("results.chart.desc")
	self := v.L.T("results.chart.self")
	if !p.Own {
		p.Chart.Title = v.L.T("results.chart.title.of", "Name", p.OwnerName)
		self = v.L.T("results.chart.self.of")
	}
	p.Chart.Add("self", self, scores)
	for _, id := range res.Strongest {
		if s := res.Section(id); s != nil && h.c.Skill(id) != nil {
			p.Strongest = append(p.Strongest, h.skillResultOf(a, *s, false))
		}
	}
	for _, id := range res.Priorities {
		if s := res.Section(id); s != nil && h.c.Skill(id) != nil {
			p.Priorities = append(p.Priorities, h.skillResultOf(a, *s, true))
		}
	}
	h.fillHonesty(v, p, a, res)
}

// fillHonesty adds what keeps a skills result honest: its flags, the
// caution beside any level above Advanced, and the challenges of the guide
// that the person's priorities meet.
func (h *handler) fillHonesty(v *View, p *resultsPage, a *assess.Assessment, res assess.Result) {
	p.Margin = a.Reporting.Margin
	if res.Quality != nil {
		for _, id := range res.Quality.Flags {
			f := qualityFlag{ID: id}
			for _, sec := range res.Quality.Sections[id] {
				if sk := h.c.Skill(sec); sk != nil {
					f.Sections = append(f.Sections, v.Tx(sk.Name))
				}
			}
			p.Flags = append(p.Flags, f)
		}
	}
	if n := len(h.c.Levels); n > 0 {
		p.TopLevel = &h.c.Levels[n-1]
		for _, s := range p.Skills {
			p.TopShown = p.TopShown || s.Level.ID == p.TopLevel.ID
		}
	}
	for _, pr := range res.Priorities {
		p.Challenges = h.challengesFor(p.Challenges, pr)
	}
}

// challengesFor adds the guide's challenges that involve skill, once each.
func (h *handler) challengesFor(list []*content.Challenge, skill string) []*content.Challenge {
	for i := range h.c.Challenges {
		ch := &h.c.Challenges[i]
		if !containsString(ch.Skills, skill) {
			continue
		}
		dup := false
		for _, x := range list {
			dup = dup || x == ch
		}
		if !dup {
			list = append(list, ch)
		}
	}
	return list
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (h *handler) fillPathResults(p *resultsPage, a *assess.Assessment, res assess.Result, at *store.Attempt) {
	for _, s := range res.Sections {
		if sec := a.Section(s.ID); sec != nil && sec.ID != "role" {
			p.Sections = append(p.Sections, sectionResult{Name: h.sectionName(sec), Score: s.Score})
		}
	}
	pl := res.Placement
	pv := &placementView{Step: h.c.Step(pl.Step), Score: pl.Score, Role: h.c.Role(pl.Role)}
	if pl.Rule < len(a.Placement) {
		pv.Because = a.Placement[pl.Rule].Because
	}
	if s := res.Section(pl.Section); s != nil {
		pv.Evidence = h.lowAnswers(a, s.Low)
	}
	for _, st := range pl.Steps {
		step := h.c.Step(st.Step)
		if step == nil {
			continue
		}
		sv := stepView{Step: step, Status: st.Status, Current: st.Step == pl.Step && st.Status != assess.StepMet}
		sv.Answers = h.pathAnswers(a, st.Answers)
		pv.Steps = append(pv.Steps, sv)
	}
	if len(pv.Steps) > 0 {
		pv.AllMet = true
		for _, st := range pv.Steps {
			pv.AllMet = pv.AllMet && st.Status == assess.StepMet
		}
	}
	// The guide's pressures are those of leading: shown once a person is
	// at the leadership step.
	if pv.Step != nil && pv.Step.Rank == len(h.c.Steps)-1 {
		for i := range h.c.Challenges {
			p.Challenges = append(p.Challenges, &h.c.Challenges[i])
		}
	}
	p.Placement = pv
}

// pathAnswers are the answers that decided a step, each with the option
// chosen; a question left unanswered is left out.
func (h *handler) pathAnswers(a *assess.Assessment, answers []assess.ItemScore) []lowAnswer {
	var out []lowAnswer
	for _, an := range answers {
		it := a.Item(an.Item)
		if it == nil {
			continue
		}
		if o := it.Option(an.Value); o != nil {
			out = append(out, lowAnswer{Item: it, Answer: o.Text, Score: an.Score})
		}
	}
	return out
}
