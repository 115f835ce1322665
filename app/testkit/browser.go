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

// Browser is one user's browser: it keeps cookies and the CSRF token the
// pages hand out, and never follows redirects, so callers see them.
type Browser struct {
	Base    string
	Cookies map[string]string
	CSRF    string
	// Header is sent with every request (e.g. X-Forwarded-For behind a
	// trusted proxy, Accept-Language).
	Header http.Header
	// ServerErrors counts the 5xx responses this browser got.
	ServerErrors int
	hc           *http.Client
}

// NewBrowser returns a browser with no cookies, talking to base.
func NewBrowser(base string) *Browser {
	return &Browser{
		Base:    base,
		Cookies: map[string]string{},
		Header:  http.Header{},
		hc: &http.Client{
			Transport:     Transport,
			Timeout:       60 * time.Second,
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
}

// Location is the redirect target.
func (r *Response) Location() string { return r.Header.Get("Location") }

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

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
// cookies the response sets.
func (b *Browser) Do(method, path string, body io.Reader, header http.Header) (*Response, error) {
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
	r := &Response{Status: res.StatusCode, Body: string(data), Header: res.Header, Took: time.Since(start)}
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
	if m := csrfRE.FindStringSubmatch(r.Body); m != nil {
		b.CSRF = m[1]
	}
	return r, nil
}

// Get fetches path.
func (b *Browser) Get(path string) (*Response, error) { return b.Do(http.MethodGet, path, nil, nil) }

// Post submits a form with this browser's CSRF token, fetching a page with a
// form first when the browser has none yet.
func (b *Browser) Post(path string, form url.Values) (*Response, error) {
	if b.CSRF == "" {
		if _, err := b.Get("/assess/cpo-skills"); err != nil {
			return nil, err
		}
		if b.CSRF == "" {
			return nil, fmt.Errorf("POST %s: no page handed out a CSRF token", path)
		}
	}
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.CSRF)
	}
	return b.PostRaw(path, form)
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
