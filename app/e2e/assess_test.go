package e2e

import (
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Selectors of the assessment pages.
const (
	navNext   = `button[name=nav][value=next]`
	navReview = `button[name=nav][value=review]`
	navLeave  = `button[name=nav][value=leave]`
	submitBtn = `form[action$="/submit"] button[type=submit]`
)

// question is one fieldset of an assessment page as the browser shows it.
type question struct {
	ID      string `json:"id"`
	N       int    `json:"n"`
	Checked int    `json:"checked"` // 1-based index of the checked choice, 0 for none
}

// questions lists the questions of the current assessment page.
func (tb *tab) questions() []question {
	tb.t.Helper()
	return eval[[]question](tb, `[...document.querySelectorAll("fieldset.question")].map(f => {
  const radios = [...f.querySelectorAll("input[type=radio]")];
  return {id: f.id, n: radios.length, checked: radios.findIndex(r => r.checked) + 1};
})`)
}

// pick chooses a 1-based choice for the i-th question: a spread of low,
// middle and high answers, so results have strengths and priorities.
func pick(i int, q question) int {
	return 1 + (i*3+1)%q.N
}

func choiceSel(q question, k int) string {
	return fmt.Sprintf(`[id=%q] .choices > label:nth-child(%d)`, q.ID, k)
}

// answer clicks a choice in each question, as a person with a mouse would.
func (tb *tab) answer(qs []question, offset int) {
	tb.t.Helper()
	for i, q := range qs {
		k := pick(offset+i, q)
		tb.do("answer "+q.ID, chromedp.Click(chromedp.CSS(choiceSel(q, k)), chromedp.NodeVisible))
	}
}

func unanswered(qs []question) []question {
	var out []question
	for _, q := range qs {
		if q.Checked == 0 {
			out = append(out, q)
		}
	}
	return out
}

// waitProgress waits until the progress bar shows n answers: the autosave
// script has stored them without a page load.
func (tb *tab) waitProgress(n int) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const p = document.querySelector("[data-progress]"); return !!p && p.value === %d; })()`, n)
	run(tb, "autosave progress", chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
}

// finishAssessment answers every open question from the current page to
// the last, reviews and submits; the tab ends on the results page.
func (tb *tab) finishAssessment(name string) {
	tb.t.Helper()
	offset := 0
	for page := 1; page <= 12; page++ {
		qs := tb.questions()
		if len(qs) == 0 {
			tb.t.Fatalf("%s: no questions on %s", name, tb.path())
		}
		tb.answer(unanswered(qs), offset)
		offset += len(qs)
		step := fmt.Sprintf("%s-%s", name, strings.TrimPrefix(tb.path(), "/assess/"))
		if tb.has(navNext) {
			tb.click(step+"-next", navNext)
			continue
		}
		tb.click(step+"-review", navReview)
		tb.click(name+"-submit", submitBtn)
		if !strings.HasPrefix(tb.path(), "/results/") {
			tb.t.Fatalf("%s: submit led to %s, want /results/…", name, tb.path())
		}
		return
	}
	tb.t.Fatalf("%s: no last page after 12 pages", name)
}
