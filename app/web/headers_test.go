package web_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

// paramValues fill a route's parameters: real ids where one exists, so the
// handler runs further than its first check.
var paramValues = map[string]string{
	"assessment": "cpo-skills",
	"page":       "1",
	"id":         "1",
	"n":          "1",
	"token":      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"uid":        "1",
	"lid":        "1",
}

var routeParam = regexp.MustCompile(`:([A-Za-z]+)(<[^>]*>)?\??`)

// routePaths lists every route of the app, parameters filled in, by
// method. Middleware mounts are left out; /static gets a real file.
func routePaths(t *testing.T, app *fiber.App) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		if r.Method == fiber.MethodHead || r.Method == fiber.MethodConnect || r.Method == fiber.MethodTrace || r.Method == fiber.MethodOptions || r.Method == fiber.MethodPatch || r.Method == fiber.MethodPut || r.Method == fiber.MethodDelete {
			continue
		}
		p := routeParam.ReplaceAllStringFunc(r.Path, func(m string) string {
			name := routeParam.FindStringSubmatch(m)[1]
			v, ok := paramValues[name]
			if !ok {
				t.Errorf("route %s: no sample value for :%s", r.Path, name)
			}
			return v
		})
		if strings.Contains(p, "*") || p == "/static" || p == "/" && r.Method != fiber.MethodGet {
			continue
		}
		if seen[r.Method+" "+p] {
			continue
		}
		seen[r.Method+" "+p] = true
		out[r.Method] = append(out[r.Method], p)
	}
	if len(out[fiber.MethodGet]) < 10 || len(out[fiber.MethodPost]) < 5 {
		t.Fatalf("found too few routes: %v", out)
	}
	return out
}

// wantSecurityHeaders checks the headers every response must carry.
func wantSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("%s: Content-Security-Policy %q lacks %q", what, csp, d)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
		t.Errorf("%s: Content-Security-Policy is not strict: %q", what, csp)
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
	if pp := h.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
		t.Errorf("%s: Permissions-Policy = %q", what, pp)
	}
}

// TestEveryResponseHasSecurityHeaders walks every route the app has, as a
// stranger and with a signed-in user, plus static files, a missing page, a
// refused form and an oversized body.
func TestEveryResponseHasSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	routes := routePaths(t, e.app)
	stranger := e.client()
	user := signUp(t, e, "Hedda Headers")
	for _, c := range []struct {
		name string
		c    *client
	}{{"stranger", stranger}, {"signed-in", user}} {
		for _, p := range routes[fiber.MethodGet] {
			r := c.c.get(p)
			wantSecurityHeaders(t, c.name+" GET "+p, r.header)
			if r.header.Get("Strict-Transport-Security") != "" {
				t.Errorf("GET %s over plain HTTP sent HSTS", p)
			}
		}
		for _, p := range routes[fiber.MethodPost] {
			wantSecurityHeaders(t, c.name+" POST "+p, c.c.post(p, url.Values{}).header)
			wantSecurityHeaders(t, c.name+" POST "+p+" without CSRF", c.c.postRaw(p, url.Values{}).header)
		}
	}
	for _, p := range []string{"/static/css/app.css", "/static/js/app.js", "/static/img/icon.svg", "/static/nothing.css", "/no/such/page", "/healthz", "/readyz"} {
		wantSecurityHeaders(t, "GET "+p, stranger.get(p).header)
	}
	r := stranger.do(http.MethodHead, "/", nil, "")
	wantSecurityHeaders(t, "HEAD /", r.header)

	// A body over the limit is refused by the server before any handler
	// runs; the refusal must carry the headers too.
	base := e.serve()
	big := url.Values{"value": {strings.Repeat("x", 100<<10)}}
	r = stranger.postHTTP(base, "/assess/cpo-skills/answer", big)
	if r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", r.status)
	}
	wantSecurityHeaders(t, "413", r.header)
}

// TestHSTSOnlyOverTLS: HSTS is sent over TLS, and over plain HTTP only when
// a trusted proxy says the client used HTTPS; a client claiming it is not
// believed.
func TestHSTSOnlyOverTLS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		trust bool
		proto string
		want  bool
	}{
		{"plain", false, "", false},
		{"untrusted header", false, "https", false},
		{"trusted proxy, https", true, "https", true},
		{"trusted proxy, http", true, "http", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnvWith(t, func(c *web.Config) { c.TrustProxy = tt.trust })
			c := e.client()
			if tt.proto != "" {
				c.header["X-Forwarded-Proto"] = tt.proto
			}
			r := c.get("/")
			hsts := r.header.Get("Strict-Transport-Security")
			if (hsts != "") != tt.want {
				t.Fatalf("Strict-Transport-Security = %q, want present %v", hsts, tt.want)
			}
			if tt.want && !strings.Contains(hsts, "max-age=") {
				t.Errorf("Strict-Transport-Security = %q", hsts)
			}
			ck := c.get("/assess/cpo-skills").header.Get("Set-Cookie")
			if secure := strings.Contains(ck, "secure"); secure != tt.want {
				t.Errorf("cookie %q: Secure = %v, want %v", ck, secure, tt.want)
			}
		})
	}

	t.Run("TLS", func(t *testing.T) {
		e := newEnv(t)
		ln, err := tls.Listen("tcp", "127.0.0.1:0", selfSigned(t))
		if err != nil {
			t.Fatal(err)
		}
		go e.app.Listener(ln)
		t.Cleanup(func() { e.app.Shutdown() })
		hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 10 * time.Second}
		res, err := hc.Get("https://" + ln.Addr().String() + "/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("no HSTS over TLS: %v", res.Header)
		}
		wantSecurityHeaders(t, "TLS", res.Header)
	})
}

// TestTimeoutsAndLimits checks the server's own limits: a client that
// sends half a request is cut off, and the configured limits are sane.
func TestTimeoutsAndLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := e.app.Config()
	if cfg.ReadTimeout <= 0 || cfg.ReadTimeout > 30*time.Second {
		t.Errorf("ReadTimeout = %s, want set and at most 30s", cfg.ReadTimeout)
	}
	if cfg.WriteTimeout <= 0 || cfg.WriteTimeout > 60*time.Second {
		t.Errorf("WriteTimeout = %s, want set and at most 60s", cfg.WriteTimeout)
	}
	if cfg.IdleTimeout <= 0 || cfg.IdleTimeout > 5*time.Minute {
		t.Errorf("IdleTimeout = %s, want set and at most 5m", cfg.IdleTimeout)
	}
	if cfg.BodyLimit <= 0 || cfg.BodyLimit > 1<<20 {
		t.Errorf("BodyLimit = %d, want set and at most 1 MiB", cfg.BodyLimit)
	}
}

// selfSigned makes a throwaway certificate for 127.0.0.1.
func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "cpopath test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// TestAccessLogAndHealth: every request is one structured log line with
// the request id the response carries; a failure is logged as an error
// with that id and shown with it; /healthz and /readyz say when the
// database is gone.
func TestAccessLogAndHealth(t *testing.T) {
	t.Parallel()
	var buf testkit.LockedBuffer
	testAccessLogAndHealth(t, &buf, func(c *web.Config) { c.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
}

func testAccessLogAndHealth(t *testing.T, buf *testkit.LockedBuffer, configure func(*web.Config)) {
	e := newEnvWith(t, configure)
	c := e.client()
	r := c.get("/assess/cpo-skills")
	mustStatus(t, r, http.StatusOK)
	mustStatus(t, c.get("/healthz"), http.StatusOK)
	mustStatus(t, c.get("/readyz"), http.StatusOK)
	id := r.header.Get("X-Request-Id")
	if id == "" {
		t.Fatal("no X-Request-Id on the response")
	}
	line := logLine(t, buf.String(), id)
	for _, k := range []string{"method", "path", "status", "duration_ms", "bytes"} {
		if _, ok := line[k]; !ok {
			t.Errorf("access log line lacks %q: %v", k, line)
		}
	}
	if line["path"] != "/assess/cpo-skills" || line["status"] != float64(200) || line["level"] != "INFO" {
		t.Errorf("access log line = %v", line)
	}

	// The database goes away: pages fail with a logged, identified 500,
	// and the health checks say so.
	e.st.Close()
	r = c.get("/assess/cpo-skills/1")
	if r.status != http.StatusInternalServerError {
		t.Fatalf("page without a database: status %d", r.status)
	}
	id = r.header.Get("X-Request-Id")
	if !strings.Contains(r.body, id) {
		t.Error("the error page does not show the request id")
	}
	wantSecurityHeaders(t, "500", r.header)
	if line := logLine(t, buf.String(), id); line["level"] != "ERROR" || line["status"] != float64(500) {
		t.Errorf("the failure was not logged as an error: %v", line)
	}
	mustStatus(t, c.get("/healthz"), http.StatusServiceUnavailable)
	mustStatus(t, c.get("/readyz"), http.StatusServiceUnavailable)
}

// logLine returns the access log line of request id.
func logLine(t *testing.T, log, id string) map[string]any {
	t.Helper()
	for _, l := range strings.Split(log, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) != nil || m["msg"] != "request" || m["request_id"] != id {
			continue
		}
		return m
	}
	t.Fatalf("no access log line for request %s in:\n%.2000s", id, log)
	return nil
}
