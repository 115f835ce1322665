package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzEnv is the app over a database that lives as long as the fuzz
// worker, with a guest who has an open skills attempt.
type fuzzEnv struct {
	*env
	cookie string
	csrf   string
}

func newFuzzEnv(f *testing.F) *fuzzEnv {
	f.Helper()
	fe := &fuzzEnv{env: newApp(f, filepath.Join(f.TempDir(), "fuzz.db"), nil)}
	app := fe.app
	// The guest: a browser key and its token from the intro page, then an
	// open attempt.
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/assess/cpo-skills", nil), -1)
	if err != nil {
		f.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == "cp_browser" {
			fe.cookie = "cp_browser=" + ck.Value
		}
	}
	if m := csrfRE.FindStringSubmatch(string(body)); m != nil {
		fe.csrf = m[1]
	}
	if fe.cookie == "" || fe.csrf == "" {
		f.Fatal("the intro page gave no browser key or CSRF token")
	}
	req := httptest.NewRequest(http.MethodPost, "/assess/cpo-skills", strings.NewReader("_csrf="+fe.csrf))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", fe.cookie)
	if res, err = app.Test(req, -1); err != nil || res.StatusCode != http.StatusSeeOther {
		f.Fatalf("start: %v %v", res, err)
	}
	return fe
}

// post sends body as a form, with the guest's cookie and a valid CSRF
// token in front of it, so that the fuzzed fields reach the handler.
func (f *fuzzEnv) post(t *testing.T, path, body string) (int, string) {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader("_csrf="+f.csrf+"&"+body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", f.cookie)
	res, err := f.app.Test(req, -1)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// answers returns every stored answer as item=value lines.
func (f *fuzzEnv) answers(t *testing.T) map[string]string {
	db, err := openRaw(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT item_id, value FROM answers`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		rows.Scan(&k, &v)
		out[k] = v
	}
	return out
}

// checkSave holds for any form: never a 5xx; a refused form changes
// nothing; whatever is stored is a valid answer.
func (f *fuzzEnv) checkSave(t *testing.T, path, body string, ok int) {
	before := f.answers(t)
	status, resp := f.post(t, path, body)
	if status >= 500 {
		t.Fatalf("POST %s %q: status %d", path, body, status)
	}
	after := f.answers(t)
	a := f.deps.Assessments.Get("cpo-skills")
	if status != ok {
		if len(before) != len(after) {
			t.Fatalf("refused form (%d) changed the answers: %d → %d", status, len(before), len(after))
		}
		for k, v := range before {
			if after[k] != v {
				t.Fatalf("refused form (%d) changed %s: %q → %q", status, k, v, after[k])
			}
		}
	}
	for k, v := range after {
		if err := a.Validate(k, v); err != nil || v == "" {
			t.Fatalf("stored an invalid answer %s=%q (%v) from %q", k, v, err, body)
		}
	}
	for _, p := range scriptPayloads {
		if strings.Contains(resp, p) {
			t.Fatalf("the response reflects %q", p)
		}
	}
}

// FuzzPageSave sends any form body to the page-save handler.
func FuzzPageSave(f *testing.F) {
	fe := newFuzzEnv(f)
	a := fe.deps.Assessments.Get("cpo-skills")
	first := a.Sections[0].Items
	f.Add("nav=next&" + first[0].ID + "=3&" + first[1].ID + "=5")
	f.Add(first[0].ID + "=03")
	f.Add(first[0].ID + "=&" + first[0].ID + "=4")
	f.Add("no-such-item=3")
	f.Add(first[0].ID + "=%00%ff")
	f.Add(first[0].ID + "=" + strings.Repeat("9", 100))
	f.Add("nav=%3Cscript%3Ealert(1)%3C/script%3E")
	f.Add("%=%%&&==&" + first[2].ID + "=2")
	f.Fuzz(func(t *testing.T, body string) {
		fe.checkSave(t, "/assess/cpo-skills/1", body, http.StatusSeeOther)
	})
}

// FuzzAnswerSave sends any item and value to the autosave handler.
func FuzzAnswerSave(f *testing.F) {
	fe := newFuzzEnv(f)
	a := fe.deps.Assessments.Get("cpo-skills")
	f.Add(a.Items[0].ID, "3")
	f.Add(a.Items[0].ID, "")
	f.Add(a.Items[0].ID, "+3")
	f.Add("", "")
	f.Add("'; DROP TABLE answers; --", "1")
	f.Add(a.Items[0].ID, "<script>alert(1)</script>")
	f.Fuzz(func(t *testing.T, item, value string) {
		fe.t = t
		body := "item=" + urlEscape(item) + "&value=" + urlEscape(value)
		fe.checkSave(t, "/assess/cpo-skills/answer", body, http.StatusOK)
	})
}

func urlEscape(s string) string { return url.QueryEscape(s) }
