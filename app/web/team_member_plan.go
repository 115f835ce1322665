package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/content"
	"cpopath/app/store"
)

// teamPlanPage is a sharing member's plan progress as the organisers see
// it: the actions and their status. Not the plan page itself, which holds
// the mentor's ratings and comments: those are the mentor's words, which
// the member's choice to share does not cover.
type teamPlanPage struct {
	TeamURL string
	Name    string
	Plan    *store.Plan
	Done    int
	Items   []teamPlanItem
}

type teamPlanItem struct {
	Action *content.Action
	Status string
}

// teamMemberPlan shows a sharing member's plan progress, read only, to the
// team's organisers. A member who does not share does not exist here.
func (h *handler) teamMemberPlan(c *fiber.Ctx) error {
	m, err := h.teamOf(c)
	if err != nil {
		return err
	}
	uid, err := strconv.ParseInt(c.Params("uid"), 10, 64)
	if err != nil || !h.sharesWithMe(c, m.Team.ID, uid) {
		return errNotFound
	}
	ctx := c.UserContext()
	p, err := h.st.LatestPlan(ctx, uid)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return err
	}
	pg := teamPlanPage{TeamURL: teamURL(m.Team.ID), Name: p.OwnerName, Plan: p}
	for _, a := range p.Body.Actions {
		ca := h.c.Action(a.ID)
		if ca == nil {
			continue
		}
		st := progress[a.ID].Status
		if st == "" {
			st = "todo"
		}
		if st == "done" {
			pg.Done++
		}
		pg.Items = append(pg.Items, teamPlanItem{Action: ca, Status: st})
	}
	v := h.view(c)
	v.Nav = "teams"
	v.Title = v.L.T("team.plan.title", "Name", p.OwnerName)
	v.Data = pg
	return h.views.render(c, "team_member_plan", v)
}
