package web_test

import (
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileText is what a person can type into a free-text field: emoji,
// a combining accent, right-to-left text, a bidi override, zero-width,
// NUL and ESC characters, invalid UTF-8, and an unbroken word of n
// letters. Marker starts it, so it can be found again.
func hostileText(marker string, n int) string {
	return marker + " 👍🏽 Zoe\u0308 שלום مرحبا \u202eevil\u202c zero\u200bwidth \x00\x1b[31m \xff " + strings.Repeat("W", n) + " end" + marker
}

// forbidden are characters no stored free text may keep.
const forbidden = "\u202e\u202c\u200b\x00\x1b"

// TestFreeTextIsCleanedAndPrints is the guard for two kinds: "a free-text
// field keeps invisible or direction-changing characters" and "text a
// person saved breaks the PDF". Every free-text field (the person's and
// the mentor's names, an action note, rating comments, review comments,
// an invitation's label, a team's name and description, an own action's
// title and outcome, a drop reason, a mentor's suggestion) gets hostile
// text through the real forms; then no text in the database
// holds a forbidden character or invalid UTF-8, and both PDFs answer 200
// with every field's text in them.
func TestFreeTextIsCleanedAndPrints(t *testing.T) {
	e := newEnv(t)
	ana := register(t, e, hostileText("Anafield", 10))
	withPlan(t, e, ana)
	mo := register(t, e, hostileText("Mofield", 10))
	mustStatus(t, ana.post("/me/invitations", nil), http.StatusSeeOther)
	tok := ana.cookies["cp_invite"]
	mo.get("/invite/" + tok)
	mustStatus(t, mo.post("/invite/"+tok+"/accept", nil), http.StatusSeeOther)
	mo.csrf = ""
	mentee := "/mentor/mentees/" + strconv.FormatInt(ana.id, 10)

	rating := ratingForm(e, "2", nil)
	for _, sk := range e.deps.Content.Skills {
		rating.Set("comment-"+sk.ID, hostileText("Ratingfield"+sk.ID, 200))
	}
	rating.Set("overall", hostileText("Ratingoverall", 200))
	mustStatus(t, mo.post(mentee+"/rating", rating), http.StatusSeeOther)

	// The rebuild takes in the rating, and with it the mentor's name.
	mustStatus(t, ana.post("/plan/build", nil), http.StatusSeeOther)
	var planID int64
	queryRow(t, e, `SELECT id FROM plans WHERE user_id = ? ORDER BY version DESC LIMIT 1`, []any{ana.id}, &planID)
	pid := strconv.FormatInt(planID, 10)
	ids := actionIDRE.FindAllStringSubmatch(ana.get("/plan").body, -1)
	if len(ids) < 2 {
		t.Fatalf("%d actions on the plan page", len(ids))
	}
	act := ids[0][1]
	mustStatus(t, ana.post("/plan/actions", url.Values{"plan": {pid}, "action": {act}, "status": {"doing"}, "note": {hostileText("Notefield", 900)}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/submit", url.Values{"plan": {pid}}), http.StatusSeeOther)
	mustStatus(t, mo.post(mentee+"/plan/review", url.Values{"plan": {pid}, "decision": {"changes"},
		"overall": {hostileText("Reviewoverall", 1000)}, "comment." + act: {hostileText("Reviewaction", 1000)}}), http.StatusSeeOther)

	// After "changes requested" the plan is the person's to edit again: their
	// own action, a drop with a reason, and a mentor's suggestion.
	due := time.Now().AddDate(0, 0, 40).Format(time.DateOnly)
	mustStatus(t, ana.post("/plan/actions/new", url.Values{"plan": {pid}, "title": {hostileText("Ownfield", 100)}, "subarea": {"internal"},
		"outcome": {hostileText("Outcomefield", 300)}, "due": {due}}), http.StatusSeeOther)
	mustStatus(t, ana.post("/plan/actions/edit", url.Values{"plan": {pid}, "action": {ids[1][1]}, "change": {"drop"}, "reason": {hostileText("Reasonfield", 300)}}), http.StatusSeeOther)
	mustStatus(t, mo.post(mentee+"/plan/suggest", url.Values{"plan": {pid}, "action": {act}, "change": {"backlog"}, "comment": {hostileText("Suggestfield", 300)}}), http.StatusSeeOther)

	mustStatus(t, ana.post("/me/invitations", url.Values{"label": {"Lab 👍 Zoe\u0308 \u202eevil\u202c zero\u200bwidth \x00\x1b \xff"}}), http.StatusSeeOther)
	mustStatus(t, mo.post("/teams", url.Values{"name": {"Team 👍 \u202eevil\u202c zero\u200bwidth \x00\x1b \xff"}, "description": {hostileText("Teamfield", 300)}}), http.StatusSeeOther)

	checkStoredText(t, e)
	for who, r := range map[string]*resp{"own": ana.get("/plan.pdf"), "mentor's": mo.get(mentee + "/plan.pdf")} {
		mustStatus(t, r, http.StatusOK)
		text := pdfText(t, []byte(r.body))
		for _, want := range []string{"Anafield", "Mofield", "Notefield", "endNotefield", "Reviewoverall", "endReviewoverall", "Reviewaction", "Ratingoverall", "endRatingoverall", "Ownfield", "endOwnfield", "Zoë"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s PDF lacks %q", who, want)
			}
		}
	}
}

// checkStoredText fails when any text value in any table holds a
// forbidden character or invalid UTF-8.
func checkStoredText(t *testing.T, e *env) {
	t.Helper()
	db, err := openRaw(e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	checked := 0
	for _, table := range tables {
		checked += checkTable(t, db, table)
	}
	if checked == 0 {
		t.Fatal("no text found to check")
	}
}

func checkTable(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	checked := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			s, ok := v.(string)
			if !ok {
				continue // numbers, and blobs such as key hashes
			}
			checked++
			if !utf8.ValidString(s) || strings.ContainsAny(s, forbidden) {
				t.Errorf("%s.%s keeps a forbidden character: %.80q", table, cols[i], s)
			}
		}
	}
	return checked
}
