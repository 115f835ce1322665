package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/content"
	"cpopath/app/store"
)

type menteePage struct {
	Mentee *store.User
	Card   *menteeCard
	Skills []*content.Skill
	// History is every completed attempt of the mentee, newest first.
	History []menteeAttempt
}

type menteeAttempt struct {
	Attempt *store.Attempt
	Title   content.Text
	Step    *content.Step // career path only
}

// mentee returns the mentee named by the URL and the signed-in mentor's
// active mentorship with them. To anyone else the mentee does not exist.
func (h *handler) mentee(c *fiber.Ctx) (*store.User, *store.MentorLink, error) {
	u := h.user(c)
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 || u == nil {
		return nil, nil, errNotFound
	}
	ok, err := h.isMentorOf(c, int64(id))
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errNotFound
	}
	m, err := h.st.ActiveMentorship(c.UserContext(), int64(id), u.ID)
	if err != nil {
		return nil, nil, err
	}
	mentee, err := h.st.User(c.UserContext(), int64(id))
	if err != nil {
		return nil, nil, err
	}
	return mentee, &store.MentorLink{Mentorship: *m, MenteeName: mentee.Name, MentorName: u.Name}, nil
}

// mentorMentee is a mentor's page about one mentee: scores, every result
// to open, plan state, the rating, and stepping down.
func (h *handler) mentorMentee(c *fiber.Ctx) error {
	mentee, link, err := h.mentee(c)
	if err != nil {
		return err
	}
	card, err := h.menteeCard(c, link)
	if err != nil {
		return err
	}
	p := menteePage{Mentee: mentee, Card: card}
	for i := range h.c.Skills {
		p.Skills = append(p.Skills, &h.c.Skills[i])
	}
	attempts, err := h.st.Attempts(c.UserContext(), store.Owner{UserID: mentee.ID})
	if err != nil {
		return err
	}
	for _, at := range attempts {
		a := h.as.Get(at.AssessmentID)
		if a == nil || !at.Completed() {
			continue
		}
		ma := menteeAttempt{Attempt: at, Title: a.Title}
		res, err := at.Result()
		if err != nil {
			return fmt.Errorf("mentee: %w", err)
		}
		if res.Placement != nil {
			ma.Step = h.c.Step(res.Placement.Step)
		}
		p.History = append(p.History, ma)
	}
	v := h.view(c)
	v.Title = mentee.Name + " · " + v.L.T("mentor.title")
	v.Nav = "mentor"
	v.Data = p
	return h.views.render(c, "mentor_mentee", v)
}
