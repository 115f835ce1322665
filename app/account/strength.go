package account

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// minScore is on zxcvbn's 0..4 scale: 3 means about 10^8 guesses, which
// with bcrypt and the sign-in throttle is out of reach online and costly
// offline.
const minScore = 3

// Weakness says why a password is refused; "" means it is accepted.
type Weakness string

// The reasons, each with a message that says how to choose better.
const (
	WeakShort    Weakness = "short"
	WeakLong     Weakness = "long"
	WeakPersonal Weakness = "personal" // built from the person's name or email
	WeakCommon   Weakness = "common"   // a common password, word or pattern
)

// Strength judges pw for a person with the given name and email. It asks
// a maintained estimator (zxcvbn: common-password, name and word lists,
// keyboard walks, dates, repeats, l33t) and also treats the name and the
// email, in whole and in parts, as guessable.
func Strength(pw, email, name string) Weakness {
	switch {
	case utf8.RuneCountInString(pw) < PasswordMin:
		return WeakShort
	case len(pw) > PasswordMax:
		return WeakLong
	}
	if distinctRunes(pw) < 4 {
		return WeakCommon // "ääääääääää", "abababababab": the estimator misses some
	}
	inputs := personalInputs(email, name)
	if containsPersonal(pw, inputs) {
		return WeakPersonal
	}
	r := zxcvbn.PasswordStrength(pw, inputs)
	if r.Score >= minScore {
		return ""
	}
	for _, m := range r.Sequence {
		if m.DictionaryName == "user_inputs" {
			return WeakPersonal
		}
	}
	return WeakCommon
}

// personalInputs are the strings someone who knows the person tries: the
// email, its local part and its words, the name squashed and its words,
// and the product's own name.
func personalInputs(email, name string) []string {
	var in []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if utf8.RuneCountInString(s) >= 3 {
			in = append(in, s)
		}
	}
	email = strings.ToLower(email)
	local, domain, _ := strings.Cut(email, "@")
	add(email)
	add(local)
	for _, w := range strings.FieldsFunc(local, notLetterOrDigit) {
		add(w)
	}
	if d, _, ok := strings.Cut(domain, "."); ok {
		add(d)
	}
	add(strings.Join(strings.Fields(name), ""))
	for _, w := range strings.FieldsFunc(name, notLetterOrDigit) {
		add(w)
	}
	add("cpopath")
	return in
}

func notLetterOrDigit(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// containsPersonal catches a whole name or email part inside a longer
// password, which zxcvbn scores only as one match among others.
func containsPersonal(pw string, inputs []string) bool {
	p := strings.ToLower(pw)
	squashed := strings.Map(func(r rune) rune {
		if notLetterOrDigit(r) {
			return -1
		}
		return r
	}, p)
	for _, in := range inputs {
		if utf8.RuneCountInString(in) >= 4 && (strings.Contains(p, in) || strings.Contains(squashed, in)) && in != "cpopath" {
			// A name word alone inside a long passphrase is fine: only
			// refuse when it makes up much of the password.
			if utf8.RuneCountInString(in)*2 >= utf8.RuneCountInString(squashed) {
				return true
			}
		}
	}
	return false
}

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range strings.ToLower(s) {
		seen[r] = true
	}
	return len(seen)
}
