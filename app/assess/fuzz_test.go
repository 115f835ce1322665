package assess_test

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"cpopath/app/assess"
	"cpopath/app/content"
)

var (
	realOnce    sync.Once
	realContent *content.Content
	realSet     *assess.Set
	realErr     error
)

// real loads the real content and assessments once per fuzz worker.
func real(t testing.TB) (*content.Content, *assess.Set) {
	t.Helper()
	realOnce.Do(func() {
		if realContent, realErr = content.Load(os.DirFS("../../content")); realErr != nil {
			return
		}
		realSet, realErr = assess.Load(os.DirFS("../../assessments"), realContent)
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realContent, realSet
}

// FuzzValidate: any item id and value either validate or are refused with
// one of the two errors a handler maps to a 4xx; a value that validates is
// one the item offers.
func FuzzValidate(f *testing.F) {
	_, set := real(f)
	for _, id := range set.Order {
		a := set.Get(id)
		for _, it := range a.Items[:3] {
			f.Add(id, it.ID, "3")
			f.Add(id, it.ID, "")
			if len(it.Options) > 0 {
				f.Add(id, it.ID, it.Options[0].ID)
			}
		}
	}
	for _, v := range []string{"0", "6", "-1", "3.0", " 3", "3\x00", "+3", "03", "0x3", "９", "\xff", "99999999999999999999"} {
		f.Add("cpo-skills", set.Get("cpo-skills").Items[0].ID, v)
	}
	f.Fuzz(func(t *testing.T, assessment, item, value string) {
		a := set.Get(assessment)
		if a == nil {
			a = set.Get("cpo-skills")
		}
		err := a.Validate(item, value)
		switch {
		case err == nil:
			it := a.Item(item)
			if it == nil {
				t.Fatalf("unknown item %q validated", item)
			}
			if value != "" && !offers(a, it, value) {
				t.Fatalf("%s: value %q validated but is not one of its choices", item, value)
			}
		case err != assess.ErrUnknownItem && err != assess.ErrBadValue:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// offers reports whether value is, character for character, one of the
// answers item it shows.
func offers(a *assess.Assessment, it *assess.Item, value string) bool {
	if it.Kind == assess.KindRated {
		for _, an := range a.Scale(it.Scale).Anchors {
			if value == strconv.Itoa(an.Value) {
				return true
			}
		}
		return false
	}
	return it.Option(value) != nil
}

// FuzzScore: any answers, valid or not, complete or not, score without a
// panic, and every score is a percentage.
func FuzzScore(f *testing.F) {
	c, set := real(f)
	for _, id := range set.Order {
		a := set.Get(id)
		var all, low, junk strings.Builder
		for i, it := range a.Items {
			v := "3"
			if len(it.Options) > 0 {
				v = it.Options[i%len(it.Options)].ID
			}
			all.WriteString(it.ID + "=" + v + "\n")
			low.WriteString(it.ID + "=1\n")
			junk.WriteString(it.ID + "=\xff" + v + "\n")
		}
		f.Add(id, all.String())
		f.Add(id, low.String())
		f.Add(id, junk.String())
	}
	f.Add("cpo-skills", "")
	f.Fuzz(func(t *testing.T, assessment, data string) {
		a := set.Get(assessment)
		if a == nil {
			a = set.Get(set.Order[len(assessment)%len(set.Order)])
		}
		answers := map[string]string{}
		for _, line := range strings.Split(data, "\n") {
			k, v, _ := strings.Cut(line, "=")
			answers[k] = v
		}
		checkResult(t, a, c, a.Score(answers, c))
	})
}

func checkResult(t *testing.T, a *assess.Assessment, c *content.Content, r assess.Result) {
	t.Helper()
	if len(r.Sections) != len(a.Sections) {
		t.Fatalf("%d section scores, want %d", len(r.Sections), len(a.Sections))
	}
	pct := func(what string, n int) {
		if n < 0 || n > 100 {
			t.Fatalf("%s = %d, want 0..100", what, n)
		}
	}
	for _, s := range r.Sections {
		pct(s.ID, s.Score)
		for _, sa := range s.SubAreas {
			pct(s.ID+"/"+sa.ID, sa.Score)
		}
		if len(s.Low) > 4 {
			t.Fatalf("%s lists %d low answers", s.ID, len(s.Low))
		}
		for _, l := range s.Low {
			pct(s.ID+" low "+l.Item, l.Score)
			if a.Item(l.Item) == nil {
				t.Fatalf("low answer of unknown item %q", l.Item)
			}
		}
		if s.Level != "" && c.Level(s.Level) == nil {
			t.Fatalf("%s: unknown level %q", s.ID, s.Level)
		}
	}
	if p := r.Placement; p != nil {
		if c.Step(p.Step) == nil {
			t.Fatalf("placed on unknown step %q", p.Step)
		}
		pct("placement", p.Score)
		if p.Role != "" && c.Role(p.Role) == nil {
			t.Fatalf("unknown role %q", p.Role)
		}
	}
	for _, ids := range [][]string{r.Strongest, r.Priorities} {
		for _, id := range ids {
			if r.Section(id) == nil {
				t.Fatalf("strongest/priority %q is not a section", id)
			}
		}
	}
}

// FuzzLoad: a mutated assessment file (and overlay) is either refused with
// an error or loads into assessments that validate and score without a
// panic.
func FuzzLoad(f *testing.F) {
	c, _ := real(f)
	f.Add([]byte(fixture), []byte("title: Mini DE\n"))
	for _, name := range []string{"cpo-skills", "career-path"} {
		body, err := os.ReadFile("../../assessments/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		overlay, _ := os.ReadFile("../../assessments/locales/" + name + ".de.yaml")
		f.Add(body, overlay)
	}
	f.Add([]byte("id: mini\ntitle: &a [*a]\n"), []byte(nil))
	f.Add([]byte("id: mini\ntitle: x\nitems:\n  - {id: a, kind: rated, scale: nope}\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, body, overlay []byte) {
		// The id must match the file name; take it from the body so that
		// mutations reach the checks behind that one.
		name := "mini"
		for _, line := range strings.Split(string(body), "\n") {
			if v, ok := strings.CutPrefix(line, "id: "); ok && v != "" && !strings.ContainsAny(v, "/\\\x00") {
				name = strings.TrimSpace(v)
				break
			}
		}
		fsys := fstest.MapFS{name + ".yaml": {Data: body}}
		if overlay != nil {
			fsys["locales/"+name+".de.yaml"] = &fstest.MapFile{Data: overlay}
		}
		set, err := assess.Load(fsys, c)
		if err != nil {
			return
		}
		for _, id := range set.Order {
			a := set.Get(id)
			answers := map[string]string{}
			for i := range a.Items {
				it := &a.Items[i]
				for _, v := range []string{"1", "3", "5", ""} {
					a.Validate(it.ID, v)
				}
				for _, o := range it.Options {
					if err := a.Validate(it.ID, o.ID); err != nil {
						t.Fatalf("%s: its own option %q does not validate: %v", it.ID, o.ID, err)
					}
					answers[it.ID] = o.ID
				}
				if it.Kind == assess.KindRated {
					answers[it.ID] = strconv.Itoa(a.Scale(it.Scale).Anchors[0].Value)
				}
				_ = a.Texts
				it.Text.In("de")
			}
			checkResult(t, a, c, a.Score(answers, c))
			a.Missing(answers)
		}
	})
}
