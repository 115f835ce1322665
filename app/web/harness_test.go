package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"cpopath/app/store"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

// env is the real app over a real SQLite file in a temp directory, built by
// the same constructor main uses.
type env struct {
	t      *testing.T
	app    *fiber.App
	st     *store.Store
	deps   web.Deps
	dbPath string
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with a changed web.Config.
func newEnvWith(t *testing.T, change func(*web.Config)) *env {
	t.Helper()
	e := newApp(t, filepath.Join(t.TempDir(), "test.db"), change)
	e.t = t
	return e
}

// testFiles are the module's files: content, assessments, templates and
// static files, as the binary embeds them.
var testFiles = os.DirFS("../..")

// testDeps loads the content, assessments and translations once for all
// the tests: they are read-only once loaded, and under the race detector a
// load takes a third of a second.
var testDeps = sync.OnceValues(func() (web.Deps, error) { return web.Load(testFiles) })

// newApp builds the app over the database at dbPath (created if need be),
// with the configuration main uses changed by change, if given. The store
// closes when the test ends.
func newApp(tb testing.TB, dbPath string, change func(*web.Config)) *env {
	tb.Helper()
	deps, err := testDeps()
	if err != nil {
		tb.Fatalf("load: %v", err)
	}
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	deps.Store = st
	cfg := web.Config{Files: testFiles, Logger: discardLogger(), BcryptCost: bcrypt.MinCost}
	if change != nil {
		change(&cfg)
	}
	app, err := web.New(context.Background(), cfg, deps)
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	return &env{app: app, st: st, deps: deps, dbPath: dbPath}
}

// client is one browser: it keeps cookies between requests. It is a thin
// view of testkit.Browser over the in-process app (app.Test), kept so the
// tests read the same; its fields are what the tests look at and change.
type client struct {
	e       *env
	cookies map[string]string
	header  map[string]string
	csrf    string
}

func (e *env) client() *client {
	return &client{e: e, cookies: map[string]string{}, header: map[string]string{}}
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (r *resp) location() string { return r.header.Get("Location") }

// csrfRE finds the CSRF token in a page's form.
var csrfRE = testkit.CSRFField

// browser returns the testkit browser this client is: its cookie map
// itself, its headers and CSRF token; sync copies the token back.
func (c *client) browser() *testkit.Browser {
	b := testkit.NewInProcess(func(req *http.Request) (*http.Response, error) { return c.e.app.Test(req, -1) })
	if c.cookies == nil {
		c.cookies = map[string]string{}
	}
	b.Cookies = c.cookies
	b.CSRF = c.csrf
	for k, v := range c.header {
		b.Header.Set(k, v)
	}
	return b
}

func (c *client) sync(b *testkit.Browser) { c.csrf = b.CSRF }

func fromKit(r *testkit.Response) *resp {
	return &resp{status: r.Status, body: r.Body, header: r.Header}
}

func (c *client) do(method, path string, body io.Reader, contentType string) *resp {
	c.e.t.Helper()
	var h http.Header
	if contentType != "" {
		h = http.Header{"Content-Type": {contentType}}
	}
	b := c.browser()
	r, err := b.Do(method, path, body, h)
	c.sync(b)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return fromKit(r)
}

func (c *client) get(path string) *resp {
	c.e.t.Helper()
	return c.do(http.MethodGet, path, nil, "")
}

// post sends a form with this browser's CSRF token (fetched from a page
// with a form first, if the client has none yet).
func (c *client) post(path string, form url.Values) *resp {
	c.e.t.Helper()
	b := c.browser()
	err := b.EnsureCSRF()
	c.sync(b)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf)
	}
	return c.postRaw(path, form)
}

// postRaw sends a form exactly as given: no CSRF token is added.
func (c *client) postRaw(path string, form url.Values) *resp {
	c.e.t.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// itoa is strconv.Itoa, under the name tests written before the one
// harness use.
func itoa(n int) string { return strconv.Itoa(n) }

func mustStatus(t *testing.T, r *resp, want int) {
	t.Helper()
	if r.status != want {
		body := r.body
		if len(body) > 600 {
			body = body[:600]
		}
		t.Fatalf("status = %d, want %d; body: %s", r.status, want, body)
	}
}

// serve runs the app on a loopback listener for the cases app.Test cannot
// show, such as the server's own 413 for an oversized body.
func (e *env) serve() string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	go e.app.Listener(ln)
	e.t.Cleanup(func() { e.app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// postHTTP sends a form over a real connection with this client's cookies,
// following redirects; what the response sets is not kept.
func (c *client) postHTTP(base, path string, form url.Values) *resp {
	c.e.t.Helper()
	b := testkit.NewBrowser(base)
	b.FollowRedirects = true
	for k, v := range c.cookies {
		b.Cookies[k] = v
	}
	r, err := b.PostRaw(path, form)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return fromKit(r)
}
