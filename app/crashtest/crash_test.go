// Package crashtest proves that cpopath loses nothing it acknowledged when
// the process dies: the real binary is killed with SIGKILL while people
// save answers, restarted on the same database file, and every save that
// got a success response must be there, whole, with the database intact.
package crashtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"cpopath/app/assess"
	"cpopath/app/testkit"
)

const (
	rounds  = 4
	writers = 24
)

// writer is one browser saving answers into its own open attempt, half of
// them one answer at a time (autosave), half a page at a time (one
// transaction of several answers).
type writer struct {
	b     *testkit.Browser
	pages bool
	// acked is the last acknowledged value per item; inflight the values
	// sent without an answer (the server died first), which may or may not
	// have landed.
	acked    map[string]string
	inflight map[string]map[string]bool
	// pageAcks remembers, per page save, which answers went together, to
	// check that a page landed whole or not at all.
	pageSaves []pageSave
	seq       int
	// refused is a save the live server answered with an error status:
	// never expected, whatever the timing.
	refused string

	// mu guards acked, inflight and since while a test looks in during the
	// run; since collects every value sent after mark, landed or not.
	mu     sync.Mutex
	marked bool
	since  map[string]map[string]bool
}

// mark starts collecting the values sent from now on and returns the
// acknowledged answers so far.
func (w *writer) mark() map[string]string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.marked, w.since = true, map[string]map[string]bool{}
	out := make(map[string]string, len(w.acked))
	for k, v := range w.acked {
		out[k] = v
	}
	return out
}

func (w *writer) sent(answers map[string]string) {
	if !w.marked {
		return
	}
	for k, v := range answers {
		if w.since[k] == nil {
			w.since[k] = map[string]bool{}
		}
		w.since[k][v] = true
	}
}

type pageSave struct {
	answers map[string]string
	acked   bool
}

func TestKillDuringSaves(t *testing.T) {
	bin, deps := setup(t)
	a := deps.Assessments.Get("cpo-skills")
	dir := t.TempDir()
	db := filepath.Join(dir, "crash.db")
	srv, err := testkit.Start(bin, db, testkit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ws := make([]*writer, writers)
	for i := range ws {
		w := &writer{b: testkit.NewBrowser(srv.Base), pages: i%2 == 1, acked: map[string]string{}, inflight: map[string]map[string]bool{}}
		if err := w.b.Start(a); err != nil {
			t.Fatal(err)
		}
		ws[i] = w
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for round := 1; round <= rounds; round++ {
		if round > 1 {
			if srv, err = testkit.Start(bin, db, testkit.Options{Addr: srv.Addr}); err != nil {
				t.Fatalf("round %d: restart: %v", round, err)
			}
		}
		var acked, failed atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for i, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.run(a, i, stop, &acked, &failed)
			}()
		}
		// Let saves flow, then pull the plug in the middle of them.
		for acked.Load() < int64(writers*5) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(50+rng.IntN(250)) * time.Millisecond)
		srv.Kill()
		close(stop)
		wg.Wait()
		t.Logf("round %d: %d saves acknowledged before SIGKILL, %d cut off", round, acked.Load(), failed.Load())
		if failed.Load() == 0 {
			t.Logf("round %d: no request was in flight at the kill", round)
		}

		// Restart on the same file: the server must come up, and every
		// acknowledged save must be there.
		if srv, err = testkit.Start(bin, db, testkit.Options{Addr: srv.Addr}); err != nil {
			t.Fatalf("round %d: restart after SIGKILL: %v", round, err)
		}
		checkSaves(t, db, ws, round)
		srv.Stop()
		checkIntegrity(t, db, round)
	}
}

// run saves until stop is closed or the server stops answering.
func (w *writer) run(a *assess.Assessment, id int, stop <-chan struct{}, acked, failed *atomic.Int64) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		w.seq++
		if w.pages {
			n := (w.seq+id)%len(a.Sections) + 1
			answers := map[string]string{}
			for j, it := range a.Sections[n-1].Items {
				answers[it.ID] = testkit.Pick(a, it, w.seq+j)
			}
			w.pageSaves = append(w.pageSaves, pageSave{answers: answers})
			r, err := w.b.Post(fmt.Sprintf("/assess/%s/%d", a.ID, n), pageForm(answers))
			if err != nil {
				w.lost(answers, failed)
				return
			}
			if r.Status != http.StatusSeeOther {
				w.refused = fmt.Sprintf("page save: status %d", r.Status)
				return
			}
			w.pageSaves[len(w.pageSaves)-1].acked = true
			w.ack(answers, acked)
			continue
		}
		it := &a.Items[(w.seq*7+id)%len(a.Items)]
		v := testkit.Pick(a, it, w.seq/3)
		r, err := w.b.Fetch("/assess/"+a.ID+"/answer", url.Values{"item": {it.ID}, "value": {v}})
		if err != nil {
			w.lost(map[string]string{it.ID: v}, failed)
			return
		}
		if r.Status != http.StatusOK {
			w.refused = fmt.Sprintf("autosave: status %d: %.200s", r.Status, r.Body)
			return
		}
		w.ack(map[string]string{it.ID: v}, acked)
	}
}

func pageForm(answers map[string]string) url.Values {
	form := url.Values{"nav": {"next"}}
	for k, v := range answers {
		form.Set(k, v)
	}
	return form
}

func (w *writer) ack(answers map[string]string, acked *atomic.Int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent(answers)
	for k, v := range answers {
		w.acked[k] = v
		delete(w.inflight, k)
	}
	acked.Add(1)
}

// lost records a save whose answer never came: it may have landed or not.
func (w *writer) lost(answers map[string]string, failed *atomic.Int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent(answers)
	for k, v := range answers {
		if w.inflight[k] == nil {
			w.inflight[k] = map[string]bool{}
		}
		w.inflight[k][v] = true
	}
	failed.Add(1)
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func checkSaves(t *testing.T, dbPath string, ws []*writer, round int) {
	t.Helper()
	db := openDB(t, dbPath)
	defer db.Close()
	checked := 0
	for i, w := range ws {
		if w.refused != "" {
			t.Errorf("round %d: writer %d: %s", round, i, w.refused)
		}
		stored, err := testkit.OpenAnswers(context.Background(), db, w.b, "")
		if err != nil {
			t.Fatalf("round %d: writer %d: %v", round, i, err)
		}
		for item, v := range w.acked {
			got, ok := stored[item]
			switch {
			case got == v:
				checked++
			case ok && w.inflight[item][got]:
				checked++ // a save in flight at the kill landed: allowed
			default:
				t.Errorf("round %d: writer %d: %s acknowledged as %q, stored %q", round, i, item, v, got)
			}
		}
		// The last page save either landed whole or not at all.
		if n := len(w.pageSaves); n > 0 && !w.pageSaves[n-1].acked {
			last := w.pageSaves[n-1].answers
			whole, none := true, true
			for item, v := range last {
				if stored[item] == v && w.acked[item] != v {
					none = false
				} else if stored[item] != v {
					whole = false
				}
			}
			if !whole && !none {
				t.Errorf("round %d: writer %d: the page save cut off by the kill landed in part: %v vs %v", round, i, last, stored)
			}
		}
	}
	if checked == 0 {
		t.Fatalf("round %d: nothing was checked", round)
	}
}

func checkIntegrity(t *testing.T, dbPath string, round int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		t.Fatalf("round %d: integrity_check: %v", round, msgs)
	}
	var fk int
	if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if fk != 0 {
		t.Fatalf("round %d: %d foreign key violations", round, fk)
	}
}
