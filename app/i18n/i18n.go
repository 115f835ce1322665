// Package i18n holds cpopath's UI translations and chooses the language of a
// request. UI strings live in go-i18n message files
// (content/locales/active.<lang>.toml); texts of the data files are
// translated in those files' own overlays (package content).
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	i18ntemplate "github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Default is the language of last resort and the source of every message.
const Default = "en"

// Bundle is every UI message in every language, with a Localizer per
// language built once: a page asks its localizer, never the bundle.
type Bundle struct {
	langs   []string
	matcher language.Matcher
	locs    map[string]*Localizer
	ids     map[string][]string // lang → message ids in its file
}

// Load reads every dir/<area>.<lang>.toml from fsys (for example
// active.en.toml, plan.de.toml): one file per area of the app keeps
// translators' and developers' edits apart. English must be present.
func Load(fsys fs.FS, dir string) (*Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, path.Join(dir, "*.*.toml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	out := &Bundle{locs: map[string]*Localizer{}, ids: map[string][]string{}}
	seen := map[string]bool{}
	for _, f := range files {
		mf, err := b.LoadMessageFileFS(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		parts := strings.Split(strings.TrimSuffix(path.Base(f), ".toml"), ".")
		lang := parts[len(parts)-1]
		for _, m := range mf.Messages {
			if seen[lang+"\x00"+m.ID] {
				return nil, fmt.Errorf("i18n: %s: message %q is defined twice for %s", f, m.ID, lang)
			}
			seen[lang+"\x00"+m.ID] = true
			out.ids[lang] = append(out.ids[lang], m.ID)
		}
		if !containsLang(out.langs, lang) {
			out.langs = append(out.langs, lang)
		}
	}
	sort.Strings(out.langs)
	if out.ids[Default] == nil {
		return nil, fmt.Errorf("i18n: %s/active.%s.toml: missing", dir, Default)
	}
	// English first: the matcher falls back to the first tag.
	sort.SliceStable(out.langs, func(i, j int) bool { return out.langs[i] == Default && out.langs[j] != Default })
	tags := make([]language.Tag, len(out.langs))
	for i, l := range out.langs {
		tags[i] = language.Make(l)
		out.locs[l] = newLocalizer(b, l, out.ids[Default])
	}
	out.matcher = language.NewMatcher(tags)
	return out, nil
}

// Langs returns the supported languages, English first.
func (b *Bundle) Langs() []string { return b.langs }

// Supported reports whether lang is one of the bundle's languages.
func (b *Bundle) Supported(lang string) bool { return b.locs[lang] != nil }

// IDs returns the message ids defined in lang's file.
func (b *Bundle) IDs(lang string) []string { return b.ids[lang] }

// Localizer returns the localizer of lang, or English's.
func (b *Bundle) Localizer(lang string) *Localizer {
	if l := b.locs[lang]; l != nil {
		return l
	}
	return b.locs[Default]
}

// Negotiate picks the language for a request, in this order: the signed-in
// user's saved preference, an explicit choice (query or cookie), the
// Accept-Language header with its q-values, then English.
func (b *Bundle) Negotiate(pref, choice, acceptLanguage string) string {
	for _, l := range []string{pref, choice} {
		if b.Supported(l) {
			return l
		}
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(tags) > 0 {
			_, idx, conf := b.matcher.Match(tags...)
			if conf != language.No {
				return b.langs[idx]
			}
		}
	}
	return Default
}

// Localizer translates UI messages for one language. Messages without
// arguments are resolved once, when the bundle loads, because pages ask for
// dozens of them per request.
type Localizer struct {
	lang    string
	loc     *goi18n.Localizer
	static  map[string]string
	ids     map[string]bool
	printer *message.Printer
	months  [12]string
}

// strict makes a message that names an argument the caller did not pass
// fail instead of showing "<no value>": T then shows the message id, which
// the page tests look for on every page.
var strict = &i18ntemplate.TextParser{Option: "missingkey=error"}

func newLocalizer(b *goi18n.Bundle, lang string, ids []string) *Localizer {
	l := &Localizer{
		lang:    lang,
		loc:     goi18n.NewLocalizer(b, lang),
		static:  map[string]string{},
		ids:     map[string]bool{},
		printer: message.NewPrinter(language.Make(lang)),
	}
	for _, id := range ids {
		l.ids[id] = true
		s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateParser: strict})
		if err == nil {
			l.static[id] = s
		}
	}
	for i := range l.months {
		l.months[i] = l.T(fmt.Sprintf("date.month.%d", i+1))
	}
	return l
}

// Lang returns the language code, for the html lang attribute.
func (l *Localizer) Lang() string { return l.lang }

// T translates id. Arguments are name, value pairs for the message template;
// a "Count" argument selects the plural form. An id with no message shows
// itself, which the tests look for on every page.
func (l *Localizer) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.static[id]; ok {
			return s
		}
	}
	data := make(map[string]any, len(args)/2)
	var count any
	for i := 0; i+1 < len(args); i += 2 {
		k := fmt.Sprint(args[i])
		data[k] = args[i+1]
		if k == "Count" {
			count = args[i+1]
		}
	}
	s, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count, TemplateParser: strict})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether id is a message (of English, which every language
// has), for views that pick a variant of a message when there is one.
func (l *Localizer) Has(id string) bool { return l.ids[id] }

// Static returns the message id when it takes no arguments: the same text
// T(id) gives, for renderers that resolve such messages once.
func (l *Localizer) Static(id string) (string, bool) {
	s, ok := l.static[id]
	return s, ok
}

// Num formats an integer with the language's grouping.
func (l *Localizer) Num(n int) string { return l.printer.Sprint(n) }

// Date formats a date in the language's long form, e.g. 25 November 2026,
// 25. November 2026, 25 de noviembre de 2026, 25 novembre 2026.
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d, m, y := strconv.Itoa(t.Day()), l.months[t.Month()-1], strconv.Itoa(t.Year())
	switch l.lang {
	case "de":
		return d + ". " + m + " " + y
	case "es":
		return d + " de " + m + " de " + y
	case "en":
		return d + " " + m + " " + y
	default:
		return d + " " + m + " " + y
	}
}

// ShortDate formats a date numerically: 25/11/2026, 25.11.2026.
func (l *Localizer) ShortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l.lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("02/01/2006")
}

func containsLang(list []string, l string) bool {
	for _, x := range list {
		if x == l {
			return true
		}
	}
	return false
}
