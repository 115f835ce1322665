package crashtest

import (
	"os"
	"sync"
	"testing"

	"cpopath/app/testkit"
	"cpopath/app/web"
)

// binDir holds the binary the tests share; TestMain removes it.
var binDir string

// shared is what every test here uses: the server binary and the content.
type shared struct {
	bin  string
	deps web.Deps
}

// built builds and loads them once.
var built = sync.OnceValues(func() (shared, error) {
	bin, err := testkit.Build(binDir, false)
	if err != nil {
		return shared{}, err
	}
	deps, err := testkit.LoadDeps()
	return shared{bin, deps}, err
})

// setup returns the shared binary and content, skipping the test with
// -short: these tests run the real server for seconds.
func setup(t *testing.T) (string, web.Deps) {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped with -short")
	}
	b, err := built()
	if err != nil {
		t.Fatal(err)
	}
	return b.bin, b.deps
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cpopath-crashtest-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
