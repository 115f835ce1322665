package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"cpopath/app/store"
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

// client is one browser: it keeps cookies between requests.
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

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (c *client) do(method, path string, body io.Reader, contentType string) *resp {
	c.e.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	var parts []string
	for k, v := range c.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	res, err := c.e.app.Test(req, -1)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	r := &resp{status: res.StatusCode, body: string(b), header: res.Header}
	if m := csrfRE.FindStringSubmatch(r.body); m != nil {
		c.csrf = m[1]
	}
	return r
}

func (c *client) get(path string) *resp {
	c.e.t.Helper()
	return c.do(http.MethodGet, path, nil, "")
}

// post sends a form with this browser's CSRF token (fetched from a page
// with a form first, if the client has none yet).
func (c *client) post(path string, form url.Values) *resp {
	c.e.t.Helper()
	if c.csrf == "" {
		c.get("/assess/cpo-skills")
		if c.csrf == "" {
			c.get("/signin")
		}
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

// postHTTP sends a form over a real connection with this client's cookies.
func (c *client) postHTTP(base, path string, form url.Values) *resp {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &resp{status: res.StatusCode, body: string(b), header: res.Header}
}
