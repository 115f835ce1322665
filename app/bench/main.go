// Command bench is `make bench`: it builds the real cpopath binary, starts
// it on loopback over a fresh database, and prints one markdown table of
// what it measured in that run — pages beside a bare Fiber handler that
// sends the same number of bytes, answer saves, PDF roadmaps, peak memory
// and start-up time — against the targets of the performance issue.
//
// Usage:
//
//	go run ./app/bench [-d 3s] [-rounds 3] [-c 64] [-users 500] [-keep]
//	go run ./app/bench -only pdf-burst [-burst-people 30] [-burst-rounds 8]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

type options struct {
	d      time.Duration
	rounds int
	conns  int
	users  int
	keep   bool
	only   string
	// The PDF-burst phase: people asking at once, rounds of it.
	burstPeople, burstRounds int
}

func main() {
	var o options
	flag.DurationVar(&o.d, "d", 3*time.Second, "duration of each measurement")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds of bare handler and page, alternating")
	flag.IntVar(&o.conns, "c", 64, "connections")
	flag.IntVar(&o.users, "users", 500, "distinct users whose pages are fetched")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (binary, database, server log)")
	flag.StringVar(&o.only, "only", "", `run one phase alone: "pdf-burst"`)
	flag.IntVar(&o.burstPeople, "burst-people", 30, "people asking for their roadmap at once in the PDF-burst phase")
	flag.IntVar(&o.burstRounds, "burst-rounds", 8, "rounds of the PDF-burst phase")
	pdfOnly := flag.Bool("pdf-only", false, "measure PDF rendering alone and print it as JSON (run by bench itself)")
	flag.Parse()
	if *pdfOnly {
		if err := measurePDFHere(o.d, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// teamMembers is the size of the team whose view is measured (the issue's
// 500 members with results).
const teamMembers = 500

func run(o options, out, progress io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(progress, "bench: "+format+"\n", args...) }
	deps, err := testkit.LoadDeps()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cpopath-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		say("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	say("building the binary")
	bin, err := testkit.Build(tmp, false, "bench")
	if err != nil {
		return err
	}
	logf, err := os.Create(filepath.Join(tmp, "server.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	db := filepath.Join(tmp, "bench.db")
	srv, err := startServer(bin, db, logf)
	if err != nil {
		return err
	}
	defer stopServer(srv)
	t := &table{conns: o.conns, d: o.d, rounds: o.rounds, users: o.users, started: srv.Ready}
	if o.only == "pdf-burst" {
		b, err := pdfBurst(srv, deps, o.burstPeople, o.burstRounds, say)
		if err != nil {
			return err
		}
		fmt.Fprint(out, "| measure | cpopath | | | target | met |\n|---|---|---|---|---|---|\n"+b.row())
		return srv.Stop()
	}
	if err := measurePages(t, o, srv, deps, tmp, say); err != nil {
		return err
	}
	if err := measureWork(t, o, srv, db, deps, say); err != nil {
		return err
	}
	if err := srv.Stop(); err != nil {
		return err
	}
	// The burst is the scenario of 30 people with their plans asking for
	// PDFs at once, so it runs on a server of its own: the crowd of 500
	// guests and the team of 500 seeded above are not part of it.
	burstSrv, err := startServer(bin, filepath.Join(tmp, "burst.db"), logf)
	if err != nil {
		return err
	}
	defer stopServer(burstSrv)
	b, err := pdfBurst(burstSrv, deps, o.burstPeople, o.burstRounds, say)
	if err != nil {
		return err
	}
	t.burst = &b
	if err := burstSrv.Stop(); err != nil {
		return err
	}
	t.print(out)
	if fails := t.failures(); len(fails) > 0 {
		fmt.Fprintf(out, "\nTargets missed: %s.\n", strings.Join(fails, "; "))
	}
	return nil
}

func startServer(bin, db string, logf *os.File) (*testkit.Server, error) {
	return testkit.Start(bin, db, testkit.Options{Stderr: logf})
}

// stopServer kills a server a failed phase left running.
func stopServer(srv *testkit.Server) {
	if !srv.Exited() {
		srv.Kill()
	}
}

// measurePages measures the landing, assessment and results pages of a
// crowd of o.users against a bare handler sending as many bytes.
func measurePages(t *table, o options, srv *testkit.Server, deps web.Deps, tmp string, say func(string, ...any)) error {
	a := deps.Assessments.Get("cpo-skills")
	ident := chooseIdentity(srv.Base)
	t.who = ident.name()
	say("preparing %d %s through the HTTP API", o.users, ident.name())
	crowd, err := newCrowd(srv.Base, ident, a, deps.Content, o.users, 16)
	if err != nil {
		return err
	}
	landing := []target{{Path: "/"}}
	var assessT, resultsT []target
	for _, m := range crowd {
		ck := m.b.CookieHeader()
		assessT = append(assessT, target{Cookie: ck, Path: assessPath(a, m.page)})
		resultsT = append(resultsT, target{Cookie: ck, Path: m.results})
	}
	w, err := newWrkRunner(tmp, srv.Base, srv.CPUTime, runtime.NumCPU(), o.conns, o.d)
	if err != nil {
		return err
	}
	say("warming up")
	if _, err := w.run(landing, 2*time.Second); err != nil {
		return err
	}
	for _, p := range []struct {
		name    string
		targets []target
	}{
		{"landing page", landing},
		{"assessment page", assessT},
		{"results page", resultsT},
	} {
		row, err := measurePage(w, o, srv.Base, p.name, p.targets, say)
		if err != nil {
			return err
		}
		t.pages = append(t.pages, row)
	}
	return nil
}

// measurePage runs one page's rounds. Bare and page alternate, round by
// round, so that a noisy neighbour on the machine hits both sides alike.
func measurePage(w *wrkRunner, o options, base, name string, targets []target, say func(string, ...any)) (pageRow, error) {
	size, err := meanSize(base, targets)
	if err != nil {
		return pageRow{}, err
	}
	var bare, page []wrkResult
	for round := 1; round <= o.rounds; round++ {
		say("%s, round %d: bare handler, %d bytes", name, round, size)
		r, err := w.run([]target{{Path: fmt.Sprintf("/__bare/%d", size)}}, o.d)
		if err != nil {
			return pageRow{}, err
		}
		bare = append(bare, r)
		say("%s, round %d: %d distinct requests", name, round, len(targets))
		if r, err = w.run(targets, o.d); err != nil {
			return pageRow{}, err
		}
		page = append(page, r)
	}
	return pageRow{name: name, size: size, distinct: len(targets), page: combine(page), bare: combine(bare)}, nil
}

// measureWork measures answer saves, PDF roadmaps in process and from the
// server, the team view and the server's peak memory after all of them.
func measureWork(t *table, o options, srv *testkit.Server, db string, deps web.Deps, say func(string, ...any)) error {
	var err error
	saver := saverIdentity(srv.Base)
	t.saver = saver.name()
	say("answer saves: %d connections, %s, each its own attempt", o.conns, saver.name())
	t.saves, err = benchSaves(srv.Base, db, srv.CPUTime, saver, deps.Assessments.Get("cpo-skills"), o.conns, o.d, o.users)
	if err != nil {
		return err
	}
	say("PDF roadmaps: %d workers", runtime.GOMAXPROCS(0))
	if t.pdf, err = measurePDF(o.d); err != nil {
		return err
	}
	const roadmapPeople = 8
	say("PDF roadmaps from the server: %d people at once", roadmapPeople)
	if t.serverPDFs, t.serverPDFLat, err = serverPDFs(srv.Base, deps, roadmapPeople); err != nil {
		return err
	}
	say("team view: seeding %d members with results and plans", teamMembers)
	if t.team, err = benchTeamView(srv.Base, db, deps, teamMembers, 50); err != nil {
		return err
	}
	t.rss, err = srv.PeakRSS()
	return err
}

// chooseIdentity picks who the crowd whose pages are fetched is: guests,
// whose pages are the same handlers as a signed-in user's; preparing 500
// accounts would spend most of the run hashing passwords.
func chooseIdentity(string) identity { return guests{} }

// saverIdentity picks who saves answers: signed-in users, as the issue
// asks, when the server has accounts.
func saverIdentity(base string) identity {
	r, err := testkit.NewBrowser(base).Get("/register")
	if err == nil && r.Status == 200 {
		return accounts{}
	}
	return guests{}
}
