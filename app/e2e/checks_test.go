package e2e

import (
	"strings"
	"testing"
	"time"
)

// The checks every journey relies on must be able to fail: axe-core finds
// a violation injected into a page, and a CSP violation reaches the
// console listener.
func TestCheckersCatchProblems(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	tb := j.person("checker").tab()
	tb.open("landing", "/")

	eval[bool](tb, `document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/static/img/icon.svg" width="10" height="10">'); true`)
	found := false
	for _, v := range tb.axeViolations(false) {
		if v.ID == "image-alt" && (v.Impact == "serious" || v.Impact == "critical") {
			found = true
		}
	}
	if !found {
		t.Error("axe-core did not report an image without alt text")
	}

	eval[bool](tb, `document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">x</p>'); true`)
	deadline := time.Now().Add(5 * time.Second)
	var seen []string
	for time.Now().Before(deadline) {
		seen = append(seen, tb.takeConsole()...)
		if strings.Contains(strings.Join(seen, "\n"), "Content Security Policy") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("an inline style attribute raised no CSP message; console: %q", seen)
}
