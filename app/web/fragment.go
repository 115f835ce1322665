package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gofiber/fiber/v2"

	"cpopath/app/assess"
	"cpopath/app/store"
	"cpopath/app/web/chart"
)

// fragmentKey names a rendered piece of a page that is the same for
// everyone who sees the same thing. Each cached piece has a key type of its
// own (fragment_keys.go) whose fields are exactly what the piece shows, so
// one piece's key cannot be built for another, and the map tells two
// pieces apart by key type before any field.
type fragmentKey interface {
	template() string // the template the piece renders
	language() string
}

// fragments keeps rendered pieces by key. The keys are bounded by the
// content (languages × items × answers), not by users or requests, so
// nothing is evicted. Pages read dozens of pieces each, on every core, and
// after warming up almost never add one; so reads go to a map that is
// never written once published (no lock, no shared counter bouncing
// between cores), and new pieces wait in a small locked map until enough
// of them are published together with the rest.
type fragments struct {
	ro      atomic.Pointer[map[fragmentKey]template.HTML]
	mu      sync.Mutex
	pending map[fragmentKey]template.HTML
}

func (f *fragments) get(key fragmentKey) (template.HTML, bool) {
	if m := f.ro.Load(); m != nil {
		if s, ok := (*m)[key]; ok {
			return s, true
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.pending[key]
	return s, ok
}

func (f *fragments) put(key fragmentKey, s template.HTML) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pending == nil {
		f.pending = map[fragmentKey]template.HTML{}
	}
	f.pending[key] = s
	published := 0
	if m := f.ro.Load(); m != nil {
		published = len(*m)
	}
	// Publishing copies the map; doing it when the new pieces are a
	// quarter of the old keeps the copying linear overall.
	if len(f.pending) < max(64, published/4) {
		return
	}
	m := make(map[fragmentKey]template.HTML, published+len(f.pending))
	if old := f.ro.Load(); old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	for k, v := range f.pending {
		m[k] = v
	}
	f.ro.Store(&m)
	f.pending = nil
}

// cached returns the piece kept under key, if there is one.
func (r *renderer) cached(key fragmentKey) (template.HTML, bool) {
	if r.dev {
		return "", false
	}
	return r.frags.get(key)
}

// fragment returns template name of page's set rendered with data(), once
// per key; in dev mode it renders every time, so template edits show.
func (r *renderer) fragment(key fragmentKey, page string, data func() any) (template.HTML, error) {
	if s, ok := r.cached(key); ok {
		return s, nil
	}
	s, err := r.exec(key.language(), page, key.template(), data())
	if err != nil {
		return "", err
	}
	if !r.dev {
		r.frags.put(key, s)
	}
	return s, nil
}

// exec renders template name of page's set in lang with data.
func (r *renderer) exec(lang, page, name string, data any) (template.HTML, error) {
	t, err := r.page(lang, page)
	if err != nil {
		return "", err
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer r.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		return "", fmt.Errorf("render %s/%s: %w", page, name, err)
	}
	// The template escaped everything it inserted; the result is HTML.
	return template.HTML(buf.String()), nil
}

// questionData is what the "question" partial receives.
type questionData struct {
	V *View
	Q *itemView
}

// questionHTML returns one question's fieldset in v's language with its
// answer checked and, when asked for, marked missing. The question text,
// choices and labels are the same for everyone, so each combination is
// rendered once: a page is then mostly copying.
func (h *handler) questionHTML(v *View, a *assess.Assessment, iv *itemView) (template.HTML, error) {
	value := iv.Value
	if a.Validate(iv.Item.ID, value) != nil {
		// A stale answer (content changed since) shows as unanswered,
		// and must not add keys.
		value = ""
	}
	key := questionKey{lang: viewLang(v), assessment: a.ID, item: iv.Item.ID, value: value, number: iv.Number, missing: iv.Missing}
	return h.views.fragment(key, "assessment", func() any {
		q := *iv
		q.Choices = choices(a, iv.Item, value)
		return questionData{V: langView(v), Q: &q}
	})
}

// langView is a view that carries only v's language: what a cached piece
// may be rendered with, so nothing of a visitor's ends up in it.
func langView(v *View) *View { return &View{L: v.L, Lang: v.Lang, content: v.content} }

// pieceData is what a cached piece of a page receives: the language-only
// view and the page's data.
type pieceData struct {
	V *View
	P any
}

// piece renders key's template of page's set with p, once per key. The key
// must name everything of p the template shows.
func (h *handler) piece(v *View, page string, key fragmentKey, p any) (template.HTML, error) {
	if s, ok := h.views.cached(key); ok {
		return s, nil
	}
	return h.views.fragment(key, page, func() any { return pieceData{V: langView(v), P: p} })
}

// assessmentPieces fills in the rendered pieces of an assessment page: the
// head (per page and number answered), the questions (per answer), the
// form's buttons and the pager (per page).
func (h *handler) assessmentPieces(v *View, a *assess.Assessment, p *assessmentPage) error {
	var err error
	lang := viewLang(v)
	head := assessmentHeadKey{lang: lang, assessment: a.ID, page: p.Page, answered: p.Answered}
	if p.Head, err = h.piece(v, "assessment", head, p); err != nil {
		return err
	}
	if p.Nav, err = h.piece(v, "assessment", assessmentNavKey{lang: lang, assessment: a.ID, page: p.Page}, p); err != nil {
		return err
	}
	if p.Pager, err = h.piece(v, "assessment", assessmentPagerKey{lang: lang, assessment: a.ID, page: p.Page}, p); err != nil {
		return err
	}
	// The form's tag carries the visitor's token twice: the piece has a
	// slot for it.
	form := assessmentFormKey{lang: lang, assessment: a.ID, page: p.Page}
	open, ok := h.views.cached(form)
	if !ok {
		open, err = h.views.fragment(form, "assessment", func() any {
			lv := langView(v)
			lv.csrf = func() string { return csrfSlot }
			return pieceData{V: lv, P: p}
		})
		if err != nil {
			return err
		}
	}
	p.FormOpen = template.HTML(strings.ReplaceAll(string(open), csrfSlot, v.CSRF()))
	size := 0
	for i := range p.Items {
		if p.Items[i].HTML, err = h.questionHTML(v, a, &p.Items[i]); err != nil {
			return err
		}
		size += len(p.Items[i].HTML) + 5
	}
	var b strings.Builder
	b.Grow(size)
	for i := range p.Items {
		if i > 0 {
			b.WriteString("\n    ")
		}
		b.WriteString(string(p.Items[i].HTML))
	}
	p.Questions = template.HTML(b.String())
	return nil
}

// csrfSlot stands for the CSRF token in a cached header; it survives
// attribute escaping unchanged and is replaced by the visitor's token.
const csrfSlot = "CSRFSLOT7f3a9c1e5b2d4068"

// siteHeader returns the site header for v: rendered once per language,
// section and signed-in state, with the visitor's CSRF token put in. A
// request with a query besides lang= gets its own, uncached header, so no
// visitor input ever becomes a cache key.
func (r *renderer) siteHeader(page string, v *View) (template.HTML, error) {
	cacheable := true
	for _, l := range v.Langs {
		cacheable = cacheable && l.Href == "?lang="+l.Code
	}
	signedIn := v.User != nil
	data := func() any {
		hv := &View{L: v.L, Lang: v.Lang, Nav: v.Nav, Langs: v.Langs, content: v.content}
		if signedIn {
			hv.User = &store.User{}
			hv.csrf = func() string { return csrfSlot }
		}
		return hv
	}
	key := siteHeaderKey{lang: viewLang(v), nav: v.Nav, signedIn: signedIn}
	var s template.HTML
	var err error
	if cacheable {
		s, err = r.fragment(key, page, data)
	} else {
		s, err = r.exec(key.lang, page, key.template(), data())
	}
	if err != nil {
		return s, err
	}
	if !signedIn {
		return withNext(s, v.Next), nil
	}
	return template.HTML(strings.Replace(string(s), csrfSlot, v.CSRF(), 1)), nil
}

// withNext makes a guest header's sign-in and register links come back to
// next (a page such as an invitation) after the account is open, as the
// page's own links do. The header is cached without it, so it is put in
// here, like the CSRF token.
func withNext(s template.HTML, next string) template.HTML {
	if next == "" {
		return s
	}
	q := "?next=" + url.QueryEscape(next)
	return template.HTML(strings.NewReplacer(
		`href="/signin"`, `href="/signin`+q+`"`,
		`href="/register"`, `href="/register`+q+`"`,
	).Replace(string(s)))
}

// csrfOnce returns a function giving the request's CSRF token, computed on
// first use and then remembered: a page with two forms pays one HMAC.
func (h *handler) csrfOnce(c *fiber.Ctx) func() string {
	var tok string
	return func() string {
		if tok == "" {
			tok = h.csrfToken(c)
		}
		return tok
	}
}

// resultPieces fills in the rendered pieces of a skills result. Every piece
// is keyed by content and a score (or an answer), never by the person, so
// there are as many as the content allows however many people look; the
// person's page is those pieces joined in order.
func (h *handler) resultPieces(v *View, p *resultsPage) error {
	// The pieces are gathered first and joined into one string of exactly
	// their size, cut into the page's sections at the end.
	parts := make([]template.HTML, 0, 96)
	size := 0
	write := func(s template.HTML) {
		parts = append(parts, s)
		size += len(s)
	}
	lang := viewLang(v)
	add := func(key fragmentKey, data any) error {
		s, err := h.piece(v, "results", key, data)
		write(s)
		return err
	}
	// A mentor's view of someone's results has its own pieces where the
	// mentee's speak to the reader ("Your answer").
	of := !p.Own
	var ends [5]int
	sections := 0
	cut := func() { ends[sections] = size; sections++ }
	score := func(s *skillResult) skillScore {
		// The likely range is part of the row and of the detail heading.
		return skillScore{lang: lang, skill: s.Skill.ID, score: s.Score, level: s.Level.ID,
			bandLow: s.BandLow, bandHigh: s.BandHigh, hasBand: s.HasBand}
	}
	for i := range p.Skills {
		if err := add(resultsRowKey(score(&p.Skills[i])), &p.Skills[i]); err != nil {
			return err
		}
	}
	cut()
	for i := range p.Strongest {
		if err := add(resultsItemKey(score(&p.Strongest[i])), &p.Strongest[i]); err != nil {
			return err
		}
	}
	cut()
	for i := range p.Priorities {
		if err := add(resultsItemKey(score(&p.Priorities[i])), &p.Priorities[i]); err != nil {
			return err
		}
	}
	cut()
	for i := range p.Priorities {
		s := &p.Priorities[i]
		open := resultsWhyOpenKey{lang: lang, skill: s.Skill.ID, score: s.Score, hasLow: len(s.Low) > 0}
		if err := add(open, s); err != nil {
			return err
		}
		for j := range s.Low {
			l := &s.Low[j]
			if j > 0 {
				write("\n        ")
			}
			// The answer's text key names the answer (scale point or
			// option), so item, answer and score decide the piece.
			if err := add(resultsLowKey{lang: lang, assessment: p.A.ID, item: l.Item.ID, answer: l.Answer.Key(), score: l.Score, of: of}, l); err != nil {
				return err
			}
		}
		if err := add(resultsWhyCloseKey{lang: lang, hasLow: len(s.Low) > 0}, s); err != nil {
			return err
		}
	}
	cut()
	for i := range p.Skills {
		s := &p.Skills[i]
		open := resultsDetailOpenKey{skillScore: score(s), hasSubAreas: len(s.SubAreas) > 0, of: of}
		if err := add(open, s); err != nil {
			return err
		}
		for j := range s.SubAreas {
			sa := &s.SubAreas[j]
			if err := add(resultsSubRowKey{lang: lang, subArea: sa.SubArea.ID, score: sa.Score, items: sa.Items, indicative: sa.Indicative}, sa); err != nil {
				return err
			}
		}
		if err := add(resultsDetailCloseKey{lang: lang, hasSubAreas: len(s.SubAreas) > 0}, s); err != nil {
			return err
		}
	}
	cut()
	var b strings.Builder
	b.Grow(size)
	for _, s := range parts {
		b.WriteString(string(s))
	}
	all := b.String()
	section := func(i int) template.HTML {
		if i == 0 {
			return template.HTML(all[:ends[0]])
		}
		return template.HTML(all[ends[i-1]:ends[i]])
	}
	p.ScoreRows, p.StrongItems, p.PriorityItems, p.Whys, p.Details = section(0), section(1), section(2), section(3), section(4)
	return nil
}

// radar returns a radar chart with labels and no shapes yet. The frame
// (rings, axes, label positions) depends only on the labels, which are
// skill names in a language, so it is computed once per language; each
// chart gets its own copy to add shapes and titles to.
func (r *renderer) radar(labels []string) *chart.Radar {
	key := strings.Join(labels, "\x00")
	f, ok := r.frames.Load(key)
	if !ok {
		f, _ = r.frames.LoadOrStore(key, chart.Frame(labels))
	}
	return f.(*chart.Radar).Copy()
}
