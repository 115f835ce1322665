package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/assess"
)

// TestCachedPiecesShowNoOneElse renders every page built from cached
// pieces (the assessment's pages, the results, the site header on signed-in
// pages) for two people who answer differently, each in two languages, the
// other having warmed the cache in that language first. Nothing of one
// (name, email, CSRF token, result, checked answers) may appear in the
// other's pages: a key that forgets an input shares one person's piece
// with the next.
func TestCachedPiecesShowNoOneElse(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	type person struct {
		name   string
		pick   func(*assess.Item) string
		c      *client
		result string
		pages  map[string]string // "lang path" → body
		tokens []string
	}
	people := []*person{
		{name: "Annegret Quastenhofer-Zwiebelkuchen", pick: lowest},
		{name: "Bartholomew Yarrowfield", pick: highest},
	}
	for _, p := range people {
		p.c = signUp(t, e, p.name)
		p.pages = map[string]string{}
		mustStatus(t, p.c.post("/assess/"+a.ID, nil), http.StatusSeeOther)
		for i, s := range a.Sections {
			form := url.Values{"nav": {"next"}}
			for _, it := range s.Items {
				form.Set(it.ID, p.pick(it))
			}
			mustStatus(t, p.c.post("/assess/"+a.ID+"/"+strconv.Itoa(i+1), form), http.StatusSeeOther)
		}
	}
	fetch := func(p *person, lang string, paths []string) {
		t.Helper()
		for _, path := range paths {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			r := p.c.get(path + sep + "lang=" + lang)
			mustStatus(t, r, http.StatusOK)
			if !strings.Contains(r.body, `<html lang="`+lang+`"`) {
				t.Fatalf("%s %s: not in %s", p.name, path, lang)
			}
			p.pages[lang+" "+path] = r.body
			p.tokens = append(p.tokens, p.c.csrf)
		}
	}
	assessPaths := []string{"/assess/" + a.ID, "/assess/" + a.ID + "/review", "/me"}
	for i := range a.Sections {
		assessPaths = append(assessPaths, "/assess/"+a.ID+"/"+strconv.Itoa(i+1), "/assess/"+a.ID+"/"+strconv.Itoa(i+1)+"?check=1")
	}
	// Each language is warmed by one person and then read by the other.
	order := []struct {
		p    *person
		lang string
	}{{people[0], "en"}, {people[1], "en"}, {people[1], "de"}, {people[0], "de"}}
	for _, o := range order {
		fetch(o.p, o.lang, assessPaths)
	}
	for _, p := range people {
		r := p.c.post("/assess/"+a.ID+"/submit", nil)
		mustStatus(t, r, http.StatusSeeOther)
		p.result = r.location()
	}
	for _, o := range order {
		fetch(o.p, o.lang, []string{o.p.result})
	}

	for i, p := range people {
		other := people[1-i]
		secrets := append([]string{other.name, emailOf(other.name), strings.TrimPrefix(other.result, "/results/")}, other.tokens...)
		for what, body := range p.pages {
			for _, s := range secrets {
				if s != "" && strings.Contains(body, s) {
					t.Errorf("%s's %s shows %q of %s", p.name, what, s, other.name)
				}
			}
			// Every answer shown checked is this person's own.
			for _, s := range a.Sections {
				for _, it := range s.Items {
					mine, theirs := p.pick(it), other.pick(it)
					if mine == theirs {
						continue
					}
					if regexp.MustCompile(`name="` + regexp.QuoteMeta(it.ID) + `" value="` + regexp.QuoteMeta(theirs) + `" checked`).MatchString(body) {
						t.Errorf("%s's %s shows %s's answer to %s checked", p.name, what, other.name, it.ID)
					}
				}
			}
		}
	}
	// The pages did show this person's own answers: the check above looked
	// at real questions.
	p := people[0]
	it := a.Sections[0].Items[0]
	if !regexp.MustCompile(`name="` + regexp.QuoteMeta(it.ID) + `" value="` + regexp.QuoteMeta(p.pick(it)) + `" checked`).MatchString(p.pages["de /assess/"+a.ID+"/1"]) {
		t.Errorf("%s's first page does not show their own answer to %s checked", p.name, it.ID)
	}
}
