package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"cpopath/app/store"
)

// TestGuestAttemptsExpire: the periodic sweep removes a guest's unfinished
// attempt idle past the limit, with its answers, and keeps the recent
// one, the finished one and every user's.
func TestGuestAttemptsExpire(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	at := func(t time.Time) { st.SetClock(func() time.Time { return t }) }

	at(now.AddDate(0, 0, -91))
	old := store.Owner{GuestKeyHash: []byte("old-guest")}
	stale, err := st.CreateAttempt(ctx, old, "cpo-skills")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswers(ctx, stale.ID, map[string]string{"q1": "3"}); err != nil {
		t.Fatal(err)
	}
	done, _ := st.CreateAttempt(ctx, store.Owner{GuestKeyHash: []byte("done-guest")}, "cpo-skills")
	st.CompleteAttempt(ctx, done.ID, `{}`)
	u, _ := st.CreateUser(ctx, "u@example.org", "U", "x")
	users, _ := st.CreateAttempt(ctx, store.Owner{UserID: u.ID}, "cpo-skills")
	at(now.AddDate(0, 0, -89))
	recent, _ := st.CreateAttempt(ctx, store.Owner{GuestKeyHash: []byte("recent-guest")}, "cpo-skills")
	at(now)

	sweep, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var removed int64
	var runs int
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		st.ExpireGuestAttemptsEvery(sweep, 10*time.Millisecond, 90*24*time.Hour, func(n int64, err error) {
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			removed += n
			runs++
			mu.Unlock()
		})
	}()
	for {
		mu.Lock()
		r := runs
		mu.Unlock()
		if r >= 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-finished
	if removed != 1 {
		t.Errorf("removed %d attempts, want the stale one", removed)
	}
	if _, err := st.Attempt(ctx, stale.PublicID); err == nil {
		t.Error("the stale guest attempt is still there")
	}
	if a, _ := st.Answers(ctx, stale.ID); len(a) != 0 {
		t.Errorf("its answers are still there: %v", a)
	}
	for _, a := range []*store.Attempt{done, users, recent} {
		if _, err := st.Attempt(ctx, a.PublicID); err != nil {
			t.Errorf("attempt %s was removed: %v", a.PublicID, err)
		}
	}
}
