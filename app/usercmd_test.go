package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cpopath/app/account"
	"cpopath/app/store"
)

// The operator commands work on a database another process has open (as
// the server would), print what they did, and fail clearly on a bad email.
func TestUserCommands(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cpopath.db")
	st, err := store.Open(ctx, db) // held open like a running server's
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ada, err := st.CreateUser(ctx, "ada@example.org", "Ada Lovelace", "hash")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(ctx, "bob@example.org", "Bob Builder", "hash"); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, []byte("session-of-ada"), ada.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.SetTOTPSecret(ctx, ada.ID, "JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	if err := st.EnableTOTP(ctx, ada.ID, 1, [][]byte{[]byte("a recovery code hash")}); err != nil {
		t.Fatal(err)
	}
	cfg := config{db: db, baseURL: "https://cpopath.example.org"}
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := userCommand(ctx, cfg, args, &out)
		return out.String(), err
	}

	out, err := run("list")
	if err != nil || !strings.Contains(out, "ada@example.org") || !strings.Contains(out, "bob@example.org") || !strings.Contains(out, "2 accounts") {
		t.Errorf("list = %q, %v", out, err)
	}
	out, err = run("show", "ADA@example.org")
	if err != nil || !strings.Contains(out, "Ada Lovelace") || !strings.Contains(out, "sessions:  1") || !strings.Contains(out, "2fa:       on") {
		t.Errorf("show = %q, %v", out, err)
	}

	out, err = run("reset-link", "ada@example.org")
	m := regexp.MustCompile(`https://cpopath\.example\.org/password/reset/([A-Za-z0-9_-]{43})`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("reset-link = %q, %v", out, err)
	}
	if _, err := st.UserTokenFor(ctx, account.HashToken(m[1]), store.TokenReset); err != nil {
		t.Errorf("the printed link is not a valid reset token: %v", err)
	}

	out, err = run("reset-2fa", "ada@example.org")
	if err != nil || !strings.Contains(out, "removed") {
		t.Errorf("reset-2fa = %q, %v", out, err)
	}
	if u, _ := st.User(ctx, ada.ID); u.TOTPEnabled || u.TOTPSecret != "" {
		t.Error("the second factor is still on")
	}
	if n, _ := st.RecoveryCodesLeft(ctx, ada.ID); n != 0 {
		t.Error("recovery codes left after reset-2fa")
	}
	if out, _ := run("reset-2fa", "ada@example.org"); !strings.Contains(out, "nothing changed") {
		t.Errorf("second reset-2fa = %q", out)
	}

	if out, err := run("disable", "ada@example.org"); err != nil || !strings.Contains(out, "disabled") {
		t.Errorf("disable = %q, %v", out, err)
	}
	if _, _, err := st.SessionUser(ctx, []byte("session-of-ada")); err == nil {
		t.Error("a disabled account keeps its session")
	}
	if _, err := run("reset-link", "ada@example.org"); err == nil {
		t.Error("a reset link for a disabled account")
	}
	if out, err := run("enable", "ada@example.org"); err != nil || !strings.Contains(out, "enabled") {
		t.Errorf("enable = %q, %v", out, err)
	}

	for _, args := range [][]string{{"show", "nobody@example.org"}, {"disable", "not-an-email"}, {}, {"frobnicate", "ada@example.org"}, {"show"}, {"list", "extra"}} {
		if _, err := run(args...); err == nil {
			t.Errorf("user %v succeeded", args)
		}
	}
	if _, err := run("show", "nobody@example.org"); err == nil || !strings.Contains(err.Error(), "no account has the email") {
		t.Errorf("unclear message for an unknown email: %v", err)
	}
	cfg.db = filepath.Join(t.TempDir(), "missing.db")
	if _, err := run("list"); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("a missing database: %v", err)
	}
}
