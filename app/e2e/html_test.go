package e2e

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// httpClient is a browser without a browser: cookies, no redirects
// followed silently (each page is checked on its own).
type httpClient struct {
	t     *testing.T
	base  string
	c     *http.Client
	csrf  string
	pages []webPage
	// path is where the last request ended, after redirects.
	path string
}

func newHTTPClient(t *testing.T, base string) *httpClient {
	jar, _ := cookiejar.New(nil)
	return &httpClient{t: t, base: base, c: &http.Client{Jar: jar}}
}

// fetch requests a page (following redirects), wants status, keeps the HTML
// for the validator and remembers the CSRF token it carries.
func (hc *httpClient) fetch(name, method, path string, form url.Values, status int) string {
	hc.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, hc.base+path, body)
	if err != nil {
		hc.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "en")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := hc.c.Do(req)
	if err != nil {
		hc.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b := readAll(hc.t, res.Body)
	if res.StatusCode != status {
		hc.t.Fatalf("%s %s: status %d, want %d", method, path, res.StatusCode, status)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		hc.t.Fatalf("%s %s: content type %q, want HTML", method, path, res.Header.Get("Content-Type"))
	}
	if m := csrfField.FindSubmatch(b); m != nil {
		hc.csrf = string(m[1])
	}
	hc.path = res.Request.URL.Path
	hc.pages = append(hc.pages, webPage{name: name, url: res.Request.URL.Path, html: b})
	return string(b)
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
		form.Set("_csrf", hc.csrf)
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
