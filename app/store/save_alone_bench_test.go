package store

import (
	"context"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
)

// BenchmarkSaveAlone is BenchmarkSaveOpenAnswer without the batching queue:
// the same 64 people, each save committed in a transaction of its own, as
// a plain store would. Beside the queue's figure it says what the queue is
// worth (README, Speed and memory).
func BenchmarkSaveAlone(b *testing.B) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const people = 64
	owners := make([]Owner, people)
	for i := range owners {
		u, err := st.CreateUser(ctx, "p"+strconv.Itoa(i)+"@example.com", "P "+strconv.Itoa(i), "x")
		if err != nil {
			b.Fatal(err)
		}
		owners[i] = Owner{UserID: u.ID}
		if _, err := st.CreateAttempt(ctx, owners[i], "cpo-skills"); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	b.SetParallelism(max(1, people/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		o := owners[int(next.Add(1))%people]
		n := 0
		for pb.Next() {
			n++
			r := &saveRequest{ctx: ctx, owner: o, assessment: "cpo-skills", item: "q" + strconv.Itoa(n%60), value: strconv.Itoa(n%5 + 1)}
			st.commitSaves([]*saveRequest{r})
			if r.err != nil {
				b.Error(r.err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
}
