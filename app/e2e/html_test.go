package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cpopath/app/testkit"
)

// httpClient is a browser without a browser: a testkit.Browser that
// follows redirects (each page is checked on its own) and keeps every
// page's HTML for the validator.
type httpClient struct {
	t     *testing.T
	b     *testkit.Browser
	pages []webPage
	// path is where the last request ended, after redirects.
	path string
}

func newHTTPClient(t *testing.T, base string) *httpClient {
	b := testkit.NewBrowser(base)
	b.FollowRedirects = true
	b.Header.Set("Accept-Language", "en")
	return &httpClient{t: t, b: b}
}

// fetch requests a page (following redirects), wants status, keeps the HTML
// for the validator and remembers the CSRF token it carries.
func (hc *httpClient) fetch(name, method, path string, form url.Values, status int) string {
	hc.t.Helper()
	var r *testkit.Response
	var err error
	if form != nil {
		r, err = hc.b.PostRaw(path, form)
	} else {
		r, err = hc.b.Do(method, path, nil, nil)
	}
	if err != nil {
		hc.t.Fatal(err)
	}
	if r.Status != status {
		hc.t.Fatalf("%s %s: status %d, want %d", method, path, r.Status, status)
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		hc.t.Fatalf("%s %s: content type %q, want HTML", method, path, r.Header.Get("Content-Type"))
	}
	hc.path = r.Path
	hc.pages = append(hc.pages, webPage{name: name, url: r.Path, html: []byte(r.Body)})
	return r.Body
}

func (hc *httpClient) get(name, path string, status int) string {
	hc.t.Helper()
	return hc.fetch(name, http.MethodGet, path, nil, status)
}

func (hc *httpClient) post(name, path string, form url.Values, status int) string {
	hc.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" {
		form.Set("_csrf", hc.b.CSRF)
	}
	return hc.fetch(name, http.MethodPost, path, form, status)
}

// Every page is valid HTML, including the error pages no journey reaches;
// this needs html-validate but no browser.
func TestPagesAreValidHTML(t *testing.T) {
	need(t, "html-validate", "run make test-deps", validatorPath() != "")
	srv := startServer(t)
	hc := newHTTPClient(t, srv.url)
	for _, lang := range []string{"en", "de", "es", "fr"} {
		hc.get("landing-"+lang, "/?lang="+lang, http.StatusOK)
		hc.get("method-"+lang, "/method?lang="+lang, http.StatusOK)
	}
	hc.get("landing-en-again", "/?lang=en", http.StatusOK)
	hc.get("not-found", "/no/such/page", http.StatusNotFound)
	hc.get("no-assessment", "/assess/nope", http.StatusNotFound)
	hc.get("no-result", "/results/AAAAAAAAAAAAAAAAAAAAAA", http.StatusNotFound)
	hc.get("intro-path", "/assess/career-path", http.StatusOK)
	hc.get("intro-skills", "/assess/cpo-skills", http.StatusOK)
	hc.post("bad-csrf", "/assess/cpo-skills", url.Values{"_csrf": {"forged"}}, http.StatusForbidden)
	hc.post("start", "/assess/cpo-skills", nil, http.StatusOK)
	hc.get("intro-open", "/assess/cpo-skills", http.StatusOK)
	hc.post("bad-answer", "/assess/cpo-skills/1", url.Values{"no-such-item": {"1"}}, http.StatusBadRequest)
	hc.get("review", "/assess/cpo-skills/review", http.StatusOK)
	hc.post("submit-incomplete", "/assess/cpo-skills/submit", nil, http.StatusUnprocessableEntity)
	hc.get("page-1-check", "/assess/cpo-skills/1?check=1", http.StatusOK)
	hc.get("landing-resume", "/", http.StatusOK)
	hc.get("register", "/register", http.StatusOK)
	hc.post("register-problems", "/register", url.Values{"name": {""}, "email": {"not an address"}, "password": {"short"}}, http.StatusUnprocessableEntity)
	hc.get("signin", "/signin", http.StatusOK)
	hc.post("signin-problems", "/signin", url.Values{"email": {""}, "password": {""}}, http.StatusUnprocessableEntity)
	hc.post("signin-failed", "/signin", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password 123"}}, http.StatusUnauthorized)
	hc.get("invitation-unknown", "/invite/"+strings.Repeat("A", 43), http.StatusNotFound)

	// A signed-in person before and after they have anything.
	me := newHTTPClient(t, srv.url)
	me.register(newAccount("Vera Valid"))
	for _, p := range []struct{ name, path string }{
		{"me-empty", "/me"}, {"feedback-none", "/me/feedback"}, {"invitations-none", "/me/invitations"},
		{"mentor-none", "/mentor"}, {"delete", "/me/delete"}, {"plan-start-empty", "/plan"},
	} {
		me.get(p.name, p.path, http.StatusOK)
	}
	me.get("mentee-not-mine", "/mentor/mentees/999", http.StatusNotFound)
	me.completeAssessment("cpo-skills")
	me.buildPlan()
	me.get("plan-version", "/plan/v/1", http.StatusOK)
	me.invite()
	me.get("me-full", "/me", http.StatusOK)
	validatePages(t, append(hc.pages, me.pages...))
}
