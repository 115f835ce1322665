package web

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/usertext"
)

// ratingSave stores a mentor's rating of a mentee. Every sub-area needs a
// point on the scale or "not observed", which stores no point (and so
// counts in no score); comments are optional and bounded. A refused form
// comes back as typed, with a message at each field and nothing stored.
func (h *handler) ratingSave(c *fiber.Ctx) error {
	mentee, link, err := h.mentee(c)
	if err != nil {
		return err
	}
	l := h.loc(c)
	lang := h.lang(c)
	scale := h.ratingScale()
	lo, hi := 1, 5
	if scale != nil && len(scale.Anchors) > 1 {
		lo, hi = scale.Anchors[0].Value, scale.Anchors[len(scale.Anchors)-1].Value
	}
	scores := map[string]int{}
	unseen := map[string]bool{}
	comments := map[string]string{}
	type problem struct{ field, msg string }
	var problems []problem
	for i := range h.c.Skills {
		sk := &h.c.Skills[i]
		for j := range sk.SubAreas {
			sa := &sk.SubAreas[j]
			raw := strings.TrimSpace(c.FormValue(ratingScoreField(sa.ID)))
			n, err := strconv.Atoi(raw)
			switch {
			case raw == ratingNotObserved:
				unseen[sa.ID] = true
			case raw == "":
				problems = append(problems, problem{ratingScoreField(sa.ID), l.T("rating.error.missing", "Area", sa.Name.In(lang))})
			case err != nil || n < lo || n > hi:
				problems = append(problems, problem{ratingScoreField(sa.ID), l.T("rating.error.range", "Area", sa.Name.In(lang), "Min", lo, "Max", hi)})
			default:
				scores[sa.ID] = n
			}
		}
		text := usertext.Clean(c.FormValue(ratingCommentField(sk.ID)))
		if n := utf8.RuneCountInString(text); n > ratingCommentMax {
			problems = append(problems, problem{ratingCommentField(sk.ID), l.T("rating.error.comment_long", "Skill", sk.Name.In(lang), "Max", ratingCommentMax, "Length", n)})
		}
		if text != "" {
			comments[sk.ID] = strings.Clone(text)
		}
	}
	overall := usertext.Clean(c.FormValue("overall"))
	if n := utf8.RuneCountInString(overall); n > ratingOverallMax {
		problems = append(problems, problem{"overall", l.T("rating.error.overall_long", "Max", ratingOverallMax, "Length", n)})
	}
	if len(problems) > 0 {
		p := h.ratingForm(mentee, scores, unseen, comments, overall)
		for _, pr := range problems {
			p.Problems.add(pr.field, pr.msg)
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderRating(c, p)
	}
	if _, err := h.st.CreateRating(c.UserContext(), link.ID, scores, comments, overall); err != nil {
		return err
	}
	h.notify(c, mentee.ID, "rating", h.user(c).Name, "/me/feedback")
	h.flash(c, "flash.rating.saved")
	return c.Redirect(menteeURL(mentee.ID, ""), fiber.StatusSeeOther)
}
