package store

import (
	"strconv"
	"testing"
	"time"

	"cpopath/app/assess"
)

// The cache answers for the attempt it was filled for and no other, and
// stays within its bound however many attempts pass through it.
func TestResultCache(t *testing.T) {
	var c resultCache
	done := func(id, assessment string) *Attempt {
		return &Attempt{PublicID: id, CompletedAt: time.Unix(1, 0), ResultJSON: `{"assessment":"` + assessment + `","sections":[]}`, results: &c}
	}
	a, b := done("a", "first"), done("b", "second")
	for range 2 {
		ra, err := a.Result()
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Result()
		if err != nil {
			t.Fatal(err)
		}
		if ra.Assessment != "first" || rb.Assessment != "second" {
			t.Fatalf("results %q and %q, want first and second", ra.Assessment, rb.Assessment)
		}
	}
	if _, ok := c.get("a"); !ok {
		t.Error("a completed attempt's result was not kept")
	}
	open := &Attempt{PublicID: "open", ResultJSON: `{"assessment":"x"}`, results: &c}
	if _, err := open.Result(); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.get("open"); ok {
		t.Error("an open attempt's result was kept")
	}
	for i := range resultCacheSize + 10 {
		c.put(strconv.Itoa(i), assess.Result{})
	}
	if len(c.m) != resultCacheSize || len(c.order) != resultCacheSize {
		t.Errorf("cache holds %d (%d in order), want at most %d", len(c.m), len(c.order), resultCacheSize)
	}
	if _, ok := c.get("a"); ok {
		t.Error("the oldest entry was not evicted")
	}
}
