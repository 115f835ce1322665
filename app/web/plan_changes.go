package web

import (
	"context"
	"errors"

	"cpopath/app/plan"
	"cpopath/app/store"
)

// editText says in words what edit e does to body, for a mentor's
// suggestion.
func (h *handler) editText(v *View, body *plan.Plan, e plan.Edit) string {
	title := h.actionTitle(v, body, e.Action)
	switch e.Kind {
	case plan.EditDrop:
		return v.L.T("plan.suggest.text.drop", "Title", title)
	case plan.EditPostpone:
		return v.L.T("plan.suggest.text.postpone", "Title", title)
	case plan.EditMove:
		return v.L.T("plan.suggest.text.move", "Title", title, "To", placeLabel(v, body, e.Milestone, false))
	case plan.EditSwap:
		return v.L.T("plan.suggest.text.swap", "Title", title, "With", h.actionTitle(v, body, e.With))
	case plan.EditAdd:
		if e.Title != "" {
			return v.L.T("plan.suggest.text.add_own", "Title", e.Title, "Date", v.Date(e.Due))
		}
		return v.L.T("plan.suggest.text.add", "Title", title, "To", placeLabel(v, body, e.Milestone, false))
	}
	return ""
}

// placeLabel names a milestone of body, or the backlog.
func placeLabel(v *View, body *plan.Plan, mi int, backlog bool) string {
	if backlog || mi < 0 {
		return v.L.T("plan.backlog.place")
	}
	if mi < len(body.Milestones) {
		return milestoneLabel(v, body.Milestones[mi])
	}
	return ""
}

// changeTexts says what changed in p since the mentor's last decision on
// any version of the user's plan, one sentence per change; nil when no
// mentor has decided yet.
func (h *handler) changeTexts(ctx context.Context, v *View, userID int64, p *store.Plan) ([]string, string, error) {
	last, err := h.st.LastReview(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	progress, err := h.st.PlanActions(ctx, p.ID)
	if err != nil {
		return nil, "", err
	}
	notes := map[string]string{}
	for id, a := range progress {
		notes[id] = a.Note
	}
	body := &p.Body
	var out []string
	for _, ch := range plan.Diff(last.Snapshot, plan.Snapshot(body, notes)) {
		title := ch.Title
		if title == "" {
			title = h.actionTitle(v, body, ch.Action)
		}
		from := placeLabel(v, body, ch.From.Milestone, ch.From.Backlog)
		to := placeLabel(v, body, ch.To.Milestone, ch.To.Backlog)
		args := []any{"Title", title, "From", from, "To", to}
		if ch.Kind == plan.ChangeRedated {
			args = append(args, "FromDate", v.Date(ch.From.Due), "ToDate", v.Date(ch.To.Due))
		}
		if ch.Kind == plan.ChangeNote {
			args = append(args, "Note", ch.To.Note)
		}
		out = append(out, v.L.T("plan.change."+ch.Kind, args...))
	}
	return out, v.Date(last.At), nil
}

// suggestionViews renders the suggestions for the user's plan.
func (h *handler) suggestionViews(ctx context.Context, v *View, userID int64, body *plan.Plan) ([]planSuggestion, error) {
	gs, err := h.st.Suggestions(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []planSuggestion
	for _, g := range gs {
		out = append(out, planSuggestion{
			ID: g.ID, AuthorName: g.AuthorName, Comment: g.Comment, State: g.State,
			Text: h.editText(v, body, g.Edit), Date: v.Date(g.CreatedAt),
		})
	}
	return out, nil
}
