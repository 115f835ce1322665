package main

import (
	"fmt"
	"net/http"
	"sync"

	"cpopath/app/assess"
	"cpopath/app/content"
	"cpopath/app/testkit"
)

// member is one person of the crowd: a finished attempt (their results
// page) and an open one with some pages answered (their assessment page).
type member struct {
	b       *testkit.Browser
	results string
	page    int               // the assessment page they look at
	saved   map[string]string // answers of the open attempt
}

// newCrowd prepares n people through the real HTTP API, parallel at a
// time, and checks that each sees their own pages before anything is
// measured.
func newCrowd(base string, ident identity, a *assess.Assessment, c *content.Content, n, parallel int) ([]*member, error) {
	out := make([]*member, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			m, err := newMember(base, ident, a, c, i)
			if err != nil {
				errs <- fmt.Errorf("crowd member %d: %w", i, err)
				return
			}
			out[i] = m
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return out, nil
}

func newMember(base string, ident identity, a *assess.Assessment, c *content.Content, i int) (*member, error) {
	b, _, err := ident.browser(base, i)
	if err != nil {
		return nil, err
	}
	done := testkit.Answers(a, uint64(i))
	results, err := b.Complete(a, done)
	if err != nil {
		return nil, err
	}
	// A second, unfinished attempt: i%len pages answered.
	m := &member{b: b, results: results, page: i%len(a.Sections) + 1, saved: map[string]string{}}
	if err := b.Start(a); err != nil {
		return nil, err
	}
	again := testkit.Answers(a, uint64(i)+1_000_000)
	for p := 1; p <= i%len(a.Sections); p++ {
		if err := b.SavePage(a, p, again); err != nil {
			return nil, err
		}
		for _, it := range a.Sections[p-1].Items {
			m.saved[it.ID] = again[it.ID]
		}
	}
	r, err := b.Get(results)
	if err != nil {
		return nil, err
	}
	if err := testkit.Expect(r, http.StatusOK, "results"); err != nil {
		return nil, err
	}
	if err := testkit.CheckResults(r.Body, a, c, done); err != nil {
		return nil, err
	}
	r, err = b.Get(assessPath(a, m.page))
	if err != nil {
		return nil, err
	}
	if err := testkit.Expect(r, http.StatusOK, "assessment page"); err != nil {
		return nil, err
	}
	if err := testkit.CheckPage(r.Body, a, m.page, m.saved); err != nil {
		return nil, err
	}
	return m, nil
}

func assessPath(a *assess.Assessment, page int) string {
	return fmt.Sprintf("/assess/%s/%d", a.ID, page)
}

// identity makes the browser of crowd member i and names its account (an
// email; empty for a guest).
type identity interface {
	browser(base string, i int) (*testkit.Browser, string, error)
	name() string
}

// guests are visitors without an account, known by their browser key.
type guests struct{}

func (guests) browser(base string, _ int) (*testkit.Browser, string, error) {
	return testkit.NewBrowser(base), "", nil
}
func (guests) name() string { return "guests" }

// meanSize returns the mean body size of what targets fetch.
func meanSize(base string, targets []target) (int, error) {
	total := 0
	for _, t := range targets {
		b := testkit.NewBrowser(base)
		h := http.Header{}
		if t.Cookie != "" {
			h.Set("Cookie", t.Cookie)
		}
		r, err := b.Do(http.MethodGet, t.Path, nil, h)
		if err != nil {
			return 0, err
		}
		if err := testkit.Expect(r, http.StatusOK, t.Path); err != nil {
			return 0, err
		}
		total += len(r.Body)
	}
	return total / len(targets), nil
}

// accounts are signed-in users, registered through the form.
type accounts struct{}

func (accounts) browser(base string, i int) (*testkit.Browser, string, error) {
	b := testkit.NewBrowser(base)
	email := fmt.Sprintf("bench-%04d@example.org", i)
	if err := b.Register(fmt.Sprintf("Bench Person %d", i), email, "bench-passphrase-42"); err != nil {
		return nil, "", err
	}
	return b, email, nil
}
func (accounts) name() string { return "signed-in users" }
