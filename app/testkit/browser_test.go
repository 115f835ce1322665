package testkit_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"cpopath/app/store"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

// inProcess returns a browser on the real app over a fresh database,
// without a network, as the web tests use it.
func inProcess(t *testing.T) *testkit.Browser {
	t.Helper()
	deps, err := testkit.LoadDeps()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	deps.Store = st
	root, err := testkit.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{Files: os.DirFS(root), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BcryptCost: bcrypt.MinCost}
	app, err := web.New(context.Background(), cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	return testkit.NewInProcess(func(r *http.Request) (*http.Response, error) { return app.Test(r, -1) })
}

// Without FollowRedirects the caller sees the redirect; with it, the
// browser lands where a person would, carrying the session cookie that
// the redirect itself set.
func TestBrowserRedirects(t *testing.T) {
	form := func(name string) url.Values {
		return url.Values{"name": {name}, "email": {strings.ToLower(name) + "@example.org"}, "password": {"kit-passphrase-4242"}}
	}
	b := inProcess(t)
	r, err := b.Post("/register", form("Plain"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusSeeOther || r.Location() != "/me" {
		t.Fatalf("register: status %d to %q, want 303 to /me", r.Status, r.Location())
	}

	f := inProcess(t)
	f.FollowRedirects = true
	if r, err = f.Post("/register", form("Follower")); err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusOK || r.Path != "/me" || !strings.Contains(r.Body, "Follower") {
		t.Fatalf("register, following: status %d on %s, want 200 on /me showing the name", r.Status, r.Path)
	}
	if f.Cookies["cp_session"] == "" {
		t.Fatal("the session cookie set by the redirect was not kept")
	}
}
