package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"cpopath/app/store"
)

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// userRows counts, table by table, the rows that belong to or mention uid.
func userRows(t *testing.T, db *sql.DB, uid int64) map[string]int {
	t.Helper()
	queries := map[string]string{
		"users":         `SELECT COUNT(*) FROM users WHERE id = ?1`,
		"sessions":      `SELECT COUNT(*) FROM sessions WHERE user_id = ?1`,
		"attempts":      `SELECT COUNT(*) FROM attempts WHERE user_id = ?1`,
		"answers":       `SELECT COUNT(*) FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE user_id = ?1)`,
		"invitations":   `SELECT COUNT(*) FROM invitations WHERE mentee_id = ?1 OR used_by = ?1`,
		"mentorships":   `SELECT COUNT(*) FROM mentorships WHERE mentee_id = ?1 OR mentor_id = ?1`,
		"ratings":       `SELECT COUNT(*) FROM ratings WHERE mentorship_id IN (SELECT id FROM mentorships WHERE mentee_id = ?1 OR mentor_id = ?1)`,
		"plans":         `SELECT COUNT(*) FROM plans WHERE user_id = ?1`,
		"plan_actions":  `SELECT COUNT(*) FROM plan_actions WHERE plan_id IN (SELECT id FROM plans WHERE user_id = ?1)`,
		"plan_comments": `SELECT COUNT(*) FROM plan_comments WHERE author_id = ?1 OR plan_id IN (SELECT id FROM plans WHERE user_id = ?1)`,
	}
	out := map[string]int{}
	for table, q := range queries {
		var n int
		if err := db.QueryRow(q, uid).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// fillUser gives mia something in every table, with leo as her mentor and
// her as eve's mentor.
func fillUser(t *testing.T, st *store.Store, db *sql.DB, mia, leo, eve *store.User) {
	t.Helper()
	ctx := context.Background()
	if err := st.CreateSession(ctx, []byte("session-of-mia"), mia.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	at, err := st.CreateAttempt(ctx, store.Owner{UserID: mia.ID}, "cpo-skills")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAnswers(ctx, at.ID, map[string]string{"item-1": "4"}); err != nil {
		t.Fatal(err)
	}
	if err := st.CompleteAttempt(ctx, at.ID, `{"assessment":"cpo-skills","sections":[{"id":"processes","score":61}]}`); err != nil {
		t.Fatal(err)
	}
	asMentee := mentorOf(t, st, mia, leo)
	if _, err := st.CreateRating(ctx, asMentee.ID, map[string]int{"research": 3}, map[string]string{"processes": "received-comment"}, "received-overall"); err != nil {
		t.Fatal(err)
	}
	asMentor := mentorOf(t, st, eve, mia)
	if _, err := st.CreateRating(ctx, asMentor.ID, map[string]int{"research": 4}, map[string]string{"processes": "given-comment"}, "given-overall"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateInvitation(ctx, mia.ID, []byte("open-link"), time.Hour, 10); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix()
	mustExec(t, db, `INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, 1, 'in_review', '{"goal":"mia-plan-body"}', ?, ?)`, mia.ID, now, now)
	mustExec(t, db, `INSERT INTO plan_actions (plan_id, action_id, status, note, updated_at) SELECT id, 'score-ten-prospects', 'doing', 'mia-note', ? FROM plans WHERE user_id = ?`, now, mia.ID)
	mustExec(t, db, `INSERT INTO plan_comments (plan_id, author_id, body, created_at) SELECT id, ?, 'leo-on-mia-plan', ? FROM plans WHERE user_id = ?`, leo.ID, now, mia.ID)
	mustExec(t, db, `INSERT INTO plans (user_id, version, state, body_json, created_at, updated_at) VALUES (?, 1, 'draft', '{}', ?, ?)`, eve.ID, now, now)
	mustExec(t, db, `INSERT INTO plan_comments (plan_id, author_id, body, decision, created_at) SELECT id, ?, 'mia-on-eve-plan', 'changes_requested', ? FROM plans WHERE user_id = ?`, mia.ID, now, eve.ID)
}

func TestExport(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	ctx := context.Background()
	db := rawDB(t, path)
	mia, leo, eve := addUser(t, st, "Mia"), addUser(t, st, "Leo"), addUser(t, st, "Eve")
	fillUser(t, st, db, mia, leo, eve)

	x, err := st.Export(ctx, mia.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	for _, want := range []string{`"email":"mia@example.org"`, `"item-1":"4"`, `"score":61`, "received-comment", "received-overall",
		"given-comment", "mia-plan-body", "mia-note", "leo-on-mia-plan", "mia-on-eve-plan", `"role":"mentee"`, `"role":"mentor"`, `"mentee":"Eve"`, `"mentor":"Leo"`} {
		if !strings.Contains(body, want) {
			t.Errorf("export lacks %s", want)
		}
	}
	for _, leak := range []string{"hash-of-Mia", "session-of-mia", "password"} {
		if strings.Contains(body, leak) {
			t.Errorf("export contains %q", leak)
		}
	}
	if len(x.Sessions) != 1 || len(x.Attempts) != 1 || len(x.Invitations) != 2 || len(x.Mentorships) != 2 ||
		len(x.RatingsReceived) != 1 || len(x.RatingsGiven) != 1 || len(x.Plans) != 1 || len(x.PlanCommentsGiven) != 1 {
		t.Errorf("export counts: %d sessions, %d attempts, %d invitations, %d mentorships, %d/%d ratings, %d plans, %d comments given",
			len(x.Sessions), len(x.Attempts), len(x.Invitations), len(x.Mentorships), len(x.RatingsReceived), len(x.RatingsGiven), len(x.Plans), len(x.PlanCommentsGiven))
	}
	// Once Eve ends the mentorship, Mia's export keeps what she wrote but
	// no longer names Eve.
	ms, _ := st.Mentors(ctx, eve.ID)
	if err := st.EndMentorship(ctx, ms[0].ID, eve.ID); err != nil {
		t.Fatal(err)
	}
	x, _ = st.Export(ctx, mia.ID)
	b, _ = json.Marshal(x)
	if strings.Contains(string(b), "Eve") {
		t.Error("a former mentor's export still names the mentee")
	}
	if !strings.Contains(string(b), "given-comment") || !strings.Contains(string(b), "mia-on-eve-plan") {
		t.Error("a former mentor's export lost what they wrote")
	}
	if _, err := st.Export(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("export of unknown user = %v", err)
	}
}

func TestDeleteUserRemovesEverything(t *testing.T) {
	t.Parallel()
	st, path := openStore(t)
	ctx := context.Background()
	db := rawDB(t, path)
	mia, leo, eve := addUser(t, st, "Mia"), addUser(t, st, "Leo"), addUser(t, st, "Eve")
	fillUser(t, st, db, mia, leo, eve)
	before := userRows(t, db, mia.ID)
	for table, n := range before {
		if n == 0 {
			t.Fatalf("fixture leaves %s empty for the user: the test would prove nothing", table)
		}
	}
	leoBefore, eveBefore := userRows(t, db, leo.ID), userRows(t, db, eve.ID)

	if err := st.DeleteUser(ctx, mia.ID); err != nil {
		t.Fatal(err)
	}
	for table, n := range userRows(t, db, mia.ID) {
		if n != 0 {
			t.Errorf("%s: %d rows of the deleted user remain", table, n)
		}
	}
	// Others keep their own things; only what involved Mia is gone.
	leoAfter, eveAfter := userRows(t, db, leo.ID), userRows(t, db, eve.ID)
	if leoAfter["users"] != 1 || eveAfter["users"] != 1 || eveAfter["plans"] != eveBefore["plans"] {
		t.Errorf("other users changed: leo %v → %v, eve %v → %v", leoBefore, leoAfter, eveBefore, eveAfter)
	}
	if leoAfter["mentorships"] != 0 || eveAfter["mentorships"] != 0 || leoAfter["plan_comments"] != 0 {
		t.Errorf("relations with the deleted user remain: leo %v, eve %v", leoAfter, eveAfter)
	}
}
