package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
	"cpopath/app/usertext"
)

// planMentee returns the mentee named in the URL when the signed-in user is
// their active mentor. To anyone else the mentee does not exist.
func (h *handler) planMentee(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	ok, err := h.isMentorOf(c, id)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errNotFound
	}
	return id, nil
}

func menteePlanURL(id int64) string { return "/mentor/mentees/" + strconv.FormatInt(id, 10) + "/plan" }

// mentorPlanShow is a mentor's view of a mentee's latest plan version:
// everything the mentee sees, read only, with a comment box per action and
// the review form while the plan is in review.
func (h *handler) mentorPlanShow(c *fiber.Ctx) error {
	menteeID, err := h.planMentee(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	v := h.view(c)
	v.Nav = "mentor"
	p, err := h.st.LatestPlan(ctx, menteeID)
	if errors.Is(err, store.ErrNotFound) {
		mentee, err := h.st.User(ctx, menteeID)
		if err != nil {
			return err
		}
		v.Title = v.L.T("plan.mentor.title", "Name", mentee.Name)
		v.Data = planStartPage{Mentor: true, OwnerName: mentee.Name}
		return h.views.render(c, "plan_start", v)
	}
	if err != nil {
		return err
	}
	v.Title = v.L.T("plan.mentor.title", "Name", p.OwnerName)
	pg, err := h.planPageFor(c, v, p, planModeMentor)
	if err != nil {
		return err
	}
	pg.Latest = true
	pg.CanReview = p.State == store.PlanInReview
	pg.PDFURL = menteePlanURL(menteeID) + ".pdf"
	pg.ReviewURL = menteePlanURL(menteeID) + "/review"
	pg.SuggestURL = menteePlanURL(menteeID) + "/suggest"
	pg.CanSuggest = true
	for _, a := range h.c.Actions {
		if p.Body.Action(a.ID) == nil && a.Mentor != "seek" {
			pg.AddActions = append(pg.AddActions, option{a.ID, v.Tx(a.Title)})
		}
	}
	if pg.Suggestions, err = h.suggestionViews(ctx, v, menteeID, &p.Body); err != nil {
		return err
	}
	if pg.Changes, pg.ChangesAt, err = h.changeTexts(ctx, v, menteeID, p); err != nil {
		return err
	}
	v.Data = pg
	return h.views.render(c, "plan", v)
}

// mentorPlanReview records the mentor's comments on the mentee's latest
// plan version, per action and overall, with the decision: approve, ask
// for changes, or comment only.
func (h *handler) mentorPlanReview(c *fiber.Ctx) error {
	menteeID, err := h.planMentee(c)
	if err != nil {
		return err
	}
	id, ok := planID(c.FormValue("plan"))
	if !ok {
		return errNotFound
	}
	ctx := c.UserContext()
	p, err := h.st.PlanByID(ctx, id)
	if err != nil {
		return err
	}
	if p.UserID != menteeID {
		return errNotFound
	}
	decision := c.FormValue("decision")
	switch decision {
	case store.DecisionApprove, store.DecisionChanges, "":
	default:
		return errBadRequest
	}
	comments := map[string]string{"": usertext.Clean(c.FormValue("overall"))}
	for _, a := range p.Body.Actions {
		if body := usertext.Clean(c.FormValue("comment." + a.ID)); body != "" {
			comments[a.ID] = body
		}
	}
	if err := h.st.ReviewPlan(ctx, p.ID, h.user(c).ID, strings.Clone(decision), comments); err != nil {
		return planError(err)
	}
	h.notify(c, menteeID, "review", h.user(c).Name, "/plan")
	switch decision {
	case store.DecisionApprove:
		h.flash(c, "flash.plan_approved")
	case store.DecisionChanges:
		h.flash(c, "flash.plan_changes")
	default:
		h.flash(c, "flash.plan_commented")
	}
	return c.Redirect(menteePlanURL(menteeID), fiber.StatusSeeOther)
}
