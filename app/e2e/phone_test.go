package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The pages of a person with results, a plan and a mentor's rating fit a
// phone's width in every language: translations run longer than English,
// and German compounds do not wrap. (The journeys check each kind of page
// once; this sweeps the languages, without axe-core, which they cover.)
func TestPhoneLayoutInEveryLanguage(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	pia := newAccount("Pia Phone")
	hc := menteeWithPlan(t, j.srv, pia)
	results := hc.completeAssessment("cpo-skills")
	mentorOf(t, j.srv, hc, newAccount("Mo Mentor"))

	tb := j.person("pia").tab()
	tb.signIn(pia)
	tb.width = phoneWidth
	tb.do("phone", chromedp.EmulateViewport(phoneWidth, 844))
	pages := []string{"/", "/assess/career-path", "/me", results, "/plan", "/me/feedback", "/me/invitations", "/mentor"}
	for _, lang := range j.srv.deps.I18n.Langs() {
		tb.do("language "+lang, chromedp.Navigate(j.srv.url+"/?lang="+lang))
		for _, p := range pages {
			tb.do(lang+" "+p, chromedp.Navigate(j.srv.url+p))
			if got := eval[string](tb, `document.documentElement.lang`); got != lang {
				t.Errorf("%s shows %q, want %q", p, got, lang)
			}
			if over := eval[[]string](tb, overflowJS); len(over) > 0 {
				tb.snap(lang + p)
				t.Errorf("%s in %s scrolls sideways at %d px; too wide: %s", p, lang, phoneWidth, strings.Join(over, ", "))
			}
			tb.consoleCheck(lang + " " + p)
		}
	}
}
