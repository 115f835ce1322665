package plan_test

import (
	"io/fs"
	"os"
	"testing"

	"cpopath/app/content"
	"cpopath/app/plan"
)

func benchContent(b *testing.B) *content.Content {
	b.Helper()
	cf, err := fs.Sub(os.DirFS("../.."), "content")
	if err != nil {
		b.Fatal(err)
	}
	c, err := content.Load(cf)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkBuild builds a plan for people at each step of the path, with
// and without a mentor's rating, as a rebuild after new results does.
func BenchmarkBuild(b *testing.B) {
	c := benchContent(b)
	cases := []struct {
		name string
		in   plan.Input
	}{
		{"experience", input(c, skills(c, 35, map[string]int{"criteria": 20, "events": 15}), path("experience"), "vp-partnerships", 12)},
		{"mentorship", input(c, skills(c, 60, nil), path("mentorship"), "vp-partnerships", 18)},
		{"leadership with mentor", func() plan.Input {
			in := input(c, skills(c, 80, map[string]int{"pilots": 40}), path("leadership"), plan.TargetCPO, 24)
			in.Mentor = plan.NewMentor(c, map[string]int{"criteria": 2, "research": 3, "events": 4, "pilots": 1})
			return in
		}()},
		{"skills only", input(c, skills(c, 50, nil), nil, "vp-partnerships", 6)},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plan.Build(tc.in)
			}
		})
	}
}
