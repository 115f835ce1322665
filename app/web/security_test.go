package web_test

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cpopath/app/account"
	"cpopath/app/mail"
	"cpopath/app/mail/mailtest"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

const testBase = "https://cpopath.example.org"

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newMailEnv is the app with email through a real SMTP server (mailpit,
// STARTTLS), a base URL, and further changes to the configuration.
func newMailEnv(t *testing.T, change func(*web.Config)) (*env, *mailtest.Server) {
	t.Helper()
	srv := mailtest.Start(t)
	deps, err := testDeps()
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.New(mail.Config{URL: srv.URL, From: "cpopath <noreply@example.org>", RootCAs: srv.Roots}, deps.I18n, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	e := newEnvWith(t, func(c *web.Config) {
		c.Mail, c.BaseURL = m, testBase
		if change != nil {
			change(c)
		}
	})
	return e, srv
}

// inviteLinkRE finds an invitation link's token on a page.
var inviteLinkRE = regexp.MustCompile(`/invite/([A-Za-z0-9_-]{43})"`)

var resetLinkRE = regexp.MustCompile(regexp.QuoteMeta(testBase) + `(/password/reset/[A-Za-z0-9_-]{43})`)

// Invitation links start with -base-url, whatever Host the request names.
func TestLinksUseTheBaseURLNotTheHost(t *testing.T) {
	e := newEnvWith(t, func(c *web.Config) { c.BaseURL = testBase + "/" })
	c := signUp(t, e, "Hosted Person")
	c.header["Host"] = "evil.example"
	c.header["X-Forwarded-Host"] = "evil.example"
	mustStatus(t, c.post("/me/invitations", nil), http.StatusSeeOther)
	r := c.get("/me/invitations")
	if strings.Contains(r.body, "evil.example") || !strings.Contains(r.body, `value="`+testBase+`/invite/`) {
		t.Errorf("the invitation link does not start with the base URL: %s", inviteLinkRE.FindString(r.body))
	}
	for _, bad := range []string{"ftp://x.example", "cpopath.example.org", "https://", "https://u:p@x.example", "https://x.example/?a=1"} {
		deps, _ := testDeps()
		deps.Store = e.st
		if _, err := web.New(context.Background(), web.Config{Files: testFiles, BaseURL: bad, Logger: discardLogger()}, deps); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
}

// Changing the password needs the current one, refuses a weak one with a
// message that says how to choose, and signs out every other browser.
func TestChangePasswordEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	c := signUp(t, e, "Petra Change")
	other := e.client()
	other.signIn(t, "Petra Change")
	mustStatus(t, other.get("/me"), http.StatusOK)
	mustStatus(t, c.get("/me/security"), http.StatusOK)

	tests := []struct {
		current, next string
		status        int
		msg           string
	}{
		{"", "violet kettle mondays", 422, "Enter your current password"},
		{testPassword, "Aa123456789", 422, "three or four unrelated words"},
		{testPassword, "petra.change2024", 422, "must not contain your name"},
		{"not the password", "violet kettle mondays", 401, "not your current password"},
	}
	for _, tt := range tests {
		before := snapshot(t, e)
		r := c.post("/me/password", url.Values{"current": {tt.current}, "password": {tt.next}})
		mustStatus(t, r, tt.status)
		if !strings.Contains(r.body, tt.msg) || !strings.Contains(r.body, `aria-invalid="true"`) {
			t.Errorf("refusal lacks %q", tt.msg)
		}
		if snapshot(t, e) != before {
			t.Errorf("a refused change (%d) changed the database", tt.status)
		}
	}
	r := c.post("/me/password", url.Values{"current": {testPassword}, "password": {"violet kettle mondays"}})
	mustStatus(t, r, http.StatusSeeOther)
	mustStatus(t, c.get("/me"), http.StatusOK)
	mustStatus(t, other.get("/me"), http.StatusSeeOther) // signed out
	fresh := e.client()
	fresh.get("/signin")
	mustStatus(t, fresh.post("/signin", url.Values{"email": {emailOf("Petra Change")}, "password": {testPassword}}), http.StatusUnauthorized)
	fresh.refresh()
	mustStatus(t, fresh.post("/signin", url.Values{"email": {emailOf("Petra Change")}, "password": {"violet kettle mondays"}}), http.StatusSeeOther)
	if r := c.get("/me/security"); !strings.Contains(r.body, "Password changed") || !strings.Contains(r.body, "Wrong password at sign-in") {
		t.Error("recent activity lacks the change or the failed sign-in")
	}
	// What is kept about sessions and events is in the person's download.
	if x := c.get("/me/export"); !strings.Contains(x.body, `"event": "password_changed"`) || !strings.Contains(x.body, `"last_seen"`) {
		t.Error("the data download lacks the activity or the sessions' details")
	}
}

// A reset by email: the same answer for a known and an unknown address, a
// link that works once, for 30 minutes, ends every session, and keeps the
// second factor.
func TestPasswordResetByEmail(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e, srv := newMailEnv(t, func(c *web.Config) { c.Now = clock.now })
	c := signUp(t, e, "Rita Reset")
	mustStatus(t, c.post("/me/locale", url.Values{"locale": {"de"}}), http.StatusSeeOther)
	guest := e.client()
	r := guest.get("/signin")
	if !strings.Contains(r.body, `href="/password/forgot"`) {
		t.Fatal("the sign-in page has no link to reset a password")
	}
	mustStatus(t, guest.get("/password/forgot"), http.StatusOK)
	known := guest.post("/password/forgot", url.Values{"email": {emailOf("Rita Reset")}})
	unknown := guest.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	mustStatus(t, known, http.StatusSeeOther)
	mustStatus(t, unknown, http.StatusSeeOther)
	if known.location() != unknown.location() {
		t.Error("known and unknown addresses are answered differently")
	}
	if r := guest.get(known.location()); !strings.Contains(r.body, "If an account uses that address") {
		t.Error("no confirmation that a link may be on its way")
	}
	mustStatus(t, guest.post("/password/forgot", url.Values{"email": {"not an address"}}), http.StatusUnprocessableEntity)

	msg := srv.Wait(t, emailOf("Rita Reset"), "")
	if msg.Subject != e.deps.I18n.Localizer("de").T("mail.reset.subject") || msg.HTML == "" {
		t.Errorf("reset email not in German or without HTML: %q", msg.Subject)
	}
	m := resetLinkRE.FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no reset link starting with the base URL in:\n%s", msg.Text)
	}
	link := m[1]
	if n := countRows(t, e, `SELECT COUNT(*) FROM user_tokens WHERE token_hash = ?`, sha(strings.TrimPrefix(link, "/password/reset/"))); n != 1 {
		t.Error("the link's token is not stored as a hash")
	}
	if len(srv.List(t, "nobody@example.org")) != 0 {
		t.Error("an email went to an address without an account")
	}

	r = guest.get(link)
	mustStatus(t, r, http.StatusOK)
	if r.header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the reset page can leak its link in Referer")
	}
	mustStatus(t, guest.post(link, url.Values{"password": {"qwer1234qwer"}}), http.StatusUnprocessableEntity)
	mustStatus(t, guest.post(link, url.Values{"password": {"orchid lantern seventeen"}}), http.StatusSeeOther)
	mustStatus(t, c.get("/me"), http.StatusSeeOther) // every session ended
	mustStatus(t, guest.get(link), http.StatusNotFound)
	guest.refresh() // the reset signed this browser out and gave it a new key
	mustStatus(t, guest.post(link, url.Values{"password": {"another fine passphrase"}}), http.StatusNotFound)
	c.refresh()
	mustStatus(t, c.post("/signin", url.Values{"email": {emailOf("Rita Reset")}, "password": {"orchid lantern seventeen"}}), http.StatusSeeOther)

	// A link expires after 30 minutes.
	mustStatus(t, guest.post("/password/forgot", url.Values{"email": {emailOf("Rita Reset")}}), http.StatusSeeOther)
	deadline := time.Now().Add(10 * time.Second)
	var second string
	for second == "" && time.Now().Before(deadline) {
		for _, s := range srv.List(t, emailOf("Rita Reset")) {
			if got := srv.Wait(t, emailOf("Rita Reset"), s.Subject); got.ID != msg.ID {
				if m := resetLinkRE.FindStringSubmatch(got.Text); m != nil && m[1] != link {
					second = m[1]
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if second == "" {
		t.Fatal("the second reset email did not arrive")
	}
	clock.add(31 * time.Minute)
	if n := countRows(t, e, `SELECT COUNT(*) FROM user_tokens WHERE token_hash = ? AND used_at IS NULL`, sha(strings.TrimPrefix(second, "/password/reset/"))); n != 1 {
		t.Fatal("the second link is not stored")
	}
	expireTokens(t, e)
	mustStatus(t, guest.get(second), http.StatusNotFound)
}

// expireTokens moves every stored token's expiry into the past: the store
// keeps its own clock, which the test does not move.
func expireTokens(t *testing.T, e *env) {
	t.Helper()
	if _, err := rw(t, e).Exec(`UPDATE user_tokens SET expires_at = expires_at - 31*60`); err != nil {
		t.Fatal(err)
	}
}

// Without email the page says to ask the operator, and the form is off.
func TestForgotPasswordWithoutEmail(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	r := c.get("/password/forgot")
	mustStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, "Ask the person who runs it") || strings.Contains(r.body, `action="/password/forgot"`) {
		t.Error("without email the page does not send people to the operator")
	}
	mustStatus(t, c.post("/password/forgot", url.Values{"email": {"x@example.org"}}), http.StatusConflict)
}

// The owner signs in from a new address while an attacker guessing at
// another address is throttled; the attacker's address waits for every
// account; no failure count refuses the right password elsewhere.
func TestThrottleNeverLocksOutTheOwner(t *testing.T) {
	var slept time.Duration
	var mu sync.Mutex
	e := newEnvWith(t, func(c *web.Config) {
		c.TrustProxy = true
		c.Sleep = func(d time.Duration) { mu.Lock(); slept += d; mu.Unlock() }
	})
	signUp(t, e, "Olive Owner")
	signUp(t, e, "Bystander Bea")
	from := func(addr string) *client {
		c := e.client()
		c.header["X-Forwarded-For"] = addr
		c.get("/signin")
		return c
	}
	attacker := from("203.0.113.7")
	statuses := map[int]int{}
	for i := range 30 {
		r := attacker.post("/signin", url.Values{"email": {emailOf("Olive Owner")}, "password": {"guess number " + itoa(i)}})
		statuses[r.status]++
		if r.status == http.StatusTooManyRequests && r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if statuses[http.StatusUnauthorized] > 10 || statuses[http.StatusTooManyRequests] == 0 {
		t.Errorf("the attacker got %v: not slowed down", statuses)
	}
	// The right password from the attacker's address waits too.
	mustStatus(t, attacker.post("/signin", url.Values{"email": {emailOf("Olive Owner")}, "password": {testPassword}}), http.StatusTooManyRequests)
	// The owner, at home, gets in at once.
	owner := from("198.51.100.20")
	mustStatus(t, owner.post("/signin", url.Values{"email": {emailOf("Olive Owner")}, "password": {testPassword}}), http.StatusSeeOther)

	// An address past its limit waits for every account.
	prober := from("203.0.113.99")
	for i := range 20 {
		prober.post("/signin", url.Values{"email": {"nobody" + itoa(i) + "@example.org"}, "password": {"x"}})
	}
	mustStatus(t, prober.post("/signin", url.Values{"email": {emailOf("Bystander Bea")}, "password": {testPassword}}), http.StatusTooManyRequests)
	mustStatus(t, from("198.51.100.21").post("/signin", url.Values{"email": {emailOf("Bystander Bea")}, "password": {testPassword}}), http.StatusSeeOther)

	// Many failures across addresses slow the answers for that account a
	// little, never refusing.
	for i := range 12 {
		from("192.0.2."+itoa(i+1)).post("/signin", url.Values{"email": {emailOf("Bystander Bea")}, "password": {"spray " + itoa(i)}})
	}
	mustStatus(t, from("198.51.100.22").post("/signin", url.Values{"email": {emailOf("Bystander Bea")}, "password": {testPassword}}), http.StatusSeeOther)
	mu.Lock()
	defer mu.Unlock()
	if slept == 0 || slept > 30*time.Second {
		t.Errorf("slow-down across addresses = %v", slept)
	}
}

// Valid invitation links keep working after an address tried many forged
// ones; the forged ones are limited.
func TestInvitationLinksWorkAfterForgedTokens(t *testing.T) {
	e := newEnvWith(t, func(c *web.Config) { c.TrustProxy = true })
	mentee := signUp(t, e, "Ines Invite")
	tok := invite(t, mentee)
	c := e.client()
	c.header["X-Forwarded-For"] = "203.0.113.50"
	var last *resp
	for i := range 25 {
		last = c.get("/invite/" + strings.Repeat(string(rune('A'+i)), 43))
	}
	mustStatus(t, last, http.StatusTooManyRequests)
	mustStatus(t, c.get("/invite/"+tok), http.StatusOK)
}

var (
	totpKeyRE  = regexp.MustCompile(`class="totp-key">([A-Z2-7 ]+)<`)
	recoveryRE = regexp.MustCompile(`<code>([a-z2-7]{5}-[a-z2-7]{5})</code>`)
)

// enrolTOTP turns on the second factor of c's account and returns the
// secret and the recovery codes.
func enrolTOTP(t *testing.T, c *client, now time.Time) (string, []string) {
	t.Helper()
	mustStatus(t, c.post("/me/2fa/start", nil), http.StatusSeeOther)
	r := c.get("/me/2fa")
	mustStatus(t, r, http.StatusOK)
	m := totpKeyRE.FindStringSubmatch(r.body)
	if m == nil || !strings.Contains(r.body, `src="/me/2fa/qr.png"`) {
		t.Fatalf("no key or QR code on the enrolment page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	qr := c.get("/me/2fa/qr.png")
	mustStatus(t, qr, http.StatusOK)
	if _, err := png.Decode(bytes.NewReader([]byte(qr.body))); err != nil || qr.header.Get("Content-Type") != "image/png" {
		t.Errorf("the QR code is not a PNG: %v", err)
	}
	mustStatus(t, c.post("/me/2fa", url.Values{"password": {testPassword}, "code": {"000000"}}), http.StatusUnprocessableEntity)
	code, _ := account.TOTPCode(secret, now)
	mustStatus(t, c.post("/me/2fa", url.Values{"code": {code}}), http.StatusUnprocessableEntity)
	mustStatus(t, c.post("/me/2fa", url.Values{"password": {"not my password"}, "code": {code}}), http.StatusUnauthorized)
	r = c.post("/me/2fa", url.Values{"password": {testPassword}, "code": {code}})
	mustStatus(t, r, http.StatusOK)
	var codes []string
	for _, m := range recoveryRE.FindAllStringSubmatch(r.body, -1) {
		codes = append(codes, m[1])
	}
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown, want 10", len(codes))
	}
	return secret, codes
}

// TOTP: enrolment with a QR code and a key, sign-in asks for a code,
// codes and recovery codes work once, turning it off needs the password
// and a code, and the activity list shows it all.
func TestSecondFactor(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)}
	e := newEnvWith(t, func(c *web.Config) { c.Now = clock.now })
	c := signUp(t, e, "Tom Totp")
	secret, codes := enrolTOTP(t, c, clock.now())
	if n := countRows(t, e, `SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '$2a$%'`); n != 10 {
		t.Errorf("%d recovery codes stored as bcrypt hashes, want 10", n)
	}
	if r := c.get("/me/2fa"); r.status != http.StatusSeeOther {
		t.Error("the enrolment page still shows a key once the factor is on")
	}
	mustStatus(t, c.get("/me/2fa/qr.png"), http.StatusNotFound)

	signInTo := func() *client {
		b := e.client()
		b.get("/signin")
		r := b.post("/signin", url.Values{"email": {emailOf("Tom Totp")}, "password": {testPassword}})
		mustStatus(t, r, http.StatusSeeOther)
		if r.location() != "/signin/code" {
			t.Fatalf("the password alone went to %q", r.location())
		}
		mustStatus(t, b.get("/me"), http.StatusSeeOther) // not signed in yet
		mustStatus(t, b.get("/signin/code"), http.StatusOK)
		return b
	}
	clock.add(30 * time.Second)
	b := signInTo()
	mustStatus(t, b.post("/signin/code", url.Values{"code": {"123456"}}), http.StatusUnauthorized)
	code, _ := account.TOTPCode(secret, clock.now())
	mustStatus(t, b.post("/signin/code", url.Values{"code": {code}}), http.StatusSeeOther)
	mustStatus(t, b.get("/me"), http.StatusOK)
	// The same code a second time is refused.
	b2 := signInTo()
	mustStatus(t, b2.post("/signin/code", url.Values{"code": {code}}), http.StatusUnauthorized)
	// A recovery code works once, typed any way.
	mustStatus(t, b2.post("/signin/code", url.Values{"code": {strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))}}), http.StatusSeeOther)
	b3 := signInTo()
	mustStatus(t, b3.post("/signin/code", url.Values{"code": {codes[3]}}), http.StatusUnauthorized)
	// Without the password step there is nothing to enter a code for.
	stranger := e.client()
	stranger.get("/signin")
	mustStatus(t, stranger.get("/signin/code"), http.StatusSeeOther)
	mustStatus(t, stranger.post("/signin/code", url.Values{"code": {code}}), http.StatusUnauthorized)

	// A password reset (here by the operator's link) keeps the factor.
	rosa := signUp(t, e, "Rosa Resets")
	enrolTOTP(t, rosa, clock.now())
	link, err := web.ResetLink(context.Background(), e.st, "", userID(t, e, "Rosa Resets"))
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(link, "http://localhost")
	rb := e.client()
	mustStatus(t, rb.get(path), http.StatusOK)
	mustStatus(t, rb.post(path, url.Values{"password": {"orchid lantern seventeen"}}), http.StatusSeeOther)
	rb.refresh()
	if r := rb.post("/signin", url.Values{"email": {emailOf("Rosa Resets")}, "password": {"orchid lantern seventeen"}}); r.location() != "/signin/code" {
		t.Errorf("after a reset the password alone went to %q", r.location())
	}

	// Turning it off needs both the password and a code.
	clock.add(30 * time.Second)
	code, _ = account.TOTPCode(secret, clock.now())
	mustStatus(t, c.post("/me/2fa/disable", url.Values{"password": {testPassword}, "code": {"000000"}}), http.StatusUnauthorized)
	mustStatus(t, c.post("/me/2fa/disable", url.Values{"password": {"wrong password"}, "code": {code}}), http.StatusUnauthorized)
	mustStatus(t, c.post("/me/2fa/disable", url.Values{"password": {testPassword}}), http.StatusUnprocessableEntity)
	mustStatus(t, c.post("/me/2fa/disable", url.Values{"password": {testPassword}, "code": {code}}), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?`, userID(t, e, "Tom Totp")); n != 0 {
		t.Errorf("%d recovery codes left after turning it off", n)
	}
	r := c.get("/me/security")
	for _, want := range []string{"Second factor turned on", "Second factor turned off", "Recovery code used", "Wrong second-factor code", "Signed in"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("recent activity lacks %q", want)
		}
	}
	assertTranslated(t, e, "en", "/me/security", r.body)
}

// /me/security lists the sessions with browser and address; one or all
// others can be signed out, nobody else's; sign-out clears site data;
// sessions end after 90 days however often they are used.
func TestSessions(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e := newEnvWith(t, func(c *web.Config) { c.Now = clock.now; c.TrustProxy = true })
	c := e.client()
	c.header["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
	c.header["X-Forwarded-For"] = "198.51.100.5"
	c.get("/register")
	mustStatus(t, c.post("/register", url.Values{"name": {"Sam Sessions"}, "email": {emailOf("Sam Sessions")}, "password": {testPassword}}), http.StatusSeeOther)
	c.refresh()
	phone := e.client()
	phone.header["User-Agent"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
	phone.header["X-Forwarded-For"] = "203.0.113.44"
	phone.signIn(t, "Sam Sessions")
	third := e.client()
	third.signIn(t, "Sam Sessions")
	intruder := signUp(t, e, "Ivan Intruder")

	r := c.get("/me/security")
	for _, want := range []string{"Chrome, Linux", "Safari, iOS", "198.51.100.5", "203.0.113.44", "This browser"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the sessions list lacks %q", want)
		}
	}
	ids := regexp.MustCompile(`action="/me/sessions/([A-Za-z0-9_-]+)/end"`).FindAllStringSubmatch(r.body, -1)
	if len(ids) != 2 {
		t.Fatalf("%d sessions to sign out, want 2 (the others)", len(ids))
	}
	mustStatus(t, intruder.post("/me/sessions/"+ids[0][1]+"/end", nil), http.StatusNotFound)
	mustStatus(t, c.post("/me/sessions/"+ids[0][1]+"/end", nil), http.StatusSeeOther)
	signedIn := 0
	for _, x := range []*client{phone, third} {
		if x.get("/me").status == http.StatusOK {
			signedIn++
		}
	}
	if signedIn != 1 {
		t.Errorf("%d of the two other sessions left, want 1", signedIn)
	}
	mustStatus(t, c.post("/me/sessions/end-others", nil), http.StatusSeeOther)
	mustStatus(t, phone.get("/me"), http.StatusSeeOther)
	mustStatus(t, third.get("/me"), http.StatusSeeOther)
	mustStatus(t, c.get("/me"), http.StatusOK)
	mustStatus(t, intruder.get("/me"), http.StatusOK)

	// Used every 20 days, a session still ends 90 days after sign-in.
	for range 4 {
		clock.add(20 * 24 * time.Hour)
		mustStatus(t, c.get("/me"), http.StatusOK)
	}
	clock.add(11 * 24 * time.Hour)
	mustStatus(t, c.get("/me"), http.StatusSeeOther)

	intruder.refresh()
	r = intruder.post("/signout", nil)
	if got := r.header.Get("Clear-Site-Data"); !strings.Contains(got, `"cache"`) || !strings.Contains(got, `"storage"`) {
		t.Errorf("Clear-Site-Data = %q", got)
	}
}

// Over TLS (here through a trusted proxy) cookies carry the __Host- prefix.
func TestHostCookiesOverTLS(t *testing.T) {
	e := newEnvWith(t, func(c *web.Config) { c.TrustProxy = true })
	c := e.client()
	c.header["X-Forwarded-Proto"] = "https"
	c.get("/register")
	r := c.post("/register", url.Values{"name": {"Tia Tls"}, "email": {emailOf("Tia Tls")}, "password": {testPassword}})
	mustStatus(t, r, http.StatusSeeOther)
	line := setCookieLine(r, "__Host-cp_session")
	lower := strings.ToLower(line)
	if line == "" || !strings.Contains(lower, "secure") || !strings.Contains(lower, "path=/") || strings.Contains(lower, "domain=") {
		t.Fatalf("session cookie over TLS: %q", r.header.Values("Set-Cookie"))
	}
	if _, ok := c.cookies["cp_session"]; ok {
		t.Error("an unprefixed session cookie was set over TLS")
	}
	mustStatus(t, c.get("/me"), http.StatusOK)
	// A plain-named cookie (planted by a neighbour) is not read over TLS.
	plain := e.client()
	plain.header["X-Forwarded-Proto"] = "https"
	plain.cookies["cp_session"] = c.cookies["__Host-cp_session"]
	mustStatus(t, plain.get("/me"), http.StatusSeeOther)
}

// Security events go to the log with user id and address, never a
// password or a token.
func TestSecurityEventsAreLogged(t *testing.T) {
	var buf testkit.LockedBuffer
	e := newEnvWith(t, func(c *web.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&buf, nil))
		c.TrustProxy = true
	})
	signUp(t, e, "Lou Logged")
	c := e.client()
	c.header["X-Forwarded-For"] = "198.51.100.77"
	c.get("/signin")
	c.post("/signin", url.Values{"email": {emailOf("Lou Logged")}, "password": {"a wrong secret guess"}})
	c.post("/signin", url.Values{"email": {emailOf("Lou Logged")}, "password": {testPassword}})
	log := buf.String()
	id := idStr(userID(t, e, "Lou Logged"))
	for _, ev := range []string{"signin_failed", "signin"} {
		if !strings.Contains(log, `"event":"`+ev+`","user_id":`+id+`,"address":"198.51.100.77"`) {
			t.Errorf("no %s event with user id and address in the log", ev)
		}
	}
	if strings.Contains(log, "a wrong secret guess") || strings.Contains(log, testPassword) || strings.Contains(log, c.cookies["cp_session"]) {
		t.Error("a password or session token is in the log")
	}
}

// The invitation goes to the mentor's address in the mentor's language
// (with the link still shown); submitting a plan tells the mentor, and the
// mentor's review and rating tell the mentee, each in their own language.
func TestEmailsForMentoring(t *testing.T) {
	e, srv := newMailEnv(t, nil)
	ana := register(t, e, "Ana Mentee")
	pid := withPlan(t, e, ana)
	mo := register(t, e, "Mo Mentor")
	mustStatus(t, mo.post("/me/locale", url.Values{"locale": {"fr"}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/me/locale", url.Values{"locale": {"es"}}), http.StatusSeeOther)

	if r := ana.get("/me/invitations"); !strings.Contains(r.body, `name="email"`) {
		t.Fatal("no field for the mentor's address")
	}
	mustStatus(t, ana.post("/me/invitations", url.Values{"email": {"not an address"}}), http.StatusUnprocessableEntity)
	mustStatus(t, ana.post("/me/invitations", url.Values{"email": {mo.email}}), http.StatusSeeOther)
	r := ana.get("/me/invitations")
	tok := inviteLinkRE.FindStringSubmatch(r.body)
	if tok == nil {
		t.Fatal("the link is not shown when it is also emailed")
	}
	fr := e.deps.I18n.Localizer("fr")
	msg := srv.Wait(t, mo.email, "")
	if msg.Subject != fr.T("mail.invite.subject", "Name", "Ana Mentee") || !strings.Contains(msg.Text, testBase+"/invite/"+tok[1]) {
		t.Errorf("invitation email: %q\n%s", msg.Subject, msg.Text)
	}
	mustStatus(t, mo.post("/invite/"+tok[1]+"/accept", nil), http.StatusSeeOther)

	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {idStr(pid)}}), http.StatusSeeOther)
	if got := srv.Wait(t, mo.email, fr.T("mail.submitted.subject", "Name", "Ana Mentee")); !strings.Contains(got.Text, testBase+"/mentor/mentees/"+idStr(ana.id)+"/plan") {
		t.Errorf("plan-submitted email lacks the link:\n%s", got.Text)
	}
	base := "/mentor/mentees/" + idStr(ana.id) + "/plan"
	mustStatus(t, mo.post(base+"/review", url.Values{"plan": {idStr(pid)}, "decision": {"approve"}, "overall": {"Good."}}), http.StatusSeeOther)
	es := e.deps.I18n.Localizer("es")
	if got := srv.Wait(t, ana.email, es.T("mail.review.subject", "Name", "Mo Mentor")); !strings.Contains(got.Text, testBase+"/plan") {
		t.Errorf("review email lacks the link:\n%s", got.Text)
	}
	mustStatus(t, mo.post("/mentor/mentees/"+idStr(ana.id)+"/rating", ratingForm(e, "3", nil)), http.StatusSeeOther)
	srv.Wait(t, ana.email, es.T("mail.rating.subject", "Name", "Mo Mentor"))
}

// A new sign-in address counts only once confirmed from that address.
func TestEmailChangeIsVerified(t *testing.T) {
	e, srv := newMailEnv(t, nil)
	c := signUp(t, e, "Eve Changer")
	other := signUp(t, e, "Otto Other")
	mustStatus(t, c.post("/me/email", url.Values{"email": {"eve.new@example.org"}, "password": {"wrong password"}}), http.StatusUnauthorized)
	mustStatus(t, c.post("/me/email", url.Values{"email": {"bad"}, "password": {testPassword}}), http.StatusUnprocessableEntity)
	mustStatus(t, c.post("/me/email", url.Values{"email": {emailOf("Eve Changer")}, "password": {testPassword}}), http.StatusUnprocessableEntity)
	mustStatus(t, c.post("/me/email", url.Values{"email": {"eve.new@example.org"}, "password": {testPassword}}), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = 'eve.new@example.org'`); n != 0 {
		t.Fatal("the address changed before it was confirmed")
	}
	msg := srv.Wait(t, "eve.new@example.org", "")
	m := regexp.MustCompile(regexp.QuoteMeta(testBase) + `(/email/confirm/[A-Za-z0-9_-]{43})`).FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no confirmation link in:\n%s", msg.Text)
	}
	// The page only asks; the button confirms, and only once.
	mustStatus(t, other.get(m[1]), http.StatusOK)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = 'eve.new@example.org'`); n != 0 {
		t.Fatal("opening the link changed the address without the button")
	}
	mustStatus(t, c.post(m[1], nil), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE email = 'eve.new@example.org'`); n != 1 {
		t.Fatal("the confirmed address is not the sign-in address")
	}
	mustStatus(t, c.post(m[1], nil), http.StatusNotFound)
	r := c.get("/me/security")
	if !strings.Contains(r.body, "Email address changed") || !strings.Contains(r.body, "eve.new@example.org") {
		t.Error("the security page does not show the change")
	}
}

// Milestone reminders: only when asked for, once per milestone, a few days
// before it is due, and a link in the email stops them.
func TestMilestoneReminders(t *testing.T) {
	clock := &testClock{t: time.Now()}
	e, srv := newMailEnv(t, func(c *web.Config) { c.Now = clock.now; c.RemindEvery = 20 * time.Millisecond })
	u := register(t, e, "Mila Milestones")
	withPlan(t, e, u)
	p, err := e.st.LatestPlan(context.Background(), u.id)
	if err != nil || len(p.Body.Milestones) == 0 {
		t.Fatalf("plan: %v", err)
	}
	due := p.Body.Milestones[0].Due
	clock.add(due.Sub(clock.now()) - 2*24*time.Hour)
	time.Sleep(200 * time.Millisecond)
	if n := len(srv.List(t, u.email)); n != 0 {
		t.Fatalf("%d reminders sent without being asked for", n)
	}
	mustStatus(t, u.post("/me/reminders", url.Values{"on": {"1"}}), http.StatusSeeOther)
	msg := srv.Wait(t, u.email, "next milestone")
	if msg.Headers["List-Unsubscribe"] == nil || !strings.Contains(msg.Text, testBase+"/plan") {
		t.Errorf("reminder without a stop header or plan link:\n%s", msg.Text)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(srv.List(t, u.email)); n != 1 {
		t.Errorf("%d reminders for one milestone, want 1", n)
	}
	m := regexp.MustCompile(regexp.QuoteMeta(testBase) + `(/reminders/stop/[A-Za-z0-9_-]{43})`).FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no stop link in:\n%s", msg.Text)
	}
	stranger := e.client()
	mustStatus(t, stranger.get(m[1]), http.StatusOK)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE id = ? AND reminders = 1`, u.id); n != 1 {
		t.Fatal("opening the stop link stopped reminders without the button")
	}
	mustStatus(t, stranger.post(m[1], nil), http.StatusSeeOther)
	if n := countRows(t, e, `SELECT COUNT(*) FROM users WHERE id = ? AND reminders = 1`, u.id); n != 0 {
		t.Error("the stop link did not stop reminders")
	}
	mustStatus(t, stranger.get("/reminders/stop/"+strings.Repeat("A", 43)), http.StatusNotFound)
}
