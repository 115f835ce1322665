package main

import (
	"fmt"
	"time"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

// burstResult is the PDF-burst phase: people signed in, each asking for
// their roadmap at the same moment, round after round, in another
// language each round so that every request renders (the cache holds
// fewer documents than a round asks for), while the server's peak
// resident memory is watched.
type burstResult struct {
	people, rounds int
	served         int
	took           time.Duration
	before, peak   int64 // resident memory before the bursts, and its peak across them
}

// burstLangs are the languages the rounds cycle through.
var burstLangs = []string{"en", "de", "es", "fr"}

// pdfBurst prepares people accounts with a plan each and runs rounds of
// bursts of their roadmaps against srv.
func pdfBurst(srv *testkit.Server, deps web.Deps, people, rounds int, say func(string, ...any)) (burstResult, error) {
	res := burstResult{people: people, rounds: rounds}
	say("PDF burst: preparing %d people with a plan", people)
	bs, err := planPeople(srv.Base, deps, people, "burst", 9000)
	if err != nil {
		return res, err
	}
	if res.before, err = currentRSS(srv); err != nil {
		return res, err
	}
	if err := srv.ResetPeakRSS(); err != nil {
		return res, err
	}
	start := time.Now()
	for round := range rounds {
		lang := burstLangs[round%len(burstLangs)]
		say("PDF burst, round %d: %d roadmaps at once (%s)", round+1, people, lang)
		lat, err := fetchPDFs(bs, "/plan.pdf?lang="+lang)
		res.served += len(lat)
		if err != nil {
			return res, err
		}
	}
	res.took = time.Since(start)
	res.peak, err = srv.PeakRSS()
	return res, err
}

// currentRSS is the server's resident memory now (VmRSS).
func currentRSS(srv *testkit.Server) (int64, error) { return srv.RSS() }

func (b burstResult) row() string {
	return fmt.Sprintf("| peak resident memory across PDF bursts (%d people asking at once, %d rounds, every request rendered) | %.1f MB (%.1f MB before; %d served in %.1f s) | | | < %d MB | %s |\n",
		b.people, b.rounds, float64(b.peak)/(1<<20), float64(b.before)/(1<<20), b.served, b.took.Seconds(), targetRSS>>20, mark(b.peak < targetRSS))
}
