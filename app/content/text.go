package content

import (
	"fmt"
	"sort"

	yaml "go.yaml.in/yaml/v3"
)

// DefaultLang is the language every data file is written in; translations
// are overlays on top of it.
const DefaultLang = "en"

// Text is a user-facing string from a data file together with its
// translations. Data files hold the English text inline; the loader gives
// every Text a stable key and fills the other languages from the locale
// overlays, so a page asks for t.In(lang) and never sees a missing value.
type Text struct {
	key string
	by  map[string]string
}

// NewText returns a Text with only the default-language value, for texts
// built in code (tests, fixtures).
func NewText(en string) Text { return Text{by: map[string]string{DefaultLang: en}} }

// UnmarshalYAML reads a plain scalar as the English text.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a plain string", n.Line)
	}
	t.by = map[string]string{DefaultLang: n.Value}
	return nil
}

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t.by[lang]; ok {
		return s
	}
	return t.by[DefaultLang]
}

// String returns the English text.
func (t Text) String() string { return t.by[DefaultLang] }

// Key returns the stable translation key, e.g. "skill.processes.name".
func (t Text) Key() string { return t.key }

// IsZero reports whether the text is empty in English.
func (t Text) IsZero() bool { return t.by[DefaultLang] == "" }

// Has reports whether the text has its own value in lang.
func (t Text) Has(lang string) bool { return t.by[lang] != "" }

// TextSet collects the Texts of a set of data files under their keys, so
// that translation overlays can be applied and checked in one place.
type TextSet struct {
	texts map[string]*Text
	order []string
}

// Add registers t under key. A duplicate key is a programming error in the
// walk, not a data error, so it panics.
func (s *TextSet) Add(key string, t *Text) {
	if s.texts == nil {
		s.texts = map[string]*Text{}
	}
	if _, dup := s.texts[key]; dup {
		panic("content: duplicate text key " + key)
	}
	t.key = key
	s.texts[key] = t
	s.order = append(s.order, key)
}

// Keys returns every key in registration order.
func (s *TextSet) Keys() []string { return s.order }

// Apply overlays translations for lang. Unknown keys are an error: they mean
// the overlay has drifted from the data.
func (s *TextSet) Apply(lang string, tr map[string]string) error {
	var unknown, noSource []string
	for k, v := range tr {
		t, ok := s.texts[k]
		switch {
		case !ok:
			unknown = append(unknown, k)
		case v == "":
		case t.IsZero():
			// A translation of a text the data leaves empty would show in
			// one language and not in English: the overlay has drifted.
			noSource = append(noSource, k)
		default:
			t.by[lang] = v
		}
	}
	sort.Strings(unknown)
	sort.Strings(noSource)
	switch {
	case len(unknown) > 0:
		return fmt.Errorf("unknown keys %v", unknown)
	case len(noSource) > 0:
		return fmt.Errorf("keys with no English text %v", noSource)
	}
	return nil
}

// Missing returns the keys that have no value of their own in lang.
func (s *TextSet) Missing(lang string) []string {
	var out []string
	for _, k := range s.order {
		if !s.texts[k].Has(lang) {
			out = append(out, k)
		}
	}
	return out
}

// English returns key → English text, the template for a new translation.
func (s *TextSet) English() map[string]string {
	out := make(map[string]string, len(s.order))
	for _, k := range s.order {
		out[k] = s.texts[k].String()
	}
	return out
}
