package assess

import (
	"errors"
	"fmt"
	"math"
)

// StatsMinAttempts is the fewest completed attempts from which internal
// consistency is reported: with fewer, alpha and correlations swing too
// much from one person to the next to mean anything.
const StatsMinAttempts = 30

// ErrTooFewAttempts is returned by Reliability below StatsMinAttempts.
var ErrTooFewAttempts = errors.New("assess: too few completed attempts")

// SectionStats is the internal consistency of one section (a skill).
type SectionStats struct {
	Section string
	// N is how many attempts answered every item of the section.
	N     int
	Alpha float64
	Items []ItemStats
}

// ItemStats is one item's corrected item–total correlation: with the sum
// of the section's other items.
type ItemStats struct {
	Item      string
	ItemTotal float64
}

// Reliability computes, per section, Cronbach's alpha and each item's
// corrected item–total correlation from completed attempts' answers, on
// the normalised scores (reverse keying applied). Only required, scored
// items count, and an attempt counts for a section when it answered all of
// them. It refuses with ErrTooFewAttempts when fewer than StatsMinAttempts
// attempts are given.
func (a *Assessment) Reliability(attempts []map[string]string) ([]SectionStats, error) {
	if len(attempts) < StatsMinAttempts {
		return nil, fmt.Errorf("%w: %d, at least %d are needed", ErrTooFewAttempts, len(attempts), StatsMinAttempts)
	}
	var out []SectionStats
	for _, sec := range a.Sections {
		var items []*Item
		for _, it := range sec.Items {
			if it.Weight > 0 && !it.Optional {
				items = append(items, it)
			}
		}
		if len(items) < 2 {
			continue
		}
		var rows [][]float64
		for _, ans := range attempts {
			row := make([]float64, 0, len(items))
			for _, it := range items {
				n, ok := it.Normalised(ans[it.ID], a)
				if !ok {
					break
				}
				row = append(row, n)
			}
			if len(row) == len(items) {
				rows = append(rows, row)
			}
		}
		st := SectionStats{Section: sec.ID, N: len(rows), Alpha: math.NaN()}
		if len(rows) >= 2 {
			st.Alpha = cronbach(rows)
		}
		for j, it := range items {
			x, rest := make([]float64, len(rows)), make([]float64, len(rows))
			for i, r := range rows {
				x[i] = r[j]
				for k, v := range r {
					if k != j {
						rest[i] += v
					}
				}
			}
			st.Items = append(st.Items, ItemStats{Item: it.ID, ItemTotal: pearson(x, rest)})
		}
		out = append(out, st)
	}
	return out, nil
}

// cronbach is k/(k−1) · (1 − Σ item variances / variance of the totals).
func cronbach(rows [][]float64) float64 {
	k := len(rows[0])
	totals := make([]float64, len(rows))
	var itemVar float64
	for j := 0; j < k; j++ {
		col := make([]float64, len(rows))
		for i, r := range rows {
			col[i] = r[j]
			totals[i] += r[j]
		}
		itemVar += variance(col)
	}
	tv := variance(totals)
	if tv == 0 {
		return math.NaN()
	}
	return float64(k) / float64(k-1) * (1 - itemVar/tv)
}

func variance(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return ss / float64(len(xs)-1)
}

// pearson is the correlation of x and y; NaN when either does not vary.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	if n < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}
