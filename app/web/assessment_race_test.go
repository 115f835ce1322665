package web_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"cpopath/app/assess"
)

// TestAnswerSavedDuringSubmitIsScored hammers an autosave arriving at the
// same moment as the submit: every acknowledged answer must be in the
// stored result (the result is the score of the stored answers), or the
// save must be refused. Before scoring moved into the transaction that
// completes the attempt, some tries stored the answer and left it out.
func TestAnswerSavedDuringSubmitIsScored(t *testing.T) {
	e := newEnv(t)
	a := e.deps.Assessments.Get("cpo-skills")
	var item *assess.Item
	for i := range a.Items {
		if a.Items[i].Kind == assess.KindRated {
			item = &a.Items[i]
			break
		}
	}
	const tries = 60
	acked := 0
	for try := range tries {
		c := e.client()
		mustStatus(t, c.post("/assess/"+a.ID, nil), http.StatusSeeOther)
		for i, s := range a.Sections {
			form := url.Values{"nav": {"next"}}
			for _, it := range s.Items {
				form.Set(it.ID, middle(it))
			}
			mustStatus(t, c.post("/assess/"+a.ID+"/"+itoa(i+1), form), http.StatusSeeOther)
		}
		// Two tabs of one browser: the autosave and the submit.
		c2 := *c
		c2.cookies = maps.Clone(c.cookies)
		var save, submit *resp
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			save = c2.post("/assess/"+a.ID+"/answer", url.Values{"item": {item.ID}, "value": {"5"}})
		}()
		go func() {
			defer wg.Done()
			<-start
			submit = c.post("/assess/"+a.ID+"/submit", nil)
		}()
		close(start)
		wg.Wait()
		mustStatus(t, submit, http.StatusSeeOther)
		if save.status != http.StatusOK && save.status != http.StatusConflict {
			t.Fatalf("try %d: save answered %d, want 200 or 409", try, save.status)
		}
		pub := submit.location()[len("/results/"):]
		stored, result := storedAttempt(t, e, pub)
		if save.status == http.StatusOK {
			acked++
			if stored[item.ID] != "5" {
				t.Fatalf("try %d: acknowledged answer not stored: %q", try, stored[item.ID])
			}
		}
		want, _ := json.Marshal(a.Score(stored, e.deps.Content))
		if string(want) != result {
			t.Fatalf("try %d: the stored result is not the score of the stored answers (save answered %d)", try, save.status)
		}
	}
	t.Logf("%d of %d saves acknowledged, all scored", acked, tries)
}

// storedAttempt reads an attempt's answers and result from the file.
func storedAttempt(t *testing.T, e *env, publicID string) (map[string]string, string) {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var id int64
	var result string
	if err := db.QueryRow(`SELECT id, result_json FROM attempts WHERE public_id = ?`, publicID).Scan(&id, &result); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT item_id, value FROM answers WHERE attempt_id = ?`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	answers := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		answers[k] = v
	}
	return answers, result
}
