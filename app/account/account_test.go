package account

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestProductionCost(t *testing.T) {
	if NewHasher(0).cost < 10 {
		t.Fatalf("production bcrypt cost = %d, want at least 10", NewHasher(0).cost)
	}
}

func TestPasswordHashing(t *testing.T) {
	long := strings.Repeat("a long passphrase that goes on ", 10) // > 72 bytes
	h, err := NewHasher(bcrypt.MinCost).Hash(long)
	if err != nil {
		t.Fatal(err)
	}
	if !Check(h, long) {
		t.Error("the password does not match its own hash")
	}
	// Past bcrypt's 72 bytes every byte still counts.
	if Check(h, long[:len(long)-1]+"!") {
		t.Error("a password differing after byte 72 matches")
	}
	if Check(h, "") || Check("not a hash", long) {
		t.Error("an empty password or a broken hash matches")
	}
}

func TestPasswordProblem(t *testing.T) {
	tests := []struct {
		pw, want string
	}{
		{"short1!", "account.error.password_short"},
		{"ninechars", "account.error.password_short"},
		{"ääääääääää", "account.error.password_common"}, // ten characters, one repeated
		{strings.Repeat("x", 1001) + "y", "account.error.password_long"},
		{"1234567890", "account.error.password_common"},
		{"qwertyuiop", "account.error.password_common"},
		{"Password2024!", "account.error.password_common"},
		{"!!iloveyou123", "account.error.password_common"},
		{"passwordpassword", "account.error.password_common"},
		{"12/04/1990!!", "account.error.password_common"},
		{"Sunshine1234", "account.error.password_common"},
		{"ada.lovelace99", "account.error.password_personal"},
		{"myAdaLovelace!", "account.error.password_personal"},
		{"correct horse battery", ""},
		{"Partnering-in-Lisbon", ""},
	}
	for _, tt := range tests {
		if got := PasswordProblem(tt.pw, "ada.lovelace@example.org", "Ada Lovelace"); got != tt.want {
			t.Errorf("PasswordProblem(%q) = %q, want %q", tt.pw, got, tt.want)
		}
	}
}

func TestNormalEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ada@example.org", "ada@example.org"},
		{"  Ada.Lovelace+cpo@Example.ORG ", "ada.lovelace+cpo@example.org"},
		{"ada", ""},
		{"ada@", ""},
		{"@example.org", ""},
		{"ada@example", ""},
		{"ada@@example.org", ""},
		{"ada@exa mple.org", ""},
		{"Ada <ada@example.org>", ""},
		{"ada@example..org", ""},
		{"ada@.example.org", ""},
		{"a,b@example.org", ""},
		{strings.Repeat("a", 250) + "@example.org", ""},
	}
	for _, tt := range tests {
		if got := Email(tt.in); got != tt.want {
			t.Errorf("Email(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalName(t *testing.T) {
	tests := []struct{ in, want, problem string }{
		{"  Ada   Lovelace ", "Ada Lovelace", ""},
		{"", "", "account.error.name_required"},
		{"   ", "", "account.error.name_required"},
		{strings.Repeat("é", 101), strings.Repeat("é", 101), "account.error.name_long"},
		{"Ada\x00", "Ada\x00", "account.error.name_invalid"},
	}
	for _, tt := range tests {
		got, problem := Name(tt.in)
		if got != tt.want || problem != tt.problem {
			t.Errorf("Name(%q) = %q, %q; want %q, %q", tt.in, got, problem, tt.want, tt.problem)
		}
	}
}
