package web

import (
	"encoding/json"
	"testing"
)

// TestAppendJSONString: the access log's string encoder gives valid JSON
// that decodes to what encoding/json's would, for quotes, control
// characters, line separators and invalid UTF-8 among others.
func TestAppendJSONString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "/assess/cpo-skills/1", `a"b\c`, "tab\tnew\nline\rcr\x00\x1f\x7f",
		"/ümlaut/日本語/😀", "\u2028\u2029", "bad\xffutf8\xc3", "<script>&'",
	} {
		got := appendJSONString(nil, s)
		if !json.Valid(got) {
			t.Errorf("%q: not valid JSON: %s", s, got)
			continue
		}
		var back, want string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		ref, _ := json.Marshal(s)
		if err := json.Unmarshal(ref, &want); err != nil {
			t.Fatal(err)
		}
		if back != want {
			t.Errorf("%q: decodes to %q, want %q", s, back, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("/x\"y\\\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString(nil, s)
		var back, want string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q gives invalid JSON %s: %v", s, got, err)
		}
		ref, _ := json.Marshal(s)
		json.Unmarshal(ref, &want)
		if back != want {
			t.Fatalf("%q: decodes to %q, want %q", s, back, want)
		}
	})
}
