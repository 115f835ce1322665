package content_test

import (
	"os"
	"path"
	"testing"
	"testing/fstest"

	"cpopath/app/content"
)

// contentFiles are the files content.Load reads, the German overlay last.
var contentFiles = []string{"skills.yaml", "levels.yaml", "path.yaml", "actions.yaml", "resources.yaml", "locales/data.de.yaml"}

// FuzzLoad: the content folder with one file replaced by mutated bytes is
// either refused with an error or loads into content whose lookups and
// texts work.
func FuzzLoad(f *testing.F) {
	real := fstest.MapFS{}
	for _, name := range contentFiles {
		b, err := os.ReadFile(path.Join("../../content", name))
		if err != nil {
			f.Fatal(err)
		}
		real[name] = &fstest.MapFile{Data: b}
	}
	for i, name := range contentFiles {
		f.Add(uint8(i), real[name].Data)
	}
	f.Add(uint8(0), []byte("skills:\n  - id: processes\n    name: &a [*a]\n"))
	f.Add(uint8(1), []byte("levels:\n  - {id: x, name: X, min: -5}\n  - {id: x, name: Y, min: 500}\n"))
	f.Add(uint8(5), []byte("skill.processes.name: \"\\x00\\u202e\"\nno.such.key: x\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range real {
			fsys[k] = v
		}
		fsys[contentFiles[int(which)%len(contentFiles)]] = &fstest.MapFile{Data: data}
		c, err := content.Load(fsys)
		if err != nil {
			return
		}
		for _, s := range c.Skills {
			if c.Skill(s.ID) == nil {
				t.Fatalf("skill %q does not look up", s.ID)
			}
			s.Name.In("de")
			for _, sa := range s.SubAreas {
				if got := c.SubArea(sa.ID); got == nil || got.Skill != s.ID {
					t.Fatalf("sub-area %q does not look up to its skill", sa.ID)
				}
			}
			for _, l := range c.Levels {
				c.Descriptor(s.ID, l.ID)
			}
		}
		for score := -1; score <= 101; score++ {
			if l := c.LevelFor(score); l == nil && len(c.Levels) > 0 {
				t.Fatalf("no level for score %d", score)
			}
		}
		for _, st := range c.Steps {
			if c.Step(st.ID) == nil {
				t.Fatalf("step %q does not look up", st.ID)
			}
		}
		for _, k := range c.Texts.Keys() {
			_ = k
		}
		c.Texts.Missing("de")
	})
}
