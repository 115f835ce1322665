package account

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Password rules.
const (
	PasswordMin = 10   // characters
	PasswordMax = 1000 // bytes: bounds the work a request can ask for
)

// PasswordProblem returns the id of the message saying what is wrong with
// pw for an account with email and name, or "" when it is acceptable.
func PasswordProblem(pw, email, name string) string {
	switch {
	case utf8.RuneCountInString(pw) < PasswordMin:
		return "account.error.password_short"
	case len(pw) > PasswordMax:
		return "account.error.password_long"
	case commonPassword(pw):
		return "account.error.password_common"
	case personalPassword(pw, email, name):
		return "account.error.password_personal"
	}
	return ""
}

// commonPassword reports whether pw is one of the passwords that guessing
// tools try first. Most of the published top lists are shorter than the
// minimum length; what survives it is a handful of keyboard walks and
// digit runs, and common words with digits or symbols around them
// ("Password2024!", "iloveyou123"). So the list below holds those words
// and walks, and pw is compared after stripping what surrounds the word.
// It is policy rather than curated content, small, and needs no loading or
// translation, so it lives here rather than under content/.
func commonPassword(pw string) bool {
	p := strings.ToLower(pw)
	if commonPasswords[p] {
		return true
	}
	first, _ := utf8.DecodeRuneInString(p)
	if strings.Trim(p, string(first)) == "" {
		return true // one character repeated
	}
	core := strings.TrimFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	if core == "" {
		return true // digits and symbols only, like 1234567890 or 12/04/1990
	}
	if commonPasswords[core] {
		return true
	}
	// A common word said twice: "passwordpassword", "qwertyqwerty".
	if n := len(core); n%2 == 0 && core[:n/2] == core[n/2:] && commonPasswords[core[:n/2]] {
		return true
	}
	return false
}

var commonPasswords = func() map[string]bool {
	list := []string{
		// Keyboard walks and runs, whole.
		"qwertyuiop", "qwertyuiop[]", "asdfghjkl;", "asdfghjkl", "zxcvbnm,./", "1q2w3e4r5t", "1q2w3e4r5t6y",
		"q1w2e3r4t5", "q1w2e3r4t5y6", "1qaz2wsx3edc", "zaq12wsxcde3", "zaq1zaq1zaq1", "1qazxsw23edc",
		"qazwsxedcrfv", "abcdefghij", "abcdefghijk", "abcdefghijkl", "qwertzuiop", "azertyuiop",
		"1234qwer", "12345qwert", "123456qwerty", "qwerty123456", "123qweasdzxc", "qweasdzxc123",
		"abc123abc123", "a1b2c3d4e5", "1a2b3c4d5e",
		// Words and walks that come with digits or symbols around them.
		"password", "passw0rd", "p@ssword", "p@ssw0rd", "pa$$word", "passwort", "contraseña", "motdepasse",
		"qwerty", "qwertz", "azerty", "asdf", "asdfgh", "zxcvbn", "zxcvbnm", "qazwsx", "qwe", "abc", "abcd",
		"abcde", "abcdef", "abcdefg", "abcdefgh", "iloveyou", "letmein", "welcome", "admin", "administrator",
		"root", "login", "access", "master", "secret", "changeme", "default", "guest", "user", "test", "testing",
		"monkey", "dragon", "shadow", "sunshine", "princess", "football", "baseball", "basketball", "soccer",
		"superman", "batman", "starwars", "pokemon", "trustno", "whatever", "freedom", "hello", "helloworld",
		"charlie", "michael", "jennifer", "jordan", "computer", "internet", "summer", "winter", "spring",
		"autumn", "january", "december", "mustang", "liverpool", "chelsea", "arsenal", "barcelona", "pass",
		"partner", "partners", "partnership", "partnerships", "cpopath", "chiefpartnershipofficer",
	}
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}()

// personalPassword reports whether pw is built from the account's own
// email or name, the first thing someone who knows the person tries.
func personalPassword(pw, email, name string) bool {
	p := strings.ToLower(pw)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if utf8.RuneCountInString(local) >= 4 && strings.Contains(p, local) {
		return true
	}
	squashed := strings.ToLower(strings.Join(strings.Fields(name), ""))
	if utf8.RuneCountInString(squashed) >= 4 && strings.Contains(p, squashed) {
		return true
	}
	return false
}
