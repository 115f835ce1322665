package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/i18n"
)

// renderer holds, per language, one parsed template set per page: the
// layout and the partials, plus the page's own file. Each language's sets
// are parsed with its fixed UI strings already in place (localise), so a
// page does not look up the same translation on every request. English is
// parsed at start, so a broken template stops the server; the other
// languages on first use; in dev mode every request parses afresh, so
// edits show without a restart.
type renderer struct {
	fsys  fs.FS
	dev   bool
	tr    *i18n.Bundle
	mu    sync.Mutex // serialises parsing
	sets  sync.Map   // language → map[page]*template.Template
	bufs  sync.Pool
	frags fragments
	// frames are radar chart frames by their labels (fragment.go).
	frames sync.Map
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i + 1
		}
		return s
	},
	"join": strings.Join,
}

func newRenderer(fsys fs.FS, dev bool, tr *i18n.Bundle) (*renderer, error) {
	r := &renderer{
		fsys: fsys, dev: dev, tr: tr,
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}
	if _, err := r.set(i18n.Default); err != nil {
		return nil, err
	}
	return r, nil
}

// staticT matches an action that shows a UI string without arguments,
// {{.L.T "id"}} or {{$v.L.T "id"}}.
var staticT = regexp.MustCompile(`\{\{(-?\s*)(?:\$[A-Za-z0-9_]*)?\.L\.T\s+"([A-Za-z0-9_.\-]+)"(\s*-?)\}\}`)

// localise puts loc's fixed UI strings into template source. Each
// {{.L.T "id"}} whose message takes no arguments becomes, between tags,
// the text itself, HTML-escaped, and elsewhere (in an attribute) the
// constant {{"text"}}, which html/template still escapes for its context.
// Either costs a fraction of a call through the localizer, and the text
// costs nothing at all.
func localise(src string, loc *i18n.Localizer) string {
	var b strings.Builder
	last := 0
	for _, m := range staticT.FindAllStringSubmatchIndex(src, -1) {
		text, ok := loc.Static(src[m[4]:m[5]])
		if !ok {
			continue
		}
		b.WriteString(src[last:m[0]])
		last = m[1]
		before := src[:m[0]]
		if betweenTags(before) && !strings.Contains(text, "{{") {
			b.WriteString(htmlText.Replace(text))
			continue
		}
		b.WriteString("{{" + src[m[2]:m[3]] + strconv.Quote(text) + src[m[6]:m[7]] + "}}")
	}
	b.WriteString(src[last:])
	return b.String()
}

// htmlText escapes text as html/template does between tags, so that a
// localised template's output is byte for byte what it was.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;", "\x00", "\uFFFD")

// betweenTags reports whether template source that ends with before is
// in element content rather than inside a tag: its last '>' comes after
// its last '<'. Templates have no inline script or style (the CSP forbids
// them), so element content is HTML text.
func betweenTags(before string) bool {
	return strings.LastIndexByte(before, '>') > strings.LastIndexByte(before, '<')
}

func (r *renderer) parseFile(t *template.Template, file string, loc *i18n.Localizer) error {
	b, err := fs.ReadFile(r.fsys, file)
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if _, err := t.New(path.Base(file)).Parse(localise(string(b), loc)); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	return nil
}

// parseAll parses every page's set for one language.
func (r *renderer) parseAll(loc *i18n.Localizer) (map[string]*template.Template, error) {
	partials, err := fs.Glob(r.fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	// A map key a template names but the data lacks fails the page
	// instead of printing "<no value>".
	base := template.New("base").Funcs(funcs).Option("missingkey=error")
	for _, f := range append([]string{"templates/layout.html"}, partials...) {
		if err := r.parseFile(base, f, loc); err != nil {
			return nil, err
		}
	}
	files, err := fs.Glob(r.fsys, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := r.parseFile(t, f, loc); err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

// set returns the page sets of lang, parsing them on first use.
func (r *renderer) set(lang string) (map[string]*template.Template, error) {
	loc := r.tr.Localizer(lang)
	lang = loc.Lang()
	if r.dev {
		return r.parseAll(loc)
	}
	if s, ok := r.sets.Load(lang); ok {
		return s.(map[string]*template.Template), nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.sets.Load(lang); ok {
		return s.(map[string]*template.Template), nil
	}
	s, err := r.parseAll(loc)
	if err != nil {
		return nil, err
	}
	r.sets.Store(lang, s)
	return s, nil
}

// page returns the set of page name in lang.
func (r *renderer) page(lang, name string) (*template.Template, error) {
	s, err := r.set(lang)
	if err != nil {
		return nil, err
	}
	t := s[name]
	if t == nil {
		return nil, fmt.Errorf("templates: no page %q", name)
	}
	return t, nil
}

// bytes renders page name with v through the layout.
func (r *renderer) bytes(name string, v *View) ([]byte, error) {
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := r.execute(buf, name, v); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

func (r *renderer) execute(w io.Writer, name string, v *View) error {
	t, err := r.page(viewLang(v), name)
	if err != nil {
		return err
	}
	if v.Description == "" {
		v.Description = v.L.T("meta.description." + name)
	}
	if v.Header == "" {
		if v.Header, err = r.siteHeader(name, v); err != nil {
			return err
		}
	}
	if err := t.ExecuteTemplate(w, "layout", v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// viewLang is the language whose templates render v: its localizer's, as
// the fixed strings put into them came from that localizer.
func viewLang(v *View) string {
	if v.L != nil {
		return v.L.Lang()
	}
	return v.Lang
}

// render writes page name as the response, keeping any status already set.
// The template writes straight into the response's body, a buffer the
// server reuses, so a page is neither allocated nor copied on the way out.
func (r *renderer) render(c *fiber.Ctx, name string, v *View) error {
	res := c.Response()
	res.ResetBody()
	if err := r.execute(res.BodyWriter(), name, v); err != nil {
		res.ResetBody() // no half page before the error page
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return nil
}

// pageCache keeps pages that are the same for every anonymous visitor in a
// language (the landing page), rendered once per language. A sync.Map:
// every anonymous request reads it, on every core.
type pageCache struct {
	m sync.Map // key → []byte
}

func newPageCache() *pageCache { return &pageCache{} }

func (p *pageCache) get(key string) []byte {
	if b, ok := p.m.Load(key); ok {
		return b.([]byte)
	}
	return nil
}

func (p *pageCache) put(key string, b []byte) {
	p.m.Store(key, b)
}
