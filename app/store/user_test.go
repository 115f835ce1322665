package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cpopath/app/store"
)

// addUser registers a user named name with a placeholder password hash.
func addUser(t *testing.T, st *store.Store, name string) *store.User {
	t.Helper()
	u, err := st.CreateUser(context.Background(), strings.ToLower(name)+"@example.org", name, "hash-of-"+name)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func TestUsers(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	ada := addUser(t, st, "Ada")
	if ada.ID == 0 || ada.Email != "ada@example.org" || ada.Name != "Ada" || ada.PasswordHash != "hash-of-Ada" || ada.CreatedAt.IsZero() {
		t.Fatalf("created user = %+v", ada)
	}
	if ada.HorizonMonths != 12 || ada.Locale != "" {
		t.Errorf("defaults: horizon %d locale %q", ada.HorizonMonths, ada.Locale)
	}
	if _, err := st.CreateUser(ctx, "ADA@Example.org", "Other", "x"); !errors.Is(err, store.ErrEmailTaken) {
		t.Errorf("duplicate email in other case = %v, want ErrEmailTaken", err)
	}
	got, err := st.UserByEmail(ctx, "Ada@EXAMPLE.org")
	if err != nil || got.ID != ada.ID {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}
	if _, err := st.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown email = %v, want ErrNotFound", err)
	}
	if err := st.SetUserLocale(ctx, ada.ID, "de"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.User(ctx, ada.ID); got.Locale != "de" {
		t.Errorf("locale = %q, want de", got.Locale)
	}
	if err := st.SetUserLocale(ctx, 999, "de"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("locale of unknown user = %v", err)
	}
	if err := st.DeleteUser(ctx, ada.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.User(ctx, ada.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted user = %v, want ErrNotFound", err)
	}
	if err := st.DeleteUser(ctx, ada.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete = %v, want ErrNotFound", err)
	}
}

func TestSessions(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return now })
	ada := addUser(t, st, "Ada")
	tok := []byte("0123456789abcdef0123456789abcdef")
	if err := st.CreateSession(ctx, tok, ada.ID, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	u, exp, err := st.SessionUser(ctx, tok)
	if err != nil || u.ID != ada.ID || !exp.Equal(now.Add(30*24*time.Hour)) {
		t.Fatalf("SessionUser = %v %v %v", u, exp, err)
	}
	if _, _, err := st.SessionUser(ctx, []byte("unknown")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token = %v", err)
	}
	// Extending moves the expiry; past it the session is gone.
	now = now.Add(20 * 24 * time.Hour)
	if err := st.ExtendSession(ctx, tok, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	now = now.Add(29 * 24 * time.Hour)
	if _, _, err := st.SessionUser(ctx, tok); err != nil {
		t.Errorf("extended session expired early: %v", err)
	}
	now = now.Add(2 * 24 * time.Hour)
	if _, _, err := st.SessionUser(ctx, tok); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session = %v, want ErrNotFound", err)
	}
	if n, err := st.DeleteExpiredSessions(ctx); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	// Deleting is idempotent, and deleting a user ends their sessions.
	if err := st.CreateSession(ctx, tok, ada.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteSession(ctx, tok); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if _, _, err := st.SessionUser(ctx, tok); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session = %v", err)
	}
}
