package crashtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cpopath/app/testkit"
)

// TestBackupWhileServing runs `cpopath backup` against the live database
// while people save answers, restores the copy as an operator would (put
// the file in place, start the server), and finds everything that was
// there before the backup began: accounts, results, answers.
func TestBackupWhileServing(t *testing.T) {
	bin, deps := setup(t)
	a := deps.Assessments.Get("cpo-skills")
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	srv, err := testkit.Start(bin, live, testkit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if !srv.Exited() {
			srv.Kill()
		}
	}()

	// What exists before the backup: accounts with finished results.
	type done struct {
		b       *testkit.Browser
		email   string
		answers map[string]string
		results string
	}
	var before []done
	for i := range 8 {
		b := testkit.NewBrowser(srv.Base)
		email := fmt.Sprintf("backup-%d@example.org", i)
		if err := b.Register(fmt.Sprintf("Backup Person %d", i), email, "backup-passphrase-42"); err != nil {
			t.Fatal(err)
		}
		ans := testkit.Answers(a, uint64(i))
		res, err := b.Complete(a, ans)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, done{b, email, ans, res})
	}

	// People keep saving while the backup runs.
	writers := make([]*writer, 8)
	for i := range writers {
		w := &writer{b: testkit.NewBrowser(srv.Base), acked: map[string]string{}, inflight: map[string]map[string]bool{}}
		if err := w.b.Start(a); err != nil {
			t.Fatal(err)
		}
		writers[i] = w
	}
	var acked, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(a, i, stop, &acked, &failed)
		}()
	}
	for acked.Load() < 50 {
		time.Sleep(5 * time.Millisecond)
	}
	// Everything acknowledged up to here must be in the copy (or a later
	// value of the same answer).
	atStart := make([]map[string]string, len(writers))
	for i, w := range writers {
		atStart[i] = w.mark()
	}
	backup := filepath.Join(dir, "backup.db")
	cmd := exec.Command(bin, "-db", live, "backup", backup)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cpopath backup: %v\n%s", err, out)
	}
	time.Sleep(100 * time.Millisecond) // saves go on after the backup
	close(stop)
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d saves failed while the backup ran", failed.Load())
	}
	for i, w := range writers {
		if w.refused != "" {
			t.Fatalf("writer %d: %s", i, w.refused)
		}
	}
	t.Logf("%d saves acknowledged around the backup", acked.Load())
	if out, err := exec.Command(bin, "-db", live, "backup", backup).CombinedOutput(); err == nil {
		t.Errorf("a second backup overwrote the first: %s", out)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}

	// Restore: the copy becomes the database of a new server.
	restored := filepath.Join(dir, "restored.db")
	if err := os.Rename(backup, restored); err != nil {
		t.Fatal(err)
	}
	checkIntegrity(t, restored, 0)
	srv, err = testkit.Start(bin, restored, testkit.Options{})
	if err != nil {
		t.Fatalf("start on the restored copy: %v", err)
	}
	for _, d := range before {
		// The same browser (session and key) finds its own result.
		d.b.Base = srv.Base
		r, err := d.b.Get(d.results)
		if err != nil {
			t.Fatal(err)
		}
		if err := testkit.Expect(r, http.StatusOK, d.email+" results after restore"); err != nil {
			t.Fatal(err)
		}
		if err := testkit.CheckResults(r.Body, a, deps.Content, d.answers); err != nil {
			t.Errorf("%s after restore: %v", d.email, err)
		}
		// And can sign in with the password.
		fresh := testkit.NewBrowser(srv.Base)
		if _, err := fresh.Get("/signin"); err != nil {
			t.Fatal(err)
		}
		r, err = fresh.Post("/signin", url.Values{"email": {d.email}, "password": {"backup-passphrase-42"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != http.StatusSeeOther {
			t.Errorf("%s cannot sign in on the restored copy: %d", d.email, r.Status)
		}
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	checkBackupAnswers(t, restored, writers, atStart)
}

// checkBackupAnswers: every answer acknowledged before the backup began is
// in the copy, as that value or one sent after it.
func checkBackupAnswers(t *testing.T, path string, ws []*writer, atStart []map[string]string) {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	for i, w := range ws {
		stored, err := testkit.OpenAnswers(context.Background(), db, w.b, "")
		if err != nil {
			t.Fatal(err)
		}
		for item, v := range atStart[i] {
			if got := stored[item]; got != v && !w.since[item][got] {
				t.Errorf("writer %d: %s was %q before the backup, the copy has %q", i, item, v, got)
			}
		}
	}
}
