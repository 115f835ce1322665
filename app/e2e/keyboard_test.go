package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement.
type focused struct {
	Tag          string `json:"tag"`
	Type         string `json:"type"`
	Name         string `json:"name"`
	Value        string `json:"value"`
	Checked      bool   `json:"checked"`
	GroupChecked bool   `json:"groupChecked"`
	ID           string `json:"id"`
	Class        string `json:"cls"`
	Text         string `json:"text"`
	Outline      string `json:"outline"`
	Form         string `json:"form"`
}

func (f focused) String() string {
	return fmt.Sprintf("<%s type=%q name=%q value=%q id=%q> %q", f.Tag, f.Type, f.Name, f.Value, f.ID, f.Text)
}

func (f focused) radio() bool { return f.Tag == "input" && f.Type == "radio" }

// activeJS reads the focused element, and whether its focus is visible:
// a choice shows its focus ring on the label around the radio.
const activeJS = `(() => {
  const e = document.activeElement || document.body;
  const fs = e.closest("fieldset");
  const ring = e.closest("label.choice") || e;
  const cs = getComputedStyle(ring);
  return {
    tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "", value: e.value || "",
    checked: !!e.checked, groupChecked: !!(fs && fs.querySelector("input:checked")),
    id: e.id || "", cls: String(e.className || ""), text: (e.textContent || "").trim().slice(0, 60),
    outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 ? cs.outlineStyle : (cs.boxShadow !== "none" ? "shadow" : "none"),
    form: e.form ? e.form.getAttribute("action") || "" : ""
  };
})()`

func (tb *tab) active() focused {
	tb.t.Helper()
	return eval[focused](tb, activeJS)
}

// press sends keys to the focused element.
func (tb *tab) press(keys string) {
	tb.t.Helper()
	tb.do("press "+keyName(keys), chromedp.KeyEvent(keys))
}

func keyName(k string) string {
	switch k {
	case kb.Tab:
		return "Tab"
	case kb.Enter:
		return "Enter"
	case " ":
		return "Space"
	case kb.ArrowRight:
		return "ArrowRight"
	case kb.ArrowDown:
		return "ArrowDown"
	}
	return fmt.Sprintf("%q", k)
}

// tabTo presses Tab until the focused element satisfies ok; every control
// on the way must show its focus.
func (tb *tab) tabTo(what string, ok func(focused) bool) focused {
	tb.t.Helper()
	for range 80 {
		tb.press(kb.Tab)
		f := tb.active()
		tb.mustShowFocus(f)
		if ok(f) {
			return f
		}
	}
	tb.t.Fatalf("80 presses of Tab never reached %s on %s", what, tb.path())
	return focused{}
}

// mustShowFocus fails when a control has focus but no visible indicator.
func (tb *tab) mustShowFocus(f focused) {
	tb.t.Helper()
	if f.Tag == "body" || f.Tag == "main" {
		return
	}
	if f.Outline == "none" {
		tb.t.Errorf("focus is not visible on %s on %s", f, tb.path())
	}
}

// skipToMain uses the skip link: the first Tab stop, and Enter moves the
// focus to the main content.
func (tb *tab) skipToMain() {
	tb.t.Helper()
	tb.press(kb.Tab)
	if f := tb.active(); !strings.Contains(f.Class, "skip") {
		tb.t.Fatalf("first Tab stop on %s is %s, want the skip link", tb.path(), f)
	}
	tb.press(kb.Enter)
	if f := tb.active(); f.ID != "main" {
		tb.t.Fatalf("the skip link moved focus to %s, want main", f)
	}
}

// Journey 5: the skills assessment can be completed with the keyboard
// alone: Tab to move, Space to choose, arrow keys to change a choice,
// Enter to go on.
func TestKeyboardOnlyAssessment(t *testing.T) {
	t.Parallel()
	j := newJourney(t)
	p := j.person("keyboard")
	tb := p.tab()
	tb.open("intro", "/assess/cpo-skills")
	tb.skipToMain()
	tb.tabTo("the start button", func(f focused) bool { return f.Tag == "button" && f.Form == "/assess/cpo-skills" })
	tb.follow("start", chromedp.KeyEvent(kb.Enter))

	for page := 1; ; page++ {
		if page > 12 {
			t.Fatal("no review after 12 pages")
		}
		if want := fmt.Sprintf("/assess/cpo-skills/%d", page); tb.path() != want {
			t.Fatalf("on %s, want %s", tb.path(), want)
		}
		tb.skipToMain()
		answered := 0
		var next focused
		for range 400 {
			tb.press(kb.Tab)
			f := tb.active()
			tb.mustShowFocus(f)
			if f.Tag == "button" && (f.Value == "next" || f.Value == "review") {
				next = f
				break
			}
			if !f.radio() || f.GroupChecked {
				continue
			}
			// A group without a choice: Space chooses the focused
			// option, the arrow key moves to and chooses the next.
			tb.press(" ")
			if answered == 0 {
				if c := tb.active(); !c.Checked {
					t.Fatalf("Space did not choose %s", c)
				}
			}
			tb.press(kb.ArrowRight)
			c := tb.active()
			if !c.Checked || c.Name != f.Name || c.Value == f.Value {
				t.Fatalf("ArrowRight from %s gave %s, want the next option of the group checked", f, c)
			}
			answered++
		}
		if next.Tag == "" {
			t.Fatalf("never reached the continue button on %s", tb.path())
		}
		if answered == 0 {
			t.Fatalf("answered nothing on %s", tb.path())
		}
		if left := unanswered(tb.questions()); len(left) > 0 {
			t.Fatalf("%d questions left unanswered on %s with the keyboard", len(left), tb.path())
		}
		tb.follow(fmt.Sprintf("page-%d-%s", page, next.Value), chromedp.KeyEvent(kb.Enter))
		if next.Value == "review" {
			break
		}
	}

	if !strings.HasSuffix(tb.path(), "/review") {
		t.Fatalf("on %s, want the review page", tb.path())
	}
	tb.skipToMain()
	tb.tabTo("the submit button", func(f focused) bool { return f.Tag == "button" && strings.HasSuffix(f.Form, "/submit") })
	tb.follow("submit", chromedp.KeyEvent(kb.Enter))
	if !strings.HasPrefix(tb.path(), "/results/") {
		t.Fatalf("submit led to %s, want the results", tb.path())
	}
	tb.mustHave("results", `svg.radar[role="img"]`)
}
