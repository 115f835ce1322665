package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// planStartPage is what templates/pages/plan_start.html shows before there
// is a plan: what is still missing, and the target form.
type planStartPage struct {
	HasSkills  bool
	HasPath    bool
	TargetRole string
	Horizon    int
	Targets    []targetOption
	Horizons   []int
	Mentor     bool   // a mentor's view of a mentee without a plan
	OwnerName  string // the mentee, for the mentor's view
}

// planShow is the person's plan: the latest version, editable. Without a
// plan it shows what is needed to build one.
func (h *handler) planShow(c *fiber.Ctx) error {
	return h.planOwnerPage(c, nil)
}

// planOwnerPage renders the person's latest plan; formErr, when set, shows
// a refused progress save in its card with what was typed (status 422).
func (h *handler) planOwnerPage(c *fiber.Ctx, formErr *planFormError) error {
	u := h.user(c)
	ctx := c.UserContext()
	v := h.view(c)
	v.Nav = "plan"
	v.Title = v.L.T("plan.title")
	target, err := h.st.UserTarget(ctx, u.ID)
	if err != nil {
		return err
	}
	p, err := h.st.LatestPlan(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		if formErr != nil {
			return errNotFound
		}
		return h.planStart(c, v, u.ID, target)
	}
	if err != nil {
		return err
	}
	pg, err := h.planPageFor(c, v, p, planModeOwner)
	if err != nil {
		return err
	}
	pg.Editable, pg.Latest = true, true
	if pg.Versions, err = h.st.PlanVersions(ctx, u.ID); err != nil {
		return err
	}
	if pg.Reviewers, err = h.st.PlanReviewers(ctx, u.ID); err != nil {
		return err
	}
	if pg.Stale, err = h.staleReasons(ctx, u.ID, p); err != nil {
		return err
	}
	if pg.Suggestions, err = h.suggestionViews(ctx, v, u.ID, &p.Body); err != nil {
		return err
	}
	if p.State == store.PlanChangesRequested || p.State == store.PlanInReview {
		if pg.Changes, pg.ChangesAt, err = h.changeTexts(ctx, v, u.ID, p); err != nil {
			return err
		}
	}
	pg.CanEdit = p.State != store.PlanInReview
	pg.Saved = c.Query("saved")
	pg.offerRefill(&p.Body)
	pg.CanSubmit = len(pg.Reviewers) > 0 && (p.State == store.PlanDraft || p.State == store.PlanChangesRequested)
	pg.CanWithdraw = p.State == store.PlanInReview
	pg.PDFURL = "/plan.pdf"
	pg.Targets, pg.Horizons = h.targetOptions(v), plan.Horizons
	pg.TargetRole, pg.Horizon = target.Role, target.HorizonMonths
	if pg.TargetRole == "" {
		pg.TargetRole = p.Body.Target.Role
	}
	if hours, err := h.st.UserHours(ctx, u.ID); err == nil {
		pg.Hours = hours
	}
	if formErr != nil {
		formErr.Message = v.L.T(formErr.Message, "Max", store.MaxPlanNote)
		pg.FormError = formErr
		c.Status(fiber.StatusUnprocessableEntity)
	}
	v.Data = pg
	return h.views.render(c, "plan", v)
}

// planStart shows the way to a first plan: the skills result it needs,
// the career-path result that sharpens it, and the target form.
func (h *handler) planStart(c *fiber.Ctx, v *View, userID int64, target plan.Target) error {
	ctx := c.UserContext()
	_, skills, err := h.latestResult(ctx, userID, skillsAssessment)
	if err != nil {
		return err
	}
	_, path, err := h.latestResult(ctx, userID, pathAssessment)
	if err != nil {
		return err
	}
	v.Data = planStartPage{
		HasSkills: skills != nil, HasPath: path != nil,
		TargetRole: target.Role, Horizon: target.HorizonMonths,
		Targets: h.targetOptions(v), Horizons: plan.Horizons,
	}
	return h.views.render(c, "plan_start", v)
}

// planVersionShow shows an earlier (or the current) version, read only.
func (h *handler) planVersionShow(c *fiber.Ctx) error {
	u := h.user(c)
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 {
		return errNotFound
	}
	ctx := c.UserContext()
	p, err := h.st.PlanVersion(ctx, u.ID, n)
	if err != nil {
		return err
	}
	latest, err := h.st.LatestPlan(ctx, u.ID)
	if err != nil {
		return err
	}
	if latest.ID == p.ID {
		return c.Redirect("/plan", fiber.StatusSeeOther)
	}
	v := h.view(c)
	v.Nav = "plan"
	v.Title = v.L.T("plan.version.title", "N", p.Version)
	pg, err := h.planPageFor(c, v, p, planModeVersion)
	if err != nil {
		return err
	}
	if pg.Versions, err = h.st.PlanVersions(ctx, u.ID); err != nil {
		return err
	}
	pg.PDFURL = "/plan.pdf?v=" + strconv.Itoa(p.Version)
	v.Data = pg
	return h.views.render(c, "plan", v)
}

// offerRefill offers the first backlog action when the action just saved
// is done: a finished action is replaced from the backlog, by the
// person's choice, at the same milestone.
func (pg *planPage) offerRefill(body *plan.Plan) {
	done, ok := pg.views[pg.Saved]
	a := body.Action(pg.Saved)
	if !ok || a == nil || done.Status != plan.StatusDone || len(pg.Backlog) == 0 || a.Milestone < 0 {
		return
	}
	pg.Refill = &pg.Backlog[0]
	pg.RefillTo = "move:" + strconv.Itoa(a.Milestone)
}
