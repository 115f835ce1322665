package assess

import "sort"

// quality looks for answer patterns that make a result say more (or less)
// than the person's practice: agreeing with both sides of contradictory
// statements, one scale point across a whole page, and high self-ratings
// beside weak judgement in the situations of the same skill. The
// thresholds are the assessment's Quality settings. It returns nil when
// nothing is found.
func (a *Assessment) quality(answers map[string]string) *QualityResult {
	q := a.Quality
	found := map[string][]string{}
	// Acquiescence: both statements of a contradictory pair agreed with.
	if q.AgreeAtLeast > 0 {
		agreed := func(id string) bool {
			v, ok := rawPoint(answers[id])
			return ok && v >= q.AgreeAtLeast
		}
		n := 0
		var where []string
		for _, pr := range q.Pairs {
			if agreed(pr[0]) && agreed(pr[1]) {
				n++
				where = appendOnce(where, a.itemByID[pr[0]].Section)
			}
		}
		if n >= q.AcquiescencePairs && n > 0 {
			found[FlagAcquiescence] = where
		}
	}
	for _, sec := range a.Sections {
		var rated []string
		var self, scen tally
		for _, it := range sec.Items {
			v := answers[it.ID]
			nv, ok := it.Normalised(v, a)
			if v == "" || !ok || it.Weight == 0 {
				continue
			}
			if it.Kind == KindRated {
				rated = append(rated, v)
				self.add(nv, it.Weight)
			} else if it.Kind == KindScenario {
				scen.add(nv, it.Weight)
			}
		}
		if q.StraightMinItems > 0 && len(rated) >= q.StraightMinItems && allSame(rated) {
			found[FlagStraightLining] = append(found[FlagStraightLining], sec.ID)
		}
		if scen.weights > 0 && self.weights > 0 && q.GapSelfAtLeast > 0 &&
			percent(self.sum, self.weights) >= q.GapSelfAtLeast && percent(scen.sum, scen.weights) <= q.GapScenarioAtMost {
			found[FlagSelfScenarioGap] = append(found[FlagSelfScenarioGap], sec.ID)
		}
	}
	if len(found) == 0 {
		return nil
	}
	r := &QualityResult{Sections: map[string][]string{}}
	for id, where := range found {
		r.Flags = append(r.Flags, id)
		if len(where) > 0 {
			r.Sections[id] = where
		}
	}
	sort.Strings(r.Flags)
	return r
}

// rawPoint reads a scale point as answered, before any reverse keying.
func rawPoint(v string) (int, bool) {
	if len(v) != 1 || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	return int(v[0] - '0'), true
}

func allSame(vs []string) bool {
	for _, v := range vs[1:] {
		if v != vs[0] {
			return false
		}
	}
	return true
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
