package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"sync"
	"time"

	"cpopath/app/assess"
	"cpopath/app/pdf"
	"cpopath/app/plan"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

// pdfResult is what the PDF measurement found.
type pdfResult struct {
	Skipped     string // why nothing was measured
	Pages, Size int
	Workers     int
	Docs        int
	Rate        float64 // documents per second, all workers
	Median, P99 time.Duration
	FloorRate   float64
	FloorMedian time.Duration
}

// measurePDF runs benchPDF in a process of its own (this program again,
// with -pdf-only): a roadmap allocates some 23 MB, so how often the
// collector runs decides much of its time, and this process's heap (the
// crowd, the content) is not the server's.
func measurePDF(d time.Duration) (pdfResult, error) {
	self, err := os.Executable()
	if err != nil {
		return pdfResult{}, err
	}
	out, err := exec.Command(self, "-pdf-only", "-d", d.String()).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return pdfResult{}, fmt.Errorf("pdf-only: %w\n%s", err, ee.Stderr)
		}
		return pdfResult{}, err
	}
	var r pdfResult
	return r, json.Unmarshal(out, &r)
}

// measurePDFHere loads the content and prints benchPDF's result as JSON.
func measurePDFHere(d time.Duration, w io.Writer) error {
	deps, err := testkit.LoadDeps()
	if err != nil {
		return err
	}
	r, err := benchPDF(deps, d)
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(r)
}

// benchPDF renders plan roadmaps with one worker per core for d, each
// document a different person's plan, beside the floor: a one-page PDF in
// the same embedded fonts. It runs in a process like the server's, not
// through the server, whose cache would answer repeated requests.
func benchPDF(deps web.Deps, d time.Duration) (pdfResult, error) {
	skills, path := deps.Assessments.Get("cpo-skills"), deps.Assessments.Get("career-path")
	r := pdf.New(deps.Content, deps.Assessments)
	const people = 64
	docs := make([]pdf.Doc, people)
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		sres := skills.Score(testkit.Answers(skills, uint64(i)), deps.Content)
		pres := path.Score(testkit.Answers(path, uint64(i)), deps.Content)
		p := plan.Build(plan.Input{
			Content: deps.Content, Skills: sres, Path: &pres,
			Target: plan.Target{Role: "vp-partnerships", HorizonMonths: 12},
			Start:  start,
			Basis:  plan.Basis{SkillsAt: start, PathAt: start},
		})
		docs[i] = pdf.Doc{Plan: p, Version: 1, State: "draft", Name: fmt.Sprintf("Bench Person %d", i), L: deps.I18n.Localizer("en"), Created: start}
	}
	first, err := r.Render(docs[0])
	if err != nil {
		return pdfResult{}, err
	}
	res := pdfResult{Workers: runtime.GOMAXPROCS(0), Size: len(first), Pages: len(pageRE.FindAll(first, -1))}
	lat, elapsed, err := parallel(res.Workers, d, func(i int) error {
		_, err := r.Render(docs[i%people])
		return err
	})
	if err != nil {
		return res, err
	}
	res.Docs = len(lat)
	res.Rate = float64(len(lat)) / elapsed.Seconds()
	res.Median, res.P99 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
	flat, felapsed, err := parallel(res.Workers, d, func(int) error { _, err := r.Floor(); return err })
	if err != nil {
		return res, err
	}
	res.FloorRate = float64(len(flat)) / felapsed.Seconds()
	res.FloorMedian = flat[len(flat)/2]
	return res, nil
}

// parallel runs f on workers goroutines for d and returns every call's
// duration, sorted, and the time taken.
func parallel(workers int, d time.Duration, f func(i int) error) ([]time.Duration, time.Duration, error) {
	var mu sync.Mutex
	var all []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := w; time.Now().Before(deadline); i += workers {
				t := time.Now()
				if err := f(i); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if firstErr == nil && len(all) == 0 {
		firstErr = fmt.Errorf("nothing finished in %s", d)
	}
	return all, elapsed, firstErr
}

var pageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// serverPDFs has people people get their first roadmap from the server at
// once, so that the server's peak memory includes PDF rendering as it is
// in real use (at most one render per core, the rest waiting).
func serverPDFs(base string, deps web.Deps, people int) (served int, lat []time.Duration, err error) {
	bs, err := planPeople(base, deps, people, "roadmap", 7000)
	if err != nil {
		return 0, nil, err
	}
	lat, err = fetchPDFs(bs, "/plan.pdf")
	return len(lat), lat, err
}

// planPeople registers n people, each with both assessments done (answers
// seeded from seed plus their number) and a target, so that each has a
// plan. name tells one phase's people from another's.
func planPeople(base string, deps web.Deps, n int, name string, seed uint64) ([]*testkit.Browser, error) {
	skills, path := deps.Assessments.Get("cpo-skills"), deps.Assessments.Get("career-path")
	bs := make([]*testkit.Browser, n)
	for i := range bs {
		b := testkit.NewBrowser(base)
		if err := b.Register(fmt.Sprintf("%s person %d", name, i), fmt.Sprintf("%s-%d@example.org", name, i), "bench-passphrase-42"); err != nil {
			return nil, err
		}
		for _, as := range []*assess.Assessment{skills, path} {
			if _, err := b.Complete(as, testkit.Answers(as, seed+uint64(i))); err != nil {
				return nil, err
			}
		}
		r, err := b.Post("/plan/target", map[string][]string{"role": {"vp-partnerships"}, "horizon": {"12"}})
		if err != nil {
			return nil, err
		}
		if err := testkit.Expect(r, 303, "plan target"); err != nil {
			return nil, err
		}
		bs[i] = b
	}
	return bs, nil
}

// fetchPDFs has every browser ask for the PDF at path at the same moment.
// It returns the latencies of the PDFs served, fastest first, and the
// first failure.
func fetchPDFs(bs []*testkit.Browser, path string) ([]time.Duration, error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	var lat []time.Duration
	for _, b := range bs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := b.Get(path)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				firstErr = err
			case r.Status != 200 || !bytes.HasPrefix([]byte(r.Body), []byte("%PDF-")):
				firstErr = fmt.Errorf("%s: status %d", path, r.Status)
			default:
				lat = append(lat, r.Took)
			}
		}()
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, firstErr
}
