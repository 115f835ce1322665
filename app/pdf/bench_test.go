package pdf_test

import (
	"bytes"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

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
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OnePage(); err != nil {
			b.Fatal(err)
		}
	}
}

// OnePage renders a one-page PDF in the Go fonts, as the renderer embeds
// them.
func OnePage() ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	for _, ff := range []struct {
		style string
		ttf   []byte
	}{{"", goregular.TTF}, {"B", gobold.TTF}, {"I", goitalic.TTF}} {
		f.AddUTF8FontFromBytes("go", ff.style, bytes.Clone(ff.ttf))
	}
	f.AddPage()
	for _, style := range []string{"", "B", "I"} {
		f.SetFont("go", style, 12)
		f.Cell(0, 8, "Ana Müller-Łukasiewicz · cpopath")
		f.Ln(8)
	}
	var buf bytes.Buffer
	err := f.Output(&buf)
	return buf.Bytes(), err
}
