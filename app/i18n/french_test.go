package i18n_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// frenchSpace finds French typography that lacks the narrow no-break space
// (U+202F) that French puts before : ; ? ! and inside « »: a plain or
// no-break space in its place, or no space at all. A colon between digits
// (10:30) or in a URL (https://) is not punctuation of a sentence.
var frenchSpace = regexp.MustCompile(`[^\x{202F}\d/]:[^/\d]|[^\x{202F}\d/]:$|[^\x{202F}][;?!]|«[^\x{202F}]|[^\x{202F}]»`)

// Every French text, UI messages and the data files' texts, puts a narrow
// no-break space before : ; ? ! and inside « ».
func TestFrenchSpacing(t *testing.T) {
	texts := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.fr.toml"))
	for _, f := range files {
		var m map[string]any
		if _, err := toml.DecodeFile(f, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				texts[filepath.Base(f)+" "+k] = v
			case map[string]any:
				for form, s := range v {
					texts[filepath.Base(f)+" "+k+"."+form], _ = s.(string)
				}
			}
		}
	}
	yamls, _ := filepath.Glob(filepath.Join(dir, "*.fr.yaml"))
	more, _ := filepath.Glob(filepath.Join("../../assessments/locales", "*.fr.yaml"))
	for _, f := range append(yamls, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k, v := range m {
			texts[filepath.Base(f)+" "+k] = v
		}
	}
	if len(texts) < 500 {
		t.Fatalf("only %d French texts found", len(texts))
	}
	for where, s := range texts {
		// Template actions ({{.Name}}) are not text.
		plain := regexp.MustCompile(`\{\{[^}]*\}\}`).ReplaceAllString(s, "X")
		if m := frenchSpace.FindString(plain); m != "" {
			t.Errorf("%s: %q needs a narrow no-break space (U+202F): %q", where, m, s)
		}
	}
}

// The test catches what it is for.
func TestFrenchSpacingCatches(t *testing.T) {
	for _, bad := range []string{"Score : 5", "Score\u00a0: 5", "Score: 5", "Vraiment ?", "« Bonjour »", "«\u202fBonjour »", "Fin\u00a0;"} {
		if !frenchSpace.MatchString(bad) {
			t.Errorf("%q passes", bad)
		}
	}
	for _, good := range []string{"Score\u202f: 5", "Vraiment\u202f?", "«\u202fBonjour\u202f»", "à 10:30", "https://example.org", "Fin\u202f;"} {
		if frenchSpace.MatchString(good) {
			t.Errorf("%q is refused", good)
		}
	}
}
