package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestOpenAttemptAnswers: the one-query read gives what OpenAttempt and
// Answers give, for the owner's latest open attempt only.
func TestOpenAttemptAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	me, other := Owner{GuestKeyHash: []byte("me")}, Owner{GuestKeyHash: []byte("other")}
	if _, _, err := s.OpenAttemptAnswers(ctx, me, "cpo-skills"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no attempt: %v, want ErrNotFound", err)
	}
	old, _ := s.CreateAttempt(ctx, me, "cpo-skills")
	s.SaveAnswers(ctx, old.ID, map[string]string{"x": "1"})
	s.CompleteAttempt(ctx, old.ID, `{}`)
	a, _ := s.CreateAttempt(ctx, me, "cpo-skills")
	theirs, _ := s.CreateAttempt(ctx, other, "cpo-skills")
	s.SaveAnswers(ctx, theirs.ID, map[string]string{"y": "5"})
	at, ans, err := s.OpenAttemptAnswers(ctx, me, "cpo-skills")
	if err != nil || at.ID != a.ID || len(ans) != 0 {
		t.Fatalf("fresh attempt: %+v %v %v", at, ans, err)
	}
	s.SaveAnswers(ctx, a.ID, map[string]string{"b": "2"})
	s.SaveAnswers(ctx, a.ID, map[string]string{"c": "4"})
	at, ans, err = s.OpenAttemptAnswers(ctx, me, "cpo-skills")
	want, _ := s.OpenAttempt(ctx, me, "cpo-skills")
	wantAns, _ := s.Answers(ctx, want.ID)
	if err != nil || at.ID != want.ID || at.PublicID != want.PublicID || !at.UpdatedAt.Equal(want.UpdatedAt) || len(ans) != 2 || ans["b"] != wantAns["b"] || ans["c"] != wantAns["c"] {
		t.Fatalf("got %+v %v %v; want %+v %v", at, ans, err, want, wantAns)
	}
	only, err := s.OpenAnswers(ctx, me, "cpo-skills")
	if err != nil || len(only) != 2 || only["b"] != "2" || only["c"] != "4" {
		t.Fatalf("OpenAnswers = %v, %v", only, err)
	}
	if _, err := s.OpenAnswers(ctx, me, "career-path"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("OpenAnswers without an attempt: %v, want ErrNotFound", err)
	}
}

// TestSaveOpenAnswer: the save finds the owner's open attempt itself, and
// without one changes nothing.
func TestSaveOpenAnswer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	me, other := Owner{GuestKeyHash: []byte("me")}, Owner{UserID: 0, GuestKeyHash: []byte("other")}
	if _, _, err := s.SaveOpenAnswer(ctx, me, "cpo-skills", "a", "1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no open attempt: %v, want ErrNotFound", err)
	}
	if _, _, err := s.SaveOpenAnswer(ctx, Owner{}, "cpo-skills", "a", "1"); err == nil {
		t.Fatal("an owner that is nobody saved")
	}
	done, _ := s.CreateAttempt(ctx, me, "cpo-skills")
	s.CompleteAttempt(ctx, done.ID, `{}`)
	if _, _, err := s.SaveOpenAnswer(ctx, me, "cpo-skills", "a", "1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("only a completed attempt: %v, want ErrNotFound", err)
	}
	mine, _ := s.CreateAttempt(ctx, me, "cpo-skills")
	theirs, _ := s.CreateAttempt(ctx, other, "cpo-skills")
	path, _ := s.CreateAttempt(ctx, me, "career-path")
	id, ids, err := s.SaveOpenAnswer(ctx, me, "cpo-skills", "a", "1")
	if err != nil || id != mine.ID || !slices.Equal(ids, []string{"a"}) {
		t.Fatalf("save: %d %v %v", id, ids, err)
	}
	if _, ids, _ = s.SaveOpenAnswer(ctx, me, "cpo-skills", "b", "2"); len(ids) != 2 {
		t.Errorf("answered %v, want a and b", ids)
	}
	if _, ids, _ = s.SaveOpenAnswer(ctx, me, "cpo-skills", "a", ""); !slices.Equal(ids, []string{"b"}) {
		t.Errorf("after clearing a: %v", ids)
	}
	for _, at := range []*Attempt{done, theirs, path} {
		if ans, _ := s.Answers(ctx, at.ID); len(ans) != 0 {
			t.Errorf("attempt %d got answers: %v", at.ID, ans)
		}
	}
}

// TestSaveOpenAnswerConcurrent: saves that arrive together are committed
// in batches; each gets its own answer, a save without an attempt fails
// alone, and every acknowledged save is stored.
func TestSaveOpenAnswerConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const people, saves = 16, 40
	owners := make([]Owner, people)
	for i := range owners {
		owners[i] = Owner{GuestKeyHash: []byte{byte(i), 'k'}}
		if i%4 != 3 { // every fourth has no attempt
			if _, err := s.CreateAttempt(ctx, owners[i], "cpo-skills"); err != nil {
				t.Fatal(err)
			}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, people*saves)
	for i, o := range owners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range saves {
				item := "item-" + strconv.Itoa(j%10)
				_, items, err := s.SaveOpenAnswer(ctx, o, "cpo-skills", item, strconv.Itoa(1+j%5))
				switch {
				case i%4 == 3 && !errors.Is(err, ErrNotFound):
					errs <- fmt.Errorf("owner %d without an attempt: %v", i, err)
				case i%4 != 3 && err != nil:
					errs <- fmt.Errorf("owner %d save %d: %v", i, j, err)
				case i%4 != 3 && len(items) != min(j+1, 10):
					errs <- fmt.Errorf("owner %d save %d: %d answered, want %d", i, j, len(items), min(j+1, 10))
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, o := range owners {
		if i%4 == 3 {
			continue
		}
		ans, err := s.OpenAnswers(ctx, o, "cpo-skills")
		if err != nil || len(ans) != 10 {
			t.Fatalf("owner %d: %v %v", i, ans, err)
		}
		for j := saves - 10; j < saves; j++ {
			if got, want := ans["item-"+strconv.Itoa(j%10)], strconv.Itoa(1+j%5); got != want {
				t.Errorf("owner %d item-%d = %q, want the last saved %q", i, j%10, got, want)
			}
		}
	}
}

// TestCloseWhileSaving: closing the store answers every queued save; none
// waits forever.
func TestCloseWhileSaving(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	o := Owner{GuestKeyHash: []byte("k")}
	if _, err := s.CreateAttempt(ctx, o, "cpo-skills"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; ; j++ {
				if _, _, err := s.SaveOpenAnswer(ctx, o, "cpo-skills", "item-"+strconv.Itoa(i), strconv.Itoa(1+j%5)); err != nil {
					if !errors.Is(err, errStoreClosed) {
						t.Errorf("save: %v", err)
					}
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	s.Close()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("saves still waiting 10s after Close")
	}
}
