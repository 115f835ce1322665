package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"cpopath/app/assess"
	"cpopath/app/store"
)

// errTooFew is what `cpopath stats` says below assess.StatsMinAttempts.
var errTooFew = errors.New("stats: too few completed attempts")

// runStats prints, for one assessment, each section's Cronbach's alpha,
// its n and every item's corrected item–total correlation, computed from
// the stored completed attempts. It refuses below assess.StatsMinAttempts
// attempts, because figures from a handful of people mislead.
func runStats(ctx context.Context, w io.Writer, st *store.Store, a *assess.Assessment) error {
	answers, err := st.CompletedAnswers(ctx, a.ID)
	if err != nil {
		return err
	}
	stats, err := a.Reliability(answers)
	if errors.Is(err, assess.ErrTooFewAttempts) {
		return fmt.Errorf("%w: %s has %d completed attempts; internal consistency needs at least %d before it means anything",
			errTooFew, a.ID, len(answers), assess.StatsMinAttempts)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d completed attempts\n\n", a.ID, len(answers))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "section\titem\tn\talpha / item-total r")
	for _, s := range stats {
		fmt.Fprintf(tw, "%s\t(all)\t%d\t%s\n", s.Section, s.N, num(s.Alpha))
		for _, it := range s.Items {
			fmt.Fprintf(tw, "\t%s\t\t%s\n", it.Item, num(it.ItemTotal))
		}
	}
	return tw.Flush()
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", x)
}
