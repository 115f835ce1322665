package pdf_test

import (
	"testing"

	"cpopath/app/pdf"
)

// BenchmarkRender (pdf_test.go) renders one document at a time.

// BenchmarkRenderParallel renders on every core at once, as a crowd
// downloading roadmaps does.
func BenchmarkRenderParallel(b *testing.B) {
	d := fixture(b, "en")
	r := pdf.New(load(b).c, load(b).as)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.Render(d); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkOnePageFloor is the floor the roadmap is measured against: one
// page with one line in the same three embedded fonts. Most of its time is
// parsing the fonts, which every document pays.
func BenchmarkOnePageFloor(b *testing.B) {
	r := pdf.New(load(b).c, load(b).as)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Floor(); err != nil {
			b.Fatal(err)
		}
	}
}
