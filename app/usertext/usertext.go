// Package usertext cleans free text people type (names, notes, comments,
// labels) before it is stored, the same way for every field: invalid UTF-8
// becomes U+FFFD, the text is composed (NFC), and characters that are
// invisible or steer how the rest is shown are removed: control characters
// (NUL, ESC…), bidi overrides, embeddings and isolates (U+202A–202E,
// U+2066–2069), direction marks and zero-width characters. A zero-width
// joiner or non-joiner stays only between two characters outside ASCII,
// where emoji sequences and some scripts need it; between Latin letters it
// only hides one word inside another.
//
// It is pure: no I/O, no state.
package usertext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	zwnj = '\u200c'
	zwj  = '\u200d'
)

// Clean returns s cleaned as multi-line text (notes, comments): line
// breaks are kept as "\n" (from "\r\n", "\r", U+2028 and U+2029), tabs
// become spaces, and leading and trailing white space is trimmed.
func Clean(s string) string { return clean(s, true) }

// Line returns s cleaned as one line (names, labels): line breaks and tabs
// become spaces, runs of white space one space, and the ends are trimmed.
func Line(s string) string { return clean(s, false) }

func clean(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	// First what is removed or mapped whatever its neighbours; then the
	// joiners, judged by the neighbours that remain; composing comes last,
	// as a removed character may have stood between a letter and its mark.
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\v' || r == '\f':
			if multiline {
				r = '\n'
			} else {
				r = ' '
			}
		case r == '\t' || (!multiline && unicode.Is(unicode.Zs, r)):
			r = ' '
		case r == zwj || r == zwnj:
		case unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\uFFFE' || r == '\uFFFF':
			continue
		}
		rs = append(rs, r)
	}
	var b strings.Builder
	b.Grow(len(s))
	var last rune // the last rune written
	for i, r := range rs {
		if r == zwj || r == zwnj {
			if !joins(last) || i+1 == len(rs) || !joins(rs[i+1]) {
				continue
			}
		}
		if !multiline && r == ' ' && last == ' ' {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return strings.TrimSpace(norm.NFC.String(b.String()))
}

// joins reports whether a joiner may stand beside r: outside ASCII, not a
// space and not another joiner.
func joins(r rune) bool {
	return r >= utf8.RuneSelf && r != zwj && r != zwnj && !unicode.IsSpace(r)
}
