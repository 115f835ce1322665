package i18n_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"cpopath/app/i18n"
)

const dir = "../../content/locales"

// pluralForms are the CLDR plural categories go-i18n selects for each
// language: a plural message must have every one of them.
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"de": {"one", "other"},
	"es": {"one", "many", "other"},
	"fr": {"one", "many", "other"},
}

// messages reads every UI message file, lang → id → value (a string, or a
// map of plural forms).
func messages(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".toml"), ".")
		lang := parts[len(parts)-1]
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if out[lang] == nil {
			out[lang] = map[string]any{}
		}
		for k, v := range m {
			out[lang][k] = v
		}
	}
	return out
}

// Every locale has every message English has, no unknown ones, no empty
// values, and the plural forms its language needs.
func TestEveryLocaleIsComplete(t *testing.T) {
	all := messages(t)
	en := all["en"]
	if len(en) == 0 {
		t.Fatal("no English messages")
	}
	for lang, msgs := range all {
		forms, ok := pluralForms[lang]
		if !ok {
			t.Errorf("%s: no plural rule table in this test; add the language's CLDR forms", lang)
			continue
		}
		var missing, unknown []string
		for id := range en {
			if _, ok := msgs[id]; !ok {
				missing = append(missing, id)
			}
		}
		for id, v := range msgs {
			if _, ok := en[id]; !ok {
				unknown = append(unknown, id)
			}
			switch v := v.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: %s is empty", lang, id)
				}
				if _, plural := en[id].(map[string]any); plural {
					t.Errorf("%s: %s must have plural forms like English", lang, id)
				}
			case map[string]any:
				for _, f := range forms {
					if s, _ := v[f].(string); strings.TrimSpace(s) == "" {
						t.Errorf("%s: %s lacks the plural form %q", lang, id, f)
					}
				}
			default:
				t.Errorf("%s: %s has an unexpected value %T", lang, id, v)
			}
		}
		sort.Strings(missing)
		sort.Strings(unknown)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d messages: %v", lang, len(missing), missing)
		}
		if len(unknown) > 0 {
			t.Errorf("%s has %d messages English does not: %v", lang, len(unknown), unknown)
		}
	}
}

func TestNegotiate(t *testing.T) {
	b, err := i18n.Load(os.DirFS("../.."), "content/locales")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, pref, choice, accept, want string
	}{
		{"nothing given", "", "", "", "en"},
		{"German browser", "", "", "de-DE,de;q=0.9", "de"},
		{"q-values decide", "", "", "en;q=0.5,fr;q=0.9", "fr"},
		{"regional Spanish", "", "", "es-MX,es;q=0.8,en;q=0.5", "es"},
		{"unsupported falls back", "", "", "ja-JP,ja;q=0.9", "en"},
		{"unsupported then supported", "", "", "ja,de;q=0.3", "de"},
		{"malformed header", "", "", ";;;q=abc", "en"},
		{"cookie beats header", "", "fr", "de-DE", "fr"},
		{"preference beats cookie", "es", "fr", "de-DE", "es"},
		{"unknown preference ignored", "xx", "", "de", "de"},
		{"unknown choice ignored", "", "xx", "fr", "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Negotiate(tt.pref, tt.choice, tt.accept); got != tt.want {
				t.Errorf("Negotiate(%q, %q, %q) = %s, want %s", tt.pref, tt.choice, tt.accept, got, tt.want)
			}
		})
	}
}

func TestDatesAndPlurals(t *testing.T) {
	b, err := i18n.Load(os.DirFS("../.."), "content/locales")
	if err != nil {
		t.Fatal(err)
	}
	d := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	want := map[string]string{"en": "25 November 2026", "de": "25. November 2026", "es": "25 de noviembre de 2026", "fr": "25 novembre 2026"}
	for lang, w := range want {
		if !b.Supported(lang) {
			continue
		}
		if got := b.Localizer(lang).Date(d); got != w {
			t.Errorf("%s date = %q, want %q", lang, got, w)
		}
	}
	en := b.Localizer("en")
	// The noun agrees with the number before it, not the one answered.
	if got := en.T("assessment.answered", "Answered", 1, "Count", 62); got != "1 of 62 questions answered" {
		t.Errorf("one of many = %q", got)
	}
	if got := en.T("assessment.answered", "Answered", 0, "Count", 1); got != "0 of 1 question answered" {
		t.Errorf("none of one = %q", got)
	}
	if got := en.T("no.such.message"); got != "no.such.message" {
		t.Errorf("a missing message shows %q; it must show its id so tests can find it", got)
	}
	if got := en.Num(12345); got != "12,345" {
		t.Errorf("Num = %q", got)
	}
}
