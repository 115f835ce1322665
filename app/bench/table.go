package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

// Targets from the performance issue.
const (
	targetLanding   = 0.8
	targetAssess    = 0.25
	targetResults   = 0.2
	targetSaves     = 3000
	targetSavesP99  = 50 * time.Millisecond
	targetPDFMedian = 30 * time.Millisecond
	targetPDFRate   = 40
	targetRSS       = 100 << 20
	targetStart     = 300 * time.Millisecond
)

type pageRow struct {
	name       string
	size       int
	distinct   int
	page, bare wrkResult
}

func (p pageRow) ratio() float64 { return p.page.RPS() / p.bare.RPS() }

func (p pageRow) target() float64 {
	switch p.name {
	case "landing page":
		return targetLanding
	case "assessment page":
		return targetAssess
	}
	return targetResults
}

type table struct {
	conns  int
	d      time.Duration
	rounds int
	users  int
	who    string
	saver  string
	pages  []pageRow
	saves  saveResult
	pdf    pdfResult
	// serverPDFs roadmaps were served by the server to people asking at
	// once, in serverPDFLat each (sorted).
	serverPDFs   int
	serverPDFLat []time.Duration
	rss          int64
	started      time.Duration
	team         teamResult
}

func mark(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func (t *table) print(w io.Writer) {
	fmt.Fprintf(w, "\n### cpopath benchmark\n\n")
	fmt.Fprintf(w, "%s, %d CPUs, %s, %s, %d connections, load generator on the same machine. Pages: %d alternating rounds of %s for the page and %s for the bare handler; req/s over all rounds, median p50, worst p99. ",
		cpuModel(), runtime.NumCPU(), runtime.Version(), wrkVersion(), t.conns, t.rounds, t.d, t.d)
	fmt.Fprintf(w, "Pages are fetched by wrk without compression; the bare handler is a Fiber route ahead of all middleware that sends the same number of bytes from memory.\n\n")
	fmt.Fprintln(w, "| measure | cpopath | bare Fiber, same bytes | ratio | target | met |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, p := range t.pages {
		who := ""
		if p.distinct > 1 {
			who = fmt.Sprintf(", %d %s each fetching their own", p.distinct, t.who)
		}
		fmt.Fprintf(w, "| %s (%d B%s) | %s | %s | %.2f | ≥ %.2f | %s |\n",
			p.name, p.size, who, rate(p.page), rate(p.bare), p.ratio(), p.target(), mark(p.ratio() >= p.target() && p.page.Errors == 0 && p.page.NetErrors == 0))
	}
	s := t.saves
	perSave := time.Duration(0)
	if s.Saves+s.Failed > 0 {
		perSave = s.ServerCPU / time.Duration(s.Saves+s.Failed)
	}
	fmt.Fprintf(w, "| answer saves (%d connections, %s, each into its own attempt; Go load generator) | %.0f saves/s, p50 %s, p99 %s; server CPU %d µs/save; %d acknowledged, %d failed (%d 5xx); %d/%d last acknowledged values found in the database | | | ≥ %d/s, p99 < %s, none lost | %s |\n",
		t.conns, t.saver, s.PerSecond(), ms(s.P50), ms(s.P99), perSave.Microseconds(), s.Saves, s.Failed, s.Status5xx, s.Verified, s.Checked, targetSaves, ms(targetSavesP99),
		mark(t.savesOK()))
	if t.pdf.Skipped != "" {
		fmt.Fprintf(w, "| PDF roadmaps | not measured: %s | | | median < %s, ≥ %d/s | **NO** |\n", t.pdf.Skipped, ms(targetPDFMedian), targetPDFRate)
	} else {
		p := t.pdf
		fmt.Fprintf(w, "| PDF roadmaps (%d pages, %d KB, %d workers, %d plans of different people) | %.1f docs/s, median %s, p99 %s | one-page PDF, same fonts: %.1f docs/s, median %s | %.2f | median < %s, ≥ %d/s | %s |\n",
			p.Pages, p.Size>>10, p.Workers, 64, p.Rate, ms(p.Median), ms(p.P99), p.FloorRate, ms(p.FloorMedian), p.Rate/p.FloorRate, ms(targetPDFMedian), targetPDFRate, mark(t.pdfOK()))
	}
	if n := len(t.serverPDFLat); n > 0 {
		fmt.Fprintf(w, "| PDF roadmaps from the server (%d people asking at once, first render each) | %d served, median %s, slowest %s | | | | |\n",
			n, t.serverPDFs, ms(t.serverPDFLat[n/2]), ms(t.serverPDFLat[n-1]))
	}
	if n := len(t.team.warm); n > 0 {
		fmt.Fprintf(w, "| team view of %d members with results and plans (one request at a time; first view after seeding %s) | median %s, slowest %s | | | median < %s | %s |\n",
			t.team.members, ms(t.team.first), ms(t.team.warm[n/2]), ms(t.team.warm[n-1]), ms(targetTeamView), mark(t.team.ok()))
	}
	fmt.Fprintf(w, "| peak resident memory of the server (VmHWM, including those renders) | %.1f MB | | | < %d MB | %s |\n", float64(t.rss)/(1<<20), targetRSS>>20, mark(t.rss < targetRSS))
	fmt.Fprintf(w, "| process start to first 200 on /healthz (fresh database) | %s | | | < %s | %s |\n", ms(t.started), ms(targetStart), mark(t.started < targetStart))
	for _, p := range t.pages {
		if p.page.Errors > 0 || p.page.NetErrors > 0 {
			fmt.Fprintf(w, "\n%s: %d error statuses, %d connection errors during the run.\n", p.name, p.page.Errors, p.page.NetErrors)
		}
	}
	for i, m := range t.saves.Missing {
		if i == 10 {
			fmt.Fprintf(w, "… and %d more lost saves\n", len(t.saves.Missing)-10)
			break
		}
		fmt.Fprintf(w, "\nlost save: %s", m)
	}
}

func rate(r wrkResult) string {
	return fmt.Sprintf("%.0f req/s, p50 %s, p99 %s; server CPU %d µs/req", r.RPS(), ms(r.P50), ms(r.P99), r.CPUPerRequest().Microseconds())
}

func (t *table) savesOK() bool {
	s := t.saves
	return s.PerSecond() >= targetSaves && s.P99 < targetSavesP99 && s.Failed == 0 && s.Verified == s.Checked && s.Checked > 0
}

func (t *table) pdfOK() bool {
	return t.pdf.Skipped == "" && t.pdf.Median < targetPDFMedian && t.pdf.Rate >= targetPDFRate
}

// failures lists the targets this run missed.
func (t *table) failures() []string {
	var out []string
	for _, p := range t.pages {
		if p.ratio() < p.target() {
			out = append(out, fmt.Sprintf("%s ratio %.2f < %.2f", p.name, p.ratio(), p.target()))
		}
		if p.page.Errors > 0 || p.page.NetErrors > 0 {
			out = append(out, p.name+" had errors")
		}
	}
	if !t.savesOK() {
		out = append(out, "answer saves")
	}
	if !t.pdfOK() {
		if t.pdf.Skipped != "" {
			out = append(out, "PDF roadmaps not measured ("+t.pdf.Skipped+")")
		} else {
			out = append(out, "PDF roadmaps")
		}
	}
	if !t.team.ok() {
		out = append(out, "team view")
	}
	if t.rss >= targetRSS {
		out = append(out, "peak memory")
	}
	if t.started >= targetStart {
		out = append(out, "start-up time")
	}
	return out
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
