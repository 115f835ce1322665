package testkit

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"cpopath/app/assess"
	"cpopath/app/content"
)

// CheckResults returns an error unless body, a skills results page, shows
// the scores that answers earn: the page is this user's and nobody else's.
func CheckResults(body string, a *assess.Assessment, c *content.Content, answers map[string]string) error {
	res := a.Score(answers, c)
	for _, s := range res.Sections {
		sk := c.Skill(s.ID)
		if sk == nil {
			continue
		}
		row := `<th scope="row">` + html.EscapeString(sk.Name.In("en")) + `</th><td>` + strconv.Itoa(s.Score) + `</td>`
		if !strings.Contains(body, row) {
			return fmt.Errorf("results page lacks %s = %d", s.ID, s.Score)
		}
	}
	return nil
}

// CheckPage returns an error unless body, page n of a, shows exactly the
// saved answers of that page as checked.
func CheckPage(body string, a *assess.Assessment, n int, saved map[string]string) error {
	want := 0
	for _, it := range a.Sections[n-1].Items {
		v, ok := saved[it.ID]
		if !ok {
			continue
		}
		want++
		needle := `name="` + html.EscapeString(it.ID) + `" value="` + html.EscapeString(v) + `" checked`
		if !strings.Contains(body, needle) {
			return fmt.Errorf("page %d does not show %s=%s checked", n, it.ID, v)
		}
	}
	if got := strings.Count(body, " checked>"); got != want {
		return fmt.Errorf("page %d shows %d checked answers, want %d", n, got, want)
	}
	return nil
}
