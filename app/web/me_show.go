package web

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/store"

	"cpopath/app/web/chart"
)

type mePage struct {
	Skills []*content.Skill
	// History is every completed skills attempt, newest first, with the
	// change of each score since the attempt before it.
	History []meSkillsRow
	// Latest and Previous are the two newest completed skills attempts;
	// Changes compares them skill by skill.
	Latest   *meSkillsRow
	Previous *meSkillsRow
	Changes  []meScore
	Trends   []*chart.Trend
	Paths    []mePathRow
	Open     []meOpen
	// StartSkills and StartPath are the assessments with no attempt in
	// progress, which can be started afresh.
	StartSkills *assess.Assessment
	StartPath   *assess.Assessment
	Mentors     []*store.MentorLink
	Ratings     int
	// PlanState is the latest plan's review state as stored, "" when there
	// is no plan yet; PlanVersion is that plan's version number.
	PlanState   string
	PlanVersion int
	Locale      string
	Langs       []meLang
}

type meSkillsRow struct {
	Attempt *store.Attempt
	Scores  []meScore
}

type meScore struct {
	Skill    *content.Skill
	Score    int // -1 when the attempt has no score for the skill
	Previous int
	Delta    int
	HasDelta bool
	// ChangeMark is the change as the eye sees it (▲ +5), ChangeText as
	// a screen reader says it ("up 5 from 57"), ChangeClass styles it.
	ChangeMark  string
	ChangeText  string
	ChangeClass string
}

// describeChange fills in how a change of score is shown.
func describeChange(v *View, s *meScore) {
	switch {
	case s.Delta > 0:
		s.ChangeMark, s.ChangeClass = "▲ +"+itoa(s.Delta), "up"
		s.ChangeText = v.L.T("me.change.up", "N", s.Delta, "Previous", s.Previous)
	case s.Delta < 0:
		s.ChangeMark, s.ChangeClass = "▼ −"+itoa(-s.Delta), "down"
		s.ChangeText = v.L.T("me.change.down", "N", -s.Delta, "Previous", s.Previous)
	default:
		s.ChangeMark = "="
		s.ChangeText = v.L.T("me.change.same")
	}
}

type mePathRow struct {
	Attempt *store.Attempt
	Step    *content.Step
	Score   int
}

type meOpen struct {
	Attempt  *store.Attempt
	Title    content.Text
	Answered int
	Total    int
	URL      string
}

type meLang struct {
	Code, Name string
	Selected   bool
}

// meShow is the signed-in person's dashboard: every attempt with its date
// and scores, the trend of each skill, what changed since last time, the
// way back into an unfinished attempt, mentors, language and data.
func (h *handler) meShow(c *fiber.Ctx) error {
	u := h.user(c)
	ctx := c.UserContext()
	v := h.view(c)
	p := mePage{Locale: u.Locale}
	for i := range h.c.Skills {
		p.Skills = append(p.Skills, &h.c.Skills[i])
	}
	attempts, err := h.st.Attempts(ctx, store.Owner{UserID: u.ID})
	if err != nil {
		return err
	}
	open := map[string]bool{}
	for _, at := range attempts {
		a := h.as.Get(at.AssessmentID)
		if a == nil {
			continue // an assessment that is no longer shipped
		}
		if !at.Completed() {
			if open[a.ID] {
				continue // only the newest open attempt can be continued
			}
			open[a.ID] = true
			answers, err := h.st.Answers(ctx, at.ID)
			if err != nil {
				return err
			}
			p.Open = append(p.Open, meOpen{Attempt: at, Title: a.Title, Answered: answeredCount(a, answers), Total: len(a.Items),
				URL: assessURL(a, itoa(firstOpenPage(a, answers)))})
			continue
		}
		res, err := at.Result()
		if err != nil {
			return fmt.Errorf("me: %w", err)
		}
		if res.Placement != nil {
			p.Paths = append(p.Paths, mePathRow{Attempt: at, Step: h.c.Step(res.Placement.Step), Score: res.Placement.Score})
			continue
		}
		row := meSkillsRow{Attempt: at}
		for _, sk := range p.Skills {
			sc := meScore{Skill: sk, Score: -1}
			if s := res.Section(sk.ID); s != nil {
				sc.Score = s.Score
			}
			row.Scores = append(row.Scores, sc)
		}
		p.History = append(p.History, row)
	}
	// History is newest first: each row's change is against the next one.
	for i := 0; i+1 < len(p.History); i++ {
		for j := range p.History[i].Scores {
			cur, prev := &p.History[i].Scores[j], p.History[i+1].Scores[j]
			if cur.Score >= 0 && prev.Score >= 0 {
				cur.Previous, cur.Delta, cur.HasDelta = prev.Score, cur.Score-prev.Score, true
				describeChange(v, cur)
			}
		}
	}
	if len(p.History) > 0 {
		p.Latest = &p.History[0]
		p.Changes = p.Latest.Scores
		if len(p.History) > 1 {
			p.Previous = &p.History[1]
		}
		p.Trends = h.trends(v, p.Skills, p.History)
	}
	if a := h.as.Get(skillsAssessment); a != nil && !open[a.ID] {
		p.StartSkills = a
	}
	if a := h.as.Get(pathAssessment); a != nil && !open[a.ID] {
		p.StartPath = a
	}
	if p.Mentors, err = h.st.Mentors(ctx, u.ID); err != nil {
		return err
	}
	ratings, err := h.st.MenteeRatings(ctx, u.ID)
	if err != nil {
		return err
	}
	p.Ratings = len(ratings)
	versions, err := h.st.PlanVersions(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(versions) > 0 {
		p.PlanState, p.PlanVersion = versions[0].State, versions[0].Version
	}
	p.Langs = append(p.Langs, meLang{Code: "", Name: v.L.T("me.language.auto"), Selected: u.Locale == ""})
	for _, l := range h.tr.Langs() {
		p.Langs = append(p.Langs, meLang{Code: l, Name: langNames[l], Selected: u.Locale == l})
	}
	v.Title = v.L.T("me.title")
	v.Nav = "me"
	v.Data = p
	return h.views.render(c, "me", v)
}

// trends draws one chart per skill over the completed attempts, oldest
// first.
func (h *handler) trends(v *View, skills []*content.Skill, history []meSkillsRow) []*chart.Trend {
	var out []*chart.Trend
	for j, sk := range skills {
		var scores []int
		var dates, spoken []string
		for i := len(history) - 1; i >= 0; i-- {
			s := history[i].Scores[j].Score
			if s < 0 {
				continue
			}
			scores = append(scores, s)
			dates = append(dates, v.L.ShortDate(history[i].Attempt.CompletedAt))
			spoken = append(spoken, v.L.T("me.trend.point", "Date", v.Date(history[i].Attempt.CompletedAt), "Score", s))
		}
		if len(scores) == 0 {
			continue
		}
		name := v.Tx(sk.Name)
		desc := v.L.T("me.trend.desc", "Count", len(scores), "Skill", name, "Points", strings.Join(spoken, "; "))
		out = append(out, chart.NewTrend("trend-"+sk.ID, v.L.T("me.trend.title", "Skill", name), desc, scores, dates))
	}
	return out
}
