package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

// TestOpenAttemptAnswers: the one-query read gives what OpenAttempt and
// Answers give, for the owner's latest open attempt only.
func TestOpenAttemptAnswers(t *testing.T) {
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
	s.SaveAnswer(ctx, old.ID, "x", "1")
	s.CompleteAttempt(ctx, old.ID, `{}`)
	a, _ := s.CreateAttempt(ctx, me, "cpo-skills")
	theirs, _ := s.CreateAttempt(ctx, other, "cpo-skills")
	s.SaveAnswer(ctx, theirs.ID, "y", "5")
	at, ans, err := s.OpenAttemptAnswers(ctx, me, "cpo-skills")
	if err != nil || at.ID != a.ID || len(ans) != 0 {
		t.Fatalf("fresh attempt: %+v %v %v", at, ans, err)
	}
	s.SaveAnswer(ctx, a.ID, "b", "2")
	s.SaveAnswer(ctx, a.ID, "c", "4")
	at, ans, err = s.OpenAttemptAnswers(ctx, me, "cpo-skills")
	want, _ := s.OpenAttempt(ctx, me, "cpo-skills")
	wantAns, _ := s.Answers(ctx, want.ID)
	if err != nil || at.ID != want.ID || at.PublicID != want.PublicID || !at.UpdatedAt.Equal(want.UpdatedAt) || len(ans) != 2 || ans["b"] != wantAns["b"] || ans["c"] != wantAns["c"] {
		t.Fatalf("got %+v %v %v; want %+v %v", at, ans, err, want, wantAns)
	}
}

// TestSaveOpenAnswer: the save finds the owner's open attempt itself, and
// without one changes nothing.
func TestSaveOpenAnswer(t *testing.T) {
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
