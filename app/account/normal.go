package account

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of what an account holds.
const (
	NameMax  = 100 // characters
	EmailMax = 254 // bytes, as SMTP allows
)

// Email checks an email address as typed and returns it trimmed and
// lower-cased, or "" when it is not a plain address like name@example.org.
func Email(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > EmailMax || strings.ContainsAny(s, " <>\"(),;:\\[]") {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return ""
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return ""
	}
	return s
}

// Name returns a display name trimmed, with inner runs of space
// collapsed, and the id of what is wrong with it, if anything.
func Name(s string) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", "account.error.name_required"
	case utf8.RuneCountInString(s) > NameMax:
		return s, "account.error.name_long"
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0:
		return s, "account.error.name_invalid"
	}
	return s, ""
}
