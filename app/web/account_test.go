package web_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/assess"
	"cpopath/app/web"
)

// testPassword is every test account's password.
const testPassword = "a long and unusual passphrase"

// emailOf is the email signUp gives a person called name.
func emailOf(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
}

// signUp registers name on a new browser and returns that browser signed
// in, holding a CSRF token that is valid after the sign-in rotated its key.
func signUp(t *testing.T, e *env, name string) *client {
	t.Helper()
	c := e.client()
	b := c.browser()
	if err := b.Register(name, emailOf(name), testPassword); err != nil {
		t.Fatal(err)
	}
	c.refresh()
	return c
}

// refresh loads a page with a form, so the client holds a current CSRF
// token (signing in and out issue a new browser key).
func (c *client) refresh() {
	c.e.t.Helper()
	c.csrf = ""
	if r := c.get("/me"); r.status != http.StatusOK {
		c.get("/signin")
	}
}

// signIn signs c in as the account of name.
func (c *client) signIn(t *testing.T, name string) *resp {
	t.Helper()
	c.refresh()
	r := c.post("/signin", url.Values{"email": {emailOf(name)}, "password": {testPassword}})
	c.refresh()
	return r
}

// userID returns the id of the account of name.
func userID(t *testing.T, e *env, name string) int64 {
	t.Helper()
	u, err := e.st.UserByEmail(context.Background(), emailOf(name))
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return u.ID
}

// rw opens the test database for writing, to set up what no page can (an
// expired invitation, a plan).
func rw(t *testing.T, e *env) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+e.dbPath+"?_busy_timeout=5000&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// setCookieLine returns the Set-Cookie header that sets name, or "".
func setCookieLine(r *resp, name string) string {
	for _, l := range r.header.Values("Set-Cookie") {
		if strings.HasPrefix(l, name+"=") {
			return l
		}
	}
	return ""
}

// tiedError reports whether the form control with id field is marked
// invalid and described by its message, element field-error.
func tiedError(body, field string) bool {
	tag := regexp.MustCompile(`<[^>]*\bid="` + regexp.QuoteMeta(field) + `"[^>]*>`).FindString(body)
	described := regexp.MustCompile(`aria-describedby="[^"]*\b` + regexp.QuoteMeta(field) + `-error\b`)
	return strings.Contains(tag, `aria-invalid="true"`) && described.MatchString(tag) &&
		strings.Contains(body, `id="`+field+`-error"`)
}

func sha(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func lowest(it *assess.Item) string {
	if it.Kind == assess.KindRated {
		if it.Reverse {
			return "5"
		}
		return "1"
	}
	best, worst := it.Options[0], it.Options[0]
	for _, o := range it.Options {
		if o.Score > best.Score {
			best = o
		}
		if o.Score < worst.Score {
			worst = o
		}
	}
	return worst.ID
}

func highest(it *assess.Item) string {
	if it.Kind == assess.KindRated {
		if it.Reverse {
			return "1"
		}
		return "5"
	}
	best := it.Options[0]
	for _, o := range it.Options {
		if o.Score > best.Score {
			best = o
		}
	}
	return best.ID
}

func TestRegisterSignInSignOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.client()
	c.get("/register")
	oldBrowser := c.cookies["cp_browser"]
	r := c.post("/register", url.Values{"name": {"Ada Lovelace"}, "email": {"Ada.Lovelace@Example.org"}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/me" {
		t.Errorf("register went to %q, want /me", r.location())
	}
	line := setCookieLine(r, "cp_session")
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "path=/", "max-age=2592000"} {
		if !strings.Contains(strings.ToLower(line), strings.ToLower(want)) {
			t.Errorf("session cookie %q lacks %s", line, want)
		}
	}
	if strings.Contains(line, "Secure") {
		t.Errorf("session cookie over plain HTTP is Secure: %q", line)
	}
	tok := c.cookies["cp_session"]
	if n := countRows(t, e, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, sha(tok)); n != 1 {
		t.Fatalf("sessions stored under the token's hash = %d, want 1", n)
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, tok); n != 0 {
		t.Error("the raw session token is stored")
	}
	if c.cookies["cp_browser"] == oldBrowser {
		t.Error("registering did not issue a new browser key")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = 'ada.lovelace@example.org' AND name = 'Ada Lovelace' AND password_hash LIKE '$2a$%'`); n != 1 {
		t.Error("user not stored with a lower-cased email and a bcrypt hash")
	}
	me := c.get("/me")
	mustStatus(t, me, http.StatusOK)
	if !strings.Contains(me.body, "Ada Lovelace") || !strings.Contains(me.body, "Welcome to cpopath") {
		t.Errorf("dashboard lacks the name or the welcome: %.400s", me.body)
	}

	// Sign out: the session row goes, the cookie is cleared, pages ask to sign in.
	r = c.post("/signout", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions left after signing out", n)
	}
	if _, ok := c.cookies["cp_session"]; ok {
		t.Error("session cookie not cleared")
	}
	r = c.get("/me")
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/signin?next=%2Fme" {
		t.Errorf("guest on /me sent to %q", r.location())
	}
	// The old token does not come back to life.
	stale := e.client()
	stale.cookies["cp_session"] = tok
	mustStatus(t, stale.get("/me"), http.StatusSeeOther)

	// Sign in again: a new token, in whatever case the email is typed.
	c.refresh()
	r = c.post("/signin", url.Values{"email": {" ADA.lovelace@example.org "}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	if c.cookies["cp_session"] == "" || c.cookies["cp_session"] == tok {
		t.Error("signing in did not issue a new session token")
	}
	mustStatus(t, c.get("/me"), http.StatusOK)
	// Signed in, the forms send on.
	mustStatus(t, c.get("/signin"), http.StatusSeeOther)
	mustStatus(t, c.get("/register"), http.StatusSeeOther)
}

func TestSignInRotatesAPlantedSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Victim Person")
	attacker := signUp(t, e, "Attacker Person")
	planted := attacker.cookies["cp_session"]
	// The victim's browser carries the attacker's session (planted cookie)
	// and signs in: the planted session must end, not be upgraded.
	v := e.client()
	v.cookies["cp_session"] = planted
	r := v.signIn(t, "Victim Person")
	mustStatus(t, r, http.StatusSeeOther)
	if v.cookies["cp_session"] == planted {
		t.Fatal("sign-in kept the session token the browser came with")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, sha(planted)); n != 0 {
		t.Error("the planted session still exists")
	}
	me := v.get("/me")
	if !strings.Contains(me.body, "Victim Person") {
		t.Error("the victim is not signed in as themselves")
	}
}

func TestSessionSurvivesRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := signUp(t, e, "Grace Hopper")
	// A second app over the same file, as after a restart.
	e2 := newApp(t, e.dbPath, nil)
	e2.t = t
	again := &client{e: e2, cookies: c.cookies, header: map[string]string{}}
	r := again.get("/me")
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Grace Hopper") {
		t.Error("after a restart the session does not sign in")
	}
}

func TestSessionCookieIsSecureOverTLS(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, func(c *web.Config) { c.TrustProxy = true })
	c := e.client()
	c.header["X-Forwarded-Proto"] = "https"
	c.get("/register")
	r := c.post("/register", url.Values{"name": {"Tim Berners"}, "email": {"tim@example.org"}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	// Over TLS the names carry the __Host- prefix (TestHostCookiesOverTLS).
	for _, name := range []string{"__Host-cp_session", "__Host-cp_browser"} {
		line := setCookieLine(r, name)
		if !strings.Contains(line, "secure") && !strings.Contains(line, "Secure") {
			t.Errorf("%s over TLS is not Secure: %q", name, line)
		}
		if !strings.Contains(line, "HttpOnly") {
			t.Errorf("%s is not HttpOnly: %q", name, line)
		}
	}
}

func TestGuestAttemptsMoveToTheAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")

	// A guest completes the assessment, then registers.
	g := e.client()
	result := answerAll(t, g, a, middle)
	g.get("/register")
	r := g.post("/register", url.Values{"name": {"Guest Who Registers"}, "email": {"gwr@example.org"}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	uid := userID(t, e, "gwr")
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id = ? AND guest_key_hash IS NULL`, uid); n != 1 {
		t.Fatalf("attempts moved to the account = %d, want 1", n)
	}
	me := g.get("/me")
	if !strings.Contains(me.body, `href="`+result+`"`) {
		t.Error("the dashboard does not list the result taken as a guest")
	}
	mustStatus(t, g.get(result), http.StatusOK)

	// Someone with an account starts as a guest on another browser and
	// signs in there: the unfinished attempt moves too.
	other := e.client()
	mustStatus(t, other.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	mustStatus(t, other.post("/assess/cpo-skills/answer", url.Values{"item": {a.Items[0].ID}, "value": {"4"}}), http.StatusOK)
	other.refresh()
	r = other.post("/signin", url.Values{"email": {"gwr@example.org"}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id = ?`, uid); n != 2 {
		t.Errorf("attempts of the account after signing in elsewhere = %d, want 2", n)
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id IS NULL`); n != 0 {
		t.Errorf("%d guest attempts left behind", n)
	}
	me = other.get("/me")
	if !strings.Contains(me.body, "Unfinished") || !strings.Contains(me.body, "1 of ") {
		t.Error("the dashboard does not offer to continue the unfinished attempt")
	}
}

func TestRegisterRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Taken Person")
	users := countRows(t, e, `SELECT COUNT(*) FROM users`)
	tests := []struct {
		name, fullName, email, password string
		status                          int
		field, msg                      string
	}{
		{"malformed email", "Ann Example", "ann-at-example.org", testPassword, 422, "email", "name@example.org"},
		{"email without domain dot", "Ann Example", "ann@localhost", testPassword, 422, "email", "name@example.org"},
		{"email with display name", "Ann Example", "Ann <ann@example.org>", testPassword, 422, "email", "name@example.org"},
		{"no email", "Ann Example", "", testPassword, 422, "email", "Enter your email address"},
		{"no name", "", "ann@example.org", testPassword, 422, "name", "Enter your name"},
		{"name too long", strings.Repeat("n", 101), "ann@example.org", testPassword, 422, "name", "at most 100"},
		{"short password", "Ann Example", "ann@example.org", "Zq9!kp", 422, "password", "at least 10"},
		{"common password", "Ann Example", "ann@example.org", "Password2024!", 422, "password", "first that attackers try"},
		{"password from the email", "Ann Example", "annexample@example.org", "annexample-2024", 422, "password", "must not contain your name"},
		{"duplicate email", "Another Taken", "TAKEN.person@example.org", testPassword, 409, "email", "already exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client()
			c.get("/register")
			r := c.post("/register", url.Values{"name": {tt.fullName}, "email": {tt.email}, "password": {tt.password}})
			mustStatus(t, r, tt.status)
			if !strings.Contains(r.body, tt.msg) {
				t.Errorf("page lacks %q", tt.msg)
			}
			if !tiedError(r.body, tt.field) {
				t.Errorf("the message is not tied to the %s field", tt.field)
			}
			if tt.fullName != "" && !strings.Contains(r.body, `value="`+htmlEscape(strings.Join(strings.Fields(tt.fullName), " "))+`"`) {
				t.Error("the typed name is not kept")
			}
			if tt.email != "" && !strings.Contains(r.body, `value="`+htmlEscape(tt.email)+`"`) {
				t.Error("the typed email is not kept")
			}
			if strings.Contains(r.body, tt.password) {
				t.Error("the password is sent back")
			}
			if _, ok := c.cookies["cp_session"]; ok {
				t.Error("a refused registration signed in")
			}
			if n := countRows(t, e, `SELECT COUNT(*) FROM users`); n != users {
				t.Errorf("users %d → %d", users, n)
			}
		})
	}
}

func TestSignInFailuresRevealNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Known Person")
	try := func(email, pw string) *resp {
		c := e.client()
		c.get("/signin")
		r := c.post("/signin", url.Values{"email": {email}, "password": {pw}})
		if _, ok := c.cookies["cp_session"]; ok {
			t.Errorf("failed sign-in for %s set a session", email)
		}
		return r
	}
	wrong := try(emailOf("Known Person"), "not the password at all")
	unknown := try("nobody@example.org", "not the password at all")
	mustStatus(t, wrong, http.StatusUnauthorized)
	mustStatus(t, unknown, http.StatusUnauthorized)
	const msg = "The email address or password is not correct."
	if !strings.Contains(wrong.body, msg) || !strings.Contains(unknown.body, msg) {
		t.Fatal("the failure message is missing")
	}
	// Apart from the email typed, the two pages are the same.
	norm := func(r *resp, email string) string {
		b := csrfRE.ReplaceAllString(r.body, "")
		return strings.ReplaceAll(b, email, "EMAIL")
	}
	if norm(wrong, emailOf("Known Person")) != norm(unknown, "nobody@example.org") {
		t.Error("wrong password and unknown email give different pages")
	}
	if !strings.Contains(wrong.body, `value="known.person@example.org"`) {
		t.Error("the typed email is not kept")
	}
	for _, field := range []string{"email", "password"} {
		tag := regexp.MustCompile(`<input[^>]*id="` + field + `"[^>]*>`).FindString(wrong.body)
		if !strings.Contains(tag, `aria-invalid="true"`) || !strings.Contains(tag, `aria-describedby="signin-failed"`) {
			t.Errorf("the %s field is not tied to the failure message: %s", field, tag)
		}
	}
	if strings.Contains(wrong.body, "not the password at all") {
		t.Error("the password is sent back")
	}
	mustStatus(t, try("", ""), http.StatusUnprocessableEntity)
}

// From one address: after three wrong passwords for an account, its next
// try waits (with Retry-After); another account still works from there;
// past 10 failures the address waits for every account. (The owner at
// another address: TestThrottleNeverLocksOutTheOwner.)
func TestSignInIsRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Alice Target")
	signUp(t, e, "Bob Bystander")
	signUp(t, e, "Carol Third")
	attempt := func(name, pw string) *resp {
		c := e.client()
		c.get("/signin")
		return c.post("/signin", url.Values{"email": {emailOf(name)}, "password": {pw}})
	}
	for i := range 3 {
		mustStatus(t, attempt("Alice Target", "wrong password "+strconv.Itoa(i)), http.StatusUnauthorized)
	}
	r := attempt("Alice Target", testPassword)
	mustStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.body, "Too many attempts") || r.header.Get("Retry-After") == "" {
		t.Errorf("429 without message or Retry-After: %q", r.header.Get("Retry-After"))
	}
	mustStatus(t, attempt("Bob Bystander", testPassword), http.StatusSeeOther)
	for i := range 7 {
		attempt("Nobody "+strconv.Itoa(i), "wrong password")
	}
	mustStatus(t, attempt("Carol Third", testPassword), http.StatusTooManyRequests)
}

func TestRegistrationRefusalsAreRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Existing Person")
	c := e.client()
	c.get("/register")
	for range 20 {
		r := c.post("/register", url.Values{"name": {"Probe"}, "email": {emailOf("Existing Person")}, "password": {testPassword}})
		mustStatus(t, r, http.StatusConflict)
	}
	r := c.post("/register", url.Values{"name": {"Probe"}, "email": {"fresh@example.org"}, "password": {testPassword}})
	mustStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.body, "Too many attempts") {
		t.Error("no message on the refused registration")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = 'fresh@example.org'`); n != 0 {
		t.Error("a rate-limited registration created an account")
	}
}

func TestSignInReturnsToNext(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	signUp(t, e, "Next Person")
	tests := []struct{ next, want string }{
		{"/invite/abc", "/invite/abc"},
		{"https://evil.example/", "/me"},
		{"//evil.example/x", "/me"},
	}
	for _, tt := range tests {
		c := e.client()
		r := c.get("/signin?next=" + url.QueryEscape(tt.next))
		mustStatus(t, r, http.StatusOK)
		r = c.post("/signin", url.Values{"email": {emailOf("Next Person")}, "password": {testPassword}, "next": {tt.next}})
		mustStatus(t, r, http.StatusSeeOther)
		if r.location() != tt.want {
			t.Errorf("next %q went to %q, want %q", tt.next, r.location(), tt.want)
		}
	}
}

func TestLanguagePreference(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := signUp(t, e, "Lena Sprache")
	r := c.post("/me/locale", url.Values{"locale": {"de"}})
	mustStatus(t, r, http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE locale = 'de'`); n != 1 {
		t.Fatal("locale not saved")
	}
	// Another browser, signed in to the same account, shows German too.
	other := e.client()
	other.header["Accept-Language"] = "en"
	other.signIn(t, "Lena Sprache")
	if r := other.get("/me"); !strings.Contains(r.body, `<html lang="de">`) {
		t.Error("the saved language does not follow the account")
	}
	r = c.post("/me/locale", url.Values{"locale": {"xx"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE locale = 'de'`); n != 1 {
		t.Error("a refused language changed the saved one")
	}
	mustStatus(t, c.post("/me/locale", url.Values{"locale": {""}}), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE locale = ''`); n != 1 {
		t.Error("automatic language not saved")
	}
}

func TestDashboardHistoryTrendAndNewAttempt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	c := signUp(t, e, "Trend Person")
	first := answerAll(t, c, a, lowest)
	second := answerAll(t, c, a, highest)
	r := c.get("/me")
	mustStatus(t, r, http.StatusOK)
	for _, want := range []string{`href="` + first + `"`, `href="` + second + `"`, "Since your previous assessment", "▲ &#43;", "up "} {
		if !strings.Contains(r.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	for _, sk := range e.deps.Content.Skills {
		if !strings.Contains(r.body, `aria-labelledby="trend-`+sk.ID+`-title trend-`+sk.ID+`-desc"`) {
			t.Errorf("no trend chart for %s", sk.ID)
		}
	}
	if n := strings.Count(r.body, "<polyline"); n != len(e.deps.Content.Skills) {
		t.Errorf("%d trend lines, want %d", n, len(e.deps.Content.Skills))
	}
	// Both completed: starting again makes a new attempt.
	r = c.post("/assess/cpo-skills", nil)
	mustStatus(t, r, http.StatusSeeOther)
	if r.location() != "/assess/cpo-skills/1" {
		t.Errorf("new attempt went to %q", r.location())
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE completed_at IS NULL`); n != 1 {
		t.Errorf("open attempts = %d, want 1", n)
	}
	r = c.get("/me")
	if !strings.Contains(r.body, "Unfinished") || !strings.Contains(r.body, `href="/assess/cpo-skills/1"`) {
		t.Error("the dashboard does not offer to continue the new attempt")
	}
	assertTranslated(t, e, "en", "/me", r.body)
}

func TestExportAndDeleteAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	c := signUp(t, e, "Delia Leaving")
	keep := signUp(t, e, "Kim Staying")
	answerAll(t, c, a, middle)
	answerAll(t, keep, a, middle)
	uid := userID(t, e, "Delia Leaving")

	r := c.get("/me/export")
	mustStatus(t, r, http.StatusOK)
	if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	var x struct {
		User     map[string]any   `json:"user"`
		Attempts []map[string]any `json:"attempts"`
	}
	if err := json.Unmarshal([]byte(r.body), &x); err != nil {
		t.Fatalf("export is not JSON: %v", err)
	}
	if x.User["email"] != emailOf("Delia Leaving") || len(x.Attempts) != 1 || x.Attempts[0]["result"] == nil {
		t.Errorf("export = %.300s", r.body)
	}
	if answers, _ := x.Attempts[0]["answers"].(map[string]any); len(answers) != len(a.Items) {
		t.Errorf("export has %d answers, want %d", len(answers), len(a.Items))
	}
	if strings.Contains(r.body, "$2a$") || strings.Contains(strings.ToLower(r.body), "password") {
		t.Error("the export contains the password hash")
	}

	mustStatus(t, c.get("/me/delete"), http.StatusOK)
	before := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id = ?`, uid)
	tests := []struct {
		pw     string
		status int
		msg    string
	}{
		{"", 422, "Enter your password"},
		{"not my password", 401, "not correct"},
	}
	for _, tt := range tests {
		r := c.post("/me/delete", url.Values{"password": {tt.pw}})
		mustStatus(t, r, tt.status)
		if !strings.Contains(r.body, tt.msg) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Errorf("refused deletion page lacks %q", tt.msg)
		}
		if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id = ?`, uid); n != before {
			t.Error("a refused deletion removed data")
		}
	}
	r = c.post("/me/delete", url.Values{"password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	for _, q := range []string{
		`SELECT COUNT(*) FROM users WHERE id = ?`,
		`SELECT COUNT(*) FROM sessions WHERE user_id = ?`,
		`SELECT COUNT(*) FROM attempts WHERE user_id = ?`,
		`SELECT COUNT(*) FROM answers WHERE attempt_id NOT IN (SELECT id FROM attempts)`,
	} {
		if n := countRows(t, e, q, uid); n != 0 {
			t.Errorf("%s = %d after deletion", q, n)
		}
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM attempts WHERE user_id = ?`, userID(t, e, "Kim Staying")); n != 1 {
		t.Error("deleting one account touched another's")
	}
	if _, ok := c.cookies["cp_session"]; ok {
		t.Error("the deleted account's browser is still signed in")
	}
	mustStatus(t, c.get("/me"), http.StatusSeeOther)
	c.refresh()
	r = c.post("/signin", url.Values{"email": {emailOf("Delia Leaving")}, "password": {testPassword}})
	mustStatus(t, r, http.StatusUnauthorized)
}
