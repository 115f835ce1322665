package web_test

import (
	"regexp"
	"strings"
	"testing"

	"cpopath/app/assess"
)

var subRowRE = regexp.MustCompile(`<tr><th scope="row">[^<]+</th><td>(\d+)<svg class="bar"[^>]*aria-hidden="true"[^>]*><rect class="track" width="100" height="6"/><rect class="fill" width="(\d+)" height="6"/></svg></td></tr>`)

// The results show each sub-area's score as a number with a bar beside it
// (drawn by attributes: the CSP allows no inline style), name the axes by
// number on a phone with a key, and say why agreeing with a reverse-keyed
// statement scored 0.
func TestResultsBarsKeyAndReverseNote(t *testing.T) {
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	c := e.client()
	// Agreeing fully with the processes statements: its reverse-keyed ones
	// score 0 and everything else 100, so processes stands apart as a
	// priority and they are the answers that pulled it down.
	results := answerAll(t, c, a, func(it *assess.Item) string {
		if it.Reverse && it.Skill == "processes" {
			return lowest(it)
		}
		return highest(it)
	})
	body := c.get(results).body
	rows := subRowRE.FindAllStringSubmatch(body, -1)
	if len(rows) < 10 {
		t.Fatalf("%d sub-area rows with a bar", len(rows))
	}
	for _, r := range rows {
		if r[1] != r[2] {
			t.Errorf("a sub-area scored %s has a bar of %s", r[1], r[2])
		}
	}
	for i := 1; i <= 5; i++ {
		if !strings.Contains(body, `<text class="num"`) || !strings.Contains(body, `>`+itoa(i)+`</text>`) {
			t.Errorf("the radar has no number %d for phones", i)
		}
	}
	if !strings.Contains(body, `<ol class="radar-key"`) {
		t.Error("the radar has no key")
	}
	reverse := 0
	for _, it := range a.Items {
		if it.Reverse && strings.Contains(body, htmlEscape(it.Text.In("en"))) {
			reverse++
		}
	}
	if reverse == 0 {
		t.Fatal("no reverse-keyed statement among the answers shown")
	}
	if n := strings.Count(body, `<span class="reverse-note">`); n != reverse {
		t.Errorf("%d reverse-keyed statements shown, %d explained", reverse, n)
	}
}
