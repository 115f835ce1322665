package pdf_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/pdf"
	"cpopath/app/plan"
)

// Hostile is text a person can save that the Go fonts cannot all draw:
// emoji (outside the Basic Multilingual Plane, with a skin tone and a
// zero-width joiner), a combining accent, right-to-left scripts, a bidi
// override, control characters, CJK, invalid UTF-8 and a word of 1,000
// characters with no place to break.
func hostile(marker string) string {
	return marker + " 👍🏽 👩‍👩‍👧 Zoe\u0308 caf\u00e9\u0301 שלום مرحبا \u202eevil\u202c \x00\x1b 中文 \xff " +
		strings.Repeat("W", 1000) + " end" + marker
}

// TestPDFRendersAnyText is the guard for the kind "text a person saved
// breaks or overflows the PDF": every free-text field that reaches the
// document gets hostile text, and the document must render, show each
// field's marker, compose the accent, and keep every word on the page.
func TestPDFRendersAnyText(t *testing.T) {
	for _, lang := range []string{"en", "de", "es", "fr"} {
		t.Run(lang, func(t *testing.T) {
			d := fixture(t, lang)
			// Each field carries its own marker, so a field that silently
			// drops out of the document is noticed.
			d.Name = hostile("Fieldname")
			d.Plan.Basis.MentorName = hostile("Fieldbasismentor")
			for i, a := range d.Plan.Actions {
				p := d.Progress[a.ID]
				p.Note = hostile("Fieldnote" + strconv.Itoa(i))
				d.Progress[a.ID] = p
			}
			for i := range d.Comments {
				d.Comments[i].Author = hostile("Fieldauthor" + strconv.Itoa(i))
				d.Comments[i].Body = hostile("Fieldbody" + strconv.Itoa(i))
			}
			d.Rating = &pdf.Rating{Mentor: hostile("Fieldratingmentor"), At: d.Created, Overall: hostile("Fieldratingoverall"),
				Comments: map[string]string{}}
			for _, sk := range load(t).c.Skills {
				d.Rating.Comments[sk.ID] = hostile("Fieldrating" + sk.ID)
			}
			own := d.Plan.Actions[0]
			own.ID, own.Title, own.Outcome = "own-1", hostile("Fieldowntitle"), hostile("Fieldownoutcome")
			own.Origin, own.Milestone, own.Backlog = plan.OriginOwn, 0, false
			d.Plan.Actions = append([]plan.Action{own}, d.Plan.Actions...)
			b, err := pdf.New(load(t).c, load(t).as).Render(d)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			text := tool(t, b, "pdftotext", "-enc", "UTF-8")
			want := []string{"Fieldname", "Fieldbasismentor", "Fieldnote1", "endFieldnote1", "Fieldauthor0", "Fieldbody0", "endFieldbody0", "Fieldbody1",
				"Fieldratingoverall", "endFieldratingoverall", "Fieldratingvision", "Fieldowntitle", "Fieldownoutcome", "Zoë", "\uFFFD"}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			if strings.ContainsAny(text, "\u202e\x00\x1b") {
				t.Error("PDF text keeps a bidi override or a control character")
			}
			// The unbroken word wraps: all of its letters are there.
			if n := strings.Count(text, "W"); n < 1000 {
				t.Errorf("%d of the long word's letters printed, want at least 1000", n)
			}
			checkOnPage(t, tool(t, b, "pdftotext", "-bbox"))
		})
	}
}

var wordBox = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)"`)

// checkOnPage fails when a word runs past the right margin of an A4 page
// (595 pt wide, 18 mm = 51 pt margins).
func checkOnPage(t *testing.T, bbox string) {
	t.Helper()
	words := wordBox.FindAllStringSubmatch(bbox, -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	for _, m := range words {
		if x, _ := strconv.ParseFloat(m[2], 64); x > 595.3-51+1 {
			t.Errorf("a word ends at x = %.1f pt, past the right margin", x)
			return
		}
	}
}

// TestPDFDrawsHyphensAsHyphens: the hyphens word processors and phone
// keyboards type (U+2010, the non-breaking U+2011) are not in the fonts,
// and a soft hyphen would print mid-word; a double name prints as typed.
func TestPDFDrawsHyphensAsHyphens(t *testing.T) {
	d := fixture(t, "de")
	d.Name = "Anna\u2011Lena Müller\u2010Schmidt"
	for id, p := range d.Progress {
		p.Note = "Part\u00adner\u00adschaft mit Kunden\u2011Beirat"
		d.Progress[id] = p
	}
	b, err := pdf.New(load(t).c, load(t).as).Render(d)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	text := tool(t, b, "pdftotext", "-enc", "UTF-8")
	for _, want := range []string{"Anna-Lena Müller-Schmidt", "Partnerschaft mit Kunden-Beirat"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "\uFFFD\u00ad") {
		t.Error("PDF text has a replacement character or a soft hyphen")
	}
}
