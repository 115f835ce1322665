// Package loadtest runs the real cpopath binary on loopback and sends it a
// crowd: 200 people at once, each going through the whole journey —
// register, the skills and career-path assessments, results, a plan and
// its PDF — and proves that nothing failed, nothing was lost and everyone
// saw only their own data.
package loadtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"cpopath/app/assess"
	"cpopath/app/testkit"
	"cpopath/app/web"
)

const (
	crowd    = 200
	password = "load-test-passphrase-42"
	// deadline bounds the whole run; on this kind of machine it takes
	// well under half of it.
	deadline = 3 * time.Minute
)

// person is one simulated user and what they sent.
type person struct {
	i       int
	name    string
	email   string
	b       *testkit.Browser
	answers map[string]map[string]string // assessment → item → value
	results string
}

func TestCrowdJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short")
	}
	deps, err := testkit.LoadDeps()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin, err := testkit.Build(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "load.db")
	// Behind a trusted proxy, so that each person comes from their own
	// address, as a crowd does; rate limits count per address.
	srv, err := testkit.Start(bin, db, testkit.Options{Args: []string{"-trust-proxy"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Kill()

	skills, path := deps.Assessments.Get("cpo-skills"), deps.Assessments.Get("career-path")
	people := make([]*person, crowd)
	for i := range people {
		b := testkit.NewBrowser(srv.Base)
		b.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", i/250, i%250+1))
		people[i] = &person{
			i:     i,
			name:  fmt.Sprintf("Load Person %03d", i),
			email: fmt.Sprintf("load-%03d@example.org", i),
			b:     b,
			answers: map[string]map[string]string{
				skills.ID: testkit.Answers(skills, uint64(i)),
				path.ID:   testkit.Answers(path, uint64(i)),
			},
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	errs := make(chan error, crowd)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for _, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate // everyone at once
			if err := p.journey(ctx, deps, skills, path); err != nil {
				errs <- fmt.Errorf("%s: %w", p.email, err)
			}
		}()
	}
	close(gate)
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n < 10 {
			t.Error(err)
		}
		n++
	}
	if n > 0 {
		t.Fatalf("%d of %d journeys failed", n, crowd)
	}
	server5xx := 0
	for _, p := range people {
		server5xx += p.b.ServerErrors
	}
	if server5xx > 0 {
		t.Fatalf("%d responses were 5xx", server5xx)
	}
	t.Logf("%d journeys in %s", crowd, time.Since(start).Round(time.Millisecond))
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if log := srv.Log(); strings.Contains(log, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%.2000s", errorLines(log))
	}
	checkNothingLost(t, db, people)
}

// journey is one person's whole visit. Every page is checked to be theirs.
func (p *person) journey(ctx context.Context, deps web.Deps, skills, path *assess.Assessment) error {
	step := func(what string, f func() error) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	b := p.b
	if err := step("landing", func() error { return p.get("/", "cpopath") }); err != nil {
		return err
	}
	if err := step("register", func() error { return b.Register(p.name, p.email, password) }); err != nil {
		return err
	}
	if err := step("me", func() error { return p.get("/me", p.email) }); err != nil {
		return err
	}
	err := step("skills assessment", func() error {
		ans := p.answers[skills.ID]
		if err := b.Start(skills); err != nil {
			return err
		}
		// The first item through the autosave, the rest through the pages.
		first := skills.Sections[0].Items[0]
		r, err := b.Fetch("/assess/"+skills.ID+"/answer", map[string][]string{"item": {first.ID}, "value": {ans[first.ID]}})
		if err != nil {
			return err
		}
		if err := testkit.Expect(r, http.StatusOK, "autosave"); err != nil {
			return err
		}
		if !strings.Contains(r.Body, `"answered":1,`) {
			return fmt.Errorf("autosave progress %s, want 1 answered", r.Body)
		}
		for n := range skills.Sections {
			if err := b.SavePage(skills, n+1, ans); err != nil {
				return err
			}
		}
		if p.results, err = b.Submit(skills); err != nil {
			return err
		}
		r, err = b.Get(p.results)
		if err != nil {
			return err
		}
		if err := testkit.Expect(r, http.StatusOK, "results"); err != nil {
			return err
		}
		return testkit.CheckResults(r.Body, skills, deps.Content, ans)
	})
	if err != nil {
		return err
	}
	if err := step("career-path assessment", func() error {
		_, err := b.Complete(path, p.answers[path.ID])
		return err
	}); err != nil {
		return err
	}
	if err := step("plan", func() error {
		r, err := b.Post("/plan/target", map[string][]string{"role": {"vp-partnerships"}, "horizon": {"12"}})
		if err != nil {
			return err
		}
		if err := testkit.Expect(r, http.StatusSeeOther, "plan target"); err != nil {
			return err
		}
		return p.get("/plan", `href="/plan.pdf"`)
	}); err != nil {
		return err
	}
	return step("PDF", func() error {
		r, err := b.Get("/plan.pdf")
		if err != nil {
			return err
		}
		if err := testkit.Expect(r, http.StatusOK, "plan.pdf"); err != nil {
			return err
		}
		if !strings.HasPrefix(r.Body, "%PDF-") {
			return fmt.Errorf("plan.pdf is not a PDF: %.40q", r.Body)
		}
		if p.i%20 != 0 {
			return nil // reading the text of every PDF would load the machine more than the server
		}
		return pdfNames(r.Body, p.name)
	})
}

// get fetches path and wants a 200 that contains want.
func (p *person) get(path, want string) error {
	r, err := p.b.Get(path)
	if err != nil {
		return err
	}
	if err := testkit.Expect(r, http.StatusOK, path); err != nil {
		return err
	}
	if !strings.Contains(r.Body, want) {
		return fmt.Errorf("%s lacks %q", path, want)
	}
	return nil
}

// pdfNames checks, when pdftotext is installed, that the PDF names its
// owner.
func pdfNames(doc, name string) error {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return nil
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(doc)
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("pdftotext: %w", err)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(out)), " "), name) {
		return fmt.Errorf("the PDF does not name %q", name)
	}
	return nil
}

// checkNothingLost reads every person's completed attempts from the
// database and compares them with what they sent.
func checkNothingLost(t *testing.T, dbPath string, people []*person) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lost := 0
	for _, p := range people {
		for assessment, sent := range p.answers {
			rows, err := db.Query(`SELECT a.item_id, a.value FROM answers a
				JOIN attempts t ON t.id = a.attempt_id JOIN users u ON u.id = t.user_id
				WHERE u.email = ? AND t.assessment_id = ? AND t.completed_at IS NOT NULL`, p.email, assessment)
			if err != nil {
				t.Fatal(err)
			}
			stored := map[string]string{}
			for rows.Next() {
				var k, v string
				if err := rows.Scan(&k, &v); err != nil {
					t.Fatal(err)
				}
				stored[k] = v
			}
			rows.Close()
			for item, v := range sent {
				if stored[item] != v {
					lost++
					if lost <= 10 {
						t.Errorf("%s %s %s: sent %q, stored %q", p.email, assessment, item, v, stored[item])
					}
				}
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d answers lost or changed", lost)
	}
}

func errorLines(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, `"level":"ERROR"`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
