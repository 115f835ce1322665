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

// invite makes a new invitation link as c and returns its token, read
// from the page that shows it once.
func invite(t *testing.T, c *client) string {
	t.Helper()
	b := c.browser()
	tok, err := b.Invite()
	c.sync(b)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// becomeMentor makes mentor an active mentor of mentee through a link.
func becomeMentor(t *testing.T, mentee, mentor *client) {
	t.Helper()
	tok := invite(t, mentee)
	mentor.refresh()
	b := mentor.browser()
	err := b.Accept(tok)
	mentor.sync(b)
	if err != nil {
		t.Fatal(err)
	}
	mentor.refresh()
}

// ratingForm rates every sub-area with point, except where by names
// another point for a skill's sub-areas.
func ratingForm(e *env, point string, by map[string]string) url.Values {
	f := url.Values{}
	for _, sk := range e.deps.Content.Skills {
		for _, sa := range sk.SubAreas {
			p := point
			if v, ok := by[sk.ID]; ok {
				p = v
			}
			f.Set("score-"+sa.ID, p)
		}
	}
	return f
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// pickBySkill answers the items of the skills in low at their lowest and
// everything else at its highest.
func pickBySkill(low ...string) func(*assess.Item) string {
	return func(it *assess.Item) string {
		for _, s := range low {
			if it.Skill == s {
				return lowest(it)
			}
		}
		return highest(it)
	}
}

// scoreRow finds the self and mentor scores of a skill in the feedback
// table, and the reading of their gap.
func scoreRow(t *testing.T, body, skillName string) (self, mentor, reading string) {
	t.Helper()
	re := regexp.MustCompile(`<th scope="row">` + regexp.QuoteMeta(htmlEscape(skillName)) + `</th>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row for %s in the feedback table", skillName)
	}
	return m[1], m[2], m[3]
}

func TestMentorFlow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	mentee := signUp(t, e, "Mina Mentee")
	menteeID := userID(t, e, "Mina Mentee")
	result := answerAll(t, mentee, a, pickBySkill("vision"))

	// The new link is shown once, and only its hash is stored.
	tok := invite(t, mentee)
	if r := mentee.get("/me/invitations"); strings.Contains(r.body, tok) {
		t.Error("the link is shown again")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM invitations WHERE token_hash = ?`, sha(tok)); n != 1 {
		t.Error("the invitation is not stored under the token's hash")
	}

	// A guest opening the link is asked to sign in, and is not told who sent it.
	guest := e.client()
	r := guest.get("/invite/" + tok)
	mustStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "Mina Mentee") {
		t.Error("a guest is told who sent the invitation")
	}
	next := url.QueryEscape("/invite/" + tok)
	if !strings.Contains(r.body, `href="/register?next=`+next+`"`) || !strings.Contains(r.body, `href="/signin?next=`+next+`"`) {
		t.Errorf("no way to sign in and come back: %.800s", r.body)
	}
	if r.header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the invitation page may leak its token in Referer headers")
	}
	// They register and come back to the link.
	r = guest.get("/register?next=" + next)
	if !strings.Contains(r.body, `name="next" value="/invite/`+tok+`"`) {
		t.Fatal("the registration form does not carry the way back")
	}
	r = guest.post("/register", url.Values{"name": {"Max Mentor"}, "email": {emailOf("Max Mentor")}, "password": {testPassword}, "next": {"/invite/" + tok}})
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/invite/"+tok {
		t.Fatalf("after registering went to %q", r.location())
	}
	mentor := guest
	r = mentor.get(r.location())
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Mina Mentee has invited you to be their mentor") || !strings.Contains(r.body, `action="/invite/`+tok+`/accept"`) {
		t.Fatalf("the invitation does not say who sent it or offer to accept: %.800s", r.body)
	}
	r = mentor.post("/invite/"+tok+"/accept", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/mentor/mentees/"+idStr(menteeID) {
		t.Errorf("accepting went to %q", r.location())
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM mentorships WHERE mentee_id = ? AND state = 'active'`, menteeID); n != 1 {
		t.Fatal("no active mentorship after accepting")
	}
	// Reopening the used link takes the mentor to the mentee.
	r = mentor.get("/invite/" + tok)
	mustStatus(t, r, http.StatusSeeOther)

	// The mentor's dashboard lists the mentee with scores and what waits.
	r = mentor.get("/mentor")
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{"Mina Mentee", "Rate Mina Mentee on the five skills", "No plan yet", `href="/mentor/mentees/` + idStr(menteeID) + `/rating"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("mentor dashboard lacks %q", want)
		}
	}
	mustStatus(t, mentor.get(result), http.StatusOK)
	r = mentor.get("/mentor/mentees/" + idStr(menteeID))
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, `href="`+result+`"`) {
		t.Error("the mentee page does not link the result")
	}

	// The rating form has every sub-area on the assessment's own scale.
	r = mentor.get("/mentor/mentees/" + idStr(menteeID) + "/rating")
	mustStatus(t, r, http.StatusOK)
	for _, sk := range e.deps.Content.Skills {
		for _, sa := range sk.SubAreas {
			if !strings.Contains(r.body, `name="score-`+sa.ID+`"`) {
				t.Errorf("no rating for sub-area %s", sa.ID)
			}
		}
	}
	for _, an := range a.Scale("mentor").Anchors {
		if !strings.Contains(r.body, htmlEscape(an.Text.In("en"))) {
			t.Errorf("the anchor %q is missing", an.Text.In("en"))
		}
	}
	assertTranslated(t, e, "en", "rating", r.body)

	// Processes: self high, mentor 1 (0) → blind spot. Vision: self low,
	// mentor 5 (100) → hidden strength. Strategy: both high.
	form := ratingForm(e, "5", map[string]string{"processes": "1"})
	form.Set("comment-processes", "Scores partners without\nwritten criteria")
	form.Set("overall", "A strong networker; formalise the process.")
	r = mentor.post("/mentor/mentees/"+idStr(menteeID)+"/rating", form)
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM ratings`); n != 1 {
		t.Fatalf("ratings = %d, want 1", n)
	}

	r = mentee.get("/me")
	if !strings.Contains(r.body, `href="/me/feedback"`) || !strings.Contains(r.body, "Max Mentor") {
		t.Error("the mentee's dashboard does not show the mentor or link the feedback")
	}
	r = mentee.get("/me/feedback")
	mustStatus(t, r, http.StatusOK)
	name := func(id string) string { return e.deps.Content.Skill(id).Name.In("en") }
	if self, mentorScore, reading := scoreRow(t, r.body, name("processes")); mentorScore != "0" || !strings.Contains(reading, "Blind spot") || self == "0" {
		t.Errorf("processes: self %s, mentor %s, %q; want mentor 0 and a blind spot", self, mentorScore, reading)
	}
	if self, mentorScore, reading := scoreRow(t, r.body, name("vision")); mentorScore != "100" || !strings.Contains(reading, "Hidden strength") {
		t.Errorf("vision: self %s, mentor %s, %q; want mentor 100 and a hidden strength", self, mentorScore, reading)
	}
	if self, mentorScore, reading := scoreRow(t, r.body, name("strategy")); mentorScore != "100" || self != "100" || !strings.Contains(reading, "Close views") {
		t.Errorf("strategy: self %s, mentor %s, %q; want 100, 100, close", self, mentorScore, reading)
	}
	for _, want := range []string{`class="shape self"`, `class="shape mentor"`, htmlEscape("Scores partners without\nwritten criteria"), "A strong networker", "Max Mentor"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("feedback lacks %q", want)
		}
	}
	assertTranslated(t, e, "en", "/me/feedback", r.body)

	// The mentee ends it: from then on the mentor sees nothing.
	mid := countRows(t, e, `SELECT id FROM mentorships WHERE mentee_id = ?`, menteeID)
	r = mentee.post("/me/mentors/"+strconv.Itoa(mid)+"/end", nil)
	mustStatus(t, r, http.StatusSeeOther)
	r = mentor.get("/mentor")
	if strings.Contains(r.body, "Mina Mentee") {
		t.Error("a former mentor still lists the mentee")
	}
	for _, path := range []string{result, "/mentor/mentees/" + idStr(menteeID), "/mentor/mentees/" + idStr(menteeID) + "/rating"} {
		mustStatus(t, mentor.get(path), http.StatusNotFound)
	}
	mustStatus(t, mentor.post("/mentor/mentees/"+idStr(menteeID)+"/rating", ratingForm(e, "3", nil)), http.StatusNotFound)
	if n := countRows(t, e, `SELECT COUNT(*) FROM ratings`); n != 1 {
		t.Error("a former mentor could rate")
	}
	if r := mentee.get("/me/feedback"); !strings.Contains(r.body, "No mentor has rated you yet") {
		t.Error("a former mentor's rating still shows")
	}
}

func TestInvitationBadLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mina := signUp(t, e, "Mina Inviter")
	olga := signUp(t, e, "Olga Other")
	piet := signUp(t, e, "Piet Third")
	db := rw(t, e)
	mentorships := func() int { return countRows(t, e, `SELECT COUNT(*) FROM mentorships`) }

	expired := invite(t, mina)
	if _, err := db.Exec(`UPDATE invitations SET expires_at = expires_at - 15*24*3600 WHERE token_hash = ?`, sha(expired)); err != nil {
		t.Fatal(err)
	}
	revoked := invite(t, mina)
	revokedID := countRows(t, e, `SELECT id FROM invitations WHERE token_hash = ?`, sha(revoked))
	mustStatus(t, mina.post("/me/invitations/"+strconv.Itoa(revokedID)+"/revoke", nil), http.StatusSeeOther)
	used := invite(t, mina)
	mustStatus(t, olga.post("/invite/"+used+"/accept", nil), http.StatusSeeOther)
	declined := invite(t, mina)
	mustStatus(t, piet.post("/invite/"+declined+"/decline", nil), http.StatusSeeOther)
	open := invite(t, mina)
	openID := countRows(t, e, `SELECT id FROM invitations WHERE token_hash = ?`, sha(open))
	forged := strings.Repeat("A", 43)
	before := mentorships()

	tests := []struct {
		name   string
		who    *client
		method string
		path   string
		status int
		msg    string
	}{
		{"forged token", piet, "GET", "/invite/" + forged, 404, "not valid"},
		{"forged token accepted", piet, "POST", "/invite/" + forged + "/accept", 404, "not valid"},
		{"malformed token", piet, "GET", "/invite/short", 404, "not valid"},
		{"malformed token declined", piet, "POST", "/invite/short/decline", 404, "not valid"},
		{"expired", piet, "GET", "/invite/" + expired, 410, "has expired"},
		{"expired accepted", piet, "POST", "/invite/" + expired + "/accept", 410, "has expired"},
		{"revoked", piet, "GET", "/invite/" + revoked, 410, "withdrawn"},
		{"revoked accepted", piet, "POST", "/invite/" + revoked + "/accept", 410, "withdrawn"},
		{"used", piet, "GET", "/invite/" + used, 410, "already been used"},
		{"used accepted again", piet, "POST", "/invite/" + used + "/accept", 410, "already been used"},
		{"declined accepted", piet, "POST", "/invite/" + declined + "/accept", 410, "already been used"},
		{"own link opened", mina, "GET", "/invite/" + open, 200, "your own invitation link"},
		{"own link accepted", mina, "POST", "/invite/" + open + "/accept", 422, "cannot accept your own invitation"},
		{"own link declined", mina, "POST", "/invite/" + open + "/decline", 422, "cannot accept your own invitation"},
		{"already the mentor", olga, "GET", "/invite/" + open, 200, "already Mina Inviter"},
		{"already the mentor accepts", olga, "POST", "/invite/" + open + "/accept", 409, "already this person"},
		{"revoke someone else's", piet, "POST", "/me/invitations/" + strconv.Itoa(openID) + "/revoke", 404, "does not exist"},
		{"revoke a used one", mina, "POST", "/me/invitations/" + strconv.Itoa(revokedID) + "/revoke", 410, "withdrawn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *resp
			if tt.method == "GET" {
				r = tt.who.get(tt.path)
			} else {
				tt.who.refresh()
				r = tt.who.post(tt.path, nil)
			}
			mustStatus(t, r, tt.status)
			if !strings.Contains(r.body, tt.msg) {
				t.Errorf("page lacks %q: %.400s", tt.msg, r.body)
			}
			if n := mentorships(); n != before {
				t.Errorf("mentorships %d → %d", before, n)
			}
			if n := countRows(t, e, `SELECT COUNT(*) FROM invitations WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL`, openID); n != 1 {
				t.Error("the open invitation changed")
			}
		})
	}
	// A guest's POST with a valid CSRF token is refused as not signed in.
	g := e.client()
	g.get("/signin")
	r := g.post("/invite/"+open+"/accept", nil)
	mustStatus(t, r, http.StatusUnauthorized)
	if !strings.Contains(r.body, "Please sign in") {
		t.Error("the guest is not told to sign in")
	}
	// The open link still works for someone else.
	piet.refresh()
	mustStatus(t, piet.post("/invite/"+open+"/accept", nil), http.StatusSeeOther)
}

func TestInvitationLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := signUp(t, e, "Many Links")
	for range 10 {
		mustStatus(t, c.post("/me/invitations", nil), http.StatusSeeOther)
	}
	r := c.post("/me/invitations", nil)
	mustStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.body, "10 invitation links waiting") {
		t.Errorf("no message: %.300s", r.body)
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM invitations`); n != 10 {
		t.Errorf("invitations = %d, want 10", n)
	}
}

func TestRatingRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mentee := signUp(t, e, "Rita Rated")
	mentor := signUp(t, e, "Rolf Rater")
	becomeMentor(t, mentee, mentor)
	path := "/mentor/mentees/" + idStr(userID(t, e, "Rita Rated")) + "/rating"
	first := e.deps.Content.Skills[0].SubAreas[0]
	firstName := first.Name.In("en")
	keep := "Keep what I typed: ümlaut & <tags>"
	tests := []struct {
		name   string
		change func(url.Values)
		field  string
		msg    string
	}{
		{"missing sub-area", func(f url.Values) { f.Del("score-" + first.ID) }, "score-" + first.ID, "Choose a point on the scale for " + htmlEscape(firstName)},
		{"zero", func(f url.Values) { f.Set("score-"+first.ID, "0") }, "score-" + first.ID, "must be between 1 and 5"},
		{"six", func(f url.Values) { f.Set("score-"+first.ID, "6") }, "score-" + first.ID, "must be between 1 and 5"},
		{"not a number", func(f url.Values) { f.Set("score-"+first.ID, "five") }, "score-" + first.ID, "must be between 1 and 5"},
		{"negative", func(f url.Values) { f.Set("score-"+first.ID, "-1") }, "score-" + first.ID, "must be between 1 and 5"},
		{"skill comment too long", func(f url.Values) { f.Set("comment-strategy", strings.Repeat("é", 2001)) }, "comment-strategy", "has 2001 characters; at most 2000"},
		{"overall too long", func(f url.Values) { f.Set("overall", strings.Repeat("x", 4001)) }, "overall", "has 4001 characters; at most 4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ratingForm(e, "3", nil)
			f.Set("comment-vision", keep)
			tt.change(f)
			r := mentor.post(path, f)
			mustStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.body, tt.msg) {
				t.Errorf("page lacks %q", tt.msg)
			}
			if !tiedError(r.body, tt.field) {
				t.Errorf("the message is not tied to %s", tt.field)
			}
			if !strings.Contains(r.body, htmlEscape(keep)) {
				t.Error("the typed comment is lost")
			}
			if !strings.Contains(r.body, `name="score-`+e.deps.Content.Skills[1].SubAreas[0].ID+`" value="3" checked`) {
				t.Error("the valid ratings are lost")
			}
			if n := countRows(t, e, `SELECT COUNT(*) FROM ratings`); n != 0 {
				t.Errorf("a refused rating was stored (%d)", n)
			}
		})
	}
	// At the limits, it is accepted.
	f := ratingForm(e, "5", nil)
	f.Set("comment-strategy", strings.Repeat("é", 2000))
	f.Set("overall", strings.Repeat("x", 4000))
	mustStatus(t, mentor.post(path, f), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM ratings`); n != 1 {
		t.Error("a rating at the limits was not stored")
	}
	// The form comes back filled with the previous rating.
	r := mentor.get(path)
	if !strings.Contains(r.body, `name="score-`+first.ID+`" value="5" checked`) || !strings.Contains(r.body, "Your previous rating") {
		t.Error("the form is not filled with the previous rating")
	}
}

func TestMentorStepsDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	mentee := signUp(t, e, "Stella Mentee")
	mentor := signUp(t, e, "Sam Stepping")
	result := answerAll(t, mentee, a, middle)
	becomeMentor(t, mentee, mentor)
	id := idStr(userID(t, e, "Stella Mentee"))
	mustStatus(t, mentor.post("/mentor/mentees/"+id+"/rating", ratingForm(e, "4", nil)), http.StatusSeeOther)
	mustStatus(t, mentor.get(result), http.StatusOK)
	r := mentor.post("/mentor/mentees/"+id+"/step-down", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM mentorships WHERE state = 'stepped_down'`); n != 1 {
		t.Error("the mentorship is not marked stepped down")
	}
	mustStatus(t, mentor.get(result), http.StatusNotFound)
	mustStatus(t, mentor.get("/mentor/mentees/"+id), http.StatusNotFound)
	mustStatus(t, mentor.post("/mentor/mentees/"+id+"/step-down", nil), http.StatusNotFound)
	if r := mentor.get("/mentor"); strings.Contains(r.body, "Stella Mentee") {
		t.Error("the mentee is still listed")
	}
	if r := mentee.get("/me"); strings.Contains(r.body, "Sam Stepping") {
		t.Error("the mentee still lists the mentor")
	}
}

func TestMentorDashboardShowsWhatWaits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	mentee := signUp(t, e, "Wanda Waiting")
	mentor := signUp(t, e, "Walt Watching")
	answerAll(t, mentee, a, middle)
	becomeMentor(t, mentee, mentor)
	menteeID := userID(t, e, "Wanda Waiting")
	mustStatus(t, mentor.post("/mentor/mentees/"+idStr(menteeID)+"/rating", ratingForm(e, "4", nil)), http.StatusSeeOther)
	db := rw(t, e)
	if _, err := db.Exec(`UPDATE ratings SET created_at = created_at - 3600`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, 3, 'in_review', '{}', strftime('%s','now'), strftime('%s','now'))`, menteeID); err != nil {
		t.Fatal(err)
	}
	answerAll(t, mentee, a, highest)
	r := mentor.get("/mentor")
	for _, want := range []string{"Version 3, waiting for your review", "Wanda Waiting&#39;s plan waits for your review", "new results since your last rating", `href="/mentor/mentees/` + idStr(menteeID) + `/plan"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if strings.Contains(r.body, "Rate Wanda Waiting on the five skills") {
		t.Error("asks for a first rating that exists")
	}
	assertTranslated(t, e, "en", "/mentor", r.body)
}
