package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/store"
)

// Rating limits, in characters.
const (
	ratingCommentMax = 2000
	ratingOverallMax = 4000
)

type ratingPage struct {
	Mentee     *store.User
	Scale      *assess.Scale
	Skills     []ratingSkill
	Overall    string
	Previous   *store.Rating
	Problems   *formProblems
	CommentMax int
	OverallMax int
}

type ratingSkill struct {
	Skill    *content.Skill
	SubAreas []ratingSub
	Field    string // the comment's field name and id
	Comment  string
}

type ratingSub struct {
	SubArea *content.SubArea
	Field   string // the radio group's name and the prefix of its ids
	Value   int
	Choices []ratingChoice
	// NotObserved is the mentor's "not observed": no point, no score.
	NotObserved bool
}

// ratingNotObserved is the form value of "not observed".
const ratingNotObserved = "na"

type ratingChoice struct {
	Value   int
	Text    content.Text
	Checked bool
}

func ratingScoreField(subArea string) string { return "score-" + subArea }
func ratingCommentField(skill string) string { return "comment-" + skill }

// ratingScale is the scale mentors rate on: the points of the practice
// scale the mentee answered with, written about the mentee ("mentor"), or
// the practice scale itself where the content has no mentor scale.
func (h *handler) ratingScale() *assess.Scale {
	a := h.as.Get(skillsAssessment)
	if a == nil {
		return nil
	}
	if sc := a.Scale("mentor"); sc != nil {
		return sc
	}
	return a.Scale("practice")
}

// ratingForm builds the form: every sub-area of the five skills on the
// scale, with values (sub-area → point) and comments (skill → text) filled
// in. notObserved marks the sub-areas answered "not observed".
func (h *handler) ratingForm(mentee *store.User, scores map[string]int, notObserved map[string]bool, comments map[string]string, overall string) ratingPage {
	p := ratingPage{Mentee: mentee, Scale: h.ratingScale(), Overall: overall, Problems: &formProblems{},
		CommentMax: ratingCommentMax, OverallMax: ratingOverallMax}
	for i := range h.c.Skills {
		sk := &h.c.Skills[i]
		rs := ratingSkill{Skill: sk, Field: ratingCommentField(sk.ID), Comment: comments[sk.ID]}
		for j := range sk.SubAreas {
			sa := &sk.SubAreas[j]
			sub := ratingSub{SubArea: sa, Field: ratingScoreField(sa.ID), Value: scores[sa.ID], NotObserved: notObserved[sa.ID]}
			if p.Scale != nil {
				for _, an := range p.Scale.Anchors {
					sub.Choices = append(sub.Choices, ratingChoice{Value: an.Value, Text: an.Text, Checked: an.Value == sub.Value})
				}
			}
			rs.SubAreas = append(rs.SubAreas, sub)
		}
		p.Skills = append(p.Skills, rs)
	}
	return p
}

// ratingShow is the mentor's rating form for one mentee, filled with the
// mentor's previous rating when there is one.
func (h *handler) ratingShow(c *fiber.Ctx) error {
	mentee, link, err := h.mentee(c)
	if err != nil {
		return err
	}
	prev, err := h.st.MentorshipRating(c.UserContext(), link.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var p ratingPage
	if prev != nil {
		// A sub-area the previous rating has no point for was not observed.
		unseen := map[string]bool{}
		for _, sk := range h.c.Skills {
			for _, sa := range sk.SubAreas {
				if _, ok := prev.Scores[sa.ID]; !ok {
					unseen[sa.ID] = true
				}
			}
		}
		p = h.ratingForm(mentee, prev.Scores, unseen, prev.Comments, prev.Overall)
		p.Previous = prev
	} else {
		p = h.ratingForm(mentee, nil, nil, nil, "")
	}
	return h.renderRating(c, p)
}

func (h *handler) renderRating(c *fiber.Ctx, p ratingPage) error {
	v := h.view(c)
	v.Title = v.L.T("rating.title", "Name", p.Mentee.Name)
	v.Nav = "mentor"
	v.Data = p
	return h.views.render(c, "mentor_rating", v)
}

func menteeURL(id int64, rest string) string {
	return "/mentor/mentees/" + strconv.FormatInt(id, 10) + rest
}
