package web

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cpopath/app/i18n"
)

// productionBcryptCost is read before init lowers the cost: package
// variables are initialised before any init function runs.
var productionBcryptCost = bcryptCost

// The race detector makes bcrypt ten times slower; the tests hash at the
// lowest cost. Production keeps bcrypt.DefaultCost (TestProductionCost).
func init() { bcryptCost = bcrypt.MinCost }

func TestProductionCost(t *testing.T) {
	if productionBcryptCost < 10 {
		t.Fatalf("production bcrypt cost = %d, want at least 10", productionBcryptCost)
	}
}

func TestPasswordHashing(t *testing.T) {
	long := strings.Repeat("a long passphrase that goes on ", 10) // > 72 bytes
	h, err := hashPassword(long)
	if err != nil {
		t.Fatal(err)
	}
	if !checkPassword(h, long) {
		t.Error("the password does not match its own hash")
	}
	// Past bcrypt's 72 bytes every byte still counts.
	if checkPassword(h, long[:len(long)-1]+"!") {
		t.Error("a password differing after byte 72 matches")
	}
	if checkPassword(h, "") || checkPassword("not a hash", long) {
		t.Error("an empty password or a broken hash matches")
	}
	if !strings.HasPrefix(dummyHash(), "$2a$") {
		t.Errorf("dummy hash = %q", dummyHash())
	}
}

// passwordProblem maps each of account.Strength's verdicts to its message
// (the verdicts themselves are tested in app/account).
func TestPasswordProblem(t *testing.T) {
	want := map[string]string{
		"short1!":                       "account.error.password_short",
		strings.Repeat("x", 1001) + "y": "account.error.password_long",
		"a123456789":                    "account.error.password_common",
		"ada.lovelace99":                "account.error.password_personal",
		"Partnering-in-Lisbon":          "",
	}
	for pw, msg := range want {
		if got := passwordProblem(pw, "ada.lovelace@example.org", "Ada Lovelace"); got != msg {
			t.Errorf("passwordProblem(%q) = %q, want %q", pw, got, msg)
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
		if got := normalEmail(tt.in); got != tt.want {
			t.Errorf("normalEmail(%q) = %q, want %q", tt.in, got, tt.want)
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
		got, problem := normalName(tt.in)
		if got != tt.want || problem != tt.problem {
			t.Errorf("normalName(%q) = %q, %q; want %q, %q", tt.in, got, problem, tt.want, tt.problem)
		}
	}
}

func TestSafeNext(t *testing.T) {
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

func TestTrendChart(t *testing.T) {
	c := newTrendChart("t", "title", "desc", []int{0, 50, 100}, []string{"a", "b", "c"})
	if len(c.Points) != 3 || c.Points[0].Y != "150.0" || c.Points[2].Y != "16.0" || c.Points[1].X != "171.0" {
		t.Errorf("points = %+v", c.Points)
	}
	if len(c.Dates) != 2 || c.Dates[0].Label != "a" || c.Dates[1].Label != "c" {
		t.Errorf("dates = %+v", c.Dates)
	}
	one := newTrendChart("t", "", "", []int{40}, []string{"a"})
	if len(one.Points) != 1 || one.Points[0].X != "171.0" || len(one.Dates) != 1 {
		t.Errorf("one point = %+v %+v", one.Points, one.Dates)
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
