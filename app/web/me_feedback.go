package web

import (
	"errors"
	"fmt"
	"math"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/store"

	"cpopath/app/web/chart"
)

// gapThreshold is how far (in points of 0..100) self and mentor must be
// apart for a skill to be named a blind spot or a hidden strength.
const gapThreshold = 15

// Kinds of gap between self and mentor.
const (
	gapBlindSpot      = "blind"  // self well above mentor
	gapHiddenStrength = "hidden" // mentor well above self
)

type feedbackPage struct {
	Rating   *store.Rating
	Mentors  []feedbackMentor // every active mentor with a rating, to switch between
	Self     *store.Attempt   // newest completed skills attempt, nil when none
	Rows     []feedbackRow
	Blind    []feedbackRow
	Hidden   []feedbackRow
	Chart    *chart.Radar
	Scale    *assess.Scale
	SkillsID string
}

type feedbackMentor struct {
	MentorshipID int64
	Name         string
	Date         string
	Current      bool
}

type feedbackRow struct {
	Skill     *content.Skill
	Self      int
	HasSelf   bool
	Mentor    int
	HasMentor bool
	Gap       int // self − mentor
	Kind      string
	Comment   string
	SubAreas  []feedbackSub
}

type feedbackSub struct {
	SubArea   *content.SubArea
	Self      int
	HasSelf   bool
	Mentor    int // the mentor's point on the scale, 1..5; 0 when not rated
	MentorPct int
	Anchor    content.Text
}

// mentorScore converts a mentor's scale points for one skill's sub-areas to
// the 0..100 of self-assessment scores: each point p of a 1..5 scale counts
// (p−1)/4, and the skill is their mean. Sub-areas left unrated do not
// count; with none rated there is no score.
func mentorScore(points []int, lo, hi int) (int, bool) {
	if len(points) == 0 || hi <= lo {
		return 0, false
	}
	sum := 0.0
	for _, p := range points {
		sum += float64(p-lo) / float64(hi-lo)
	}
	return int(math.Round(sum / float64(len(points)) * 100)), true
}

// gapKind names the gap between a self score and a mentor score.
func gapKind(self, mentor int) string {
	switch {
	case self-mentor >= gapThreshold:
		return gapBlindSpot
	case mentor-self >= gapThreshold:
		return gapHiddenStrength
	}
	return ""
}

// meFeedback shows a mentor's rating beside the person's own newest
// result, skill by skill, never averaged: the differences are the point.
// With several mentors, ?m= picks whose rating is shown.
func (h *handler) meFeedback(c *fiber.Ctx) error {
	u := h.user(c)
	ctx := c.UserContext()
	v := h.view(c)
	a := h.as.Get(skillsAssessment)
	p := feedbackPage{SkillsID: a.ID, Scale: h.ratingScale()}
	ratings, err := h.st.MenteeRatings(ctx, u.ID)
	if err != nil {
		return err
	}
	want := int64(c.QueryInt("m"))
	for _, r := range ratings {
		if p.Rating == nil && (want == 0 || r.MentorshipID == want) {
			p.Rating = r
		}
	}
	if p.Rating == nil && len(ratings) > 0 {
		p.Rating = ratings[0]
	}
	for _, r := range ratings {
		p.Mentors = append(p.Mentors, feedbackMentor{MentorshipID: r.MentorshipID, Name: r.MentorName, Date: v.Date(r.CreatedAt), Current: r == p.Rating})
	}
	var self *assess.Result
	at, err := h.st.LatestResult(ctx, store.Owner{UserID: u.ID}, a.ID)
	switch {
	case err == nil:
		p.Self = at
		res, err := at.Result()
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		self = &res
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	if p.Rating != nil {
		h.fillFeedback(v, &p, self)
	}
	v.Title = v.L.T("feedback.title")
	v.Nav = "me"
	v.Data = p
	return h.views.render(c, "me_feedback", v)
}

func (h *handler) fillFeedback(v *View, p *feedbackPage, self *assess.Result) {
	lo, hi := 1, 5
	if p.Scale != nil && len(p.Scale.Anchors) > 1 {
		lo, hi = p.Scale.Anchors[0].Value, p.Scale.Anchors[len(p.Scale.Anchors)-1].Value
	}
	var labels []string
	var selfScores, mentorScores []int
	for i := range h.c.Skills {
		sk := &h.c.Skills[i]
		row := feedbackRow{Skill: sk, Comment: p.Rating.Comments[sk.ID]}
		var sec *assess.SectionScore
		if self != nil {
			sec = self.Section(sk.ID)
		}
		if sec != nil {
			row.Self, row.HasSelf = sec.Score, true
		}
		var points []int
		for j := range sk.SubAreas {
			sa := &sk.SubAreas[j]
			fs := feedbackSub{SubArea: sa}
			if sec != nil {
				for _, ss := range sec.SubAreas {
					if ss.ID == sa.ID {
						fs.Self, fs.HasSelf = ss.Score, true
					}
				}
			}
			if pt, ok := p.Rating.Scores[sa.ID]; ok && pt >= lo && pt <= hi {
				fs.Mentor = pt
				fs.MentorPct, _ = mentorScore([]int{pt}, lo, hi)
				fs.Anchor = anchorText(p.Scale, pt)
				points = append(points, pt)
			}
			row.SubAreas = append(row.SubAreas, fs)
		}
		row.Mentor, row.HasMentor = mentorScore(points, lo, hi)
		if row.HasSelf && row.HasMentor {
			row.Gap = row.Self - row.Mentor
			row.Kind = gapKind(row.Self, row.Mentor)
		}
		switch row.Kind {
		case gapBlindSpot:
			p.Blind = append(p.Blind, row)
		case gapHiddenStrength:
			p.Hidden = append(p.Hidden, row)
		}
		p.Rows = append(p.Rows, row)
		labels = append(labels, v.Tx(sk.Name))
		selfScores = append(selfScores, row.Self)
		mentorScores = append(mentorScores, row.Mentor)
	}
	p.Chart = chart.NewRadar(labels)
	p.Chart.Title = v.L.T("feedback.chart.title")
	p.Chart.Desc = v.L.T("feedback.chart.desc")
	if self != nil {
		p.Chart.Add("self", v.L.T("feedback.chart.self"), selfScores)
	}
	p.Chart.Add("mentor", v.L.T("feedback.chart.mentor", "Name", p.Rating.MentorName), mentorScores)
}

func anchorText(sc *assess.Scale, point int) content.Text {
	if sc == nil {
		return content.Text{}
	}
	for _, a := range sc.Anchors {
		if a.Value == point {
			return a.Text
		}
	}
	return content.Text{}
}
