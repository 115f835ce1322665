package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// renderer holds one parsed template set per page: the layout and the
// partials, plus the page's own file. Sets are parsed once at start (or on
// every request in dev mode, so edits show without a restart).
type renderer struct {
	fsys  fs.FS
	dev   bool
	mu    sync.RWMutex
	pages map[string]*template.Template
	bufs  sync.Pool
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

func newRenderer(fsys fs.FS, dev bool) (*renderer, error) {
	r := &renderer{fsys: fsys, dev: dev, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	pages, err := r.parseAll()
	if err != nil {
		return nil, err
	}
	r.pages = pages
	return r, nil
}

func (r *renderer) parseAll() (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(r.fsys, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
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
		if _, err := t.ParseFS(r.fsys, f); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

func (r *renderer) page(name string) (*template.Template, error) {
	if r.dev {
		pages, err := r.parseAll()
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.pages = pages
		r.mu.Unlock()
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	t := r.pages[name]
	if t == nil {
		return nil, fmt.Errorf("templates: no page %q", name)
	}
	return t, nil
}

// bytes renders page name with v through the layout.
func (r *renderer) bytes(name string, v *View) ([]byte, error) {
	t, err := r.page(name)
	if err != nil {
		return nil, err
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// render writes page name as the response, keeping any status already set.
func (r *renderer) render(c *fiber.Ctx, name string, v *View) error {
	b, err := r.bytes(name, v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b)
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
