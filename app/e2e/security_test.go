package e2e

import (
	"strings"
	"testing"
	"time"

	acct "cpopath/app/account"
)

// A new person in a real browser: changes the password, turns on the
// second factor with a code computed here, signs out, signs in with a
// recovery code, and sees the sessions and the recent activity. Every
// page goes through the journey's checks (accessibility, valid HTML,
// console, CSP).
func TestSecurityJourney(t *testing.T) {
	j := newJourney(t)
	a := newAccount("Sasha Secure")
	tb := j.person("sasha").tab()
	tb.open("register", "/register")
	tb.registerHere("registered", a)

	tb.open("security", "/me/security")
	tb.mustContain("security", "Where you are signed in", "Recent activity")
	tb.fill("#current", a.password)
	tb.fill("#password", "Aa123456789")
	tb.clickStatus("weak-password", `main form[action="/me/password"] button[type=submit]`, 422)
	tb.mustContain("weak-password", "three or four unrelated words")
	a.password = "violet kettle mondays"
	tb.fill("#current", "a long pass phrase 42")
	tb.fill("#password", a.password)
	tb.click("password-changed", `main form[action="/me/password"] button[type=submit]`)
	tb.mustContain("password-changed", "Password changed")

	tb.click("totp-start", `main form[action="/me/2fa/start"] button[type=submit]`)
	if tb.path() != "/me/2fa" {
		t.Fatalf("enrolment went to %s", tb.path())
	}
	if !tb.has(`img[src="/me/2fa/qr.png"]`) || eval[int](tb, `document.querySelector('img[src="/me/2fa/qr.png"]').naturalWidth`) < 100 {
		t.Fatal("the QR code does not load")
	}
	secret := strings.ReplaceAll(tb.text(".totp-key"), " ", "")
	code, err := acct.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tb.fill("#totp-password", a.password)
	tb.fill("#code", code)
	tb.click("totp-on", `main form[action="/me/2fa"] button[type=submit]`)
	if n := tb.count(".recovery-codes code"); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	recovery := tb.text(".recovery-codes li:first-child code")

	tb.click("signed-out", `form[action="/signout"] button[type=submit]`)
	tb.open("signin", "/signin")
	tb.mustHave("signin", `a[href="/password/forgot"]`)
	tb.fill("#email", a.email)
	tb.fill("#password", a.password)
	tb.click("code-asked", `main form[action="/signin"] button[type=submit]`)
	if tb.path() != "/signin/code" {
		t.Fatalf("the password alone went to %s", tb.path())
	}
	tb.fill("#code", recovery)
	tb.click("signed-in", `main form[action="/signin/code"] button[type=submit]`)
	if tb.path() != "/me" {
		t.Fatalf("the recovery code went to %s", tb.path())
	}
	tb.open("security-after", "/me/security")
	tb.mustContain("security-after", "This browser", "Second factor turned on", "Recovery code used", "Password changed",
		"On: signing in asks for a code from your authenticator app. 9 recovery codes left.")

	// The longest languages, through the same checks (a phone's width
	// included).
	tb.open("security-de", "/me/security?lang=de")
	tb.mustContain("security-de", "Wo Sie angemeldet sind")
	tb.open("security-fr", "/me/security?lang=fr")
	tb.open("forgot", "/password/forgot?lang=en")
	tb.mustContain("forgot", "Ask the person who runs it")
}
