package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Long real data: names as long as people's are, a note without a place to
// break a line, notes of many lines, several plan versions, a mentor's
// comments.
var (
	phoneNote     = strings.Repeat("Partnerschaftsvereinbarung mit dem Gesundheitsdienstleister besprochen, Pilot für das dritte Quartal vereinbart. ", 8)
	phoneUnbroken = strings.Repeat("Vertragsverhandlungsergebnisprotokoll", 25)
	planIDField   = regexp.MustCompile(`name="plan" value="(\d+)"`)
	actionField   = regexp.MustCompile(`name="action" value="([^"]+)"`)
)

// progress records a done action with a long note and a started one with
// a note that cannot wrap, on the person's latest plan version.
func (hc *httpClient) progress() {
	hc.t.Helper()
	body := hc.get("plan", "/plan", http.StatusOK)
	p, acts := planIDField.FindStringSubmatch(body), actionField.FindAllStringSubmatch(body, -1)
	if p == nil || len(acts) < 2 {
		hc.t.Fatal("the plan page has no action forms")
	}
	hc.post("done", "/plan/actions", url.Values{"plan": {p[1]}, "action": {acts[0][1]}, "status": {"done"}, "note": {phoneNote}, "done_on": {"2026-01-15"}}, http.StatusOK)
	hc.post("doing", "/plan/actions", url.Values{"plan": {p[1]}, "action": {acts[1][1]}, "status": {"doing"}, "note": {phoneUnbroken}}, http.StatusOK)
}

// Every page, in every language, fits a phone's width for a mentee with
// long real data and for their mentor: the document never scrolls
// sideways, wherever the overflow comes from (a hidden table header, a
// long word in a note, a caption), since a scroll box that lets a hidden
// element escape still makes the whole page pan.
func TestPhoneLayoutInEveryLanguage(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	pia := account{name: "Zoë Käthe Müller-Lüdenscheidt von Hohenzollern-Sigmaringen 🌻", email: "zoe.phone@example.org", password: "a long pass phrase 42"}
	hc := menteeWithPlan(t, j.srv, pia)
	hc.progress()
	hc.completeAssessment("cpo-skills")
	hc.post("rebuild", "/plan/build", url.Values{}, http.StatusOK)
	hc.progress()
	results := hc.completeAssessment("cpo-skills")
	hc.post("rebuild", "/plan/build", url.Values{}, http.StatusOK)
	mo := account{name: "Hans-Joachim Großkopf-Überländer 👍", email: "hans.phone@example.org", password: "a long pass phrase 42"}
	mentee := mentorOf(t, j.srv, hc, mo)
	body := hc.get("plan", "/plan", http.StatusOK)
	if p := planIDField.FindStringSubmatch(body); p != nil {
		hc.post("submit", "/plan/submit", url.Values{"plan": {p[1]}}, http.StatusOK)
	}

	tb := j.person("pia").tab()
	tb.signIn(pia)
	mt := j.person("mo").tab()
	mt.signIn(mo)
	pages := map[*tab][]string{
		tb: {"/", "/assess/cpo-skills", "/assess/career-path", "/me", results, "/plan", "/plan/v/1", "/plan/v/2",
			"/me/feedback", "/me/invitations", "/me/delete", "/mentor", "/no/such/page"},
		mt: {"/mentor", mentee, mentee + "/rating", mentee + "/plan", results},
	}
	dir := os.Getenv("CPOPATH_PHONE_SHOTS") // to look at the pages by eye
	for _, lang := range j.srv.deps.I18n.Langs() {
		for _, who := range []*tab{tb, mt} {
			who.width = phoneWidth
			who.do("phone", chromedp.EmulateViewport(phoneWidth, 844))
			who.do("language "+lang, chromedp.Navigate(j.srv.url+"/?lang="+lang))
			for _, p := range pages[who] {
				who.do(lang+" "+p, chromedp.Navigate(j.srv.url+p))
				if got := eval[string](who, `document.documentElement.lang`); got != lang {
					t.Errorf("%s shows %q, want %q", p, got, lang)
				}
				if w := eval[int](who, `document.documentElement.scrollWidth`); w > phoneWidth {
					who.snap(lang + p)
					over := eval[[]string](who, overflowJS)
					t.Errorf("%s in %s is %d px wide at %d px; too wide: %s", p, lang, w, phoneWidth, strings.Join(over, ", "))
				}
				if dir != "" {
					name := fmt.Sprintf("%s-%s.png", lang, strings.NewReplacer("/", "_").Replace(strings.Trim(p, "/")))
					os.WriteFile(filepath.Join(dir, name), run(who, "shot", chromedp.CaptureScreenshot()), 0o644)
				}
				who.consoleCheck(lang + " " + p)
			}
		}
	}
}
