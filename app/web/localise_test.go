package web

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"

	"cpopath/app/i18n"
)

// TestLocaliseRendersTheSame: a template with its fixed strings put in by
// localise renders exactly what it renders asking the localizer, in text
// and in attributes, with characters that need escaping, and leaves
// messages with arguments and unknown ids to the localizer.
func TestLocaliseRendersTheSame(t *testing.T) {
	t.Parallel()
	tr, err := i18n.Load(fstest.MapFS{"loc/active.en.toml": {Data: []byte(`
"t.plain" = "Plain words"
"t.hard" = "Tom & Jerry's <b>\"best\"</b> {braces} C++"
"t.count" = { one = "{{.Count}} thing", other = "{{.Count}} things" }
`)}}, "loc")
	if err != nil {
		t.Fatal(err)
	}
	src := `{{define "x"}}<p title="{{.L.T "t.hard"}}">{{.L.T "t.hard"}} · {{ .L.T "t.plain" }}</p>` +
		`<a href="/x?q={{.L.T "t.hard"}}" aria-label='{{.L.T "t.plain"}}'>{{$v := .}}{{$v.L.T "t.hard"}}</a>` +
		`<span>{{.L.T "t.count" "Count" 2}}</span><i>{{.L.T "t.missing"}}</i><title>{{.L.T "t.hard"}}</title>{{end}}`
	loc := tr.Localizer("en")
	render := func(s string) string {
		t.Helper()
		tp, err := template.New("t").Parse(s)
		if err != nil {
			t.Fatalf("parse %s: %v", s, err)
		}
		var b bytes.Buffer
		if err := tp.ExecuteTemplate(&b, "x", struct{ L *i18n.Localizer }{loc}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	localised := localise(src, loc)
	if localised == src {
		t.Fatal("localise changed nothing")
	}
	if got, want := render(localised), render(src); got != want {
		t.Errorf("localised template renders\n%s\nwant\n%s\n(source %s)", got, want, localised)
	}
	for _, kept := range []string{`{{.L.T "t.count" "Count" 2}}`, `{{.L.T "t.missing"}}`} {
		if !bytes.Contains([]byte(localised), []byte(kept)) {
			t.Errorf("localise replaced %s", kept)
		}
	}
}
