package usertext_test

import (
	"strings"
	"testing"
	"unicode"

	"cpopath/app/usertext"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, clean, line string
	}{
		{"plain", "Ana Müller", "Ana Müller", "Ana Müller"},
		{"bidi override", "invoice\u202Efdp.exe", "invoicefdp.exe", "invoicefdp.exe"},
		{"isolates and marks", "a\u2066b\u2069c\u200fd\u200ee\u061cf", "abcdef", "abcdef"},
		{"zero width", "pay\u200bpal\u2060x\ufeff", "paypalx", "paypalx"},
		{"zwj between ascii", "pay\u200dpal", "paypal", "paypal"},
		{"zwj in emoji kept", "👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧", "👩\u200d👩\u200d👧"},
		{"nul and esc", "a\x00b\x1b[31mc\x7f", "ab[31mc", "ab[31mc"},
		{"c1 control", "a\u0085b\u009bc", "abc", "abc"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"line breaks", " one\r\ntwo\rthree\u2028four ", "one\ntwo\nthree\nfour", "one two three four"},
		{"tabs and runs", "a\t\tb   c", "a  b   c", "a b c"},
		{"composed", "Zoe\u0308", "Zoë", "Zoë"},
		{"emoji and rtl kept", "👍🏽 שלום مرحبا", "👍🏽 שלום مرحبا", "👍🏽 שלום مرحبا"},
		{"nbsp kept in text", "«\u202fbonjour\u202f»", "«\u202fbonjour\u202f»", "« bonjour »"},
		{"only junk", "\u202e\x00\u200b", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := usertext.Clean(tt.in); got != tt.clean {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.clean)
			}
			if got := usertext.Line(tt.in); got != tt.line {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
			}
		})
	}
}

// FuzzClean holds the promises for any input: valid UTF-8, no control or
// format character but the kept ones, and cleaning twice changes nothing.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\u202eb", "\xff\x00", "👩\u200d👧", "e\u0301\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{usertext.Clean, usertext.Line} {
			out := fn(s)
			if fn(out) != out {
				t.Fatalf("not idempotent: %q → %q → %q", s, out, fn(out))
			}
			for _, r := range out {
				if r == '\n' || r == '\u200d' || r == '\u200c' {
					continue
				}
				if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("%q kept %U", s, r)
				}
			}
			if strings.ToValidUTF8(out, "") != out {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
		}
	})
}
