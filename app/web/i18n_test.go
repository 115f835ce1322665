package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// assertTranslated fails when a page shows a UI message id (what the
// localizer returns for a missing message) or a data-text key.
func assertTranslated(t *testing.T, e *env, lang, page, body string) {
	t.Helper()
	if !strings.Contains(body, `<html lang="`+lang+`">`) {
		t.Errorf("%s %s: html lang is not %q", lang, page, lang)
	}
	for _, id := range e.deps.I18n.IDs("en") {
		if strings.Contains(body, ">"+id+"<") || strings.Contains(body, `"`+id+`"`) || strings.Contains(body, " "+id+" ") {
			t.Errorf("%s %s: shows the message id %q", lang, page, id)
		}
	}
	if m := dataKeyRE.FindString(body); m != "" {
		t.Errorf("%s %s: shows the data key %q", lang, page, m)
	}
}

var dataKeyRE = regexp.MustCompile(`\b(skill|subarea|level|descriptor|step|item|action|resource|role|challenge)\.[a-z0-9-]+\.(name|summary|text|title|description|outcome|evidence|option)\b`)

// Every guest page renders in every language without an untranslated id,
// and the data texts come in the page's language.
func TestGuestPagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	for _, lang := range e.deps.I18n.Langs() {
		t.Run(lang, func(t *testing.T) {
			c := e.client()
			c.header["Accept-Language"] = lang
			check := func(page string) *resp {
				r := c.get(page)
				if r.status != http.StatusOK && r.status != http.StatusNotFound {
					t.Fatalf("%s: status %d", page, r.status)
				}
				assertTranslated(t, e, lang, page, r.body)
				return r
			}
			home := check("/")
			if want := e.deps.Content.Skill("processes").Name.In(lang); !strings.Contains(home.body, htmlEscape(want)) {
				t.Errorf("landing does not show the skill name %q", want)
			}
			check("/assess/cpo-skills")
			results := answerAll(t, c, a, middle)
			check(results)
			check("/no/such/page")
			mustStatus(t, c.post("/assess/cpo-skills", nil), http.StatusSeeOther)
			for i := range a.Sections {
				p := check("/assess/cpo-skills/" + strconv.Itoa(i+1))
				if want := a.Sections[i].Items[0].Text.In(lang); !strings.Contains(p.body, htmlEscape(want)) {
					t.Errorf("page %d does not show its first item in %s", i+1, lang)
				}
			}
			check("/assess/cpo-skills/review")
		})
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestLanguageChoiceIsRemembered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.header["Accept-Language"] = "en-GB,en;q=0.9"
	r := c.get("/?lang=de")
	if !strings.Contains(r.body, `<html lang="de">`) {
		t.Fatal("?lang=de did not switch to German")
	}
	r = c.get("/assess/cpo-skills")
	if !strings.Contains(r.body, `<html lang="de">`) {
		t.Error("the next page is not German: the choice was not remembered")
	}
	r = c.get("/?lang=xx")
	if !strings.Contains(r.body, `<html lang="de">`) {
		t.Error("an unknown ?lang= replaced the remembered choice")
	}
}
