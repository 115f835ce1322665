package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
)

// wcagTags is the WCAG 2.2 AA rule set of axe-core.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// axeRun is the script that runs axe-core with a runOnly option and returns
// the violations in a small, decodable shape. Of a run of siblings built
// alike (the same kinds of element inside: table rows, answer choices, the
// action cards of a plan) only the first three are checked: the rest are
// the same template with other words, and a plan's 26 cards would take
// axe-core ten seconds each time.
const axeRun = `(() => {
  const kinds = e => {
    const s = new Set([e.tagName + "." + e.className]);
    for (const d of e.querySelectorAll("*")) s.add(d.tagName + "." + d.className);
    return [...s].sort().join(" ");
  };
  const exclude = [];
  for (const p of document.querySelectorAll("body, body *")) {
    if (p.children.length <= 3) continue;
    const seen = new Map();
    for (const c of p.children) {
      const k = kinds(c), n = (seen.get(k) || 0) + 1;
      seen.set(k, n);
      if (n > 3) exclude.push(c);
    }
  }
  return {exclude: exclude};
})()`

const axeRunOpts = `axe.run(%s, {runOnly: %s, resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary || ""}))
})))`

// axeViolations injects axe-core through the DevTools protocol (the
// page's CSP does not apply to it) and returns the violations of WCAG 2.2
// AA. In dark mode only colour contrast is checked: the rest does not
// depend on the colour scheme.
func (tb *tab) axeViolations(dark bool) []axeViolation {
	tb.t.Helper()
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		eval[bool](tb, tb.p.j.axe+"\n;true")
	}
	only, _ := json.Marshal(map[string]any{"type": "tag", "values": wcagTags})
	if dark {
		only, _ = json.Marshal(map[string]any{"type": "rule", "values": []string{"color-contrast"}})
		tb.do("dark mode", colorScheme("dark"))
		defer tb.do("light mode", colorScheme(""))
	}
	return eval[[]axeViolation](tb, fmt.Sprintf(axeRunOpts, axeRun, only))
}

// axeCheck fails the test on every serious or critical violation and logs
// the others.
func (tb *tab) axeCheck(step string, dark bool) {
	tb.t.Helper()
	mode := "light"
	if dark {
		mode = "dark"
	}
	for _, v := range tb.axeViolations(dark) {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 5 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-5))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%s %s: %s", n.Target, trim(n.HTML, 160), strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		msg := fmt.Sprintf("axe (%s) %s on %s: %s [%s]: %s\n    %s", mode, step, tb.path(), v.ID, v.Impact, v.Help, strings.Join(nodes, "\n    "))
		if v.Impact == "serious" || v.Impact == "critical" {
			tb.t.Error(msg)
		} else {
			tb.t.Log(msg)
		}
	}
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
