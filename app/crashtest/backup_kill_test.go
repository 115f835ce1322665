package crashtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"cpopath/app/store"
	"cpopath/app/testkit"
)

// TestBackupKilledMidway kills `cpopath backup` while its copy is being
// written: nothing may appear under the name asked for, and running the
// backup again must work and give a sound copy.
func TestBackupKilledMidway(t *testing.T) {
	bin, _ := setup(t)
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	srv, err := testkit.Start(bin, live, testkit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "backup.db")
	caught := false
	for try := 0; try < 20 && !caught; try++ {
		os.Remove(dest)
		cmd := exec.Command(bin, "-db", live, "backup", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
	watch:
		for {
			select {
			case <-done:
				break watch // finished before it was caught: try again
			default:
			}
			if _, err := os.Stat(dest + ".partial"); err == nil {
				cmd.Process.Kill()
				<-done
				caught = true
				break watch
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	if !caught {
		t.Fatal("never caught a backup while it wrote its copy")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("a killed backup left a file under the name asked for: %v", err)
	}
	if out, err := exec.Command(bin, "-db", live, "backup", dest).CombinedOutput(); err != nil {
		t.Fatalf("backup after a killed one: %v\n%s", err, out)
	}
	if v, err := store.CheckCopy(context.Background(), dest); err != nil || v == 0 {
		t.Fatalf("the retried backup: version %d, %v", v, err)
	}
	if _, err := os.Stat(dest + ".partial"); !os.IsNotExist(err) {
		t.Error("the killed backup's temporary file is left after the retry")
	}
}
