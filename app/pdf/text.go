package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Every string drawn, measured or wrapped passes through the writer's
// methods below, which shadow fpdf's: fpdf indexes a 65,536-entry width
// table by rune and panics on a character outside the Basic Multilingual
// Plane, and draws nothing readable for one the font lacks. So whatever a
// person saved (emoji, combining marks, scripts the Go fonts do not cover)
// is drawn as the font can draw it, with a visible replacement for the rest.

// replacement stands for a character the fonts cannot draw.
const replacement = '\uFFFD'

// softHyphen marks where a word may break; fpdf does not break there and
// would draw it as a visible hyphen in the middle of the word.
const softHyphen = '\u00ad'

// coverage records which runes of the Basic Multilingual Plane the Go fonts
// have a glyph for, one bit each (8 KB). The three styles cover the same
// characters, so the regular one stands for all.
type coverage [0x10000 / 64]uint64

func newCoverage(ttf []byte) *coverage {
	var cv coverage
	f, err := sfnt.Parse(ttf)
	if err != nil {
		// Unreachable with the embedded fonts; ASCII alone is then safe.
		for r := 0x20; r < 0x7f; r++ {
			cv[r/64] |= 1 << (r % 64)
		}
		return &cv
	}
	var buf sfnt.Buffer
	for r := 0; r < 0x10000; r++ {
		if g, err := f.GlyphIndex(&buf, rune(r)); err == nil && g != 0 {
			cv[r/64] |= 1 << (r % 64)
		}
	}
	return &cv
}

func (cv *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && cv[r/64]&(1<<(r%64)) != 0
}

// drawable reports whether s can be drawn as it is: composed (NFC), and
// every character in the fonts or a line break.
func (cv *coverage) drawable(s string) bool {
	for _, r := range s {
		if (r != '\n' && !cv.has(r)) || r == softHyphen {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// safe returns s as the fonts can draw it. Combining marks are composed
// with their letter where a precomposed character exists (e + ◌́ → é);
// a space the fonts lack becomes one they have; a mark, control or format
// character they lack (zero-width, direction marks) is left out, as it has
// no width of its own; any other missing character, emoji included, is
// drawn as U+FFFD, so the reader sees that something stood there.
func (cv *coverage) safe(s string) string {
	if cv.drawable(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, string(replacement))
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == softHyphen:
		case r == '\n' || cv.has(r):
			b.WriteRune(r)
		case r == '\u2010' || r == '\u2011':
			// Hyphen and non-breaking hyphen (word processors and phone
			// keyboards type them in double names): the fonts lack both.
			b.WriteByte('-')
		case r == '\u2012':
			b.WriteRune('\u2013') // a figure dash, drawn as the en dash
		case unicode.Is(unicode.Zs, r):
			if r == '\u202f' || r == '\u2007' {
				b.WriteRune('\u00a0') // keeps French « » and : from breaking
			} else {
				b.WriteByte(' ')
			}
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cc, unicode.Cf):
		default:
			b.WriteRune(replacement)
		}
	}
	return b.String()
}

func (w *writer) safe(s string) string { return w.r.cover.safe(s) }

// CellFormat draws s in a cell; a single line too wide for a cell of fixed
// width is shortened with an ellipsis instead of running past it.
func (w *writer) CellFormat(wd, h float64, s, border string, ln int, align string, fill bool, link int, linkStr string) {
	s = w.safe(s)
	if wd > 0 && !strings.Contains(s, "\n") && w.Fpdf.GetStringWidth(s) > wd {
		s = w.fit(s, wd)
	}
	w.Fpdf.CellFormat(wd, h, s, border, ln, align, fill, link, linkStr)
}

// fit shortens s with an ellipsis to at most wd mm in the current font.
func (w *writer) fit(s string, wd float64) string {
	rs := []rune(s)
	lo, hi := 0, len(rs) // the longest prefix that fits lies in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if w.Fpdf.GetStringWidth(string(rs[:mid])+"…") <= wd {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRightFunc(string(rs[:lo]), unicode.IsSpace) + "…"
}

// Cell draws s in a cell (see CellFormat).
func (w *writer) Cell(wd, h float64, s string) {
	w.CellFormat(wd, h, s, "", 0, "L", false, 0, "")
}

// Write flows s from the current position, wrapping at the right margin;
// fpdf breaks a word longer than a line inside it. fpdf converts the
// whole string to runes again for every character it reads, so s goes in
// word by word: a 1,000-character note cost megabytes and milliseconds.
func (w *writer) Write(h float64, s string) {
	s = w.safe(s)
	for len(s) > 0 {
		n := writeChunk(s)
		w.Fpdf.Write(h, s[:n])
		s = s[n:]
	}
}

// writeChunk is the length of the first piece of s to hand to fpdf's
// Write: a word with the space after it, a line break, or 64 bytes of a
// longer word (cut between characters).
func writeChunk(s string) int {
	const most = 64
	for i, r := range s {
		switch {
		case r == '\n':
			return i + 1
		case r == ' ':
			return i + 1
		case i >= most:
			return i
		}
	}
	return len(s)
}

// WriteLinkString flows s as a link (see Write).
func (w *writer) WriteLinkString(h float64, s, url string) {
	w.Fpdf.WriteLinkString(h, w.safe(s), url)
}

// Text draws s with its baseline starting at (x, y).
func (w *writer) Text(x, y float64, s string) { w.Fpdf.Text(x, y, w.safe(s)) }

// SplitText wraps s to lines of at most wd mm, breaking inside a word that
// is longer than a line.
func (w *writer) SplitText(s string, wd float64) []string {
	return w.Fpdf.SplitText(w.safe(s), wd)
}

// GetStringWidth measures s as it will be drawn.
func (w *writer) GetStringWidth(s string) float64 {
	return w.Fpdf.GetStringWidth(w.safe(s))
}

// Bookmark adds an outline entry titled s.
func (w *writer) Bookmark(s string, level int, y float64) {
	w.Fpdf.Bookmark(w.safe(s), level, y)
}
