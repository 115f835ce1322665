package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

var registerLinkRE = regexp.MustCompile(`href="(/register\?next=[^"]*)"`)

// Someone who opens an invitation signed out and chooses to create an
// account comes back to the invitation, as sign-in does, whatever page of
// the registration (a refused form included) they pass through.
func TestRegisteringFromAnInvitationKeepsIt(t *testing.T) {
	e := newEnv(t)
	mentee := signUp(t, e, "Inviting Ingrid")
	tok := invite(t, mentee)

	c := e.client()
	r := c.get("/invite/" + tok)
	mustStatus(t, r, http.StatusOK)
	links := registerLinkRE.FindAllStringSubmatch(r.body, -1)
	if all := regexp.MustCompile(`href="/register[^"]*"`).FindAllString(r.body, -1); len(links) < 2 || len(all) != len(links) {
		t.Fatalf("every link to register on the invitation (the header's too) must come back to it: %q", all)
	}
	m := links[0]
	r = c.get(html.UnescapeString(m[1]))
	mustStatus(t, r, http.StatusOK)
	next := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(r.body)
	if next == nil {
		t.Fatalf("the registration form (%s) does not carry the invitation: %s", m[1], r.body)
	}
	// A refused form still carries it.
	r = c.post("/register", url.Values{"name": {"Mentor Maximilian"}, "email": {"max@example.org"}, "password": {"short"}, "next": {html.UnescapeString(next[1])}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	next = regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(r.body)
	if next == nil {
		t.Fatalf("the refused registration form lost the invitation")
	}
	r = c.post("/register", url.Values{"name": {"Mentor Maximilian"}, "email": {"max@example.org"}, "password": {testPassword}, "next": {html.UnescapeString(next[1])}})
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/invite/"+tok {
		t.Errorf("after registering went to %q, want the invitation", r.location())
	}
	r = c.get(r.location())
	mustStatus(t, r, http.StatusOK)
	if !regexp.MustCompile(`action="/invite/` + tok + `/accept"`).MatchString(r.body) {
		t.Error("the invitation does not offer to accept after registering")
	}

	// An unsafe next is dropped: registration goes to the dashboard.
	for _, bad := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example"} {
		c := e.client()
		c.get("/register?next=" + url.QueryEscape(bad))
		r := c.post("/register", url.Values{"name": {"Nora Next"}, "email": {"nora" + itoa(len(bad)) + "@example.org"}, "password": {testPassword}, "next": {bad}})
		mustStatus(t, r, http.StatusSeeOther)
		if r.location() != "/me" {
			t.Errorf("next %q went to %q, want /me", bad, r.location())
		}
	}
}
