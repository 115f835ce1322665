package web

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/content"
	"cpopath/app/store"
)

type mentorPage struct {
	Skills  []*content.Skill
	Mentees []menteeCard
}

// menteeCard is what a mentor sees of one mentee at a glance.
type menteeCard struct {
	Link      *store.MentorLink
	Latest    *store.Attempt // newest completed skills attempt
	Scores    []meScore
	Summary   *store.MenteeSummary
	RatedAt   time.Time // the mentor's newest rating in this mentorship
	Waiting   []string  // message ids of what waits for the mentor
	PlanState string    // message id of the plan's state
	PlanURL   string    // the mentor's view of the plan, "" without one
}

// mentorDashboard lists the signed-in person's active mentees, and nobody
// else: latest scores, last activity, plan state, and what waits for them.
func (h *handler) mentorDashboard(c *fiber.Ctx) error {
	u := h.user(c)
	links, err := h.st.Mentees(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	p := mentorPage{}
	for i := range h.c.Skills {
		p.Skills = append(p.Skills, &h.c.Skills[i])
	}
	for _, l := range links {
		card, err := h.menteeCard(c, l)
		if err != nil {
			return err
		}
		p.Mentees = append(p.Mentees, *card)
	}
	v := h.view(c)
	v.Title = v.L.T("mentor.title")
	v.Nav = "mentor"
	v.Data = p
	return h.views.render(c, "mentor", v)
}

func (h *handler) menteeCard(c *fiber.Ctx, l *store.MentorLink) (*menteeCard, error) {
	ctx := c.UserContext()
	card := &menteeCard{Link: l}
	at, err := h.st.LatestResult(ctx, store.Owner{UserID: l.MenteeID}, skillsAssessment)
	switch {
	case err == nil:
		card.Latest = at
		res, err := at.Result()
		if err != nil {
			return nil, fmt.Errorf("mentor: %w", err)
		}
		for i := range h.c.Skills {
			sk := &h.c.Skills[i]
			sc := meScore{Skill: sk, Score: -1}
			if s := res.Section(sk.ID); s != nil {
				sc.Score = s.Score
			}
			card.Scores = append(card.Scores, sc)
		}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	if card.Summary, err = h.st.MenteeSummary(ctx, l.MenteeID); err != nil {
		return nil, err
	}
	r, err := h.st.MentorshipRating(ctx, l.ID)
	switch {
	case err == nil:
		card.RatedAt = r.CreatedAt
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	card.PlanState = planStateMessage(card.Summary.PlanState)
	if card.Summary.PlanState != "" {
		card.PlanURL = menteeURL(l.MenteeID, "/plan")
	}
	if card.Summary.PlanState == "in_review" {
		card.Waiting = append(card.Waiting, "mentor.waiting.plan")
	}
	switch {
	case card.RatedAt.IsZero():
		card.Waiting = append(card.Waiting, "mentor.waiting.first_rating")
	case card.Latest != nil && card.Latest.CompletedAt.After(card.RatedAt):
		card.Waiting = append(card.Waiting, "mentor.waiting.new_results")
	}
	return card, nil
}

// planStateMessage is the message id of a plan state as the plans table
// stores it ("" for no plan at all).
func planStateMessage(state string) string {
	switch state {
	case "":
		return "mentor.plan.none"
	case "draft", "in_review", "approved", "changes_requested":
		return "mentor.plan." + state
	}
	return "mentor.plan.unknown"
}
