package e2e

import (
	"strings"
	"testing"
)

// squash collapses runs of white space, as text extracted from a PDF
// breaks lines where the layout does.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// Journey 4: switching to German on a page shows German on the next page
// and in the PDF.
func TestSwitchToGermanCarriesToNextPageAndPDF(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	greta := newAccount("Greta Weber")
	menteeWithPlan(t, j.srv, greta)
	en, de := j.srv.deps.I18n.Localizer("en"), j.srv.deps.I18n.Localizer("de")
	for _, id := range []string{"nav.dashboard", "plan.pdf.title"} {
		if en.T(id) == de.T(id) {
			t.Fatalf("message %s is the same in English and German: %q", id, en.T(id))
		}
	}
	skill := j.srv.deps.Content.Skills[0].Name

	tb := j.person("greta").tab()
	tb.signIn(greta)
	tb.click("plan", `header a[href="/plan"]`)
	if got := eval[string](tb, `document.documentElement.lang`); got != "en" {
		t.Fatalf("the plan starts in %q, want en", got)
	}
	tb.click("plan-de", `.langs a[hreflang="de"]`)
	if got := eval[string](tb, `document.documentElement.lang`); got != "de" {
		t.Fatalf("after choosing Deutsch the page is in %q", got)
	}

	// The next page, reached by an ordinary link, stays German.
	tb.click("dashboard-de", `header a[href="/me"]`)
	if got := eval[string](tb, `document.documentElement.lang`); got != "de" {
		t.Fatalf("the next page is in %q, want de", got)
	}
	if got := tb.text(`header a[href="/me"]`); got != de.T("nav.dashboard") {
		t.Errorf("navigation shows %q, want German %q", got, de.T("nav.dashboard"))
	}
	tb.mustContain("dashboard-de", skill.In("de"))

	tb.click("plan-again-de", `header a[href="/plan"]`)
	pdf, ctype := tb.download("/plan.pdf")
	text := squash(tb.pdfText(pdf, ctype))
	for _, want := range []string{de.T("plan.pdf.title"), skill.In("de"), greta.name} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("the PDF lacks German %q; its text begins %.300q", want, text)
		}
	}
	if strings.Contains(text, squash(en.T("plan.pdf.title"))) {
		t.Errorf("the PDF still has the English title %q", en.T("plan.pdf.title"))
	}
}
