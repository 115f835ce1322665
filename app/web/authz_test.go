package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"cpopath/app/web"
)

// rowString returns the one text value of query with args.
func rowString(t *testing.T, e *env, query string, args ...any) string {
	t.Helper()
	var s string
	if err := rw(t, e).QueryRow(query, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// The kinds of visitor every route is walked with.
const (
	guest       = "guest"
	owner       = "owner"        // the mentee whose data is at stake
	other       = "other"        // another user
	mentor      = "mentor"       // the owner's active mentor
	otherMentor = "other-mentor" // the mentor of someone else
	former      = "former"       // the owner's former mentor
)

var visitors = []string{guest, owner, other, mentor, otherMentor, former}

// world is the fixture of the authorisation tests: six visitors and the
// ids of the owner's things.
type world struct {
	e          *env
	c          map[string]*client
	ownerID    string
	result     string // the owner's skills result URL
	token      string // the owner's pending invitation
	invitation string // its id
	mentorship string // id of the owner's mentorship with mentor
	session    string // public id of the owner's session
	resetLink  string // a password-reset link of the owner's, as the operator gets it
	// secrets are strings of one user's data, with who may see them.
	secrets map[string][]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	w := &world{e: e, c: map[string]*client{}}
	w.c[owner] = signUp(t, e, "Owner Zebulon Quince")
	w.c[other] = signUp(t, e, "Other Ophelia Vantongeren")
	w.c[mentor] = signUp(t, e, "Mentor Amadeus Active")
	w.c[otherMentor] = signUp(t, e, "Mentor Bertram Elsewhere")
	w.c[former] = signUp(t, e, "Mentor Felix Former")
	w.c[guest] = e.client()
	w.c[guest].get("/signin")
	w.ownerID = idStr(userID(t, e, "Owner Zebulon Quince"))

	w.result = answerAll(t, w.c[owner], a, middle)
	answerAll(t, w.c[other], a, highest)
	// The owner sets a target, which builds a plan.
	mustStatus(t, w.c[owner].post("/plan/target", url.Values{"role": {"vp-partnerships"}, "horizon": {"12"}}), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM plans`); n != 1 {
		t.Fatalf("plans = %d, want the owner's one", n)
	}

	becomeMentor(t, w.c[owner], w.c[former])
	f := ratingForm(e, "2", nil)
	f.Set("comment-processes", "QX-FORMER-COMMENT")
	mustStatus(t, w.c[former].post("/mentor/mentees/"+w.ownerID+"/rating", f), http.StatusSeeOther)
	formerMS := countRows(t, e, `SELECT m.id FROM mentorships m JOIN users u ON u.id = m.mentor_id WHERE u.name = 'Mentor Felix Former'`)
	mustStatus(t, w.c[owner].post("/me/mentors/"+strconv.Itoa(formerMS)+"/end", nil), http.StatusSeeOther)

	becomeMentor(t, w.c[owner], w.c[mentor])
	f = ratingForm(e, "4", nil)
	f.Set("comment-vision", "QX-MENTOR-COMMENT")
	mustStatus(t, w.c[mentor].post("/mentor/mentees/"+w.ownerID+"/rating", f), http.StatusSeeOther)
	w.mentorship = strconv.Itoa(countRows(t, e, `SELECT id FROM mentorships WHERE state = 'active'`))

	becomeMentor(t, w.c[other], w.c[otherMentor])
	w.token = invite(t, w.c[owner])
	w.invitation = strconv.Itoa(countRows(t, e, `SELECT id FROM invitations WHERE token_hash = ?`, sha(w.token)))
	for _, c := range w.c {
		c.refresh()
	}
	w.session = rowString(t, e, `SELECT public_id FROM sessions WHERE user_id = ?`, w.ownerID)
	link, err := web.ResetLink(context.Background(), e.st, "http://localhost", userID(t, e, "Owner Zebulon Quince"))
	if err != nil {
		t.Fatal(err)
	}
	w.resetLink = strings.TrimPrefix(link, "http://localhost")

	w.secrets = map[string][]string{
		"Zebulon":                                 {owner, mentor},
		emailOf("Owner Zebulon Quince"):           {owner},
		strings.TrimPrefix(w.result, "/results/"): {owner, mentor},
		"QX-MENTOR-COMMENT":                       {owner, mentor},
		"QX-FORMER-COMMENT":                       {owner, former},
		"Ophelia":                                 {other, otherMentor},
	}
	return w
}

// leaks fails when body, served to visitor, holds a secret they may not see.
func (w *world) leaks(t *testing.T, visitor, what, body string, exempt ...string) {
	t.Helper()
	for secret, allowed := range w.secrets {
		if slices.Contains(allowed, visitor) || slices.Contains(exempt, secret) {
			continue
		}
		if strings.Contains(body, secret) {
			t.Errorf("%s sees %q in %s", visitor, secret, what)
		}
	}
}

// snapshot is every row of every table, to prove a request changed nothing.
func snapshot(t *testing.T, e *env) string {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := []string{}
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, table := range tables {
		out = append(out, table+":"+dumpTable(t, db, table))
	}
	return strings.Join(out, "\n")
}

func dumpTable(t *testing.T, db *sql.DB, table string) string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals...))
	}
	sort.Strings(lines)
	return strings.Join(lines, "|")
}

type access map[string]int

// every gives all visitors the same status.
func every(status int) access {
	a := access{}
	for _, v := range visitors {
		a[v] = status
	}
	return a
}

// signedIn is a page for any account: guests go to the sign-in form.
func signedIn() access {
	a := every(http.StatusOK)
	a[guest] = http.StatusSeeOther
	return a
}

// mentorOnly is the owner's page for their active mentor, and nobody else.
func mentorOnly() access {
	a := every(http.StatusNotFound)
	a[guest] = http.StatusSeeOther
	a[mentor] = http.StatusOK
	return a
}

// noTeam is a team's page for visitors who are in no team: it does not
// exist for them.
func noTeam() access {
	a := every(http.StatusNotFound)
	a[guest] = http.StatusSeeOther
	return a
}

func TestEveryPageWithEveryVisitor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	notSignedIn := every(http.StatusSeeOther)
	notSignedIn[guest] = http.StatusOK
	results := every(http.StatusNotFound)
	results[owner], results[mentor] = http.StatusOK, http.StatusOK
	ownPDF := every(http.StatusNotFound) // only the owner has a plan
	ownPDF[guest], ownPDF[owner] = http.StatusSeeOther, http.StatusOK
	m := "/mentor/mentees/" + w.ownerID
	qr := every(http.StatusNotFound) // only during enrolment, for its owner
	qr[guest] = http.StatusSeeOther

	routes := []struct {
		pattern, path string
		want          access
		exempt        []string // secrets a visitor may see on this page anyway
	}{
		{"/", "/", every(http.StatusOK), nil},
		{"/assess/:assessment", "/assess/cpo-skills", every(http.StatusOK), nil},
		{"/assess/:assessment/review", "/assess/cpo-skills/review", every(http.StatusSeeOther), nil},
		{"/assess/:assessment/:page<int>", "/assess/cpo-skills/1", every(http.StatusSeeOther), nil},
		{"/results/:id", w.result, results, nil},
		{"/method", "/method", every(http.StatusOK), nil},
		{"/register", "/register", notSignedIn, nil},
		{"/signin", "/signin", notSignedIn, nil},
		{"/me", "/me", signedIn(), nil},
		{"/me/export", "/me/export", signedIn(), nil},
		{"/me/feedback", "/me/feedback", signedIn(), nil},
		{"/me/invitations", "/me/invitations", signedIn(), nil},
		{"/me/delete", "/me/delete", signedIn(), nil},
		{"/invite/:token", "/invite/" + w.token, every(http.StatusOK), []string{"Zebulon"}},
		{"/mentor", "/mentor", signedIn(), nil},
		{"/mentor/mentees/:id<int>", m, mentorOnly(), nil},
		{"/mentor/mentees/:id<int>/rating", m + "/rating", mentorOnly(), nil},
		{"/mentor/mentees/:id<int>/plan", m + "/plan", mentorOnly(), nil},
		{"/mentor/mentees/:id<int>/plan.pdf", m + "/plan.pdf", mentorOnly(), nil},
		{"/plan", "/plan", signedIn(), nil},
		{"/plan.pdf", "/plan.pdf", ownPDF, nil},
		{"/signin/code", "/signin/code", every(http.StatusSeeOther), nil},
		{"/password/forgot", "/password/forgot", every(http.StatusOK), nil},
		{"/password/reset/:token", w.resetLink, every(http.StatusOK), nil},
		{"/email/confirm/:token", "/email/confirm/" + strings.Repeat("A", 43), every(http.StatusNotFound), nil},
		{"/me/security", "/me/security", signedIn(), nil},
		{"/reminders/stop/:token", "/reminders/stop/" + strings.Repeat("A", 43), every(http.StatusNotFound), nil},
		{"/me/2fa", "/me/2fa", every(http.StatusSeeOther), nil},
		{"/me/2fa/qr.png", "/me/2fa/qr.png", qr, nil},
		// Teams: none of these visitors is in a team (team_test.go walks
		// organisers, co-organisers, members and former members).
		{"/teams", "/teams", signedIn(), nil},
		{"/me/teams", "/me/teams", signedIn(), nil},
		{"/teams/:id<int>", "/teams/1", noTeam(), nil},
		{"/teams/:id<int>/manage", "/teams/1/manage", noTeam(), nil},
		{"/teams/:id<int>/report.pdf", "/teams/1/report.pdf", noTeam(), nil},
		{"/teams/:id<int>/report.csv", "/teams/1/report.csv", noTeam(), nil},
		{"/teams/:id<int>/members/:uid<int>/plan", "/teams/1/members/" + w.ownerID + "/plan", noTeam(), nil},
		{"/join/:token", "/join/" + strings.Repeat("A", 43), every(http.StatusNotFound), nil},
		{"/plan/v/:n<int>", "/plan/v/1", ownPDF, nil},
	}
	// The owner's only plan version is the latest: /plan/v/1 sends to /plan.
	routes[len(routes)-1].want = access{guest: 303, owner: 303, other: 404, mentor: 404, otherMentor: 404, former: 404}

	covered := map[string]bool{"/healthz": true, "/readyz": true}
	for _, rt := range routes {
		covered[rt.pattern] = true
	}
	for _, r := range w.e.app.GetRoutes(true) {
		if r.Method == http.MethodGet && !covered[r.Path] {
			t.Errorf("GET %s is not in this table: add a row with who may see it", r.Path)
		}
	}

	for _, rt := range routes {
		for _, v := range visitors {
			t.Run(v+" "+rt.pattern, func(t *testing.T) {
				r := w.c[v].get(rt.path)
				if want := rt.want[v]; r.status != want {
					t.Fatalf("GET %s as %s = %d, want %d", rt.path, v, r.status, want)
				}
				if r.status == http.StatusSeeOther && v == guest && strings.HasPrefix(r.location(), "/signin") &&
					r.location() != "/signin?next="+url.QueryEscape(rt.path) {
					t.Errorf("guest sent to %q, not back here after signing in", r.location())
				}
				w.leaks(t, v, rt.path, r.body, rt.exempt...)
			})
		}
	}

	// The results page says whose results they are.
	if r := w.c[owner].get(w.result); !strings.Contains(r.body, "<h1>Your results</h1>") {
		t.Error("the owner's results page does not say they are theirs")
	}
	if r := w.c[mentor].get(w.result); !strings.Contains(r.body, "<h1>Results of Owner Zebulon Quince</h1>") || strings.Contains(r.body, "Your results") {
		t.Error("a mentor's view of the results does not name the mentee")
	}

	// What each person downloads is theirs.
	x := w.c[owner].get("/me/export")
	for secret := range w.secrets {
		if slices.Contains(w.secrets[secret], owner) && !strings.Contains(x.body, secret) {
			t.Errorf("the owner's export lacks %q", secret)
		}
	}
	if !strings.Contains(x.body, `"plans": [`) || !strings.Contains(x.body, `"version": 1`) {
		t.Error("the owner's export lacks the plan")
	}
}

func TestActionsOnSomeoneElsesThings(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	m := "/mentor/mentees/" + w.ownerID
	rating := ratingForm(w.e, "1", nil)
	rating.Set("overall", "QX-INTRUDER")
	// The owner's plan, one of its actions and a suggestion by their mentor.
	var planID, action string
	var body string
	row := countRows(t, w.e, `SELECT id FROM plans ORDER BY id LIMIT 1`)
	planID = itoa(row)
	queryRow(t, w.e, `SELECT body_json FROM plans WHERE id = ?`, []any{row}, &body)
	action = regexp.MustCompile(`"actions":\[{"id":"([a-z0-9-]+)"`).FindStringSubmatch(body)[1]
	mustStatus(t, w.c[mentor].post(m+"/plan/suggest", url.Values{"plan": {planID}, "action": {action}, "change": {"backlog"}, "comment": {"QX-SUGGESTION"}}), http.StatusSeeOther)
	suggestion := itoa(countRows(t, w.e, `SELECT id FROM plan_suggestions`))
	edit := url.Values{"plan": {planID}, "action": {action}, "change": {"drop"}}
	own := url.Values{"plan": {planID}, "title": {"QX-INTRUDER"}, "subarea": {"internal"}, "outcome": {"x"}, "due": {time.Now().AddDate(0, 0, 20).Format(time.DateOnly)}}
	tests := []struct {
		path string
		form url.Values
		want access // visitors not listed are not tried here
	}{
		{m + "/rating", rating, access{guest: 401, owner: 404, other: 404, otherMentor: 404, former: 404}},
		{m + "/step-down", nil, access{guest: 401, owner: 404, other: 404, otherMentor: 404, former: 404}},
		{m + "/plan/review", url.Values{"decision": {"approve"}, "overall": {"QX-INTRUDER"}}, access{guest: 401, owner: 404, other: 404, otherMentor: 404, former: 404}},
		{m + "/plan/suggest", url.Values{"plan": {planID}, "action": {action}, "change": {"drop"}, "comment": {"QX-INTRUDER"}}, access{guest: 401, owner: 404, other: 404, otherMentor: 404, former: 404}},
		{"/plan/actions/edit", edit, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/plan/actions/new", own, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/plan/actions", url.Values{"plan": {planID}, "action": {action}, "status": {"done"}}, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/plan/suggestions/" + suggestion + "/accept", url.Values{"plan": {planID}}, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/plan/suggestions/" + suggestion + "/decline", url.Values{"plan": {planID}}, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/plan/hours", url.Values{"hours": {"99"}}, access{guest: 401, owner: 422}},
		{"/plan/build", nil, access{guest: 401, other: 409, mentor: 409}},
		{"/me/mentors/" + w.mentorship + "/end", nil, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/me/invitations/" + w.invitation + "/revoke", nil, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/invite/" + w.token + "/accept", nil, access{guest: 401, owner: 422}},
		{"/invite/" + w.token + "/decline", nil, access{guest: 401, owner: 422}},
		{"/me/invitations", nil, access{guest: 401}},
		{"/me/locale", url.Values{"locale": {"de"}}, access{guest: 401}},
		{"/me/delete", url.Values{"password": {testPassword}}, access{guest: 401}},
		{"/me/sessions/" + w.session + "/end", nil, access{guest: 401, other: 404, mentor: 404, otherMentor: 404, former: 404}},
		{"/me/password", url.Values{"current": {testPassword}, "password": {"violet kettle mondays"}}, access{guest: 401}},
		{"/me/email", url.Values{"email": {"new@example.org"}, "password": {testPassword}}, access{guest: 401}},
		{"/me/2fa/start", nil, access{guest: 401}},
		{"/me/2fa", url.Values{"code": {"123456"}}, access{guest: 401}},
		{"/me/2fa/disable", url.Values{"password": {testPassword}, "code": {"123456"}}, access{guest: 401}},
		{"/me/sessions/end-others", nil, access{guest: 401}},
		{"/me/reminders", url.Values{"on": {"1"}}, access{guest: 401}},
	}
	for _, tt := range tests {
		for _, v := range visitors {
			want, ok := tt.want[v]
			if !ok {
				continue
			}
			t.Run(v+" "+tt.path, func(t *testing.T) {
				before := snapshot(t, w.e)
				form := url.Values{}
				for k, vs := range tt.form {
					form[k] = vs
				}
				r := w.c[v].post(tt.path, form)
				mustStatus(t, r, want)
				if after := snapshot(t, w.e); after != before {
					t.Errorf("POST %s as %s changed the database", tt.path, v)
				}
				w.leaks(t, v, tt.path, r.body)
			})
		}
	}
	// The entitled visitors can, which is what makes the refusals meaningful.
	mustStatus(t, w.c[mentor].post(m+"/rating", rating), http.StatusSeeOther)
	mustStatus(t, w.c[owner].post("/me/invitations/"+w.invitation+"/revoke", nil), http.StatusSeeOther)
	mustStatus(t, w.c[owner].post("/plan/suggestions/"+suggestion+"/accept", url.Values{"plan": {planID}}), http.StatusSeeOther)
	mustStatus(t, w.c[owner].post("/plan/actions/new", own), http.StatusSeeOther)
	mustStatus(t, w.c[owner].post("/me/mentors/"+w.mentorship+"/end", nil), http.StatusSeeOther)
	mustStatus(t, w.c[mentor].get(m), http.StatusNotFound)
}

// Every state-changing route refuses a request without this browser's
// CSRF token, and changes nothing.
func TestCSRFOnEveryStateChangingRoute(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	a := w.e.deps.Assessments.Get("cpo-skills")
	forms := map[string]url.Values{
		"/register":                            {"name": {"New Person"}, "email": {"new.person@example.org"}, "password": {testPassword}},
		"/signin":                              {"email": {emailOf("Owner Zebulon Quince")}, "password": {testPassword}},
		"/me/locale":                           {"locale": {"de"}},
		"/me/delete":                           {"password": {testPassword}},
		"/mentor/mentees/:id<int>/rating":      ratingForm(w.e, "5", nil),
		"/assess/:assessment/answer":           {"item": {a.Items[0].ID}, "value": {"5"}},
		"/plan/target":                         {"role": {"cpo"}, "horizon": {"6"}},
		"/mentor/mentees/:id<int>/plan/review": {"decision": {"approve"}},
	}
	param := regexp.MustCompile(`:[a-z]+(<int>)?`)
	fill := func(pattern string) string {
		return param.ReplaceAllStringFunc(pattern, func(p string) string {
			switch {
			case p == ":assessment":
				return "cpo-skills"
			case p == ":token":
				return w.token
			case strings.HasPrefix(pattern, "/me/invitations/"):
				return w.invitation
			case strings.HasPrefix(pattern, "/me/mentors/"):
				return w.mentorship
			case strings.HasPrefix(pattern, "/mentor/mentees/"):
				return w.ownerID
			}
			return "1"
		})
	}
	// The visitor for whom the request would otherwise succeed.
	who := func(path string) *client {
		switch {
		case path == "/register" || path == "/signin":
			return w.c[guest]
		case strings.HasPrefix(path, "/mentor/"):
			return w.c[mentor]
		case strings.HasPrefix(path, "/invite/"):
			return w.c[other]
		}
		return w.c[owner]
	}
	stranger := w.e.client()
	stranger.get("/signin")
	n := 0
	for _, r := range w.e.app.GetRoutes(true) {
		if r.Method != http.MethodPost {
			continue
		}
		n++
		path := fill(r.Path)
		t.Run(r.Path, func(t *testing.T) {
			c := who(r.Path)
			for _, token := range []string{"", stranger.csrf, "forged-token"} {
				before := snapshot(t, w.e)
				form := url.Values{}
				for k, v := range forms[r.Path] {
					form[k] = v
				}
				if token != "" {
					form.Set("_csrf", token)
				}
				res := c.postRaw(path, form)
				mustStatus(t, res, http.StatusForbidden)
				if !strings.Contains(res.body, "did not come from this site") {
					t.Error("no CSRF message")
				}
				if after := snapshot(t, w.e); after != before {
					t.Errorf("POST %s without a valid token changed the database", path)
				}
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d POST routes found", n)
	}
}

// Every page of accounts and mentoring renders without an untranslated
// message id, for each visitor who can open it.
func TestAccountPagesShowNoMessageIDs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	m := "/mentor/mentees/" + w.ownerID
	pages := []string{"/register", "/signin", "/me", "/me/security", "/password/forgot", "/signin/code", "/me/delete", "/me/feedback", "/me/invitations", "/mentor",
		m, m + "/rating", "/invite/" + w.token, "/invite/" + strings.Repeat("A", 43)}
	for _, v := range visitors {
		for _, p := range pages {
			r := w.c[v].get(p)
			if r.status == http.StatusOK || r.status == http.StatusNotFound {
				assertTranslated(t, w.e, "en", v+" "+p, r.body)
			}
		}
	}
}
