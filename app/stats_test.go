package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"cpopath"
	"cpopath/app/assess"
	"cpopath/app/store"
	"cpopath/app/web"
)

// seedAttempts stores n completed skills attempts in st, answered by a
// latent trait: person i answers every item at the same strength, plus a
// little item-specific variation, so the items hang together.
func seedAttempts(t *testing.T, st *store.Store, a *assess.Assessment, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		at, err := st.CreateAttempt(ctx, store.Owner{GuestKeyHash: []byte{byte(i), 'k'}}, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		trait := 1 + i%5
		answers := map[string]string{}
		for j := range a.Items {
			it := &a.Items[j]
			v := trait + (i+j)%3 - 1
			v = min(5, max(1, v))
			switch {
			case it.Kind == assess.KindRated && it.Reverse:
				answers[it.ID] = string(rune('0' + 6 - v))
			case it.Kind == assess.KindRated:
				answers[it.ID] = string(rune('0' + v))
			default:
				// The option whose score best matches the trait.
				want := (v - 1) * 3 / 4
				pick := it.Options[0]
				for _, o := range it.Options {
					if o.Score == want {
						pick = o
					}
				}
				answers[it.ID] = pick.ID
			}
		}
		if err := st.SaveAnswers(ctx, at.ID, answers); err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteAttempt(ctx, at.ID, `{"assessment":"cpo-skills","sections":[]}`); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatsCommand(t *testing.T) {
	ctx := context.Background()
	deps, err := web.Load(cpopath.Files)
	if err != nil {
		t.Fatal(err)
	}
	a := deps.Assessments.Get("cpo-skills")
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "stats.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// Below 30 completed attempts it refuses, says why, and prints nothing.
	seedAttempts(t, st, a, assess.StatsMinAttempts-1)
	var out bytes.Buffer
	err = runStats(ctx, &out, st, a)
	if !errors.Is(err, errTooFew) || !strings.Contains(err.Error(), "29 completed attempts") || !strings.Contains(err.Error(), "at least 30") {
		t.Fatalf("err = %v, want a refusal naming 29 and 30", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q while refusing", out.String())
	}
	// An open attempt does not count.
	if _, err := st.CreateAttempt(ctx, store.Owner{GuestKeyHash: []byte("open")}, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := runStats(ctx, &out, st, a); !errors.Is(err, errTooFew) {
		t.Fatalf("an open attempt was counted: %v", err)
	}

	seedAttempts(t, st, a, 1)
	out.Reset()
	if err := runStats(ctx, &out, st, a); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "cpo-skills: 30 completed attempts") {
		t.Errorf("output lacks the count:\n%s", got)
	}
	for _, sec := range a.Sections {
		if !strings.Contains(got, sec.ID+" ") {
			t.Errorf("output lacks section %s", sec.ID)
		}
	}
	for _, it := range a.Items {
		if it.Weight > 0 && !it.Optional && !strings.Contains(got, it.ID) {
			t.Errorf("output lacks item %s", it.ID)
		}
	}
	// The answers follow one trait, so every section hangs together.
	stats, err := a.Reliability(mustAnswers(t, st))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stats {
		if s.N != 30 || !(s.Alpha > 0.7) {
			t.Errorf("%s: n %d, alpha %.2f; want 30 and above 0.7", s.Section, s.N, s.Alpha)
		}
	}
}

func mustAnswers(t *testing.T, st *store.Store) []map[string]string {
	t.Helper()
	ans, err := st.CompletedAnswers(context.Background(), "cpo-skills")
	if err != nil {
		t.Fatal(err)
	}
	return ans
}
