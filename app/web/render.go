package web

import (
	"bytes"
	"fmt"
	"html/template"
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
	mu    sync.RWMutex
	sets  map[string]map[string]*template.Template // language → page → set
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
		sets:  map[string]map[string]*template.Template{},
		bufs:  sync.Pool{New: func() any { return new(bytes.Buffer) }},
		frags: fragments{m: map[fragmentKey]template.HTML{}},
	}
	if _, err := r.set(i18n.Default); err != nil {
		return nil, err
	}
	return r, nil
}

// staticT matches an action that shows a UI string without arguments,
// {{.L.T "id"}} or {{$v.L.T "id"}}.
var staticT = regexp.MustCompile(`\{\{(-?\s*)(?:\$[A-Za-z0-9_]*)?\.L\.T\s+"([A-Za-z0-9_.\-]+)"(\s*-?)\}\}`)

// localise puts loc's fixed UI strings into template source: each
// {{.L.T "id"}} whose message takes no arguments becomes {{"text"}}, a
// constant that html/template still escapes in its context, and that costs
// a fraction of a call through the localizer.
func localise(src string, loc *i18n.Localizer) string {
	return staticT.ReplaceAllStringFunc(src, func(m string) string {
		sub := staticT.FindStringSubmatch(m)
		text, ok := loc.Static(sub[2])
		if !ok {
			return m
		}
		return "{{" + sub[1] + strconv.Quote(text) + sub[3] + "}}"
	})
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
	base := template.New("base").Funcs(funcs)
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
	r.mu.RLock()
	s := r.sets[lang]
	r.mu.RUnlock()
	if s != nil {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.sets[lang]; s != nil {
		return s, nil
	}
	s, err := r.parseAll(loc)
	if err != nil {
		return nil, err
	}
	r.sets[lang] = s
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

func (r *renderer) execute(buf *bytes.Buffer, name string, v *View) error {
	t, err := r.page(viewLang(v), name)
	if err != nil {
		return err
	}
	if v.Header == "" {
		if v.Header, err = r.siteHeader(name, v); err != nil {
			return err
		}
	}
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
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
func (r *renderer) render(c *fiber.Ctx, name string, v *View) error {
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := r.execute(buf, name, v); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	// SetBody copies into the response's own buffer, which the server
	// reuses: a page costs no allocation of its size.
	c.Response().SetBody(buf.Bytes())
	return nil
}

// pageCache keeps pages that are the same for every anonymous visitor in a
// language (the landing page), rendered once per language.
type pageCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

func newPageCache() *pageCache { return &pageCache{m: map[string][]byte{}} }

func (p *pageCache) get(key string) []byte {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.m[key]
}

func (p *pageCache) put(key string, b []byte) {
	p.mu.Lock()
	p.m[key] = b
	p.mu.Unlock()
}
