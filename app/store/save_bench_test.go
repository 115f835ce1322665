package store_test

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"cpopath/app/store"
)

// BenchmarkSaveOpenAnswer measures answer saves as the autosave makes
// them: 64 people at once, each into their own attempt, on a real file
// with the writer's synchronous=FULL, so the figure includes the fsyncs.
func BenchmarkSaveOpenAnswer(b *testing.B) {
	st, _ := openStore(b)
	ctx := context.Background()
	const people = 64
	owners := make([]store.Owner, people)
	for i := range owners {
		u, err := st.CreateUser(ctx, "p"+strconv.Itoa(i)+"@example.com", "P "+strconv.Itoa(i), "x")
		if err != nil {
			b.Fatal(err)
		}
		owners[i] = store.Owner{UserID: u.ID}
		if _, err := st.CreateAttempt(ctx, owners[i], "cpo-skills"); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	b.SetParallelism(max(1, people/runtime.GOMAXPROCS(0))) // about 64 goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := next.Add(1)
		o := owners[int(i)%people]
		n := 0
		for pb.Next() {
			n++
			if _, _, err := st.SaveOpenAnswer(ctx, o, "cpo-skills", "q"+strconv.Itoa(n%60), strconv.Itoa(n%5+1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
}
