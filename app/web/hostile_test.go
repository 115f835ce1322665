package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

// The hostile battery: values a careless or malicious client sends.
var (
	scriptPayloads = []string{
		`<script>alert(1)</script>`,
		`"><script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`'><svg onload=alert(1)>`,
	}
	hostileValues = append([]string{
		"",
		strings.Repeat("A", 20<<10),
		strings.Repeat("é", 3000),
		"\x00", "a\x00b", "%00",
		"\u202egnp.exe", "\u200b\u200d\ufeff",
		"\xff\xfe\xfd", "\xc3\x28", "\xed\xa0\x80",
		"😀👍🏽🧑‍🤝‍🧑",
		"' OR '1'='1", "1; DROP TABLE users; --", `" OR 1=1 --`, "1' UNION SELECT password_hash FROM users --",
		"../../../../etc/passwd", "..%2f..%2fgo.mod",
		"{{.}}", "${7*7}", "%s%s%n",
		"-1", "0", "99999999999999999999", "1e309", "NaN", "true", "[]", "{}", "null",
		"javascript:alert(1)", "//evil.example/", "https://evil.example/",
	}, scriptPayloads...)
	// forgedIDs replace route parameters: other people's ids, ids that do
	// not exist, and ids that are not ids.
	forgedIDs = []string{"0", "-1", "999999", "99999999999999999999", "1.5", "abc", "%00", "%27%20OR%201%3D1", "%3Cscript%3E", "..%2F..%2Fgo.mod", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", strings.Repeat("z", 300)}
)

// formFields are every form field the app reads.
func formFields(e *env) []string {
	fields := []string{"_csrf", "item", "value", "nav", "email", "name", "password", "next", "role", "horizon", "plan", "action", "status", "note", "done_on", "decision", "overall", "locale", "comment"}
	a := e.deps.Assessments.Get("cpo-skills")
	for _, it := range a.Sections[0].Items[:3] {
		fields = append(fields, it.ID)
	}
	for _, sk := range e.deps.Content.Skills[:2] {
		fields = append(fields, "comment-"+sk.ID, "score-"+sk.SubAreas[0].ID)
	}
	return fields
}

// dbDigest is a digest of every row of every table: equal digests mean
// nothing was stored, changed or deleted.
func dbDigest(t *testing.T, e *env) string {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	h := sha256.New()
	for _, tbl := range tables {
		r, err := db.QueryContext(ctx, `SELECT * FROM "`+tbl+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		var lines []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%q", vals))
		}
		r.Close()
		sort.Strings(lines)
		fmt.Fprintf(h, "%s:%d:%s\n", tbl, len(lines), strings.Join(lines, "\n"))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// judge checks one response to a hostile request.
func judge(t *testing.T, what string, r *resp) {
	t.Helper()
	if r.status >= 500 {
		t.Errorf("%s: status %d", what, r.status)
	}
	for _, p := range scriptPayloads {
		if strings.Contains(r.body, p) {
			t.Errorf("%s: the response reflects %q unescaped", what, p)
		}
	}
	if r.status == http.StatusOK && strings.Contains(r.body, "module cpopath") {
		t.Errorf("%s: served a file from outside static/", what)
	}
}

// actsWithoutInput are routes whose effect does not depend on what is
// sent: posting to them with any fields does what they do (start an
// attempt, sign out, rebuild a plan, make an invitation, end one's own
// mentorship). They get the battery too, but after the check that nothing
// was stored.
var actsWithoutInput = []string{
	"/signout", "/plan/build", "/plan/submit", "/plan/withdraw",
	"/assess/:assessment", "/me/invitations", "/me/2fa/start", "/me/sessions/end-others",
	"/me/mentors/:id<int>/end", "/mentor/mentees/:id<int>/step-down", "/me/invitations/:id<int>/revoke",
	// A team's name and description are free text by design: any of the
	// hostile values is a name, stored as typed and shown escaped (judge).
	"/teams", "/teams/:id<int>/rename",
}

// fill puts the sample parameter values into a route pattern.
func fill(pattern string) string {
	return routeParam.ReplaceAllStringFunc(pattern, func(m string) string {
		return paramValues[routeParam.FindStringSubmatch(m)[1]]
	})
}

func TestHostileInputToEveryRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile battery: skipped with -short")
	}
	e := newEnv(t)

	// People with something to attack: an owner with results and a plan,
	// a mentor of theirs, and a guest half way through an assessment.
	owner := register(t, e, "Olga Owner")
	withPlan(t, e, owner)
	mustStatus(t, owner.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	mustStatus(t, owner.post("/assess/career-path", nil), http.StatusSeeOther)
	mentor := signUp(t, e, "Mira Mentor")
	becomeMentor(t, owner.client, mentor)
	guest := e.client()
	mustStatus(t, guest.post("/assess/cpo-skills", nil), http.StatusSeeOther)
	mustStatus(t, guest.post("/assess/career-path", nil), http.StatusSeeOther)
	stranger := e.client()
	stranger.get("/assess/cpo-skills")
	ownerID := idStr(owner.id)
	paramValues["id"] = ownerID
	defer func() { paramValues["id"] = "1" }()
	routes := routePaths(t, e.app)
	acts := map[string]bool{"/assess/career-path": true}
	for _, p := range actsWithoutInput {
		acts[fill(p)] = true
	}

	// The owner and the stranger get every value; the mentor and the guest
	// the script payloads (the battery runs under the race detector).
	visitors := []struct {
		name string
		c    *client
		full bool
	}{{"owner", owner.client, true}, {"mentor", mentor, false}, {"guest", guest, false}, {"stranger", stranger, true}}
	fields := formFields(e)
	// unchanged fails when the database differs from the last check,
	// naming the batch of requests that changed it.
	last := dbDigest(t, e)
	unchanged := func(what string) {
		t.Helper()
		if now := dbDigest(t, e); now != last {
			t.Errorf("%s changed the database", what)
			last = now
		}
	}
	requests := 0

	for _, v := range visitors {
		// Every GET route with forged ids in its parameters and hostile
		// query strings.
		for _, r := range e.app.GetRoutes(true) {
			if r.Method != fiber.MethodGet || len(r.Params) == 0 || strings.HasPrefix(r.Path, "/static") {
				continue
			}
			for _, id := range forgedIDs {
				p := routeParam.ReplaceAllString(r.Path, id)
				judge(t, v.name+" GET "+p, v.c.get(p))
				requests++
			}
			unchanged(v.name + " GET " + r.Path + " with forged ids")
		}
		values := scriptPayloads
		if v.full {
			values = hostileValues
		}
		for _, p := range routes[fiber.MethodGet] {
			for _, val := range values {
				q := url.Values{"lang": {val}, "v": {val}, "next": {val}, "check": {val}}
				if len(q.Encode()) > 3000 {
					// Longer URLs are refused by the server before the app
					// (below, over a real connection).
					q = url.Values{"next": {val[:300]}}
				}
				judge(t, v.name+" GET "+p+"?…", v.c.get(p+"?"+q.Encode()))
				requests++
			}
			if p == "/me/export" {
				// A download is a security event: it is recorded in the
				// person's activity, whatever the query says.
				last = dbDigest(t, e)
			}
			unchanged(v.name + " GET " + p + " with hostile queries")
		}
		// Every POST route: every field hostile at once, for each value;
		// then each field alone, for the nastiest values.
		for _, p := range routes[fiber.MethodPost] {
			if acts[p] {
				continue
			}
			for _, val := range values {
				if len(val) > 400 {
					// Every field at once must stay under the body limit;
					// bodies over it are refused before the app (below).
					val = val[:400]
				}
				form := url.Values{}
				for _, f := range fields {
					if f != "_csrf" {
						form.Set(f, val)
					}
				}
				judge(t, v.name+" POST "+p+" all fields", v.c.post(p, form))
				requests++
			}
			for _, f := range fields {
				if !v.full {
					break
				}
				for _, val := range []string{scriptPayloads[1], "' OR '1'='1\xff\x00\u202e" + strings.Repeat("9", 3000)} {
					judge(t, v.name+" POST "+p+" "+f, v.c.post(p, url.Values{f: {val}}))
					requests++
				}
			}
			// Wrong shapes: repeated fields, a forged token, the wrong
			// content types.
			judge(t, v.name+" POST "+p+" repeated", v.c.post(p, url.Values{"item": {"a", "b"}, "value": {"1", "2", "3"}, "nav": {"next", "prev"}}))
			judge(t, v.name+" POST "+p+" forged CSRF", v.c.postRaw(p, url.Values{"_csrf": {"forged"}, "value": {"1"}}))
			judge(t, v.name+" POST "+p+" JSON", v.c.do(http.MethodPost, p, strings.NewReader(`{"item":"x","value":"<script>alert(1)</script>","_csrf":"`+v.c.csrf+`"}`), "application/json"))
			var mp bytes.Buffer
			mw := multipart.NewWriter(&mp)
			mw.WriteField("_csrf", v.c.csrf)
			fw, _ := mw.CreateFormFile("value", "../../evil.sh")
			fw.Write([]byte("#!/bin/sh\nrm -rf /\n"))
			mw.Close()
			judge(t, v.name+" POST "+p+" multipart", v.c.do(http.MethodPost, p, &mp, mw.FormDataContentType()))
			judge(t, v.name+" POST "+p+" text", v.c.do(http.MethodPost, p, strings.NewReader("value=1"), "text/plain"))
			requests += 5
			unchanged(v.name + " POST " + p)
		}
		// Forged ids in POST parameters.
		for _, r := range e.app.GetRoutes(true) {
			if r.Method != fiber.MethodPost || len(r.Params) == 0 {
				continue
			}
			for _, id := range forgedIDs {
				p := routeParam.ReplaceAllString(r.Path, id)
				if acts[p] {
					continue
				}
				judge(t, v.name+" POST "+p, v.c.post(p, url.Values{"value": {"1"}, "item": {"x"}}))
				requests++
			}
			unchanged(v.name + " POST " + r.Path + " with forged ids")
		}
	}
	// Path traversal out of /static, plain and encoded.
	for _, p := range []string{
		"/static/../go.mod", "/static/..%2fgo.mod", "/static/%2e%2e/go.mod", "/static/%2e%2e%2fgo.mod",
		"/static/..%252fgo.mod", "/static/css/../../go.mod", "/static/.%2e/.%2e/go.mod", "/static/..\\go.mod",
		"/static/%c0%ae%c0%ae/go.mod", "/static//etc/passwd", "/static/../app/main.go", "/static/%00", "/static/css/app.css%00.txt",
		"/../go.mod", "/%2e%2e/go.mod", "/static/../../../../../../etc/passwd",
	} {
		judge(t, "GET "+p, stranger.get(p))
		requests++
	}
	unchanged("path traversal")
	base := e.serve()
	// A body over the limit, over a real connection: 413.
	if r := owner.postHTTP(base, "/assess/cpo-skills/1", url.Values{"_csrf": {owner.csrf}, "nav": {strings.Repeat("x", 70<<10)}}); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", r.status)
	}
	// An oversized URL and oversized headers, over a real connection:
	// refused by the server, never a 5xx.
	for _, h := range []http.Header{
		{"X-Padding": {strings.Repeat("x", 16<<10)}},
		{"Cookie": {"cp_browser=" + strings.Repeat("A", 16<<10)}},
		{"Accept-Language": {strings.Repeat("de-DE;q=0.9,", 1000)}},
	} {
		b := testkit.NewBrowser(base)
		b.FollowRedirects = true
		res, err := b.Do(http.MethodGet, "/?next="+strings.Repeat("%41", 3000), nil, h)
		if err != nil {
			continue // the server may close the connection: not a 5xx
		}
		if res.Status >= 500 {
			t.Errorf("oversized request: status %d", res.Status)
		}
		requests++
	}
	unchanged("the oversized requests")

	// The routes that act without input: still never a 5xx, never a
	// reflection.
	for p := range acts {
		for _, v := range visitors {
			for _, val := range scriptPayloads {
				judge(t, v.name+" POST "+p, v.c.post(p, url.Values{"next": {val}, "name": {val}, "role": {val}}))
				requests++
			}
		}
	}
	t.Logf("%d hostile requests", requests)
}

// TestRateLimits checks the limits on guessing: sign-in by address and by
// account, refused registrations by address.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	// Behind a trusted proxy, so that the test can come from many
	// addresses.
	var slept atomic.Int64
	e := newEnvWith(t, func(c *web.Config) {
		c.TrustProxy = true
		c.Sleep = func(d time.Duration) { slept.Add(int64(d)) }
	})
	signUp(t, e, "Vera Victim")
	// Sign-in by address: one address guessing many accounts.
	att := e.client()
	att.header["X-Forwarded-For"] = "203.0.113.7"
	att.get("/signin")
	limited := false
	for i := 0; i < 15 && !limited; i++ {
		r := att.post("/signin", url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"wrong-password-123"}})
		judge(t, "sign-in guess", r)
		limited = r.status == http.StatusTooManyRequests
	}
	if !limited {
		t.Error("15 failed sign-ins from one address were never limited")
	}
	// Sign-in by account: many addresses guessing one account are slowed
	// down, but never refused, so the owner still gets in.
	for i := 0; i < 14; i++ {
		c := e.client()
		c.header["X-Forwarded-For"] = fmt.Sprintf("198.51.100.%d", i+1)
		c.get("/signin")
		r := c.post("/signin", url.Values{"email": {emailOf("Vera Victim")}, "password": {"wrong-password-123"}})
		judge(t, "account guess", r)
	}
	if slept.Load() == 0 {
		t.Error("14 failed sign-ins to one account from many addresses were never slowed down")
	}
	owner := e.client()
	owner.header["X-Forwarded-For"] = "192.0.2.200"
	owner.get("/signin")
	mustStatus(t, owner.post("/signin", url.Values{"email": {emailOf("Vera Victim")}, "password": {testPassword}}), http.StatusSeeOther)
	// Refused registrations by address (they can tell whether an email
	// has an account).
	reg := e.client()
	reg.header["X-Forwarded-For"] = "203.0.113.9"
	reg.get("/register")
	limited = false
	for i := 0; i < 30 && !limited; i++ {
		r := reg.post("/register", url.Values{"name": {"Probe"}, "email": {emailOf("Vera Victim")}, "password": {"a-long-enough-password"}})
		judge(t, "registration probe", r)
		limited = r.status == http.StatusTooManyRequests
	}
	if !limited {
		t.Error("30 refused registrations from one address were never limited")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM users`); n != 1 {
		t.Errorf("users = %d, want only the victim", n)
	}

	// Invitations: a person cannot mint links without end: at most 10
	// wait for an answer, and withdrawing them to make more stops at 20
	// links an hour.
	inviter := signUp(t, e, "Ida Inviter")
	refused := false
	for i := 0; i < 30 && !refused; i++ {
		r := inviter.post("/me/invitations", nil)
		judge(t, "invitation", r)
		refused = r.status == http.StatusConflict
	}
	if !refused {
		t.Error("30 invitations in a row were never refused")
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM invitations WHERE used_at IS NULL AND revoked_at IS NULL`); n > 10 {
		t.Errorf("%d open invitations, want at most the cap of 10", n)
	}
	made := countRows(t, e, `SELECT COUNT(*) FROM invitations`)
	hourly := false
	for i := 0; i < 30 && !hourly; i++ {
		open := countRows(t, e, `SELECT MAX(id) FROM invitations WHERE used_at IS NULL AND revoked_at IS NULL`)
		if r := inviter.post("/me/invitations/"+strconv.Itoa(open)+"/revoke", nil); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: status %d", r.status)
		}
		r := inviter.post("/me/invitations", nil)
		judge(t, "invitation", r)
		hourly = r.status == http.StatusTooManyRequests
		if !hourly {
			made++
		}
	}
	if !hourly || made != 20 {
		t.Errorf("withdrawing and making links: hourly %v after %d links, want a 429 after 20", hourly, made)
	}
	// Guessing invitation tokens gets 404s, then, from the same address,
	// 429s with a translated wait; it changes nothing. A real link still
	// works from elsewhere.
	guesser := e.client()
	var statuses []int
	for i := range 30 {
		tok := fmt.Sprintf("%043d", i)
		r := inviter.post("/invite/"+tok+"/accept", nil)
		judge(t, "token guess", r)
		statuses = append(statuses, r.status)
		judge(t, "token guess", guesser.get("/invite/"+tok))
	}
	if statuses[0] != http.StatusNotFound || statuses[len(statuses)-1] != http.StatusTooManyRequests {
		t.Errorf("token guesses answered %v: want 404 first, 429 at the end", statuses)
	}
	if r := guesser.get("/invite/" + fmt.Sprintf("%043d", 99)); r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "try again in") || r.header.Get("Retry-After") == "" {
		t.Errorf("past the limit: status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if n := countRows(t, e, `SELECT COUNT(*) FROM mentorships`); n != 0 {
		t.Errorf("guessing made %d mentorships", n)
	}
}
