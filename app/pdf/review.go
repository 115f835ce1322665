package pdf

import (
	"strings"
)

// review is the mentor's review: the state, the decision, the overall
// comments and the comments on actions, and lines to sign a printed copy.
func (w *writer) review() {
	w.section(w.t("plan.pdf.review"))

	// State panel.
	c := w.stateColor()
	text := w.t("plan.pdf.review_hint." + w.d.State)
	if d := w.decision(); d != nil {
		text = w.t("plan.pdf.decided_by", "Name", d.Author, "Date", w.date(d.At))
	}
	h := 8 + w.measure(text, "", 10, 5, width-14) + 4
	y := w.GetY()
	bg := colPale
	switch w.d.State {
	case "approved":
		bg = colGoodBg
	case "changes_requested", "in_review":
		bg = colWarm
	}
	w.fill(bg)
	w.Rect(marginL, y, width, h, "F")
	w.fill(c)
	w.Rect(marginL, y, 1.6, h, "F")
	w.SetXY(marginL+7, y+3)
	w.para(w.stateName(), "B", 13, 6, c, marginL+7, width-14)
	w.para(text, "", 10, 5, colText, marginL+7, width-14)
	w.SetY(y + h + 6)
	w.signoff()

	var overall, onActions []Comment
	for _, cm := range w.d.Comments {
		if cm.ActionID == "" {
			overall = append(overall, cm)
		} else if strings.TrimSpace(cm.Body) != "" {
			onActions = append(onActions, cm)
		}
	}
	if r := w.d.Rating; r != nil && strings.TrimSpace(r.Overall) != "" {
		w.heading(w.t("plan.pdf.rating_comment"), "", 16)
		w.commentBox(marginL, width, Comment{Author: r.Mentor, Body: r.Overall, At: r.At})
		w.SetY(w.GetY() + 3)
	}
	if len(overall) == 0 && len(onActions) == 0 {
		w.para(w.t("plan.pdf.no_comments"), "", 10, 5, colMuted, marginL, width)
	}
	if len(overall) > 0 {
		w.heading(w.t("plan.pdf.overall_comments"), "", 16)
		for _, cm := range overall {
			if cm.Decision != "" {
				w.para(w.t("plan.decision."+cm.Decision), "B", 9, 4.6, decisionColor(cm.Decision), marginL, width)
			}
			if strings.TrimSpace(cm.Body) != "" {
				w.commentBox(marginL, width, cm)
			} else {
				w.para(w.t("plan.pdf.comment_by", "Name", cm.Author, "Date", w.date(cm.At)), "", 8.5, 4.2, colMuted, marginL, width)
			}
			w.SetY(w.GetY() + 3)
		}
	}
	if len(onActions) > 0 {
		w.heading(w.t("plan.pdf.action_comments"), "", 16)
		for _, cm := range onActions {
			title := w.actionTitle(cm.ActionID)
			w.need(w.measure(title, "B", 9.5, 4.6, width) + w.measure(cm.Body, "", 8.5, 4.1, width-6) + 12)
			w.para(title, "B", 9.5, 4.6, colText, marginL, width)
			w.SetY(w.GetY() + 1)
			w.commentBox(marginL, width, cm)
			w.SetY(w.GetY() + 3)
		}
	}

}

func decisionColor(d string) rgb {
	if d == "approve" {
		return colGood
	}
	return colAlert
}

// signoff is lines to sign a printed copy taken to a mentor or manager. It
// comes right after the review's state, so it never ends the document
// alone on a page.
func (w *writer) signoff() {
	w.need(34)
	w.heading(w.t("plan.pdf.signoff"), "", 24)
	w.para(w.t("plan.pdf.signoff_intro"), "", 9, 4.4, colMuted, marginL, width)
	y := w.GetY() + 14
	half := (width - 12) / 2
	w.draw(colMuted)
	w.SetLineWidth(0.3)
	for i, label := range []string{w.t("plan.pdf.sign_person", "Name", w.d.Name), w.t("plan.pdf.sign_reviewer")} {
		x := marginL + float64(i)*(half+12)
		w.Line(x, y, x+half, y)
		w.SetXY(x, y+1)
		w.font("", 8)
		w.color(colMuted)
		w.CellFormat(half, 4, label, "", 0, "L", false, 0, "")
	}
	w.SetY(y + 12)
}
