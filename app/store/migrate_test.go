package store

import (
	"context"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// seedV1 puts a row in every table of the first schema, with the columns
// that schema has, so that each later migration meets real data.
var seedV1 = []string{
	`INSERT INTO settings (key, value) VALUES ('secret.csrf', x'00112233')`,
	`INSERT INTO users (id, email, name, password_hash, locale, created_at) VALUES (1, 'ana@example.org', 'Ana', 'h', 'de', 1700000000), (2, 'mo@example.org', 'Mo', 'h', '', 1700000000)`,
	`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (x'01', 1, 1700000000, 1900000000)`,
	`INSERT INTO attempts (id, public_id, user_id, guest_key_hash, assessment_id, started_at, updated_at, completed_at, result_json)
	 VALUES (1, 'p1', 1, NULL, 'cpo-skills', 1700000000, 1700000100, 1700000100, '{"assessment":"cpo-skills"}'),
	        (2, 'p2', NULL, x'02', 'cpo-skills', 1700000000, 1700000000, NULL, NULL)`,
	`INSERT INTO answers (attempt_id, item_id, value, updated_at) VALUES (1, 'item-1', '3', 1700000050), (2, 'item-1', '4', 1700000050)`,
	`INSERT INTO invitations (id, token_hash, mentee_id, created_at, expires_at, used_at) VALUES (1, x'03', 1, 1700000000, 1700600000, 1700000200)`,
	`INSERT INTO mentorships (id, mentee_id, mentor_id, state, created_at) VALUES (1, 1, 2, 'active', 1700000200)`,
	`INSERT INTO ratings (id, mentorship_id, scores_json, comments_json, overall, created_at) VALUES (1, 1, '{}', '{}', 'good', 1700000300)`,
	`INSERT INTO plans (id, user_id, version, state, body_json, created_at, updated_at) VALUES (1, 1, 1, 'draft', '{}', 1700000400, 1700000400)`,
	`INSERT INTO plan_actions (plan_id, action_id, status, note, done_on, updated_at) VALUES (1, 'a1', 'done', 'n', '2026-01-01', 1700000500)`,
	`INSERT INTO plan_comments (id, plan_id, author_id, action_id, body, decision, created_at) VALUES (1, 1, 2, '', 'fine', 'approve', 1700000600)`,
}

func latestVersion(t *testing.T) int {
	t.Helper()
	v := versions(t)
	return v[len(v)-1]
}

// versions are the schema versions the migrations produce, in order.
// Numbers are allocated per change, so there may be gaps between them.
func versions(t *testing.T) []int {
	t.Helper()
	names, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// schema is the database's definition: tables, indexes and their SQL,
// normalised for whitespace, in name order.
func schema(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.w.QueryContext(context.Background(), `SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, name, def string
		if err := rows.Scan(&typ, &name, &def); err != nil {
			t.Fatal(err)
		}
		out = append(out, typ+" "+name+": "+strings.Join(strings.Fields(def), " "))
	}
	return strings.Join(out, "\n")
}

func rowCounts(t *testing.T, s *Store) map[string]int {
	t.Helper()
	rows, err := s.w.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	sort.Strings(tables)
	out := map[string]int{}
	for _, tbl := range tables {
		var n int
		if err := s.w.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "`+tbl+`"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	return out
}

func checkHealthy(t *testing.T, s *Store) {
	t.Helper()
	var ok string
	if err := s.w.QueryRowContext(context.Background(), `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	var fk int
	if err := s.w.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Fatalf("foreign key violations = %d, %v", fk, err)
	}
}

// TestMigrateNewDatabase: a new database gets every migration and the latest
// version; opening it again applies nothing.
func TestMigrateNewDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	want := latestVersion(t)
	if v, _ := s.Version(ctx); v != want {
		t.Fatalf("version = %d, want %d", v, want)
	}
	first := schema(t, s)
	for _, table := range []string{"users", "sessions", "attempts", "answers", "invitations", "mentorships", "ratings", "plans", "plan_actions", "plan_comments", "settings"} {
		if !strings.Contains(first, "table "+table+":") {
			t.Errorf("no table %s", table)
		}
	}
	checkHealthy(t, s)
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if again := schema(t, s); again != first {
		t.Errorf("reopening changed the schema:\n%s\nvs\n%s", first, again)
	}
}

// TestMigrateFromEachVersion builds a database at every earlier schema
// version (applying only the first n migrations), fills it, and upgrades
// it: it must reach the latest version with every row kept and the very
// schema a new database gets.
func TestMigrateFromEachVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	fresh, err := Open(ctx, filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	want := schema(t, fresh)
	fresh.Close()
	all := versions(t)
	latest := all[len(all)-1]
	for _, n := range append([]int{0}, all[:len(all)-1]...) {
		t.Run("from version "+strconv.Itoa(n), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			old, err := open(ctx, path, n)
			if err != nil {
				t.Fatalf("build version %d: %v", n, err)
			}
			if v, _ := old.Version(ctx); v != n {
				t.Fatalf("built version %d, want %d", v, n)
			}
			if n >= 1 {
				for _, q := range seedV1 {
					if _, err := old.w.ExecContext(ctx, q); err != nil {
						t.Fatalf("seed at version %d: %v\n%s", n, err, q)
					}
				}
			}
			before := rowCounts(t, old)
			old.Close()

			s, err := Open(ctx, path)
			if err != nil {
				t.Fatalf("upgrade from %d: %v", n, err)
			}
			defer s.Close()
			if v, _ := s.Version(ctx); v != latest {
				t.Fatalf("version after upgrade = %d, want %d", v, latest)
			}
			if got := schema(t, s); got != want {
				t.Errorf("schema after upgrade from %d differs from a new database's:\n%s\n---\n%s", n, got, want)
			}
			after := rowCounts(t, s)
			for table, c := range before {
				if after[table] != c {
					t.Errorf("%s: %d rows before the upgrade, %d after", table, c, after[table])
				}
			}
			checkHealthy(t, s)
			// The upgraded data still reads through the store.
			if n >= 1 {
				at, err := s.Attempt(ctx, "p1")
				if err != nil || !at.Completed() || at.UserID != 1 {
					t.Errorf("attempt p1 after upgrade: %+v, %v", at, err)
				}
				ans, err := s.Answers(ctx, 2)
				if err != nil || ans["item-1"] != "4" {
					t.Errorf("answers of attempt 2 after upgrade: %v, %v", ans, err)
				}
			}
		})
	}
}
