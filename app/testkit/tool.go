package testkit

import (
	"os"
	"testing"
)

// InCI reports whether the tests run under CI (CI set and not "false"),
// where every tool the tests need must be there: make test-deps installs
// them.
func InCI() bool { return os.Getenv("CI") != "" && os.Getenv("CI") != "false" }

// NeedTool skips the test when what is missing (ok false) on a developer's
// machine, and fails it under CI, so a missing tool never hides a failure
// there. hint says how to install it.
func NeedTool(t testing.TB, what, hint string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("%s is missing under CI (%s)", what, hint)
	}
	t.Skipf("%s is missing: %s", what, hint)
}
