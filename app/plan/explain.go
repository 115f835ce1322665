package plan

import "cpopath/app/content"

// Translator translates a UI message id, with name/value argument pairs for
// its template. i18n.Localizer.T has this shape; the plan package takes the
// function so that it stays free of the i18n package.
type Translator func(id string, args ...any) string

// Explain renders r as a sentence in lang: the message "plan.reason.<kind>"
// filled with the names of its sub-area, skill, step, level, role and
// action in lang and with its numbers. The web page and the PDF both use it, so a
// reason reads the same everywhere.
func Explain(r Reason, t Translator, c *content.Content, lang string) string {
	args := []any{"Score", r.Score, "Mentor", r.Mentor, "Rating", r.Rating}
	if sa := c.SubArea(r.SubArea); sa != nil {
		args = append(args, "SubArea", sa.Name.In(lang))
	}
	if sk := c.Skill(r.Skill); sk != nil {
		args = append(args, "Skill", sk.Name.In(lang))
	}
	if st := c.Step(r.Step); st != nil {
		args = append(args, "Step", st.Name.In(lang))
	}
	if lv := c.Level(r.Level); lv != nil {
		args = append(args, "Level", lv.Name.In(lang))
	}
	if a := c.Action(r.Action); a != nil {
		args = append(args, "Action", a.Title.In(lang))
	} else if r.Title != "" {
		args = append(args, "Action", r.Title)
	}
	if r.Role != "" {
		args = append(args, "Role", TargetName(r.Role, t, c, lang))
	}
	return t("plan.reason."+r.Kind, args...)
}

// TargetName is the name of a target role in lang.
func TargetName(role string, t Translator, c *content.Content, lang string) string {
	if role == TargetCPO {
		return t("plan.target.cpo")
	}
	if r := c.Role(role); r != nil {
		return r.Name.In(lang)
	}
	return ""
}
