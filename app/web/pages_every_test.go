package web_test

import (
	"context"
	"database/sql"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"cpopath/app/assess"
	"cpopath/app/store"
	"cpopath/app/web"
)

// fullWorld is a person with everything a page can show (results taken
// three times, a career-path result, a plan in several versions with done
// actions and long notes, a mentor's rating with comments, an approved
// review, a pending invitation, an assessment in progress), their mentor,
// and a guest in the middle of an assessment, with names as long and as
// far from ASCII as people's are.
type fullWorld struct {
	e                     *env
	mentee, mentor, guest *client
	menteeID              string
	skills, path          string // the mentee's result pages
	guestSkills           string // the guest's result page
	token                 string // the mentee's pending invitation
	reset                 string // a password-reset link of the mentee's
	team, join            string // the mentor's team, which the mentee joined sharing, and its link's token
}

const (
	fullMentee = "Zoë Käthe Müller-Lüdenscheidt von Hohenzollern-Sigmaringen 🌻"
	fullMentor = "Hans-Joachim Großkopf-Überländer 👍"
)

// longNote is a note as people write them, and unbrokenNote one without
// a single place to break a line.
var (
	longNote     = strings.Repeat("Partnerschaftsvereinbarung mit dem Gesundheitsdienstleister besprochen, Pilot für das dritte Quartal vereinbart 🚀. ", 8)
	unbrokenNote = strings.Repeat("Vertragsverhandlungsergebnisprotokoll", 25)
)

func signUpAs(t *testing.T, e *env, name, email string) *client {
	t.Helper()
	c := e.client()
	c.get("/register")
	mustStatus(t, c.post("/register", url.Values{"name": {name}, "email": {email}, "password": {testPassword}}), http.StatusSeeOther)
	c.refresh()
	return c
}

func newFullWorld(t *testing.T) *fullWorld {
	t.Helper()
	e := newEnv(t)
	skills, path := e.deps.Assessments.Get("cpo-skills"), e.deps.Assessments.Get("career-path")
	w := &fullWorld{e: e}
	w.mentee = signUpAs(t, e, fullMentee, "zoe@example.org")
	w.mentor = signUpAs(t, e, fullMentor, "hans@example.org")
	var id int64
	queryRow(t, e, `SELECT id FROM users WHERE email = 'zoe@example.org'`, nil, &id)
	w.menteeID = idStr(id)

	answerAll(t, w.mentee, skills, lowest)
	w.path = answerAll(t, w.mentee, path, func(it *assess.Item) string { return it.Options[1].ID })
	mustStatus(t, w.mentee.post("/plan/target", url.Values{"role": {"vp-partnerships"}, "horizon": {"12"}}), http.StatusSeeOther)
	w.progress(t, 0)
	answerAll(t, w.mentee, skills, middle)
	mustStatus(t, w.mentee.post("/plan/build", nil), http.StatusSeeOther)
	w.progress(t, 2)
	w.skills = answerAll(t, w.mentee, skills, pickBySkill("vision", "negotiation"))
	mustStatus(t, w.mentee.post("/plan/build", nil), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans WHERE user_id = ?`, id); n < 3 {
		t.Fatalf("%d plan versions, want at least 3", n)
	}

	becomeMentor(t, w.mentee, w.mentor)
	f := ratingForm(e, "3", map[string]string{"vision": "5", "processes": "1"})
	for _, sk := range e.deps.Content.Skills {
		f.Set("comment-"+sk.ID, "Sehr überzeugend in Verhandlungen mit Großkunden; 👍 "+strings.Repeat("Weiter so. ", 20))
	}
	f.Set("overall", longNote)
	mustStatus(t, w.mentor.post("/mentor/mentees/"+w.menteeID+"/rating", f), http.StatusSeeOther)

	pid, actions := w.latestPlan(t)
	mustStatus(t, w.mentee.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	m := "/mentor/mentees/" + w.menteeID + "/plan/review"
	mustStatus(t, w.mentor.post(m, url.Values{"plan": {pid}, "decision": {"changes"}, "overall": {longNote}, "comment." + actions[0]: {unbrokenNote}}), http.StatusSeeOther)
	mustStatus(t, w.mentee.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, w.mentor.post(m, url.Values{"plan": {pid}, "decision": {"approve"}, "overall": {"Gut so 👍"}}), http.StatusSeeOther)

	mustStatus(t, w.mentee.post("/me/invitations", url.Values{"label": {"für Hans-Jürgen Großkopf-Überländer aus München 👍"}}), http.StatusSeeOther)
	w.token = invite(t, w.mentee)
	// An assessment in progress, one page answered.
	mustStatus(t, w.mentee.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	page1 := url.Values{"nav": {"next"}}
	for _, it := range skills.Sections[0].Items {
		page1.Set(it.ID, middle(it))
	}
	mustStatus(t, w.mentee.post("/assess/cpo-skills/1", page1), http.StatusSeeOther)

	// The mentor runs a team; the mentee joined it and shares.
	r := w.mentor.post("/teams", url.Values{"name": {"Partnerteam Süd – Großkunden & Allianzen 🌻"}, "description": {longNote[:400]}})
	mustStatus(t, r, http.StatusSeeOther)
	w.team = strings.TrimSuffix(r.location(), "/manage")
	w.join = newTeamLink(t, w.mentor, w.team)
	join(t, w.mentee, w.join, true)

	w.guest = e.client()
	w.guestSkills = answerAll(t, w.guest, skills, highest)
	// Security: the mentor is part way through setting up a second
	// factor, and the operator made the mentee a reset link.
	mustStatus(t, w.mentor.post("/me/2fa/start", nil), http.StatusSeeOther)
	link, err := web.ResetLink(context.Background(), e.st, "", id)
	if err != nil {
		t.Fatal(err)
	}
	w.reset = strings.TrimPrefix(link, "http://localhost")
	mustStatus(t, w.guest.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	for _, c := range []*client{w.mentee, w.mentor} {
		c.refresh()
	}
	return w
}

// latestPlan returns the id of the mentee's newest plan version and its
// action ids.
func (w *fullWorld) latestPlan(t *testing.T) (string, []string) {
	t.Helper()
	var pid int
	queryRow(t, w.e, `SELECT id FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, []any{w.menteeID}, &pid)
	db := rw(t, w.e)
	rows, err := db.Query(`SELECT action_id FROM plan_actions WHERE plan_id = ? ORDER BY action_id`, pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		ids = append(ids, a)
	}
	if len(ids) < 3 {
		t.Fatalf("plan %d has %d actions", pid, len(ids))
	}
	return itoa(pid), ids
}

// progress marks actions of the latest version from the from-th on: one
// done with a long note, one started with a note without spaces.
func (w *fullWorld) progress(t *testing.T, from int) {
	t.Helper()
	pid, ids := w.latestPlan(t)
	mustStatus(t, w.mentee.post("/plan/actions", url.Values{"plan": {pid}, "action": {ids[from]}, "status": {"done"}, "note": {longNote}, "done_on": {"2026-01-15"}}), http.StatusSeeOther)
	mustStatus(t, w.mentee.post("/plan/actions", url.Values{"plan": {pid}, "action": {ids[from+1]}, "status": {"doing"}, "note": {unbrokenNote}}), http.StatusSeeOther)
}

// fullPage is a page of the full world: who opens it, the route's pattern
// and the path, and the status it answers with.
type fullPage struct {
	who, pattern, path string
	status             int
}

func (w *fullWorld) pages() []fullPage {
	m := "/mentor/mentees/" + w.menteeID
	return []fullPage{
		{"guest", "/", "/", 200},
		{"guest", "/assess/:assessment", "/assess/cpo-skills", 200},
		{"guest", "/assess/:assessment", "/assess/career-path", 200},
		{"guest", "/assess/:assessment/:page<int>", "/assess/cpo-skills/2", 200},
		{"guest", "/assess/:assessment/review", "/assess/cpo-skills/review", 200},
		{"guest", "/results/:id", w.guestSkills, 200},
		{"guest", "/method", "/method", 200},
		{"guest", "/register", "/register", 200},
		{"guest", "/signin", "/signin", 200},
		{"guest", "/invite/:token", "/invite/" + w.token, 200},
		{"guest", "", "/no/such/page", 404},
		{"guest", "/password/forgot", "/password/forgot", 200},
		{"guest", "/password/reset/:token", w.reset, 200},
		{"guest", "/email/confirm/:token", "/email/confirm/" + strings.Repeat("A", 43), 404},
		{"guest", "/reminders/stop/:token", "/reminders/stop/" + strings.Repeat("A", 43), 404},
		{"mentee", "/me/security", "/me/security", 200},
		{"mentor", "/me/2fa", "/me/2fa", 200},
		{"mentee", "/", "/", 200},
		{"mentee", "/me", "/me", 200},
		{"mentee", "/me/delete", "/me/delete", 200},
		{"mentee", "/me/feedback", "/me/feedback", 200},
		{"mentee", "/me/invitations", "/me/invitations", 200},
		{"mentee", "/invite/:token", "/invite/" + w.token, 200},
		{"mentee", "/results/:id", w.skills, 200},
		{"mentee", "/results/:id", w.path, 200},
		{"mentee", "/assess/:assessment", "/assess/cpo-skills", 200},
		{"mentee", "/assess/:assessment/:page<int>", "/assess/cpo-skills/1", 200},
		{"mentee", "/assess/:assessment/review", "/assess/cpo-skills/review", 200},
		{"mentee", "/plan", "/plan", 200},
		{"mentee", "/plan/v/:n<int>", "/plan/v/1", 200},
		{"mentee", "/plan/v/:n<int>", "/plan/v/2", 200},
		{"mentee", "/mentor", "/mentor", 200},
		{"mentee", "/mentor/mentees/:id<int>", "/mentor/mentees/999999", 404},
		{"mentor", "/mentor", "/mentor", 200},
		{"mentor", "/mentor/mentees/:id<int>", m, 200},
		{"mentor", "/mentor/mentees/:id<int>/rating", m + "/rating", 200},
		{"mentor", "/mentor/mentees/:id<int>/plan", m + "/plan", 200},
		{"mentor", "/results/:id", w.skills, 200},
		{"mentor", "/results/:id", w.path, 200},
		{"mentor", "/me", "/me", 200},
		{"mentor", "/me/feedback", "/me/feedback", 200},
		{"mentor", "/plan", "/plan", 200},
		{"mentor", "/invite/:token", "/invite/" + w.token, 200},
		{"guest", "/join/:token", "/join/" + w.join, 200},
		{"mentee", "/join/:token", "/join/" + w.join, 200},
		{"mentee", "/teams", "/teams", 200},
		{"mentee", "/me/teams", "/me/teams", 200},
		{"mentor", "/teams", "/teams", 200},
		{"mentor", "/me/teams", "/me/teams", 200},
		{"mentor", "/teams/:id<int>", w.team, 200},
		{"mentor", "/teams/:id<int>", w.team + "?since=6", 200},
		{"mentor", "/teams/:id<int>/manage", w.team + "/manage", 200},
		{"mentor", "/teams/:id<int>/members/:uid<int>/plan", w.team + "/members/" + w.menteeID + "/plan", 200},
	}
}

func (w *fullWorld) client(who string) *client {
	switch who {
	case "mentee":
		return w.mentee
	case "mentor":
		return w.mentor
	}
	return w.guest
}

var (
	tagRE        = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	attrTextRE   = regexp.MustCompile(`\b(?:content|title|alt|aria-label|placeholder|value|data-confirm)="([^"]*)"`)
	idLikeRE     = regexp.MustCompile(`[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+`)
	metaDescRE   = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	titleRE      = regexp.MustCompile(`<title>([^<]*)</title>`)
	emptyFillRE  = regexp.MustCompile(`\(\s*\)|« *»|“ *”|"\s*"|\s[,.;]|:\s*[,.;]|·\s*·|\{\{|\}\}|%!|<no value>`)
	mainRE       = regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)
	quotedRE     = regexp.MustCompile(`(?s)<q>.*?</q>|<blockquote.*?</blockquote>`)
	sentenceSpan = regexp.MustCompile(`[^.!?:\n]+`)
)

// pageText is what a reader meets on a page: its text, and the texts of
// the attributes a browser shows or reads out, one per line.
func pageText(body string) string {
	var b strings.Builder
	for _, m := range attrTextRE.FindAllStringSubmatch(body, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tagRE.ReplaceAllString(body, "\n")))
	return b.String()
}

// Every page, in every language, for people with every kind of data:
// no message id, no "<no value>", no empty interpolation, a title and a
// translated meta description. Every GET route with a page is in the list.
func TestEveryPageInEveryLanguageWithFullData(t *testing.T) {
	w := newFullWorld(t)
	pages := w.pages()
	covered := map[string]bool{"/healthz": true, "/readyz": true, "/me/export": true, "/plan.pdf": true, "/mentor/mentees/:id<int>/plan.pdf": true,
		"/teams/:id<int>/report.pdf": true, "/teams/:id<int>/report.csv": true,
		// A QR code image; and the code form, which exists only between a
		// password and its code (TestSecondFactor, TestSecurityJourney).
		"/me/2fa/qr.png": true, "/signin/code": true}
	for _, p := range pages {
		covered[p.pattern] = true
	}
	for _, r := range w.e.app.GetRoutes(true) {
		if r.Method == http.MethodGet && !covered[r.Path] && !strings.HasPrefix(r.Path, "/static") {
			t.Errorf("GET %s has no row in pages(): add one with the data it shows", r.Path)
		}
	}
	ids := map[string]bool{}
	for _, id := range w.e.deps.I18n.IDs("en") {
		ids[id] = true
	}
	english := map[string]string{} // page → its English meta description
	for _, lang := range w.e.deps.I18n.Langs() {
		for _, p := range pages {
			c := w.client(p.who)
			c.header["Accept-Language"] = lang
			r := c.get(p.path)
			delete(c.header, "Accept-Language")
			what := lang + " " + p.who + " " + p.path
			if r.status != p.status {
				t.Errorf("%s: status %d, want %d", what, r.status, p.status)
				continue
			}
			if !strings.Contains(r.body, `<html lang="`+lang+`">`) {
				t.Errorf("%s: not in %s", what, lang)
			}
			text := pageText(r.body)
			for _, tok := range idLikeRE.FindAllString(text, -1) {
				if ids[tok] {
					t.Errorf("%s: shows the message id %q", what, tok)
				}
			}
			for _, line := range strings.Split(text, "\n") {
				if m := emptyFillRE.FindString(line); m != "" {
					t.Errorf("%s: an empty or broken interpolation %q in %q", what, m, strings.TrimSpace(line))
				}
			}
			if m := dataKeyRE.FindString(text); m != "" {
				t.Errorf("%s: shows the data key %q", what, m)
			}
			if m := titleRE.FindStringSubmatch(r.body); m == nil || strings.TrimSpace(strings.TrimSuffix(m[1], "· cpopath")) == "" {
				t.Errorf("%s: no title", what)
			}
			d := metaDescRE.FindStringSubmatch(r.body)
			switch {
			case d == nil || len(strings.TrimSpace(d[1])) < 40:
				t.Errorf("%s: no meta description of a sentence or more", what)
			case lang == "en":
				english[p.who+p.path] = d[1]
			case d[1] == english[p.who+p.path]:
				t.Errorf("%s: the meta description is not translated: %q", what, d[1])
			}
		}
	}
	checkCachedResultsUnchanged(t, w.e)
}

// checkCachedResultsUnchanged: the store hands every page the same decoded
// result of an attempt (a cache), so a page that changed one would change
// what the next reader sees. After all pages, each result the cache holds
// must still equal a fresh decoding of its snapshot.
func checkCachedResultsUnchanged(t *testing.T, e *env) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+e.dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT DISTINCT user_id FROM attempts WHERE user_id IS NOT NULL AND completed_at IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	var users []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		users = append(users, id)
	}
	rows.Close()
	checked := 0
	for _, id := range users {
		ats, err := e.st.Attempts(context.Background(), store.Owner{UserID: id})
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range ats {
			if !at.Completed() {
				continue
			}
			cached, err := at.Result()
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := assess.DecodeResult([]byte(at.ResultJSON))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cached, fresh) {
				t.Errorf("a page changed the cached result of attempt %s:\n got  %+v\n want %+v", at.PublicID, cached, fresh)
			}
			checked++
		}
	}
	if checked < 3 {
		t.Errorf("checked %d cached results; the full world has more", checked)
	}
}

// secondPerson are the words with which a text speaks to its reader.
var secondPerson = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`(?i)\b(you|your|yours|yourself)\b`),
	"de": regexp.MustCompile(`\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b`),
	"fr": regexp.MustCompile(`(?i)\b(vous|votre|vos)\b`),
	// Spanish "su" is also "his" or "her": only the unambiguous forms.
	"es": regexp.MustCompile(`(?i)\b(usted|ustedes)\b`),
}

// A mentor's view of a mentee's results, feedback and plan never shows a
// sentence that speaks to its reader and that the mentee also reads on
// their own view of the same thing: such a sentence was written for one of
// them ("You rated yourself 88"), and the other is told something false.
func TestMentorViewsDoNotSpeakAsToTheMentee(t *testing.T) {
	w := newFullWorld(t)
	m := "/mentor/mentees/" + w.menteeID
	pairs := []struct{ own, mentor string }{
		{w.skills, w.skills},
		{w.path, w.path},
		{"/plan", m + "/plan"},
		{"/me/feedback", m},
		{"/me/feedback", m + "/rating"},
	}
	for lang, you := range secondPerson {
		plan := planTexts(w.e, lang)
		for _, pr := range pairs {
			w.mentee.header["Accept-Language"], w.mentor.header["Accept-Language"] = lang, lang
			own, theirs := w.mentee.get(pr.own), w.mentor.get(pr.mentor)
			mustStatus(t, own, http.StatusOK)
			mustStatus(t, theirs, http.StatusOK)
			mine := map[string]bool{}
			for _, s := range sentences(own.body) {
				mine[s] = true
			}
			// What a mentor's page quotes (a question, the level's words to
			// the mentee) is marked as a quotation and is not its own voice.
			for _, s := range sentences(quotedRE.ReplaceAllString(theirs.body, "")) {
				if mine[s] && you.MatchString(s) && !strings.Contains(plan, s) {
					t.Errorf("%s: the mentor's %s says to the mentor what it says to the mentee on %s: %q", lang, pr.mentor, pr.own, s)
				}
			}
		}
	}
	delete(w.mentee.header, "Accept-Language")
	delete(w.mentor.header, "Accept-Language")
}

// planTexts are the texts of the plan itself in lang (actions, resources,
// steps, roles, challenges): instructions to the mentee, which a mentor
// reviewing the plan reads as they stand.
func planTexts(e *env, lang string) string {
	c := e.deps.Content
	var b strings.Builder
	for _, a := range c.Actions {
		b.WriteString(a.Title.In(lang) + "\n" + a.Description.In(lang) + "\n" + a.Outcome.In(lang) + "\n")
	}
	for _, r := range c.Resources {
		b.WriteString(r.Description.In(lang) + "\n")
	}
	for _, s := range c.Steps {
		b.WriteString(s.Summary.In(lang) + "\n" + s.Evidence.In(lang) + "\n")
	}
	for _, r := range c.Roles {
		b.WriteString(r.Summary.In(lang) + "\n")
	}
	for _, ch := range c.Challenges {
		b.WriteString(ch.Summary.In(lang) + "\n")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// sentences are the sentences of a page's main part, spaces collapsed.
func sentences(body string) []string {
	mm := mainRE.FindStringSubmatch(body)
	if mm == nil {
		return nil
	}
	var out []string
	for _, s := range sentenceSpan.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(mm[1], "\n")), -1) {
		// A single word (a column headed "You") names, it does not speak.
		if f := strings.Fields(s); len(f) > 1 {
			s = strings.Join(f, " ")
			out = append(out, s)
		}
	}
	return out
}
