package main

import (
	"fmt"
	"sync"
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
	skills, path := deps.Assessments.Get("cpo-skills"), deps.Assessments.Get("career-path")
	bs := make([]*testkit.Browser, people)
	say("PDF burst: preparing %d people with a plan", people)
	for i := range bs {
		b := testkit.NewBrowser(srv.Base)
		if err := b.Register(fmt.Sprintf("Burst Person %d", i), fmt.Sprintf("burst-%d@example.org", i), "bench-passphrase-42"); err != nil {
			return res, err
		}
		for _, a := range []string{"skills", "path"} {
			as := skills
			if a == "path" {
				as = path
			}
			if _, err := b.Complete(as, testkit.Answers(as, uint64(i+9000))); err != nil {
				return res, err
			}
		}
		r, err := b.Post("/plan/target", map[string][]string{"role": {"vp-partnerships"}, "horizon": {"12"}})
		if err != nil {
			return res, err
		}
		if err := testkit.Expect(r, 303, "plan target"); err != nil {
			return res, err
		}
		bs[i] = b
	}
	var err error
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
		var mu sync.Mutex
		var wg sync.WaitGroup
		var firstErr error
		for _, b := range bs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := b.Get("/plan.pdf?lang=" + lang)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					firstErr = err
				case r.Status != 200:
					firstErr = fmt.Errorf("plan.pdf: status %d", r.Status)
				default:
					res.served++
				}
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return res, firstErr
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
