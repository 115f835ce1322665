package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"cpopath/app/store"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

// root is the repository root seen from this package's directory.
const root = "../.."

// stepTimeout bounds one browser step; a CI machine has two cores.
const stepTimeout = 20 * time.Second

// Widths the pages are checked and photographed at.
const (
	phoneWidth   = 390
	desktopWidth = 1280
)

// browser is the one chromium all tests of this binary share; each
// journey gets its own browser contexts (separate cookie jars) in it.
type browser struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	dir    string
	err    error
}

// shared is the browser of this test binary, started on first use and
// stopped by TestMain.
var shared browser

func TestMain(m *testing.M) {
	code := m.Run()
	shared.stop()
	os.Exit(code)
}

// inCI reports whether the tests run under CI (testkit.InCI).
func inCI() bool { return testkit.InCI() }

// need skips the test when a tool is missing on a developer's machine and
// fails it under CI.
func need(t *testing.T, what, hint string, ok bool) {
	t.Helper()
	testkit.NeedTool(t, what, hint, ok)
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// browserCtx returns the shared browser, starting it on first use.
func browserCtx(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	need(t, "chromium", "run make test-deps, or apt-get install chromium", path != "")
	shared.once.Do(func() { shared.start(path) })
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	return shared.ctx
}

func (b *browser) start(path string) {
	b.dir, b.err = os.MkdirTemp("", "cpopath-e2e-chromium-")
	if b.err != nil {
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(b.dir),
		chromedp.WindowSize(desktopWidth, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		b.err = err
		return
	}
	b.ctx = ctx
	b.cancel = func() { cancel(); acancel() }
}

func (b *browser) stop() {
	if b.cancel != nil {
		b.cancel()
	}
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

// server is the real app on a loopback port over a fresh SQLite file.
type server struct {
	url  string
	st   *store.Store
	log  *errorLog
	deps web.Deps // the loaded content and messages, for expected texts
}

// errorLog keeps the app's error records: a journey fails on any.
type errorLog struct {
	mu   sync.Mutex
	recs []string
}

func (l *errorLog) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, b.String())
	l.mu.Unlock()
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

func (l *errorLog) records() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.recs...)
}

// loadDeps loads the content, assessments and translations once for all
// the journeys; they are read-only once loaded.
var loadDeps = sync.OnceValues(func() (web.Deps, error) { return web.Load(os.DirFS(root)) })

func startServer(t *testing.T) *server {
	t.Helper()
	files := os.DirFS(root)
	deps, err := loadDeps()
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "e2e.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	deps.Store = st
	el := &errorLog{}
	app, err := web.New(context.Background(), web.Config{Files: files, Logger: slog.New(el)}, deps)
	if err != nil {
		st.Close()
		t.Fatalf("web.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() {
		_ = app.ShutdownWithTimeout(5 * time.Second)
		st.Close()
	})
	return &server{url: "http://" + ln.Addr().String(), st: st, log: el, deps: deps}
}

// journey is one test's run through the app: its server, the people
// (browser contexts) in it, a screenshot per step for the artifacts, and
// the HTML of every page for the validator.
type journey struct {
	t     *testing.T
	srv   *server
	root  context.Context
	axe   string
	dark  bool // also check contrast in dark mode
	mu    sync.Mutex
	n     int
	shots []shot
	pages map[[32]byte]webPage
	seen  map[[32]byte]bool
	// timing logs where a journey's time goes (CPOPATH_E2E_TIMING=1).
	timing bool
	mark   time.Time
}

type shot struct {
	name string
	img  []byte
	html []byte
}

type webPage struct {
	name, url string
	html      []byte
}

// newJourney starts the app and makes sure the browser and the checkers
// are there. On failure its cleanup writes the step screenshots.
func newJourney(t *testing.T) *journey {
	t.Helper()
	ctx := browserCtx(t)
	axe, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	need(t, "axe-core", "run make test-deps", err == nil)
	need(t, "html-validate", "run make test-deps", validatorPath() != "")
	j := &journey{t: t, root: ctx, axe: string(axe), dark: true,
		pages: map[[32]byte]webPage{}, seen: map[[32]byte]bool{},
		timing: os.Getenv("CPOPATH_E2E_TIMING") != "", mark: time.Now()}
	t.Cleanup(j.saveArtifacts)
	j.srv = startServer(t)
	t.Cleanup(func() {
		for _, r := range j.srv.log.records() {
			t.Errorf("server logged an error: %s", r)
		}
		j.validate()
	})
	return j
}

func artifactsDir() string {
	if d := os.Getenv("CPOPATH_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join(root, "tmp", "e2e-artifacts")
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (j *journey) saveArtifacts() {
	if !j.t.Failed() {
		return
	}
	dir := filepath.Join(artifactsDir(), unsafeName.ReplaceAllString(j.t.Name(), "_"))
	_ = os.RemoveAll(dir) // a previous run's steps would mislead
	if err := os.MkdirAll(dir, 0o755); err != nil {
		j.t.Logf("artifacts: %v", err)
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	for i, s := range j.shots {
		base := filepath.Join(dir, fmt.Sprintf("%02d-%s", i+1, unsafeName.ReplaceAllString(s.name, "_")))
		if len(s.img) > 0 {
			_ = os.WriteFile(base+".jpg", s.img, 0o644)
		}
		if len(s.html) > 0 {
			_ = os.WriteFile(base+".html", s.html, 0o644)
		}
	}
	j.t.Logf("artifacts: %d steps in %s", len(j.shots), dir)
}

// person is one browser context: its own cookies, any number of tabs.
type person struct {
	j    *journey
	name string
	ctx  context.Context
}

func (j *journey) person(name string) *person {
	j.t.Helper()
	ctx, cancel := chromedp.NewContext(j.root, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		j.t.Fatalf("new browser context for %s: %v", name, err)
	}
	j.t.Cleanup(cancel)
	return &person{j: j, name: name, ctx: ctx}
}

// tab is one browser tab of a person. It listens to the console (for CSP
// violations and script errors) and to the network (for the HTML of each
// document, which the validator checks).
type tab struct {
	p      *person
	t      *testing.T
	ctx    context.Context
	cancel context.CancelFunc
	width  int64
	noJS   bool

	mu      sync.Mutex
	console []string
	docID   network.RequestID
	docURL  string
}

// tab opens a new tab in the person's browser context.
func (p *person) tab() *tab {
	p.j.t.Helper()
	tb := &tab{p: p, t: p.j.t, width: desktopWidth}
	tb.ctx, tb.cancel = chromedp.NewContext(p.ctx, chromedp.WithListener(tb.listen))
	// Tabs of parallel tests live in windows side by side; focus
	// emulation keeps each page focused, as a person's active tab is, so
	// keyboard focus and :focus-visible behave as they would.
	focus := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	})
	if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(desktopWidth, 900), focus); err != nil {
		tb.cancel()
		p.j.t.Fatalf("new tab: %v", err)
	}
	p.j.t.Cleanup(tb.cancel)
	return tb
}

// close closes the tab, as a person closing it midway would.
func (tb *tab) close() {
	tb.cancel()
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			} else {
				parts = append(parts, a.Description)
			}
		}
		tb.console = append(tb.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.console = append(tb.console, "exception: "+msg)
	case *cdplog.EventEntryAdded:
		tb.console = append(tb.console, "log."+string(ev.Entry.Level)+": "+ev.Entry.Text)
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument {
			tb.docID, tb.docURL = ev.RequestID, ev.Response.URL
		}
	}
}

// takeConsole returns and clears what the console said since last time.
func (tb *tab) takeConsole() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	c := tb.console
	tb.console = nil
	return c
}

// do runs browser steps with a time limit, failing the test on error.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.snap("failed-" + what)
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one browser action that returns a value.
func run[T any](tb *tab, what string, a chromedp.Action[T]) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.snap("failed-" + what)
		tb.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates JavaScript in the page and decodes its value.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	return run(tb, "eval "+firstLine(js), chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// open loads a path and checks the page.
func (tb *tab) open(step, path string) {
	tb.t.Helper()
	res := run(tb, step, chromedp.NavigateResponse(tb.p.j.srv.url+path))
	tb.loaded(step, res, fiber.StatusOK)
}

// clickAction clicks a visible element that does not load a page.
func clickAction(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// click clicks an element that loads a new page, waits for it and checks it.
func (tb *tab) click(step string, sel string) {
	tb.t.Helper()
	tb.follow(step, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// follow runs an action that loads a new page (a click, a key press),
// waits for the page and checks it.
func (tb *tab) follow(step string, a chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.followStatus(step, a, fiber.StatusOK)
}

// clickStatus clicks an element that loads a page answering with status.
func (tb *tab) clickStatus(step, sel string, status int) {
	tb.t.Helper()
	tb.followStatus(step, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible), status)
}

func (tb *tab) followStatus(step string, a chromedp.Action[chromedp.Void], status int) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		tb.snap("failed-" + step)
		tb.t.Fatalf("%s: %v", step, err)
	}
	tb.loaded(step, res, status)
}

func (tb *tab) loaded(step string, res *network.Response, status int) {
	tb.t.Helper()
	if res == nil {
		tb.snap("failed-" + step)
		tb.t.Fatalf("%s: no response", step)
	}
	if int(res.Status) != status {
		tb.snap("failed-" + step)
		tb.t.Fatalf("%s: %s answered %d, want %d", step, res.URL, res.Status, status)
	}
	tb.check(step)
}

// check runs every page check: console, HTML capture, axe (light and
// dark), and a screenshot for the artifacts.
func (tb *tab) check(step string) {
	tb.t.Helper()
	j := tb.p.j
	html := tb.document()
	sum := sha256.Sum256(html)
	url := tb.url()
	j.mu.Lock()
	first := !j.seen[sum]
	j.seen[sum] = true
	if first && len(html) > 0 {
		j.pages[sum] = webPage{name: step, url: url, html: html}
	}
	j.mu.Unlock()
	t0 := time.Now()
	// axe-core needs timers, which do not run with scripts off; those
	// pages are checked with scripts on in the other journeys.
	if first && !tb.noJS {
		sig := eval[string](tb, signatureJS)
		if axeOnce(sig + " light") {
			tb.axeCheck(step, false)
		}
		if j.dark && axeOnce(sig+" dark") {
			tb.axeCheck(step, true)
		}
		if axeOnce(sig + " phone") {
			tb.phoneCheck(step)
		}
	}
	t1 := time.Now()
	tb.consoleCheck(step)
	if first {
		tb.lookShots(step)
	}
	tb.snapHTML(step, html)
	if j.timing {
		tb.t.Logf("timing %-28s before %5dms axe %5dms snap %4dms", step, t0.Sub(j.mark).Milliseconds(), t1.Sub(t0).Milliseconds(), time.Since(t1).Milliseconds())
	}
	j.mark = time.Now()
}

// signatureJS describes a page by its language and the kinds of element
// it has: tag, classes, role and ARIA state attributes. Two pages with the
// same signature come from the same template branch with other data (the
// five pages of an assessment, a plan before and after a status change),
// and axe-core judges them alike, so each signature is checked once per
// run. A new state (an error, a flash, a mentor's comment) brings new
// elements and so a new check.
const signatureJS = `(() => {
  const kinds = new Set();
  for (const e of document.querySelectorAll("body, body *")) {
    let k = e.tagName + "." + [...e.classList].sort().join(".");
    for (const a of ["role", "aria-current", "aria-invalid", "aria-describedby", "type", "disabled"]) {
      if (e.hasAttribute(a)) k += "[" + a + "]";
    }
    kinds.add(k);
  }
  return document.documentElement.lang + " " + [...kinds].sort().join(" ");
})()`

// axeSeen holds the page signatures axe-core already checked in this run.
var axeSeen sync.Map

// axeOnce reports whether key is new, marking it seen.
func axeOnce(key string) bool {
	sum := sha256.Sum256([]byte(key))
	_, loaded := axeSeen.LoadOrStore(sum, true)
	return !loaded
}

// overflowJS lists the elements that stick out of the viewport sideways,
// the innermost first: on a phone the page must not scroll sideways.
const overflowJS = `(() => {
  const w = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= w) return [];
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !e.closest(".table-scroll, [data-scroll]")) {
      const inner = [...e.children].some(c => c.getBoundingClientRect().right > w + 1);
      if (!inner) out.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " right=" + Math.round(r.right));
    }
  }
  return out.slice(0, 8);
})()`

// phoneCheck fails when the page scrolls sideways at a phone's width.
func (tb *tab) phoneCheck(step string) {
	tb.t.Helper()
	tb.do("phone width", chromedp.EmulateViewport(phoneWidth, 844))
	defer tb.do("desktop width", chromedp.EmulateViewport(tb.width, 900))
	// The document's width decides: an element that escapes a table's
	// scroll box (a visually hidden header) pans the whole page too.
	if w := eval[int](tb, `document.documentElement.scrollWidth`); w > phoneWidth {
		tb.t.Errorf("%s: %s is %d px wide at %d px; too wide: %s", step, tb.path(), w, phoneWidth, strings.Join(eval[[]string](tb, overflowJS), ", "))
	}
}

// consoleCheck fails on a Content-Security-Policy violation or an
// uncaught script error; other console lines are logged.
func (tb *tab) consoleCheck(step string) {
	tb.t.Helper()
	for _, m := range tb.takeConsole() {
		switch {
		case strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy"):
			tb.t.Errorf("%s: CSP violation: %s", step, m)
		case strings.HasPrefix(m, "exception:"):
			tb.t.Errorf("%s: script error: %s", step, m)
		default:
			tb.t.Logf("%s: %s", step, m)
		}
	}
}

func (tb *tab) url() string {
	return run(tb, "location", chromedp.Location())
}

// path returns the current URL's path and query, without the server and
// the fragment.
func (tb *tab) path() string {
	p, _, _ := strings.Cut(strings.TrimPrefix(tb.url(), tb.p.j.srv.url), "#")
	return p
}

// document returns the HTML the server sent for the current page.
func (tb *tab) document() []byte {
	tb.mu.Lock()
	id := tb.docID
	tb.mu.Unlock()
	if id == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	if err != nil {
		tb.t.Logf("response body: %v", err)
		return nil
	}
	return res.Body
}

// snap records a screenshot of the step for the artifacts.
func (tb *tab) snap(step string) { tb.snapHTML(step, nil) }

func (tb *tab) snapHTML(step string, html []byte) {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	// The viewport at 60 % as a JPEG: a tenth of a second, where a full
	// PNG takes several times that, and enough to see what went wrong.
	img, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		q := int64(45)
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatJpeg, Quality: &q,
			Clip: &page.Viewport{Width: float64(tb.width), Height: 900, Scale: 0.6},
		})
		return r.Data, err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		tb.t.Logf("screenshot %s: %v", step, err)
	}
	j := tb.p.j
	j.mu.Lock()
	j.shots = append(j.shots, shot{name: tb.p.name + "-" + step, img: img, html: html})
	j.mu.Unlock()
}

// lookShots writes full-page PNGs of a page at phone and desktop width, and
// in dark mode, when CPOPATH_LOOK names a folder: the pictures to look at
// before calling the stylesheet done.
func (tb *tab) lookShots(step string) {
	dir := os.Getenv("CPOPATH_LOOK")
	if dir == "" {
		return
	}
	tb.t.Helper()
	j := tb.p.j
	j.mu.Lock()
	j.n++
	n := j.n
	j.mu.Unlock()
	base := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s", unsafeName.ReplaceAllString(tb.t.Name(), "_"), n, unsafeName.ReplaceAllString(tb.p.name+"-"+step, "_")))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	// Tiles of the page from the top, each the size of a screen, so a
	// picture is shown at its real size.
	shoot := func(suffix string, width, height int64, scheme string, tiles int) {
		tb.do("look "+suffix, chromedp.EmulateViewport(width, height), colorScheme(scheme))
		full := eval[float64](tb, `document.documentElement.scrollHeight`)
		for i := range tiles {
			y := float64(i) * float64(height)
			if y >= full {
				break
			}
			img := run(tb, "look "+suffix, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
				r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
					Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: new(true),
					Clip: &page.Viewport{Y: y, Width: float64(width), Height: min(float64(height), full-y), Scale: 1},
				})
				return r.Data, err
			})
			if err := os.WriteFile(fmt.Sprintf("%s-%s-%d.png", base, suffix, i+1), img, 0o644); err != nil {
				tb.t.Fatal(err)
			}
		}
	}
	shoot("390", phoneWidth, 844, "", 3)
	shoot("1280", desktopWidth, 900, "", 2)
	shoot("1280-dark", desktopWidth, 900, "dark", 1)
	tb.do("look reset", chromedp.EmulateViewport(tb.width, 900), colorScheme(""))
}

// setScripts turns JavaScript on or off for the tab's next pages.
func (tb *tab) setScripts(on bool) {
	tb.t.Helper()
	tb.do("script execution", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
	tb.noJS = !on
}

// colorScheme emulates prefers-color-scheme ("" resets it).
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{}
		if scheme != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}

// text returns the visible text of the first element matching sel.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return run(tb, "text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// count returns how many elements match sel.
func (tb *tab) count(sel string) int {
	tb.t.Helper()
	return eval[int](tb, `document.querySelectorAll(`+jsStr(sel)+`).length`)
}

// jsStr quotes s as a JavaScript string literal.
func jsStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// has reports whether an element matches sel.
func (tb *tab) has(sel string) bool { return tb.count(sel) > 0 }

// mustHave fails when no element matches sel.
func (tb *tab) mustHave(step, sel string) {
	tb.t.Helper()
	if !tb.has(sel) {
		tb.t.Fatalf("%s: no element %q on %s", step, sel, tb.path())
	}
}

// mustContain fails when the main content lacks a text.
func (tb *tab) mustContain(step string, texts ...string) {
	tb.t.Helper()
	body := tb.text("main")
	for _, s := range texts {
		if !strings.Contains(body, s) {
			tb.t.Fatalf("%s: main content of %s lacks %q", step, tb.path(), s)
		}
	}
}

// validatorPath is the html-validate binary that make test-deps installs.
func validatorPath() string {
	p := filepath.Join(root, "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// validate runs html-validate over every page the journey saw.
func (j *journey) validate() {
	j.mu.Lock()
	pages := make([]webPage, 0, len(j.pages))
	for _, p := range j.pages {
		pages = append(pages, p)
	}
	j.mu.Unlock()
	validatePages(j.t, pages)
}

// validatePages writes pages to files and runs html-validate over them
// with the committed configuration (testdata/htmlvalidate.json: the
// recommended and document presets, less three rules that are not about
// validity: trailing white space left by templates, subresource integrity
// for the app's own same-origin files, and a 70-character title limit that
// translated titles exceed); each error fails the test.
func validatePages(t *testing.T, pages []webPage) {
	t.Helper()
	if len(pages) == 0 {
		return
	}
	bin := validatorPath()
	if bin == "" {
		if inCI() {
			t.Error("html-validate is missing under CI")
		}
		return
	}
	dir := t.TempDir()
	names := map[string]webPage{}
	var files []string
	for i, p := range pages {
		f := filepath.Join(dir, fmt.Sprintf("%02d-%s.html", i+1, unsafeName.ReplaceAllString(p.name, "_")))
		if err := os.WriteFile(f, p.html, 0o644); err != nil {
			t.Fatal(err)
		}
		names[f] = p
		files = append(files, f)
	}
	cfg, _ := filepath.Abs("testdata/htmlvalidate.json")
	args := append([]string{"--config", cfg, "--formatter", "json"}, files...)
	// Node cuts output to a pipe short when the validator exits, so the
	// report goes to a file.
	outFile, err := os.Create(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer outFile.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = outFile, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Errorf("html-validate: %v", err)
		return
	}
	out, rerr := os.ReadFile(outFile.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	var results []struct {
		FilePath string `json:"filePath"`
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Severity int    `json:"severity"`
			Message  string `json:"message"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Selector string `json:"selector"`
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &results); jerr != nil {
		t.Errorf("html-validate: %v: %s %s", jerr, trim(string(out), 2000), stderr.String())
		return
	}
	reported := 0
	for _, r := range results {
		p := names[r.FilePath]
		lines := strings.Split(string(p.html), "\n")
		for _, m := range r.Messages {
			src := ""
			if m.Line >= 1 && m.Line <= len(lines) {
				src = trim(strings.TrimSpace(lines[m.Line-1]), 200)
			}
			msg := fmt.Sprintf("HTML %s (%s) line %d: [%s] %s at %s\n    %s", p.url, p.name, m.Line, m.RuleID, m.Message, m.Selector, src)
			if m.Severity >= 2 {
				t.Error(msg)
				reported++
			} else {
				t.Log(msg)
			}
		}
	}
	if err != nil && reported == 0 {
		t.Errorf("html-validate failed: %s %s", trim(string(out), 2000), stderr.String())
	}
}
