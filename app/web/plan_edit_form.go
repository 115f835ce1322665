package web

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/plan"
)

// changeEdit reads the edit of one action from a form: the action, a
// "change" (drop, backlog, move:N or swap:ID) and an optional reason. The
// person's edit form and a mentor's suggestion form send the same fields.
func changeEdit(c *fiber.Ctx) (plan.Edit, error) {
	e := plan.Edit{
		Action: strings.Clone(strings.TrimSpace(c.FormValue("action"))),
		Reason: strings.Clone(strings.TrimSpace(c.FormValue("reason"))),
	}
	change := strings.TrimSpace(c.FormValue("change"))
	kind, arg, _ := strings.Cut(change, ":")
	switch kind {
	case "drop":
		e.Kind = plan.EditDrop
	case "backlog":
		e.Kind = plan.EditPostpone
	case "move":
		n, err := strconv.Atoi(arg)
		if err != nil {
			return e, plan.ErrEditMilestone
		}
		e.Kind, e.Milestone = plan.EditMove, n
	case "swap":
		e.Kind, e.With = plan.EditSwap, strings.Clone(arg)
	default:
		return e, plan.ErrEditKind
	}
	return e, nil
}

// addEdit reads a new action from a form: either one the person writes
// (title, sub-area, outcome, due date) or, when "action" names a shipped
// action, that action at milestone "to" (move:N).
func addEdit(c *fiber.Ctx) (plan.Edit, error) {
	e := plan.Edit{Kind: plan.EditAdd}
	if id := strings.TrimSpace(c.FormValue("action")); id != "" {
		e.Action = strings.Clone(id)
		_, arg, _ := strings.Cut(c.FormValue("to"), ":")
		n, err := strconv.Atoi(arg)
		if err != nil {
			return e, plan.ErrEditMilestone
		}
		e.Milestone = n
		return e, nil
	}
	e.Title = strings.Clone(strings.TrimSpace(c.FormValue("title")))
	e.SubArea = strings.Clone(strings.TrimSpace(c.FormValue("subarea")))
	e.Outcome = strings.Clone(strings.TrimSpace(strings.ReplaceAll(c.FormValue("outcome"), "\r\n", "\n")))
	if e.Title == "" {
		return e, plan.ErrEditText
	}
	due, err := time.Parse(time.DateOnly, strings.TrimSpace(c.FormValue("due")))
	if err != nil {
		return e, plan.ErrEditDue
	}
	e.Due = due
	return e, nil
}

// editError maps a refused edit to a translated 4xx.
func editError(err error) error {
	for _, k := range []struct {
		err error
		id  string
	}{
		{plan.ErrEditKind, "plan.error.edit_kind"},
		{plan.ErrEditAction, "plan.error.edit_action"},
		{plan.ErrEditKept, "plan.error.edit_kept"},
		{plan.ErrEditAlt, "plan.error.edit_alt"},
		{plan.ErrEditInPlan, "plan.error.edit_in_plan"},
		{plan.ErrEditMilestone, "plan.error.edit_milestone"},
		{plan.ErrEditText, "plan.error.edit_text"},
		{plan.ErrEditDue, "plan.error.edit_due"},
		{plan.ErrEditMentor, "plan.error.edit_mentor"},
	} {
		if errors.Is(err, k.err) {
			return newError(fiber.StatusUnprocessableEntity, k.id, "Title", plan.MaxOwnTitle, "Outcome", plan.MaxOwnOutcome)
		}
	}
	return planError(err)
}
