package assess_test

import (
	"strconv"
	"testing"

	"cpopath/app/assess"
)

// answersFor picks the n-th choice of every item of a.
func answersFor(a *assess.Assessment, n int) map[string]string {
	ans := make(map[string]string, len(a.Items))
	for i := range a.Items {
		it := &a.Items[i]
		if it.Kind == assess.KindRated {
			an := a.Scale(it.Scale).Anchors
			ans[it.ID] = strconv.Itoa(an[(i+n)%len(an)].Value)
		} else {
			ans[it.ID] = it.Options[(i+n)%len(it.Options)].ID
		}
	}
	return ans
}

// BenchmarkScore scores a complete attempt of each real assessment.
func BenchmarkScore(b *testing.B) {
	c, set := real(b)
	for _, id := range set.Order {
		a := set.Get(id)
		ans := answersFor(a, 1)
		b.Run(id, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a.Score(ans, c)
			}
		})
	}
}

// BenchmarkValidate checks one answer, as every save does.
func BenchmarkValidate(b *testing.B) {
	_, set := real(b)
	a := set.Get("cpo-skills")
	it := a.Items[len(a.Items)/2]
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Validate(it.ID, "3"); err != nil && it.Kind == assess.KindRated {
			b.Fatal(err)
		}
	}
}
