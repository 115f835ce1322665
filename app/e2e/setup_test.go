package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The helpers here prepare a journey's state over plain HTTP, as fast as a
// form post: a journey spends its browser time on what it proves.

var (
	radioInput = regexp.MustCompile(`<input[^>]*type="radio"[^>]*>`)
	attrName   = regexp.MustCompile(`\bname="([^"]*)"`)
	attrValue  = regexp.MustCompile(`\bvalue="([^"]*)"`)
	selectOpt  = regexp.MustCompile(`(?s)<select[^>]*name="role"[^>]*>.*?<option value="([^"]+)"`)
)

// account is a registered person of a journey.
type account struct {
	name, email, password string
}

func newAccount(name string) account {
	slug := strings.ToLower(strings.ReplaceAll(name, " ", "."))
	return account{name: name, email: slug + "@example.org", password: "a long pass phrase 42"}
}

// register creates the account and signs the client in.
func (hc *httpClient) register(a account) {
	hc.t.Helper()
	hc.get("register-form", "/register", http.StatusOK)
	hc.post("register", "/register", url.Values{"name": {a.name}, "email": {a.email}, "password": {a.password}}, http.StatusOK)
	if hc.path != "/me" {
		hc.t.Fatalf("register %s ended on %s, want /me", a.email, hc.path)
	}
}

// radios returns each radio group of a page with its values, in order.
func radios(html string) (names []string, values map[string][]string) {
	values = map[string][]string{}
	for _, in := range radioInput.FindAllString(html, -1) {
		n, v := attrName.FindStringSubmatch(in), attrValue.FindStringSubmatch(in)
		if n == nil || v == nil {
			continue
		}
		if _, ok := values[n[1]]; !ok {
			names = append(names, n[1])
		}
		values[n[1]] = append(values[n[1]], v[1])
	}
	return names, values
}

// completeAssessment starts an assessment, answers every question with
// the same spread of choices the browser journeys use, submits it, and
// returns the results path.
func (hc *httpClient) completeAssessment(id string) string {
	hc.t.Helper()
	hc.get("intro", "/assess/"+id, http.StatusOK)
	body := hc.post("start", "/assess/"+id, nil, http.StatusOK)
	i := 0
	for page := 1; page <= 12; page++ {
		path := hc.path
		names, values := radios(body)
		form := url.Values{}
		for _, n := range names {
			form.Set(n, values[n][pick(i, question{N: len(values[n])})-1])
			i++
		}
		last := !strings.Contains(body, `value="next"`)
		if last {
			form.Set("nav", "review")
		} else {
			form.Set("nav", "next")
		}
		body = hc.post(fmt.Sprintf("%s-page-%d", id, page), path, form, http.StatusOK)
		if last {
			hc.post(id+"-submit", "/assess/"+id+"/submit", nil, http.StatusOK)
			if !strings.HasPrefix(hc.path, "/results/") {
				hc.t.Fatalf("%s: submit ended on %s", id, hc.path)
			}
			return hc.path
		}
	}
	hc.t.Fatalf("%s: no last page", id)
	return ""
}

// buildPlan sets the first target role and the default horizon, which
// builds the person's plan.
func (hc *httpClient) buildPlan() {
	hc.t.Helper()
	body := hc.get("plan-start", "/plan", http.StatusOK)
	m := selectOpt.FindStringSubmatch(body)
	if m == nil {
		hc.t.Fatal("plan start page has no target role to choose")
	}
	form := url.Values{"role": {m[1]}}
	names, values := radios(body)
	for _, n := range names {
		if n == "horizon" {
			form.Set("horizon", values[n][len(values[n])/2])
		}
	}
	body = hc.post("plan-target", "/plan/target", form, http.StatusOK)
	if hc.path != "/plan" || !strings.Contains(body, `action="/plan/actions"`) {
		hc.t.Fatalf("building the plan ended on %s without actions", hc.path)
	}
}

// menteeWithPlan registers a person who took both assessments and built a
// plan, all over HTTP, and returns their signed-in client.
func menteeWithPlan(t *testing.T, srv *server, a account) *httpClient {
	t.Helper()
	hc := newHTTPClient(t, srv.url)
	hc.register(a)
	hc.completeAssessment("cpo-skills")
	hc.completeAssessment("career-path")
	hc.buildPlan()
	return hc
}

var inviteLink = regexp.MustCompile(`id="invite-link"[^>]*value="[^"]*(/invite/[A-Za-z0-9_-]+)"`)

// invite makes an invitation link as the signed-in person and returns its
// path.
func (hc *httpClient) invite() string {
	hc.t.Helper()
	hc.get("invitations", "/me/invitations", http.StatusOK)
	body := hc.post("invite", "/me/invitations", nil, http.StatusOK)
	m := inviteLink.FindStringSubmatch(body)
	if m == nil {
		hc.t.Fatal("no invitation link after creating one")
	}
	return m[1]
}

// mentorOf registers a mentor through the person's invitation link,
// accepts it and rates the mentee on every area, all over HTTP. It returns
// the mentee's page on the mentor's side.
func mentorOf(t *testing.T, srv *server, mentee *httpClient, a account) string {
	t.Helper()
	link := mentee.invite()
	hc := newHTTPClient(t, srv.url)
	hc.get("register-form", "/register?next="+url.QueryEscape(link), http.StatusOK)
	hc.post("register", "/register", url.Values{"name": {a.name}, "email": {a.email}, "password": {a.password}, "next": {link}}, http.StatusOK)
	hc.post("accept", link+"/accept", nil, http.StatusOK)
	page := hc.path
	if !strings.HasPrefix(page, "/mentor/mentees/") {
		t.Fatalf("accepting ended on %s", page)
	}
	body := hc.get("rating-form", page+"/rating", http.StatusOK)
	names, values := radios(body)
	form := url.Values{"overall": {"Ready to lead a pilot partnership this year."}}
	for i, n := range names {
		form.Set(n, values[n][(i*2+2)%len(values[n])])
	}
	hc.post("rated", page+"/rating", form, http.StatusOK)
	if hc.path != page {
		t.Fatalf("rating ended on %s, want %s", hc.path, page)
	}
	return page
}
