package web_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// readOnlyFile makes path read-only for this process: by its mode, and
// for root, who ignores modes, with the immutable attribute.
func readOnlyFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root without chattr +i, no file can be made read-only: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// TestReadyzNeedsAWrite: on a read-only database file, reads work and
// every save fails; /healthz (the process lives) stays 200, /readyz (the
// app can keep what people save) answers 503.
func TestReadyzNeedsAWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ro.db")
	e := newApp(t, path, nil)
	e.t = t
	c := e.client()
	mustStatus(t, c.get("/readyz"), http.StatusOK)
	e.st.Close()

	readOnlyFile(t, path)
	ro := newApp(t, path, nil)
	ro.t = t
	c = ro.client()
	if err := ro.st.Ping(context.Background()); err != nil {
		t.Fatalf("reads fail too: %v", err)
	}
	if _, err := ro.st.CreateUser(context.Background(), "w@example.org", "W", "x"); err == nil {
		t.Fatal("a save succeeded: the file is not read-only")
	}
	mustStatus(t, c.get("/healthz"), http.StatusOK)
	mustStatus(t, c.get("/readyz"), http.StatusServiceUnavailable)
}
