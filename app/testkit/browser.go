package testkit

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Transport is shared by every Browser, as a crowd behind one proxy shares
// the server's listener; it keeps enough idle connections for a few
// hundred users at once.
var Transport = &http.Transport{
	MaxIdleConns:        1024,
	MaxIdleConnsPerHost: 1024,
	IdleConnTimeout:     30 * time.Second,
}

// Browser is one user's browser, the one HTTP client of every suite: it
// keeps cookies and the CSRF token the pages hand out, and by default
// never follows redirects, so callers see them.
type Browser struct {
	Base    string
	Cookies map[string]string
	CSRF    string
	// Header is sent with every request (e.g. X-Forwarded-For behind a
	// trusted proxy, Accept-Language).
	Header http.Header
	// FollowRedirects makes Do follow redirects itself, keeping the
	// cookies each hop sets, as a browser does for a person.
	FollowRedirects bool
	// ServerErrors counts the 5xx responses this browser got.
	ServerErrors int
	hc           *http.Client
}

// NewBrowser returns a browser with no cookies, talking to base over real
// HTTP.
func NewBrowser(base string) *Browser {
	return newBrowser(base, Transport, 60*time.Second)
}

// RoundTripFunc sends one request without a network, such as the web
// tests' fiber app.Test.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip implements http.RoundTripper.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// InProcessBase is the base URL of an in-process browser, the host
// httptest.NewRequest uses.
const InProcessBase = "http://example.com"

// NewInProcess returns a browser with no cookies whose requests go to send
// instead of a network, with no time limit.
func NewInProcess(send RoundTripFunc) *Browser {
	return newBrowser(InProcessBase, send, 0)
}

func newBrowser(base string, rt http.RoundTripper, timeout time.Duration) *Browser {
	return &Browser{
		Base:    base,
		Cookies: map[string]string{},
		Header:  http.Header{},
		hc: &http.Client{
			Transport:     rt,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// Response is a fully read response.
type Response struct {
	Status int
	Body   string
	Header http.Header
	// Took is the time from sending the request to reading the body.
	Took time.Duration
	// Path is the path of the page answered, after any redirects followed.
	Path string
}

// Location is the redirect target.
func (r *Response) Location() string { return r.Header.Get("Location") }

// CSRFField finds the CSRF token in a page's form.
var CSRFField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// CookieHeader returns the Cookie header this browser sends.
func (b *Browser) CookieHeader() string {
	names := make([]string, 0, len(b.Cookies))
	for k := range b.Cookies {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = k + "=" + b.Cookies[k]
	}
	return strings.Join(parts, "; ")
}

// Do sends a request with this browser's cookies and headers and keeps the
// cookies the response sets. With FollowRedirects it then GETs each
// Location, up to ten hops.
func (b *Browser) Do(method, path string, body io.Reader, header http.Header) (*Response, error) {
	r, err := b.do(method, path, body, header)
	for hops := 0; err == nil && b.FollowRedirects && isRedirect(r.Status) && r.Location() != ""; hops++ {
		if hops == 10 {
			return nil, fmt.Errorf("%s %s: more than 10 redirects", method, path)
		}
		start := r.Took
		next, perr := url.Parse(r.Path)
		if perr != nil {
			return nil, perr
		}
		loc, perr := next.Parse(r.Location())
		if perr != nil {
			return nil, fmt.Errorf("%s %s: bad Location %q: %w", method, path, r.Location(), perr)
		}
		r, err = b.do(http.MethodGet, loc.RequestURI(), nil, nil)
		if err == nil {
			r.Took += start
		}
	}
	return r, err
}

func isRedirect(status int) bool { return status >= 300 && status < 400 }

// do sends one request.
func (b *Browser) do(method, path string, body io.Reader, header http.Header) (*Response, error) {
	req, err := http.NewRequest(method, b.Base+path, body)
	if err != nil {
		return nil, err
	}
	for k, v := range b.Header {
		req.Header[k] = v
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if ck := b.CookieHeader(); ck != "" {
		req.Header.Set("Cookie", ck)
	}
	start := time.Now()
	res, err := b.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	r := &Response{Status: res.StatusCode, Body: string(data), Header: res.Header, Took: time.Since(start), Path: req.URL.Path}
	if r.Status >= 500 {
		b.ServerErrors++
	}
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(b.Cookies, ck.Name)
		} else {
			b.Cookies[ck.Name] = ck.Value
		}
	}
	if m := CSRFField.FindStringSubmatch(r.Body); m != nil {
		b.CSRF = m[1]
	}
	return r, nil
}

// Get fetches path.
func (b *Browser) Get(path string) (*Response, error) { return b.Do(http.MethodGet, path, nil, nil) }

// Post submits a form with this browser's CSRF token, fetching a page with a
// form first when the browser has none yet.
func (b *Browser) Post(path string, form url.Values) (*Response, error) {
	if err := b.EnsureCSRF(); err != nil {
		return nil, err
	}
	if b.CSRF == "" {
		return nil, fmt.Errorf("POST %s: no page handed out a CSRF token", path)
	}
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.CSRF)
	}
	return b.PostRaw(path, form)
}

// EnsureCSRF fetches a page with a form (the skills assessment's intro,
// else the sign-in page) when the browser holds no CSRF token. It fails
// only when a request does; b.CSRF stays empty when no page had a token.
func (b *Browser) EnsureCSRF() error {
	for _, p := range []string{"/assess/cpo-skills", "/signin"} {
		if b.CSRF != "" {
			return nil
		}
		if _, err := b.Get(p); err != nil {
			return err
		}
	}
	return nil
}

// PostRaw submits a form exactly as given.
func (b *Browser) PostRaw(path string, form url.Values) (*Response, error) {
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	return b.Do(http.MethodPost, path, strings.NewReader(form.Encode()), h)
}

// Fetch posts a form the way the autosave script does: the CSRF token in a
// header and a JSON answer.
func (b *Browser) Fetch(path string, form url.Values) (*Response, error) {
	h := http.Header{
		"Content-Type":     {"application/x-www-form-urlencoded"},
		"X-Csrf-Token":     {b.CSRF},
		"X-Requested-With": {"fetch"},
		"Accept":           {"application/json"},
	}
	return b.Do(http.MethodPost, path, strings.NewReader(form.Encode()), h)
}

// Expect returns an error unless r has status want.
func Expect(r *Response, want int, what string) error {
	if r.Status != want {
		body := r.Body
		if len(body) > 400 {
			body = body[:400]
		}
		return fmt.Errorf("%s: status %d, want %d: %s", what, r.Status, want, body)
	}
	return nil
}
