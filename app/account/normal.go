package account

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"cpopath/app/usertext"
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

// Name returns a display name cleaned as every free-text line is
// (usertext.Line: trimmed, inner runs of space collapsed, control, bidi
// and zero-width characters removed), and the id of what is wrong with
// it, if anything.
func Name(s string) (string, string) {
	s = usertext.Line(s)
	switch {
	case s == "":
		return "", "account.error.name_required"
	case utf8.RuneCountInString(s) > NameMax:
		return s, "account.error.name_long"
	}
	return s, ""
}
