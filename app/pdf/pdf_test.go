package pdf_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/i18n"
	"cpopath/app/pdf"
	"cpopath/app/plan"
	"cpopath/app/testkit"
)

type deps struct {
	c  *content.Content
	as *assess.Set
	tr *i18n.Bundle
}

var (
	depsOnce sync.Once
	loaded   deps
	loadErr  error
)

func load(t testing.TB) deps {
	t.Helper()
	depsOnce.Do(func() {
		root := os.DirFS("../..")
		cf, _ := fs.Sub(root, "content")
		if loaded.c, loadErr = content.Load(cf); loadErr != nil {
			return
		}
		af, _ := fs.Sub(root, "assessments")
		if loaded.as, loadErr = assess.Load(af, loaded.c); loadErr != nil {
			return
		}
		loaded.tr, loadErr = i18n.Load(root, "content/locales")
	})
	if loadErr != nil {
		t.Fatalf("load: %v", loadErr)
	}
	return loaded
}

var created = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// fixture is a plan for someone at the experience step with a mentor, part
// of it done, reviewed with comments and approved.
func fixture(t testing.TB, lang string) pdf.Doc {
	d := load(t)
	res := assess.Result{Assessment: "cpo-skills"}
	scores := map[string]int{"processes": 52, "strategy": 61, "networking": 44, "negotiation": 70, "vision": 38}
	for _, sk := range d.c.Skills {
		ss := assess.SectionScore{ID: sk.ID, Score: scores[sk.ID]}
		for i, sa := range sk.SubAreas {
			v := scores[sk.ID] + 12 - 8*i
			if sa.ID == "criteria" {
				v = 38
			}
			ss.SubAreas = append(ss.SubAreas, assess.SubScore{ID: sa.ID, Score: v})
		}
		ss.Level = d.c.LevelFor(ss.Score).ID
		res.Sections = append(res.Sections, ss)
	}
	in := plan.Input{
		Content: d.c, Skills: res,
		Path:   &assess.Result{Assessment: "career-path", Placement: &assess.Placement{Step: "experience", Rule: 0, Section: "experience", Score: 42, Role: "business-development"}},
		Mentor: plan.NewMentor(d.c, map[string]int{"criteria": 2, "research": 3, "events": 2, "referrals": 1, "preparation": 4, "objectives": 2, "pilots": 3}),
		Target: plan.Target{Role: "vp-partnerships", HorizonMonths: 12},
		Start:  time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		Basis: plan.Basis{SkillsAt: time.Date(2026, 8, 30, 0, 0, 0, 0, time.UTC), PathAt: time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC),
			RatingID: 1, RatedAt: time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC), MentorName: "Mo Mentor"},
		Previous:  map[string]string{"crm-partner-records": plan.StatusDone},
		HasMentor: true,
	}
	p := plan.Build(in)
	// An action of her own, in her words.
	if err := plan.Apply(d.c, &p, plan.Edit{Kind: plan.EditAdd, Title: "Shadow our head of alliances for a week", SubArea: "internal",
		Outcome: "Notes from five meetings, shared with my manager", Due: p.Milestones[1].Due.AddDate(0, 0, -2)}, true); err != nil {
		t.Fatal(err)
	}
	prog := map[string]pdf.Progress{"crm-partner-records": {Status: plan.StatusDone, DoneOn: "2026-08-20"}}
	first := p.ActionsAt(0)
	prog[first[0].ID] = pdf.Progress{Status: plan.StatusDone, Note: "Ranked ten prospects with seven weighted criteria.", DoneOn: "2026-09-20"}
	prog[first[1].ID] = pdf.Progress{Status: plan.StatusDoing, Note: "Halfway: three of six briefs written."}
	return pdf.Doc{
		Plan: p, Version: 2, State: "approved", Name: "Ana Müller-Łukasiewicz", L: d.tr.Localizer(lang),
		Progress: prog,
		Comments: []pdf.Comment{
			{Author: "Mo Mentor", ActionID: first[0].ID, Body: "Add customer overlap as a criterion; it predicted our best partners.", At: created.Add(-48 * time.Hour)},
			{Author: "Mo Mentor", ActionID: "", Body: "A focused, realistic plan. Start with the scoring model and bring it to our next session.", Decision: "approve", At: created.Add(-24 * time.Hour)},
		},
		Rating: &pdf.Rating{Mentor: "Mo Mentor", At: created.Add(-72 * time.Hour),
			Comments: map[string]string{"vision": "Link each partner to a company objective before you add new ones."},
			Overall:  "Strong on negotiation; the long-term view needs the most work."},
		Created: created,
	}
}

func render(t testing.TB, d pdf.Doc) []byte {
	t.Helper()
	b, err := pdf.New(load(t).c, load(t).as).Render(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tool runs a poppler command on a PDF, skipping the test when poppler is
// not installed (make test-deps installs it).
func tool(t *testing.T, b []byte, name string, args ...string) string {
	t.Helper()
	_, err := exec.LookPath(name)
	testkit.NeedTool(t, name, "apt-get install poppler-utils", err == nil)
	f := filepath.Join(t.TempDir(), "plan.pdf")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, f)
	if name == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

// squash joins the words pdftotext puts on separate lines.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPDFContents(t *testing.T) {
	d := fixture(t, "en")
	b := render(t, d)
	if out := os.Getenv("CPOPATH_PDF_OUT"); out != "" {
		os.WriteFile(out, b, 0o644)
	}
	text := squash(tool(t, b, "pdftotext", "-layout", "-enc", "UTF-8"))
	c := load(t).c
	want := []string{
		"Ana Müller-Łukasiewicz",
		"Development roadmap",
		"VP of Partnerships",
		"Approved",
		"Gain experience",
		// Scores and levels.
		"Where you stand",
		"52 / 100",
		"Developing",
		// The mentor's comments and decision.
		"Add customer overlap as a criterion",
		"A focused, realistic plan.",
		"Decided by Mo Mentor",
		"Your mentor rated Criteria development 2 of 5. Your own score was 38 of 100.",
		"Done on 20 September 2026",
		"Halfway: three of six briefs written.",
	}
	for _, a := range d.Plan.Actions {
		if a.Title != "" {
			want = append(want, a.Title)
			continue
		}
		want = append(want, squash(c.Action(a.ID).Title.In("en")))
	}
	want = append(want, "Link each partner to a company objective", "the long-term view needs the most work", "Own action")
	// Page 1 is a summary on its own: the focus areas with their scores,
	// the next 90 days' actions and the review state.
	page1 := squash(tool(t, b, "pdftotext", "-f", "1", "-l", "1", "-layout", "-enc", "UTF-8"))
	for _, f := range d.Plan.Focus {
		name := c.SubArea(f.SubArea).Name.In("en")
		if !strings.Contains(page1, name+" (") || !strings.Contains(page1, fmt.Sprintf(": %d / 100", f.Self)) {
			t.Errorf("page 1 lacks the focus area %s with its score", name)
		}
	}
	for _, want := range []string{"Focus areas", "The next 90 days", "Approved", "Decided by Mo Mentor"} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	if strings.Contains(text, "…") {
		t.Error("the PDF cuts something with an ellipsis")
	}
	for _, r := range d.Plan.Resources {
		res := c.Resource(r.ID)
		// Long titles wrap; their first words are enough.
		words := strings.Fields(res.Title)
		want = append(want, strings.Join(words[:min(4, len(words))], " "))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if m := regexp.MustCompile(`plan\.[a-z_]+\.[a-z_.]+`).FindString(text); m != "" {
		t.Errorf("PDF shows the message id %q", m)
	}
}

func TestPDFStructure(t *testing.T) {
	d := fixture(t, "en")
	b := render(t, d)
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-64:], []byte("%%EOF")) {
		t.Fatal("not a complete PDF")
	}
	info := tool(t, b, "pdfinfo", "-isodates")
	pages := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	if pages == nil {
		t.Fatalf("pdfinfo: no page count in\n%s", info)
	}
	if n, _ := strconv.Atoi(pages[1]); n < 6 || n > 30 {
		t.Errorf("%d pages, want a document of 6 to 30", n)
	}
	fields := map[string]string{}
	for _, line := range strings.Split(info, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.TrimSpace(v)
		}
	}
	for k, want := range map[string]string{
		"Title":        "Development plan of Ana Müller-Łukasiewicz",
		"Author":       "Ana Müller-Łukasiewicz",
		"Creator":      "cpopath",
		"CreationDate": "2026-11-25T09:30:00Z",
		"Page size":    "595.28 x 841.89 pts (A4)",
	} {
		if fields[k] != want {
			t.Errorf("pdfinfo %s = %q, want %q", k, fields[k], want)
		}
	}
	for _, w := range []string{"/Lang (en)", "/Outlines", "/URI (https://"} {
		if !bytes.Contains(b, []byte(w)) {
			t.Errorf("PDF lacks %s", w)
		}
	}
	// The outline holds the sections and the skills.
	outline := bytes.Count(b, []byte("/Title ("))
	if outline < 5+5+3 {
		t.Errorf("outline has %d entries, want the sections, skills and milestones", outline)
	}
	text := squash(tool(t, b, "pdftotext", "-enc", "UTF-8"))
	if n, _ := strconv.Atoi(pages[1]); !strings.Contains(text, fmt.Sprintf("Page %d of %d", n, n)) {
		t.Errorf("no page numbers like %q", fmt.Sprintf("Page %d of %d", n, n))
	}
}

func TestPDFIsReproducible(t *testing.T) {
	d := fixture(t, "en")
	a, b := render(t, d), render(t, d)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same plan with a fixed date differ")
	}
	d.Created = created.Add(time.Hour)
	if c := render(t, d); bytes.Equal(a, c) {
		t.Error("a different date gave the same bytes")
	}
}

// Every language renders with its own labels and the data texts in it.
func TestPDFInEveryLanguage(t *testing.T) {
	dep := load(t)
	for _, lang := range dep.tr.Langs() {
		t.Run(lang, func(t *testing.T) {
			d := fixture(t, lang)
			b := render(t, d)
			if !bytes.Contains(b, []byte("/Lang ("+lang+")")) {
				t.Errorf("document language is not %s", lang)
			}
			text := squash(tool(t, b, "pdftotext", "-enc", "UTF-8"))
			title := squash(dep.c.Action(d.Plan.ActionsAt(0)[0].ID).Title.In(lang))
			if !strings.Contains(text, title) {
				t.Errorf("PDF lacks the first action's title in %s: %q", lang, title)
			}
			if want := squash(d.L.T("plan.pdf.title")); !strings.Contains(text, want) {
				t.Errorf("PDF lacks its title in %s: %q", lang, want)
			}
			if m := regexp.MustCompile(`plan\.[a-z_]+\.[a-z_.]+`).FindString(text); m != "" {
				t.Errorf("PDF shows the message id %q", m)
			}
		})
	}
}

// Renders run side by side without sharing font buffers (run with -race).
func TestPDFConcurrentRenders(t *testing.T) {
	r := pdf.New(load(t).c, load(t).as)
	d := fixture(t, "en")
	want, err := r.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := r.Render(d)
			if err == nil && !bytes.Equal(b, want) {
				err = fmt.Errorf("a concurrent render differs")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestPDFWithoutPathOrMentor(t *testing.T) {
	d := fixture(t, "en")
	in := plan.Input{Content: load(t).c, Skills: assess.Result{}, Target: plan.Target{Role: plan.TargetCPO, HorizonMonths: 6}, Start: created}
	for _, sk := range load(t).c.Skills {
		in.Skills.Sections = append(in.Skills.Sections, assess.SectionScore{ID: sk.ID, Score: 20})
	}
	d.Plan = plan.Build(in)
	d.State, d.Comments, d.Progress = "draft", nil, nil
	text := squash(tool(t, render(t, d), "pdftotext", "-enc", "UTF-8"))
	for _, w := range []string{"Chief Partnership Officer", "Not assessed yet", "No comments yet.", "Not yet sent to a mentor for review."} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF lacks %q", w)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := pdf.New(load(b).c, load(b).as)
	d := fixture(b, "en")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPDFIsShort: a typical roadmap is 6 to 10 pages in every language,
// and no page holds only a few lines.
func TestPDFIsShort(t *testing.T) {
	for _, lang := range []string{"en", "de", "es", "fr"} {
		t.Run(lang, func(t *testing.T) {
			b := render(t, fixture(t, lang))
			info := tool(t, b, "pdfinfo")
			n, _ := strconv.Atoi(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
			if n < 6 || n > 10 {
				t.Errorf("%d pages, want 6 to 10", n)
			}
			for i := 1; i <= n; i++ {
				text := tool(t, b, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), "-layout", "-enc", "UTF-8")
				lines := 0
				for _, l := range strings.Split(text, "\n") {
					if strings.TrimSpace(l) != "" {
						lines++
					}
				}
				if lines < 10 {
					t.Errorf("page %d holds only %d lines", i, lines)
				}
			}
		})
	}
}

// TestPDFOfAFirstRulesPlan: a version built by the first rules (no focus
// areas, no backlog, no origins) stays readable.
func TestPDFOfAFirstRulesPlan(t *testing.T) {
	d := fixture(t, "en")
	d.Plan.Rules, d.Plan.Focus, d.Plan.Edits = 1, nil, nil
	var kept []plan.Action
	for _, a := range d.Plan.Actions {
		if !a.Backlog && a.Title == "" {
			a.Origin = ""
			kept = append(kept, a)
		}
	}
	d.Plan.Actions = kept
	text := squash(tool(t, render(t, d), "pdftotext", "-layout", "-enc", "UTF-8"))
	for _, want := range []string{"Your first priorities", "The next 90 days", "Your actions"} {
		if !strings.Contains(text, want) {
			t.Errorf("a first-rules plan's PDF lacks %q", want)
		}
	}
}
