package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cpopath/app/assess"
)

var currentNavRE = regexp.MustCompile(`<a href="([^"]+)" aria-current="page">`)

// Guests find the career-path assessment in the header, its pages mark it
// (not the skills assessment) as where they are, and results stop offering
// it once it is done.
func TestCareerPathIsReachableAndNotOfferedTwice(t *testing.T) {
	e := newEnv(t)
	guest := e.client()
	if r := guest.get("/"); !strings.Contains(r.body, `href="/assess/career-path"`) {
		t.Error("a guest's landing page has no link to the career-path assessment")
	}
	for _, page := range []string{"/assess/career-path", "/assess/career-path/1", "/assess/career-path/review"} {
		if page != "/assess/career-path" {
			mustStatus(t, guest.post("/assess/career-path", nil), http.StatusSeeOther)
		}
		r := guest.get(page)
		mustStatus(t, r, http.StatusOK)
		if m := currentNavRE.FindStringSubmatch(r.body); m == nil || m[1] != "/assess/career-path" {
			t.Errorf("%s: the header marks %v as current, want the career path", page, m)
		}
	}
	if m := currentNavRE.FindStringSubmatch(guest.get("/assess/cpo-skills").body); m == nil || m[1] != "/assess/cpo-skills" {
		t.Errorf("the skills assessment's header marks %v as current", m)
	}

	u := signUp(t, e, "Paula Path")
	skills := answerAll(t, u, e.deps.Assessments.Get("cpo-skills"), middle)
	const offer = `<a class="button secondary" href="/assess/career-path">`
	if r := u.get(skills); !strings.Contains(r.body, offer) {
		t.Error("results do not offer the career-path assessment before it is taken")
	}
	answerAll(t, u, e.deps.Assessments.Get("career-path"), func(it *assess.Item) string { return it.Options[0].ID })
	if r := u.get(skills); strings.Contains(r.body, offer) {
		t.Error("results still offer the career-path assessment after it is done")
	}
}

// Each error page says what happened in its own heading: a missing page
// says it was not found, in the visitor's language.
func TestErrorPagesAreTitledByWhatHappened(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	want := map[string]string{"en": "Page not found", "de": "Seite nicht gefunden", "es": "Página no encontrada", "fr": "Page introuvable"}
	for lang, h1 := range want {
		c.header["Accept-Language"] = lang
		r := c.get("/no/such/page")
		mustStatus(t, r, http.StatusNotFound)
		if !strings.Contains(r.body, "<h1>"+h1+"</h1>") || !strings.Contains(r.body, "<title>"+h1+" · cpopath</title>") {
			t.Errorf("%s 404: heading/title is not %q", lang, h1)
		}
	}
	delete(c.header, "Accept-Language")
	// A refused form without its token: 403, titled as such.
	r := c.postRaw("/register", url.Values{"name": {"X"}})
	mustStatus(t, r, http.StatusForbidden)
	if !strings.Contains(r.body, "<h1>Access refused</h1>") {
		t.Errorf("403 heading: %.300s", r.body)
	}
}
