package e2e

import (
	"github.com/chromedp/chromedp"
)

// fill empties a field and types a value into it.
func (tb *tab) fill(sel, value string) {
	tb.t.Helper()
	eval[bool](tb, `(() => { const e = document.querySelector(`+jsStr(sel)+`); e.value = ""; return true; })()`)
	tb.do("fill "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// registerHere fills and sends the registration form on the current page.
func (tb *tab) registerHere(step string, a account) {
	tb.t.Helper()
	tb.fill("#name", a.name)
	tb.fill("#email", a.email)
	tb.fill("#password", a.password)
	tb.click(step, `main form[action="/register"] button[type=submit]`)
}

// signIn signs a person in through the form.
func (tb *tab) signIn(a account) {
	tb.t.Helper()
	tb.open("signin", "/signin")
	tb.fill("#email", a.email)
	tb.fill("#password", a.password)
	tb.click("signed-in", `main form[action="/signin"] button[type=submit]`)
	if got := tb.path(); got != "/me" {
		tb.t.Fatalf("signing in as %s ended on %s, want /me", a.email, got)
	}
}
