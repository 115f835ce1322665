package web

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cpopath/app/account"
	"cpopath/app/i18n"
)

func TestDummyHash(t *testing.T) {
	t.Parallel()
	if h := dummyHash(account.NewHasher(bcrypt.MinCost))(); !strings.HasPrefix(h, "$2a$") {
		t.Errorf("dummy hash = %q", h)
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/invite/abc", "/invite/abc"},
		{"/me?x=1", "/me?x=1"},
		{"", ""},
		{"https://evil.example/", ""},
		{"//evil.example/", ""},
		{"/\\evil.example", ""},
		{"javascript:alert(1)", ""},
		{"/me\r\nSet-Cookie: x=1", ""},
		{"me", ""},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRateLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newRateLimiter(3, 15*time.Minute, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := l.allow("k"); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	ok, wait := l.allow("k")
	if ok || wait != 15*time.Minute {
		t.Fatalf("fourth attempt = %v, wait %v; want refused for 15m", ok, wait)
	}
	if ok, _ := l.allow("other"); !ok {
		t.Error("another key is limited too")
	}
	l.undo("k")
	if ok, _ := l.allow("k"); !ok {
		t.Error("an attempt given back is still counted")
	}
	now = now.Add(10 * time.Minute)
	if ok, wait := l.allow("k"); ok || wait != 5*time.Minute {
		t.Errorf("after 10 minutes = %v, %v; want refused for 5m", ok, wait)
	}
	now = now.Add(5 * time.Minute)
	if ok, _ := l.allow("k"); !ok {
		t.Error("the window ended but the key is still limited")
	}
	l.reset("k")
	for i := range 3 {
		if ok, _ := l.allow("k"); !ok {
			t.Fatalf("after reset, attempt %d refused", i+1)
		}
	}
}

func TestRateLimiterIsBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newRateLimiter(1, time.Minute, func() time.Time { return now })
	for i := range rateLimiterKeys {
		l.allow("k" + itoa(i))
	}
	now = now.Add(time.Minute)
	l.allow("fresh")
	if len(l.hits) != 1 {
		t.Errorf("%d keys kept after their windows ended, want 1", len(l.hits))
	}
}

func TestMentorScoreAndGaps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		points []int
		want   int
		ok     bool
	}{
		{[]int{1, 1}, 0, true},
		{[]int{5}, 100, true},
		{[]int{3}, 50, true},
		{[]int{2, 3, 4}, 50, true},
		{[]int{4, 5}, 88, true}, // (0.75 + 1) / 2 = 87.5, rounded
		{nil, 0, false},
	}
	for _, tt := range tests {
		got, ok := mentorScore(tt.points, 1, 5)
		if got != tt.want || ok != tt.ok {
			t.Errorf("mentorScore(%v) = %d, %v; want %d, %v", tt.points, got, ok, tt.want, tt.ok)
		}
	}
	gaps := []struct {
		self, mentor int
		want         string
	}{
		{80, 65, gapBlindSpot}, {80, 66, ""}, {50, 65, gapHiddenStrength}, {51, 65, ""}, {60, 60, ""},
	}
	for _, g := range gaps {
		if got := gapKind(g.self, g.mentor); got != g.want {
			t.Errorf("gapKind(%d, %d) = %q, want %q", g.self, g.mentor, got, g.want)
		}
	}
}

// Links that carry a token never reach the access log whole.
func TestLogPathHidesTokens(t *testing.T) {
	tok := randomToken()
	for _, p := range []string{"/invite/" + tok, "/invite/" + tok + "/accept", "/password/reset/" + tok, "/email/confirm/" + tok} {
		if got := logPath(p); strings.Contains(got, tok) {
			t.Errorf("logPath(%q) = %q", p, got)
		}
	}
	if got := logPath("/me/security"); got != "/me/security" {
		t.Errorf("logPath changed an ordinary path: %q", got)
	}
}

// Every security event has its line under "Recent activity" in every
// language.
func TestActivityEventsAreTranslated(t *testing.T) {
	b, err := i18n.Load(os.DirFS("../.."), "content/locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range b.Langs() {
		l := b.Localizer(lang)
		for _, ev := range activityEvents {
			if id := "activity." + ev; l.T(id) == id {
				t.Errorf("%s: no message for %s", lang, id)
			}
		}
	}
}
