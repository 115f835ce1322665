package web_test

// Benchmarks of the pages and the autosave through the app's handler, with
// no network in between: where the server's time goes per request, for
// profiling (go test -bench Pages -cpuprofile …). `make bench` measures the
// real binary over loopback. Knobs, as environment variables:
// BENCH_USERS (distinct people, default 50), BENCH_PARALLELISM (goroutines
// per core), BENCH_SIGNED_IN (autosave as signed-in users).

import (
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"cpopath/app/assess"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

// benchApp is the real app over a fresh database, serving on loopback so
// that testkit can prepare users through HTTP, and measured through its
// handler directly so that the numbers are the server's, not the client's.
func benchApp(b *testing.B) (*fiber.App, web.Deps, string) {
	b.Helper()
	// The access log as the server writes it, into nothing.
	e := newApp(b, filepath.Join(b.TempDir(), "bench.db"), func(c *web.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	})
	app, deps := e.app, e.deps
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go app.Listener(ln)
	b.Cleanup(func() { app.Shutdown() })
	return app, deps, "http://" + ln.Addr().String()
}

// pageTarget is one user's request for one of their pages.
type pageTarget struct{ cookie, path string }

// benchUsers prepares n people through HTTP, each with a result and an open
// attempt part answered, and returns their assessment and results pages.
func benchUsers(b *testing.B, base string, a *assess.Assessment, n int) (assessT, resultsT []pageTarget) {
	b.Helper()
	for i := range n {
		br := testkit.NewBrowser(base)
		res, err := br.Complete(a, testkit.Answers(a, uint64(i)))
		if err != nil {
			b.Fatal(err)
		}
		if err := br.Start(a); err != nil {
			b.Fatal(err)
		}
		page := i%len(a.Sections) + 1
		for p := 1; p < page; p++ {
			if err := br.SavePage(a, p, testkit.Answers(a, uint64(i+n))); err != nil {
				b.Fatal(err)
			}
		}
		assessT = append(assessT, pageTarget{br.CookieHeader(), "/assess/" + a.ID + "/" + strconv.Itoa(page)})
		resultsT = append(resultsT, pageTarget{br.CookieHeader(), res})
	}
	return assessT, resultsT
}

// servePages sends the targets in turn through the app's handler.
func servePages(b *testing.B, app *fiber.App, targets []pageTarget) {
	b.Helper()
	h := app.Handler()
	b.ReportAllocs()
	if p, err := strconv.Atoi(os.Getenv("BENCH_PARALLELISM")); err == nil {
		b.SetParallelism(p)
	}
	start := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var ctx fasthttp.RequestCtx
		var req fasthttp.Request
		i := 0
		for pb.Next() {
			t := targets[i%len(targets)]
			i++
			req.Reset()
			req.SetRequestURI(t.path)
			if t.cookie != "" {
				req.Header.Set("Cookie", t.cookie)
			}
			ctx.ResetUserValues()
			ctx.Init(&req, nil, nil)
			h(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("%s: status %d", t.path, ctx.Response.StatusCode())
			}
		}
	})
	// CPU time, unlike wall time, holds still when the machine is shared.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPages measures the three pages `make bench` measures, without a
// network in between: where the server's time goes per page.
func BenchmarkPages(b *testing.B) {
	app, deps, base := benchApp(b)
	a := deps.Assessments.Get("cpo-skills")
	users := 50
	if testing.Short() {
		users = 10
	}
	if s := os.Getenv("BENCH_USERS"); s != "" {
		users, _ = strconv.Atoi(s)
	}
	assessT, resultsT := benchUsers(b, base, a, users)
	b.Run("landing", func(b *testing.B) { servePages(b, app, []pageTarget{{"", "/"}}) })
	b.Run("assessment", func(b *testing.B) { servePages(b, app, assessT) })
	b.Run("results", func(b *testing.B) { servePages(b, app, resultsT) })
}

// BenchmarkAnswerSave measures the autosave handler: each parallel worker
// saves into its own guest's open attempt.
func BenchmarkAnswerSave(b *testing.B) {
	app, deps, base := benchApp(b)
	a := deps.Assessments.Get("cpo-skills")
	type saver struct{ cookie, csrf string }
	var savers []saver
	for i := range 16 {
		br := testkit.NewBrowser(base)
		if os.Getenv("BENCH_SIGNED_IN") != "" {
			if err := br.Register("Saver", "saver"+strconv.Itoa(i)+"@example.org", "bench-passphrase-42"); err != nil {
				b.Fatal(err)
			}
			if _, err := br.Get("/assess/" + a.ID); err != nil {
				b.Fatal(err)
			}
		}
		if err := br.Start(a); err != nil {
			b.Fatal(err)
		}
		savers = append(savers, saver{br.CookieHeader(), br.CSRF})
	}
	h := app.Handler()
	var next atomic.Int64
	b.ReportAllocs()
	start := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		s := savers[int(next.Add(1)-1)%len(savers)]
		var ctx fasthttp.RequestCtx
		var req fasthttp.Request
		i := 0
		for pb.Next() {
			it := a.Items[i%len(a.Items)]
			v := testkit.Pick(a, &it, i/len(a.Items))
			i++
			req.Reset()
			req.Header.SetMethod("POST")
			req.SetRequestURI("/assess/" + a.ID + "/answer")
			req.Header.Set("Cookie", s.cookie)
			req.Header.Set("X-CSRF-Token", s.csrf)
			req.Header.Set("X-Requested-With", "fetch")
			req.Header.SetContentType("application/x-www-form-urlencoded")
			req.SetBodyString("item=" + it.ID + "&value=" + v)
			ctx.ResetUserValues()
			ctx.Init(&req, nil, nil)
			h(&ctx)
			if ctx.Response.StatusCode() != 200 {
				b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
			}
		}
	})
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
