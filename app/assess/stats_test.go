package assess_test

import (
	"errors"
	"math"
	"testing"

	"cpopath/app/assess"
)

// Reliability on patterns whose alpha is known: identical items (alpha 1,
// every item–total r 1) and uncorrelated ones (alpha 0).
func TestReliabilityKnownValues(t *testing.T) {
	c, _ := loadReal(t)
	a, err := loadFixture(t, c, fixture)
	if err != nil {
		t.Fatal(err)
	}
	scn := map[string]string{"1": "a", "2": "c", "3": "d", "5": "b"} // 0, 1, 2, 3 of 3
	var same, apart []map[string]string
	for i := 0; i < 32; i++ {
		// Same: the forward item, the reverse-keyed one turned around and
		// the scenario all say the same thing.
		p := []string{"1", "2", "3", "5"}[i%4]
		rev := map[string]string{"1": "5", "2": "4", "3": "3", "5": "1"}[p]
		same = append(same, map[string]string{"p-rated": p, "p-rev": rev, "p-scn": scn[p], "s-rated": "3"})
		// Apart: two items that vary independently over each cycle of
		// four, and a scenario that never varies.
		x := []string{"1", "5", "1", "5"}[i%4]
		y := []string{"5", "5", "1", "1"}[i%4]
		apart = append(apart, map[string]string{"p-rated": x, "p-rev": y, "p-scn": "b", "s-rated": "3"})
	}
	st, err := a.Reliability(same)
	if err != nil {
		t.Fatal(err)
	}
	// The scenario's points are not equally spaced (0, 1, 2, 3 of 3 against
	// scale points 1, 2, 3, 5): alpha is high but not exactly 1.
	if p := st[0]; p.Section != "processes" || p.N != 32 || p.Alpha < 0.95 {
		t.Errorf("same: %+v, want processes with n 32 and alpha near 1", p)
	}
	for _, it := range st[0].Items {
		if it.ItemTotal < 0.95 {
			t.Errorf("same: %s item-total %.2f, want near 1", it.Item, it.ItemTotal)
		}
	}
	st, err = a.Reliability(apart)
	if err != nil {
		t.Fatal(err)
	}
	if p := st[0]; math.Abs(p.Alpha) > 1e-9 {
		t.Errorf("apart: alpha %.3f, want 0", p.Alpha)
	}
	if !math.IsNaN(st[0].Items[2].ItemTotal) {
		t.Errorf("an item that never varies has item-total %.2f, want none", st[0].Items[2].ItemTotal)
	}
	// A section of one scored item has no consistency to report.
	for _, s := range st {
		if s.Section == "strategy" {
			t.Errorf("strategy has one required item and must be left out: %+v", s)
		}
	}
	if _, err := a.Reliability(same[:assess.StatsMinAttempts-1]); !errors.Is(err, assess.ErrTooFewAttempts) {
		t.Errorf("below the minimum: err %v, want ErrTooFewAttempts", err)
	}
}
