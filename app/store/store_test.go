package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"cpopath/app/store"
)

func openStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", "dir", "cpopath.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func TestMigrateFromEmpty(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	ctx := context.Background()
	names, err := store.Migrations()
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations: %v %v", names, err)
	}
	v, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The version is the last migration's number; numbers may have gaps.
	last := filepath.Base(names[len(names)-1])
	if want, _ := strconv.Atoi(strings.SplitN(last, "_", 2)[0]); v != want {
		t.Errorf("user_version = %d, want %d (%s)", v, want, last)
	}
	// Opening again applies nothing twice.
	st2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer st2.Close()
	if v2, _ := st2.Version(ctx); v2 != v {
		t.Errorf("version after reopen = %d, want %d", v2, v)
	}
}

func TestAttemptLifecycle(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	guest := store.Owner{GuestKeyHash: []byte("guest-key-hash-0123456789abcdef")}
	other := store.Owner{GuestKeyHash: []byte("another-browser-hash-0123456789")}

	if _, err := st.OpenAttempt(ctx, guest, "cpo-skills"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("OpenAttempt before any = %v, want ErrNotFound", err)
	}
	a, err := st.CreateAttempt(ctx, guest, "cpo-skills")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.PublicID) < 20 || a.Completed() {
		t.Fatalf("new attempt = %+v", a)
	}
	if !guest.Owns(a) || other.Owns(a) {
		t.Error("ownership: the creating guest must own it and another must not")
	}
	// Upsert: the second save of an item replaces the first.
	for _, v := range []string{"2", "4"} {
		if err := st.SaveAnswers(ctx, a.ID, map[string]string{"item-1": v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveAnswers(ctx, a.ID, map[string]string{"item-2": "b", "item-3": "5"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswers(ctx, a.ID, map[string]string{"item-3": ""}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Answers(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["item-1"] != "4" || got["item-2"] != "b" {
		t.Errorf("answers = %v, want item-1=4 item-2=b", got)
	}
	open, err := st.OpenAttempt(ctx, guest, "cpo-skills")
	if err != nil || open.ID != a.ID {
		t.Fatalf("OpenAttempt = %v, %v", open, err)
	}

	if err := st.CompleteAttempt(ctx, a.ID, `{"assessment":"cpo-skills"}`); err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteAttempt(ctx, a.ID, `{}`); !errors.Is(err, store.ErrCompleted) {
		t.Errorf("second complete = %v, want ErrCompleted", err)
	}
	if err := st.SaveAnswers(ctx, a.ID, map[string]string{"item-1": "1"}); !errors.Is(err, store.ErrCompleted) {
		t.Errorf("save after complete = %v, want ErrCompleted", err)
	}
	done, err := st.Attempt(ctx, a.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if !done.Completed() || done.ResultJSON != `{"assessment":"cpo-skills"}` {
		t.Errorf("snapshot not stored: %+v", done)
	}
	if last, err := st.LatestResult(ctx, guest, "cpo-skills"); err != nil || last.ID != a.ID {
		t.Errorf("LatestResult = %v, %v", last, err)
	}
	if _, err := st.Attempt(ctx, "no-such-id"); !errors.Is(err, store.ErrNotFound) || !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("unknown attempt = %v, want ErrNotFound wrapping sql.ErrNoRows", err)
	}
}

func TestSecretIsStable(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	ctx := context.Background()
	a, err := st.Secret(ctx, "csrf")
	if err != nil || len(a) != 32 {
		t.Fatalf("secret = %x, %v", a, err)
	}
	st.Close()
	st2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	b, _ := st2.Secret(ctx, "csrf")
	if string(a) != string(b) {
		t.Error("secret changed across a restart")
	}
}

func TestBackupRestores(t *testing.T) {
	t.Parallel()
	st, _ := openStore(t)
	ctx := context.Background()
	guest := store.Owner{GuestKeyHash: []byte("guest-key-hash-0123456789abcdef")}
	a, err := st.CreateAttempt(ctx, guest, "cpo-skills")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswers(ctx, a.ID, map[string]string{"item-1": "3"}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := st.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, dest); err == nil {
		t.Error("backup over an existing file succeeded; it must refuse")
	}
	restored, err := store.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got, err := restored.Answers(ctx, a.ID)
	if err != nil || got["item-1"] != "3" {
		t.Errorf("restored answers = %v, %v", got, err)
	}
}
