package account

import (
	"strings"
	"testing"
	"time"
)

// weak are well-known passwords of ten characters or more, from the
// kinds guessing tools try first: digit runs with a letter, keyboard
// walks, words with digits, repeats, dates. Each must be refused.
var weak = []string{
	"a123456789", "Aa123456789", "qwer1234qwer", "hunter1234", "1234567890", "0987654321",
	"1111111111", "123123123123", "qwertyuiop", "asdfghjkl1", "1q2w3e4r5t", "1qaz2wsx3edc",
	"zaq12wsxcde3", "q1w2e3r4t5", "qwerty12345", "Qwerty123456", "1234qwerasdf", "abcd123456",
	"abc1234567", "123456789a", "password123", "Password123!", "Password2024!", "passw0rd123",
	"iloveyou123", "welcome123", "football123", "baseball12", "princess12", "sunshine123",
	"superman123", "trustno1234", "letmein1234", "dragon12345", "monkey12345", "michael1234",
	"charlie123", "abcdefghij", "administrator", "Password1!", "starwars1234", "pokemon1234",
	"liverpool123", "iloveyou1234", "12/04/1990!!", "passwordpassword", "qwertyqwerty", "Summer2024!",
	"Welcome2024", "aaaaaaaaaa", "ääääääääää", "!!iloveyou123",
}

func TestStrengthRefusesCommonPasswords(t *testing.T) {
	for _, pw := range weak {
		if got := Strength(pw, "someone@example.org", "Some One"); got != WeakCommon && got != WeakPersonal {
			t.Errorf("Strength(%q) = %q, want refused as common", pw, got)
		}
	}
}

func TestStrength(t *testing.T) {
	tests := []struct {
		pw   string
		want Weakness
	}{
		{"short1!", WeakShort},
		{"ninechars", WeakShort},
		{strings.Repeat("x", 1001) + "y", WeakLong},
		{"ada.lovelace99", WeakPersonal},
		{"myAdaLovelace!", WeakPersonal},
		{"lovelace1815", WeakPersonal},
		{"Lovelace2024!", WeakPersonal},
		{"correct horse battery", ""},
		{"Partnering-in-Lisbon", ""},
		{"violet kettle mondays", ""},
	}
	for _, tt := range tests {
		if got := Strength(tt.pw, "ada.lovelace@example.org", "Ada Lovelace"); got != tt.want {
			t.Errorf("Strength(%q) = %q, want %q", tt.pw, got, tt.want)
		}
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || !ValidToken(a) || ValidToken(a[1:]) || ValidToken(strings.Repeat("!", 43)) {
		t.Fatalf("tokens %q %q", a, b)
	}
	if string(HashToken(a)) == string(HashToken(b)) || len(HashToken(a)) != 32 {
		t.Error("hashes collide or have the wrong size")
	}
}

func TestTOTP(t *testing.T) {
	secret, url, err := NewTOTP("cpopath", "ada@example.org")
	if err != nil || !strings.HasPrefix(url, "otpauth://totp/") || len(secret) < 16 {
		t.Fatalf("NewTOTP = %q %q %v", secret, url, err)
	}
	now := time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC)
	code, _ := TOTPCode(secret, now)
	step, ok := CheckTOTP(secret, code, now, 0)
	if !ok || step != now.Unix()/30 {
		t.Fatalf("the current code is refused: %v %v", step, ok)
	}
	if _, ok := CheckTOTP(secret, code, now, step); ok {
		t.Error("a code is accepted twice")
	}
	if _, ok := CheckTOTP(secret, code, now.Add(31*time.Second), 0); !ok {
		t.Error("the previous step's code is refused (clock drift)")
	}
	if _, ok := CheckTOTP(secret, code, now.Add(2*time.Minute), 0); ok {
		t.Error("a two-minute-old code is accepted")
	}
	for _, bad := range []string{"", "12345", "abcdef", "1234567"} {
		if _, ok := CheckTOTP(secret, bad, now, 0); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	png, err := QRCodePNG(url)
	if err != nil || len(png) < 100 || string(png[1:4]) != "PNG" {
		t.Errorf("QR code: %d bytes, %v", len(png), err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes(RecoveryCodes)
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] || !LooksLikeRecoveryCode(c) {
			t.Errorf("code %q", c)
		}
		seen[c] = true
	}
	h, err := HashRecoveryCode(codes[0], 4)
	if err != nil || !strings.HasPrefix(string(h), "$2a$") {
		t.Fatalf("hash %q, %v", h, err)
	}
	if !CheckRecoveryCode(h, " "+strings.ToUpper(strings.ReplaceAll(codes[0], "-", ""))+" ") {
		t.Error("a code typed without the dash, in capitals, does not match")
	}
	if CheckRecoveryCode(h, codes[1]) {
		t.Error("another code matches")
	}
	if LooksLikeRecoveryCode("123 456") {
		t.Error("a TOTP code taken for a recovery code")
	}
}
